import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Ledger } from '../../../src/engine/ledger/ledger.ts';
import type { CheckOutcome } from '../../../src/engine/ledger/file-ledger.ts';
import type { FileState } from '../../../src/engine/ledger/types.ts';
import { FolderSettings } from '../../../src/shared/folder-settings.ts';

let dir: string;
let ledger: Ledger;
const FOLDER = 'f1';
const limits = { maxFiles: 20, maxBytes: 1_000_000 };

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'memos-ledger-'));
  ledger = new Ledger(join(dir, 'ledger.sqlite'));
  ledger.folders.save(FolderSettings.parse({ id: FOLDER, path: '/data/f1' }));
  ledger.folders.save(FolderSettings.parse({ id: 'f2', path: '/data/f2' }));
});
afterEach(async () => {
  ledger.close();
  await rm(dir, { recursive: true, force: true });
});

const ok = (hash: string, size = 10): CheckOutcome => ({ outcome: 'ok', size, mtimeMs: 1, hash, category: 'document', mime: 'text/plain' });

/** Observes and checks a file so it is queued (or done, when its content is known). */
function queue(path: string, hash: string, folder = FOLDER, size = 10): number {
  const seen = ledger.files.observe(folder, { relativePath: path, size, mtimeMs: 1 });
  if (!seen) throw new Error(`${path} was not new`);
  ledger.files.recordCheck(seen.id, ok(hash, size));
  return seen.id;
}

function uploadAll(): void {
  for (let planned = ledger.batches.plan(limits, new Set()); planned; planned = ledger.batches.plan(limits, new Set())) {
    ledger.batches.accepted(planned.batch.id, `task-${planned.batch.id}`, 0);
    ledger.batches.completed(planned.batch.id);
  }
}

describe('observing files', () => {
  it('checks new files, leaves unchanged ones alone and rechecks changed ones', () => {
    const first = ledger.files.observe(FOLDER, { relativePath: 'a.txt', size: 10, mtimeMs: 1 });
    expect(first).toMatchObject({ state: 'checking', relativePath: 'a.txt' });
    expect(ledger.files.observe(FOLDER, { relativePath: 'a.txt', size: 10, mtimeMs: 1 })).toBeUndefined();
    ledger.files.recordCheck(first?.id ?? 0, ok('h1'));
    expect(ledger.files.observe(FOLDER, { relativePath: 'a.txt', size: 11, mtimeMs: 2 })).toMatchObject({ state: 'checking' });
  });

  it('records deletions, also of files missing from a scan, and keeps memories', () => {
    queue('kept.txt', 'h1');
    queue('gone.txt', 'h2');
    uploadAll();
    expect(ledger.files.unseen(FOLDER, new Set(['kept.txt']))).toEqual(['gone.txt']);
    ledger.files.observeRemoval(FOLDER, 'gone.txt');
    expect(ledger.files.byPath(FOLDER, 'gone.txt')).toMatchObject({ state: 'deleted', reason: 'deleted from disk; its memories are kept', doneHash: 'h2' });
    expect(ledger.files.observe(FOLDER, { relativePath: 'gone.txt', size: 10, mtimeMs: 1 })).toMatchObject({ state: 'checking' });
  });
});

describe('identity is the content', () => {
  it('does not upload a touched-but-unchanged file, a rename or a copy again', () => {
    const original = queue('report.pdf', 'same');
    uploadAll();
    const touched = ledger.files.observe(FOLDER, { relativePath: 'report.pdf', size: 10, mtimeMs: 99 });
    expect(ledger.files.recordCheck(touched?.id ?? 0, ok('same'))).toMatchObject({ state: 'done', reason: 'unchanged since it was uploaded' });
    ledger.files.observeRemoval(FOLDER, 'report.pdf');
    const renamed = queue('renamed.pdf', 'same');
    expect(ledger.files.get(renamed)).toMatchObject({ state: 'done', reason: 'same content as report.pdf, already in memory' });
    const copied = queue('copy in f2.pdf', 'same', 'f2');
    expect(ledger.files.get(copied)).toMatchObject({ state: 'done' });
    expect(ledger.files.get(original)?.state).toBe('deleted');
    expect(ledger.batches.plan(limits, new Set())).toBeUndefined();
  });

  it('holds a copy back while its twin is on its way, then marks it done with it', () => {
    queue('a.txt', 'twin');
    const planned = ledger.batches.plan(limits, new Set());
    const copy = queue('b.txt', 'twin');
    expect(ledger.batches.plan(limits, new Set())).toBeUndefined();
    ledger.batches.accepted(planned?.batch.id ?? 0, 't', 0);
    ledger.batches.completed(planned?.batch.id ?? 0);
    expect(ledger.files.get(copy)).toMatchObject({ state: 'done', reason: 'same content as a.txt, already in memory' });
  });
});

describe('planning batches', () => {
  it('packs at most 20 files of one folder within the byte budget', () => {
    for (let index = 0; index < 45; index++) queue(`n${index}.txt`, `h${index}`);
    queue('other.txt', 'other', 'f2');
    const sizes: number[] = [];
    for (let planned = ledger.batches.plan(limits, new Set()); planned; planned = ledger.batches.plan(limits, new Set())) {
      expect(new Set(planned.files.map((file) => file.folderId)).size).toBe(1);
      sizes.push(planned.files.length);
    }
    expect(sizes).toEqual([20, 20, 5, 1]);
    queue('big-1.txt', 'b1', FOLDER, 600_000);
    queue('big-2.txt', 'b2', FOLDER, 600_000);
    expect(ledger.batches.plan(limits, new Set())?.files.map((file) => file.relativePath)).toEqual(['big-1.txt']);
  });

  it('while more files are coming, forms a batch that could grow only once its oldest file has waited', () => {
    for (let index = 0; index < 3; index++) queue(`early-${index}.txt`, `e${index}`);
    const queuedAt = ledger.files.byPath(FOLDER, 'early-0.txt')?.updatedAt ?? 0;
    expect(ledger.batches.plan({ ...limits, fillUntil: queuedAt - 1 }, new Set())).toBeUndefined();
    for (let index = 0; index < 20; index++) queue(`burst-${index}.txt`, `b${index}`);
    expect(ledger.batches.plan({ ...limits, fillUntil: queuedAt - 1 }, new Set())?.files).toHaveLength(20);
    expect(ledger.batches.plan({ ...limits, fillUntil: queuedAt - 1 }, new Set())).toBeUndefined();
    expect(ledger.batches.plan({ ...limits, fillUntil: Date.now() }, new Set())?.files).toHaveLength(3);
  });

  it('skips paused folders', () => {
    queue('a.txt', 'h1');
    expect(ledger.batches.plan(limits, new Set([FOLDER]))).toBeUndefined();
    expect(ledger.batches.plan(limits, new Set())).toBeDefined();
  });
});

describe('what uploads and tasks do to files', () => {
  it('splits a failed task until the one bad file fails alone', () => {
    for (let index = 0; index < 8; index++) queue(`f${index}.txt`, `h${index}`);
    const bad = ledger.files.byPath(FOLDER, 'f5.txt')?.id;
    for (let planned = ledger.batches.plan(limits, new Set()); planned; planned = ledger.batches.plan(limits, new Set())) {
      ledger.batches.accepted(planned.batch.id, 't', 0);
      if (planned.files.some((file) => file.id === bad)) ledger.batches.taskFailed(planned.batch.id, 'f5.txt: the PDF is damaged');
      else ledger.batches.completed(planned.batch.id);
    }
    const counts = ledger.files.counts();
    expect(counts.done.files).toBe(7);
    expect(counts.failed.files).toBe(1);
    expect(ledger.files.get(bad ?? 0)).toMatchObject({ state: 'failed', reason: 'f5.txt: the PDF is damaged' });
  });

  it('retries transient failures on the ladder and fails a file once it is exhausted', () => {
    const id = queue('a.txt', 'h1');
    const ladder = (attempts: number): number | undefined => (attempts <= 2 ? 0 : undefined);
    for (let round = 1; round <= 3; round++) {
      const planned = ledger.batches.plan(limits, new Set());
      ledger.batches.sendFailed(planned?.batch.id ?? 0, { kind: 'retry', reason: 'MemOS is unavailable (HTTP 503)', retryAt: ladder });
    }
    expect(ledger.files.get(id)).toMatchObject({ state: 'failed', attempts: 3, reason: 'MemOS is unavailable (HTTP 503); gave up after 3 attempts' });
    expect(ledger.files.retry(id)).toMatchObject({ state: 'checking', attempts: 0 });
  });

  it('rechecks a file that changed during its upload, whichever way the upload ends', () => {
    const changedInBody = queue('a.txt', 'h1');
    const other = queue('b.txt', 'h2');
    let planned = ledger.batches.plan(limits, new Set());
    ledger.batches.sendFailed(planned?.batch.id ?? 0, { kind: 'changed', fileIds: [changedInBody] });
    expect(ledger.files.get(changedInBody)?.state).toBe('checking');
    expect(ledger.files.get(other)?.state).toBe('queued');

    planned = ledger.batches.plan(limits, new Set());
    ledger.batches.accepted(planned?.batch.id ?? 0, 't', 0);
    ledger.files.observe(FOLDER, { relativePath: 'b.txt', size: 99, mtimeMs: 5 });
    ledger.batches.completed(planned?.batch.id ?? 0);
    expect(ledger.files.get(other)).toMatchObject({ state: 'checking', doneHash: 'h2' });
  });

  it('after a crash, files of a batch that was being sent go again; accepted batches keep their task', () => {
    queue('a.txt', 'h1');
    queue('b.txt', 'h2', 'f2');
    const accepted = ledger.batches.plan(limits, new Set());
    ledger.batches.accepted(accepted?.batch.id ?? 0, 'task-a', 0);
    ledger.batches.plan(limits, new Set());
    ledger.close();
    ledger = new Ledger(join(dir, 'ledger.sqlite'));
    expect(ledger.batches.recoverInterrupted().map((file) => [file.relativePath, file.state])).toEqual([['b.txt', 'queued']]);
    expect(ledger.batches.duePolls(Date.now()).map((batch) => batch.taskId)).toEqual(['task-a']);
  });
});

describe('pages of the queue', () => {
  it('pages the files of the chosen states, folder and text in id order, and counts them all', () => {
    for (let index = 0; index < 40; index++) {
      const seen = ledger.files.observe(index % 4 === 3 ? 'f2' : FOLDER, { relativePath: `notes/${index % 2 === 0 ? 'Report' : 'memo'}-${index}.txt`, size: 10, mtimeMs: 1 });
      ledger.files.recordCheck(seen?.id ?? 0, index % 3 === 0 ? { outcome: 'skip', reason: 'the file is empty' } : ok(`h${index}`));
    }
    const files = ledger.files.list({ limit: 100 }).sort((a, b) => a.id - b.id);
    const requests: { states?: FileState[]; folderId?: string; text?: string; offset: number; limit: number }[] = [
      { states: ['queued'], offset: 5, limit: 7 },
      { states: ['skipped', 'queued'], offset: 10, limit: 10 },
      { folderId: 'f2', text: 'REPORT', offset: 0, limit: 100 },
      { states: ['queued'], text: 'memo', offset: 3, limit: 4 },
      { offset: 38, limit: 5 },
      { offset: 40, limit: 5 },
    ];
    for (const request of requests) {
      const { states, folderId, text, offset, limit } = request;
      const matching = files.filter(
        (file) => (!states || states.includes(file.state)) && (!folderId || file.folderId === folderId) && (!text || file.relativePath.toLowerCase().includes(text.toLowerCase())),
      );
      const page = ledger.files.page(request);
      expect(page.total).toBe(matching.length);
      expect(page.items.map((file) => file.id)).toEqual(matching.slice(offset, offset + limit).map((file) => file.id));
    }
    expect(ledger.files.page({ states: [], offset: 0, limit: 10 })).toEqual({ total: 0, items: [] });
  });
});
