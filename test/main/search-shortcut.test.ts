import { beforeEach, describe, expect, it, vi } from 'vitest';
import { SearchShortcut } from '../../src/main/search-shortcut.ts';
import { globalShortcut, resetElectron } from './fake-electron.ts';

vi.mock('electron', () => import('./fake-electron.ts'));

let presses: number;
let warnings: string[];
let shortcut: SearchShortcut;

beforeEach(() => {
  resetElectron();
  presses = 0;
  warnings = [];
  shortcut = new SearchShortcut(() => (presses += 1), (message) => warnings.push(message));
});

describe('the search shortcut', () => {
  it('toggles search when pressed, and is swapped for a new one', () => {
    expect(shortcut.register('CommandOrControl+Shift+K')).toBe(true);
    globalShortcut.press('CommandOrControl+Shift+K');
    expect(presses).toBe(1);

    expect(shortcut.register('Alt+Space')).toBe(true);
    expect([...globalShortcut.registered.keys()]).toEqual(['Alt+Space']);
    expect(shortcut.register('Alt+Space')).toBe(true);
  });

  it('keeps the old shortcut when the new one is taken or malformed, and says why', () => {
    shortcut.register('CommandOrControl+Shift+K');
    globalShortcut.taken.add('Alt+Space');
    expect(shortcut.register('Alt+Space')).toBe(false);
    expect(shortcut.register('Ctrl++')).toBe(false);
    expect([...globalShortcut.registered.keys()]).toEqual(['CommandOrControl+Shift+K']);
    expect(warnings).toEqual([
      'the shortcut Alt+Space could not be registered (another app may use it)',
      expect.stringMatching(/^the shortcut Ctrl\+\+ is not valid: /),
    ]);
  });

  it('lets go of the system shortcut when unregistered', () => {
    shortcut.register('CommandOrControl+Shift+K');
    shortcut.unregister();
    expect(globalShortcut.registered.size).toBe(0);
    expect(shortcut.register('CommandOrControl+Shift+K')).toBe(true);
  });
});
