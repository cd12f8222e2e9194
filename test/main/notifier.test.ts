import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Notifier } from '../../src/main/notifier.ts';
import { stringsFor } from '../../src/main/strings.ts';
import type { AppEvent } from '../../src/shared/app-api.ts';
import { Notification, resetElectron } from './fake-electron.ts';

vi.mock('electron', () => import('./fake-electron.ts'));

const MINUTE = 60_000;

let enabled: boolean;
let clicks: number;
let notifier: Notifier;
let activityId = 0;

const added = (): AppEvent => ({ type: 'activity', entry: { id: activityId++, at: Date.now(), kind: 'added', subject: 'notes/notes.pdf', fileId: 1, folderId: 'notes' } });
const shown = (): { title: string; body: string }[] => Notification.shown.map((notification) => notification.options);

beforeEach(() => {
  resetElectron();
  vi.useFakeTimers();
  enabled = true;
  clicks = 0;
  notifier = new Notifier({ enabled: () => enabled, strings: () => stringsFor('en'), onClick: () => (clicks += 1) });
});

afterEach(() => {
  notifier.dispose();
  vi.useRealTimers();
});

describe('files added to memory', () => {
  it('are told as one digest a minute after the first, not one notification each', async () => {
    for (let file = 0; file < 12; file++) {
      notifier.handle(added());
      await vi.advanceTimersByTimeAsync(1_000);
    }
    expect(shown()).toEqual([]);
    await vi.advanceTimersByTimeAsync(MINUTE - 12_000);
    expect(shown()).toEqual([{ title: 'MemOS Sync', body: '12 files added to memory' }]);

    notifier.handle(added());
    await vi.advanceTimersByTimeAsync(MINUTE);
    expect(shown().at(-1)).toEqual({ title: 'MemOS Sync', body: '1 file added to memory' });
  });

  it('are not told at all while notifications are off, nor later when turned on', async () => {
    enabled = false;
    notifier.handle(added());
    await vi.advanceTimersByTimeAsync(10 * MINUTE);
    enabled = true;
    await vi.advanceTimersByTimeAsync(10 * MINUTE);
    expect(shown()).toEqual([]);
  });

  it('are dropped when notifications are turned off before the digest is due', async () => {
    notifier.handle(added());
    enabled = false;
    await vi.advanceTimersByTimeAsync(MINUTE);
    enabled = true;
    await vi.advanceTimersByTimeAsync(10 * MINUTE);
    expect(shown()).toEqual([]);
  });
});

describe('problems', () => {
  it('are told at once, with the engine’s words', async () => {
    notifier.handle({ type: 'engine', state: 'attention', message: 'MemOS Cloud rejected the API key' });
    await vi.advanceTimersByTimeAsync(0);
    expect(shown()).toEqual([{ title: 'MemOS Sync: Needs your attention', body: 'MemOS Cloud rejected the API key' }]);
  });

  it('are told once, however often the engine repeats them, and again after it recovered', async () => {
    const problem: AppEvent = { type: 'engine', state: 'error', message: 'the disk is full' };
    notifier.handle(problem);
    notifier.handle(problem);
    await vi.advanceTimersByTimeAsync(5 * MINUTE);
    notifier.handle(problem);
    await vi.advanceTimersByTimeAsync(5 * MINUTE);
    expect(shown()).toHaveLength(1);

    notifier.handle({ type: 'engine', state: 'idle' });
    notifier.handle(problem);
    await vi.advanceTimersByTimeAsync(0);
    expect(shown()).toHaveLength(2);
  });

  it('wait for the minute to pass, and come before the digest', async () => {
    notifier.handle({ type: 'engine', state: 'error', message: 'first' });
    await vi.advanceTimersByTimeAsync(0);
    notifier.handle(added());
    notifier.notifyProblem('The shortcut Ctrl+Shift+K could not be registered; choose another in Settings.');
    await vi.advanceTimersByTimeAsync(MINUTE - 1);
    expect(shown()).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(shown().map((notification) => notification.body)).toEqual(['first', 'The shortcut Ctrl+Shift+K could not be registered; choose another in Settings.']);
    await vi.advanceTimersByTimeAsync(MINUTE);
    expect(shown().at(-1)?.body).toBe('1 file added to memory');
  });
});

describe('all notifications', () => {
  it('are at most one a minute, whatever happens', async () => {
    for (let second = 0; second < 10 * 60; second++) {
      notifier.handle(added());
      if (second % 7 === 0) notifier.handle({ type: 'engine', state: 'error', message: `problem ${second}` });
      await vi.advanceTimersByTimeAsync(1_000);
    }
    const times = Notification.shown.map((notification) => notification.shownAt);
    expect(times.length).toBeGreaterThanOrEqual(9);
    for (let index = 1; index < times.length; index++) expect((times[index] as number) - (times[index - 1] as number)).toBeGreaterThanOrEqual(MINUTE);
  });

  it('bring the window up when clicked', async () => {
    notifier.notifyProblem('something');
    await vi.advanceTimersByTimeAsync(0);
    Notification.shown[0]?.click();
    expect(clicks).toBe(1);
  });

  it('are skipped where the system has none, and still count against the minute', async () => {
    Notification.supported = false;
    notifier.notifyProblem('first');
    await vi.advanceTimersByTimeAsync(0);
    Notification.supported = true;
    notifier.notifyProblem('second');
    await vi.advanceTimersByTimeAsync(MINUTE - 1);
    expect(shown()).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(shown()).toEqual([{ title: 'MemOS Sync', body: 'second' }]);
  });
});
