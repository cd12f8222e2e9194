import { createHash } from 'node:crypto';
import { appendFile, copyFile, mkdir, mkdtemp, open, readFile, rename, rm, symlink, unlink, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EngineEvent } from '../../src/engine/engine-events.ts';
import type { FileState } from '../../src/engine/ledger/types.ts';
import { SyncEngine } from '../../src/engine/sync-engine.ts';
import { MemosClient } from '../../src/memos/client.ts';
import { MemosProfile } from '../../src/memos/profile.ts';
import { makePdf } from '../fixtures/documents/make-pdf.ts';
import { fixture, startTestServer, type TestServer, TOKEN, USER } from '../server/test-server.ts';

let server: TestServer;
let root: string;
let engine: SyncEngine;
let events: EngineEvent[];

beforeEach(async () => {
  server = await startTestServer();
  root = await mkdtemp(join(tmpdir(), 'memos-engine-'));
  await mkdir(join(root, 'a'));
  await mkdir(join(root, 'b'));
});
afterEach(async () => {
  await engine.stop();
  await server.stop();
  await rm(root, { recursive: true, force: true });
});

async function startEngine(): Promise<SyncEngine> {
  const client = new MemosClient(new MemosProfile({ baseUrl: server.server.baseUrl, apiKey: TOKEN, userId: USER }), { retry: { maxAttempts: 2, baseDelayMs: 10, maxDelayMs: 50 } });
  engine = new SyncEngine({
    ledgerFile: join(root, 'ledger.sqlite'),
    client,
    settleMs: 100,
    recheckMs: 200,
    retryLadder: { delaysMs: [50, 100, 200], jitter: 0 },
    poll: { firstMs: 50, maxMs: 200 },
  });
  events = [];
  engine.events.on('event', (event) => events.push(event));
  await engine.start();
  return engine;
}

/** Polls a condition (bounded: a stuck engine fails the test saying what it waited for). */
async function until(condition: () => boolean, what: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** Waits for a lasting state (done, deleted, queued while paused), not a passing one. */
async function fileReaches(folderId: string, path: string, state: FileState): Promise<void> {
  await until(() => engine.ledger.files.byPath(folderId, path)?.state === state, `${path} is ${state} (it is ${JSON.stringify(engine.ledger.files.byPath(folderId, path)?.state)})`);
}

const uploadsOf = (path: string): number => events.filter((event) => event.type === 'file' && event.file.relativePath === path && event.file.state === 'uploading').length;
const batchesSent = (): number => events.filter((event) => event.type === 'batch' && event.batch.state === 'sending').length;

async function searchSources(query: string): Promise<(string | undefined)[]> {
  const result = await server.client.searchMemory({ query, relativity: 0, memory_limit_number: 25 });
  return result.memory_detail_list.map((memory) => memory.info?.source_file);
}

describe('the engine against the real built-in server', () => {
  it('backfills what was there before it started, then picks up new files', async () => {
    await writeFile(join(root, 'a', 'before.txt'), 'Notes written before the engine started: lighthouse keepers.');
    await copyFile(fixture('documents', 'report.docx'), join(root, 'a', '季度 报告.docx'));
    await startEngine();
    const folder = await engine.addFolder({ path: join(root, 'a') });
    await engine.whenReady();
    await engine.whenSettled();
    expect(engine.ledger.files.counts().done.files).toBe(2);
    expect(await searchSources('lighthouse keepers')).toContain('before.txt');
    expect(await searchSources('unanimously')).toContain('季度 报告.docx');

    await writeFile(join(root, 'a', 'later.md'), '# Later\n\nA file written while the engine watched: tidal pools.');
    await fileReaches(folder.id, 'later.md', 'done');
    expect(await searchSources('tidal pools')).toContain('later.md');
  });

  it('uploads a modified file again, but not a rename, a copy, a move between folders or a touch', async () => {
    await writeFile(join(root, 'a', 'notes.txt'), 'version one about owls');
    await startEngine();
    const a = await engine.addFolder({ path: join(root, 'a') });
    const b = await engine.addFolder({ path: join(root, 'b') });
    await engine.whenReady();
    await fileReaches(a.id, 'notes.txt', 'done');

    const firstVersion = engine.ledger.files.byPath(a.id, 'notes.txt')?.doneHash;
    await writeFile(join(root, 'a', 'notes.txt'), 'version two about badgers');
    await until(() => {
      const notes = engine.ledger.files.byPath(a.id, 'notes.txt');
      return notes?.state === 'done' && notes.doneHash !== firstVersion;
    }, 'the new version of notes.txt is done');
    expect(uploadsOf('notes.txt')).toBe(2);
    expect(await searchSources('badgers')).toContain('notes.txt');

    const sentBefore = batchesSent();
    await rename(join(root, 'a', 'notes.txt'), join(root, 'a', 'renamed.txt'));
    await copyFile(join(root, 'a', 'renamed.txt'), join(root, 'a', 'copy.txt'));
    await fileReaches(a.id, 'renamed.txt', 'done');
    await fileReaches(a.id, 'copy.txt', 'done');
    await fileReaches(a.id, 'notes.txt', 'deleted');
    await rename(join(root, 'a', 'copy.txt'), join(root, 'b', 'moved.txt'));
    await fileReaches(b.id, 'moved.txt', 'done');
    await fileReaches(a.id, 'copy.txt', 'deleted');
    const touched = new Date();
    await utimes(join(root, 'a', 'renamed.txt'), touched, touched);
    await engine.whenSettled();
    expect(batchesSent()).toBe(sentBefore);
    expect(engine.ledger.files.byPath(b.id, 'moved.txt')?.reason).toMatch(/^same content as /);
    expect(engine.ledger.files.byPath(a.id, 'notes.txt')?.reason).toBe('deleted from disk; its memories are kept');
  });

  it('records deletions, including those made while it was stopped', async () => {
    await writeFile(join(root, 'a', 'one.txt'), 'first file');
    await writeFile(join(root, 'a', 'two.txt'), 'second file');
    await startEngine();
    const folder = await engine.addFolder({ path: join(root, 'a') });
    await engine.whenReady();
    await engine.whenSettled();
    await unlink(join(root, 'a', 'one.txt'));
    await fileReaches(folder.id, 'one.txt', 'deleted');
    await engine.stop();
    await unlink(join(root, 'a', 'two.txt'));
    await startEngine();
    await engine.whenReady();
    expect(engine.ledger.files.byPath(folder.id, 'two.txt')?.state).toBe('deleted');
  });

  it('turns a burst of 500 files into batches of at most 20', async () => {
    await startEngine();
    const folder = await engine.addFolder({ path: join(root, 'a') });
    await engine.whenReady();
    await Promise.all(Array.from({ length: 500 }, (_, index) => writeFile(join(root, 'a', `burst-${index}.txt`), `burst file number ${index}`)));
    await until(() => engine.ledger.files.counts().done.files === 500, 'all 500 files are done', 120_000);
    const sizes = events.flatMap((event) => (event.type === 'batch' && event.batch.state === 'sending' ? [event.batch.fileCount] : []));
    expect(Math.max(...sizes)).toBeLessThanOrEqual(20);
    expect(sizes.reduce((total, size) => total + size, 0)).toBe(500);
    expect(engine.ledger.files.byPath(folder.id, 'burst-499.txt')?.state).toBe('done');
  }, 150_000);

  it('isolates the one file that makes a task fail and finishes the rest', async () => {
    for (let index = 0; index < 6; index++) await writeFile(join(root, 'a', `good-${index}.txt`), `good file ${index} about herons`);
    // A damaged PDF passes the checks (its signature is right) and fails when MemOS reads it.
    const pdf = await readFile(fixture('documents', 'english-2-pages.pdf'));
    await writeFile(join(root, 'a', 'damaged.pdf'), pdf.subarray(0, 3000));
    await startEngine();
    const folder = await engine.addFolder({ path: join(root, 'a') });
    await engine.whenReady();
    await engine.whenSettled();
    const counts = engine.ledger.files.counts();
    expect(counts.done.files).toBe(6);
    expect(counts.failed.files).toBe(1);
    expect(engine.ledger.files.byPath(folder.id, 'damaged.pdf')?.reason).toMatch(/^damaged\.pdf: the PDF is damaged/);
  });

  it('pauses and resumes uploads, globally and per folder', async () => {
    await startEngine();
    const folder = await engine.addFolder({ path: join(root, 'a'), paused: true });
    await engine.whenReady();
    await writeFile(join(root, 'a', 'waiting.txt'), 'a file that waits for the folder to resume');
    await fileReaches(folder.id, 'waiting.txt', 'queued');
    expect(batchesSent()).toBe(0);
    engine.pause();
    await engine.updateFolder(folder.id, { paused: false });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(engine.state).toBe('paused');
    expect(engine.ledger.files.byPath(folder.id, 'waiting.txt')?.state).toBe('queued');
    engine.resume();
    await fileReaches(folder.id, 'waiting.txt', 'done');
  });

  it('skips what MemOS cannot take, with reasons, and never sends it', async () => {
    const folder = join(root, 'a');
    await writeFile(join(folder, 'empty.txt'), '');
    await writeFile(join(folder, 'program.docx'), Buffer.from([0x7f, 0x45, 0x4c, 0x46, 1, 2, 3, 4]));
    await writeFile(join(folder, 'long.pdf'), makePdf(Array.from({ length: 201 }, (_, index) => [`page ${index + 1}`])));
    await copyFile(fixture('documents', 'encrypted-password.pdf'), join(folder, 'secret.pdf'));
    const big = await open(join(folder, 'huge.txt'), 'w');
    await big.truncate(100 * 1024 * 1024 + 1);
    await big.close();
    await symlink('..', join(folder, 'loop'));
    await writeFile(join(folder, '中文 名字 with spaces.txt'), 'a file whose name has Chinese and spaces: kingfishers');
    await startEngine();
    const settings = await engine.addFolder({ path: folder, followSymlinks: true });
    await engine.whenReady();
    await engine.whenSettled();
    const reasons = Object.fromEntries(engine.ledger.files.list({ states: ['skipped'], limit: 50 }).map((file) => [file.relativePath, file.reason]));
    expect(reasons).toEqual({
      'empty.txt': 'the file is empty',
      'program.docx': 'named .docx but the content is not a Word (.docx) document',
      'long.pdf': expect.stringContaining('201 pages'),
      'secret.pdf': expect.stringContaining('password'),
      'huge.txt': 'the file is 104,857,601 bytes; MemOS accepts at most 100 MB per file',
    });
    expect(engine.ledger.files.byPath(settings.id, '中文 名字 with spaces.txt')?.state).toBe('done');
    expect(await searchSources('kingfishers')).toContain('中文 名字 with spaces.txt');
    expect(events.filter((event) => event.type === 'batch' && event.batch.state === 'sending').map((event) => event.type === 'batch' && event.batch.fileCount)).toEqual([1]);
  });

  it('never sends a file that vanished before its upload, and records it as deleted', async () => {
    await startEngine();
    const folder = await engine.addFolder({ path: join(root, 'a') });
    await engine.whenReady();
    engine.pause();
    await writeFile(join(root, 'a', 'fleeting.txt'), 'here for a moment');
    await fileReaches(folder.id, 'fleeting.txt', 'queued');
    await unlink(join(root, 'a', 'fleeting.txt'));
    await fileReaches(folder.id, 'fleeting.txt', 'deleted');
    engine.resume();
    await engine.whenSettled();
    expect(batchesSent()).toBe(0);
    expect(engine.ledger.files.byPath(folder.id, 'fleeting.txt')?.reason).toBe('deleted from disk before it was uploaded');
  });

  it('uploads the final version of a file that grows while it is uploaded', async () => {
    await startEngine();
    const folder = await engine.addFolder({ path: join(root, 'a') });
    await engine.whenReady();
    const path = join(root, 'a', 'growing.txt');
    await writeFile(path, 'growing log about cormorants\n'.repeat(1_000_000));
    let appended = false;
    engine.events.on('event', (event) => {
      if (appended || event.type !== 'file' || event.file.relativePath !== 'growing.txt' || event.file.state !== 'uploading') return;
      appended = true;
      void appendFile(path, 'one more line about pelicans\n');
    });
    const finalHash = async (): Promise<string> => createHash('sha256').update(await readFile(path)).digest('hex');
    await until(() => appended, 'the upload of growing.txt started');
    const expected = await finalHash();
    await until(() => engine.ledger.files.byPath(folder.id, 'growing.txt')?.doneHash === expected, 'the final version of growing.txt is in memory');
    expect(uploadsOf('growing.txt')).toBe(2);
  });

  it('uploads dropped files and folders once, without watching them', async () => {
    const dropped = join(root, 'b');
    await writeFile(join(dropped, 'dropped.txt'), 'a dropped note about albatrosses');
    await writeFile(join(dropped, 'sibling.txt'), 'a sibling that was not dropped');
    await mkdir(join(dropped, 'folder'));
    await writeFile(join(dropped, 'folder', 'inside.md'), '# Inside\n\nfrigatebirds');
    await startEngine();
    expect(await engine.uploadOnce([join(dropped, 'dropped.txt'), join(dropped, 'folder')])).toBe(2);
    await engine.whenSettled();
    expect(await searchSources('albatrosses')).toContain('dropped.txt');
    expect(await searchSources('frigatebirds')).toContain('inside.md');
    expect(engine.ledger.files.counts().done.files).toBe(2);
    expect(engine.folders().map((folder) => folder.mode)).toEqual(['once', 'once']);
    await writeFile(join(dropped, 'folder', 'later.md'), 'not watched: gannets');
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(engine.ledger.files.counts().checking.files).toBe(0);
    await expect(engine.uploadOnce([join(dropped, 'missing.txt')])).rejects.toThrow('does not exist');
  });

  it('forgets a file the person ignores, and files a new rule excludes are not called deleted', async () => {
    await writeFile(join(root, 'a', 'keep.txt'), 'keep this one about grebes');
    await writeFile(join(root, 'a', 'empty.txt'), '');
    await mkdir(join(root, 'a', 'drafts'));
    await writeFile(join(root, 'a', 'drafts', 'draft.txt'), 'a draft about loons');
    await startEngine();
    const folder = await engine.addFolder({ path: join(root, 'a') });
    await engine.whenReady();
    await engine.whenSettled();
    const empty = engine.ledger.files.byPath(folder.id, 'empty.txt');
    const updated = await engine.ignoreFile(empty?.id ?? 0);
    expect(updated.ignore).toEqual(['/empty.txt']);
    await engine.updateFolder(folder.id, { ignore: [...updated.ignore, 'drafts/'] });
    await engine.whenReady();
    expect(engine.ledger.files.byPath(folder.id, 'empty.txt')).toBeUndefined();
    expect(engine.ledger.files.byPath(folder.id, 'drafts/draft.txt')).toBeUndefined();
    expect(engine.ledger.files.byPath(folder.id, 'keep.txt')?.state).toBe('done');
    expect(engine.ledger.files.counts().deleted.files).toBe(0);
  });
});
