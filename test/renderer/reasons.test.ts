/**
 * Every reason the engine gives a person, produced by the engine itself (real files checked, a
 * real ledger, real MemOS errors classified), must read in Chinese. When a phrase changes in the
 * engine and not in the catalogue (src/renderer/i18n/en.ts), this fails.
 */
import { execFile } from 'node:child_process';
import { chmod, mkdir, mkdtemp, rm, stat, symlink, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import CFB from 'cfb';
import { zipSync } from 'fflate';
import i18next, { type TFunction } from 'i18next';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { FolderRuntime } from '../../src/engine/folder-runtime.ts';
import type { PlannedBatch } from '../../src/engine/ledger/batch-ledger.ts';
import type { CheckOutcome } from '../../src/engine/ledger/file-ledger.ts';
import { Ledger } from '../../src/engine/ledger/ledger.ts';
import type { BatchRecord } from '../../src/engine/ledger/types.ts';
import { type IoOutcome, ioOutcome } from '../../src/engine/preflight/io-outcome.ts';
import { preflight, type PreflightResult } from '../../src/engine/preflight/preflight.ts';
import { classifyForRetry, type RetryLadder } from '../../src/engine/retry-ladder.ts';
import { pollTask } from '../../src/engine/track-task.ts';
import { checkWhileGrowing } from '../engine/preflight/growing-file.ts';
import { uploadBatch } from '../../src/engine/upload-batch.ts';
import { folderRootStats } from '../../src/engine/watch/folder-root.ts';
import { scanFolder } from '../../src/engine/watch/scanner.ts';
import { otherWatchProblem, watchLimitProblem } from '../../src/engine/watch/watch-problems.ts';
import type { MemosClient } from '../../src/memos/client.ts';
import { errorFromNetwork, errorFromResponse, type MemosError } from '../../src/memos/errors.ts';
import { FileChangedError } from '../../src/memos/upload-body.ts';
import { en } from '../../src/renderer/i18n/en.ts';
import { translateReason } from '../../src/renderer/i18n/reasons.ts';
import { zhCN } from '../../src/renderer/i18n/zh-CN.ts';
import { openEngineSession } from '../../src/service/engine-session.ts';
import { defaultSettings } from '../../src/service/stored-settings.ts';
import { FolderSettings } from '../../src/shared/folder-settings.ts';
import { makeNumberedPdf, makePdf } from '../fixtures/documents/make-pdf.ts';

const fixtures = join(import.meta.dirname, '../fixtures');
const quotedSource = (path: string): string => JSON.stringify(join(import.meta.dirname, '../../src', path));
const runningAsRoot = process.getuid?.() === 0;
/** Bytes that are no document or image of any kind. */
const NOT_A_FORMAT = Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0]), Buffer.alloc(4000, 7)]);
/** Names that Chinese writes as they are: products, formats, protocols. */
const NAMES = new Set(['MemOS', 'Sync', 'PDF', 'Word', 'docx', 'ZIP', 'Office', 'API', 'HTTP', 'MB', 'JPEG', 'PNG', 'GIF', 'BMP', 'WebP', 'inotify', 'systemd']);

let dir: string;
let chinese: TFunction;
let english: TFunction;

async function translator(language: string): Promise<TFunction> {
  const i18n = i18next.createInstance();
  return i18n.init({ lng: language, resources: { en: { translation: en }, 'zh-CN': { translation: zhCN } }, interpolation: { escapeValue: false } });
}

beforeAll(async () => {
  [chinese, english] = await Promise.all([translator('zh-CN'), translator('en')]);
  dir = await mkdtemp(join(tmpdir(), 'reasons-'));
  // Traversable by the unprivileged child in the permission check.
  await chmod(dir, 0o755);
});
afterAll(() => rm(dir, { recursive: true, force: true }));

/**
 * `reason` in Chinese: changed, with Chinese in it, every part of it that must survive (`kept`:
 * names, numbers, sizes, commands, what the system or MemOS said) still there, and no other
 * English word left. In English it reads exactly as the engine wrote it.
 */
function expectChinese(reason: string, kept: readonly string[] = []): void {
  const translated = translateReason(reason, chinese);
  const context = `${reason} → ${translated}`;
  expect(translated, context).not.toBe(reason);
  expect(translated, context).toMatch(/\p{Script=Han}/u);
  for (const part of kept) expect(translated, context).toContain(part);
  const rest = kept.reduce((text, part) => text.replaceAll(part, ' '), translated);
  expect((rest.match(/[A-Za-z]+/g) ?? []).filter((word) => !NAMES.has(word)), context).toEqual([]);
  expect(translateReason(reason, english)).toBe(reason);
}

function reasonOf(result: PreflightResult | IoOutcome): string {
  if (result.outcome !== 'skip' && result.outcome !== 'retry') throw new Error(`expected a reason, got ${JSON.stringify(result)}`);
  return result.reason;
}

async function checkFile(name: string, content: Buffer | string): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, content);
  return reasonOf(await preflight(path, name));
}

async function checkSparseFile(name: string, size: number): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, '');
  await truncate(path, size);
  return reasonOf(await preflight(path, name));
}

const systemError = (code: string, message = `${code}: failed`, path?: string): NodeJS.ErrnoException => Object.assign(new Error(message), { code, ...(path ? { path } : {}) });

/** Runs an ES module body that prints JSON, in a child process as user "nobody" when this runs as root, who reads anything. */
async function withoutPrivileges<T>(script: string): Promise<T> {
  const { stdout } = await promisify(execFile)(process.execPath, ['--input-type=module', '-e', script], runningAsRoot ? { uid: 65534, gid: 65534 } : {});
  return JSON.parse(stdout) as T;
}

/** Why a folder cannot be synced, as the engine says it. */
async function folderRefusal(root: string): Promise<string> {
  try {
    await folderRootStats(root);
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error(`${root} was taken as a folder`);
}

describe('checking a file: preflight’s reasons', () => {
  it('empty, not a regular file, a loop of links', async () => {
    expectChinese(await checkFile('empty.txt', ''));
    await mkdir(join(dir, 'folder.pdf'));
    expectChinese(reasonOf(await preflight(join(dir, 'folder.pdf'), 'folder.pdf')));
    await symlink('loop.pdf', join(dir, 'loop.pdf'));
    expectChinese(reasonOf(await preflight(join(dir, 'loop.pdf'), 'loop.pdf')));
  });

  it('content that is not what the name says', async () => {
    for (const extension of ['.pdf', '.docx', '.doc', '.jpg', '.jpeg', '.png', '.gif', '.bmp', '.webp', '.txt', '.xyz']) {
      expectChinese(await checkFile(`file${extension}`, NOT_A_FORMAT), [extension]);
    }
    expectChinese(await checkFile('README', NOT_A_FORMAT));
    expectChinese(await checkFile('archive.docx', Buffer.from(zipSync({ 'hello.txt': Buffer.from('hi') }))));
    const workbook = CFB.utils.cfb_new();
    CFB.utils.cfb_add(workbook, '/Workbook', Buffer.from('cells'));
    expectChinese(await checkFile('sheet.doc', CFB.write(workbook, { type: 'buffer' }) as Buffer));
  });

  it('over MemOS’s limits: size and pages', async () => {
    expectChinese(await checkSparseFile('huge.pdf', Math.round(153.2 * 1024 * 1024)), ['153.2 MB', '100 MB']);
    expectChinese(await checkSparseFile('just-over.pdf', 100 * 1024 * 1024 + 1), ['104,857,601', '100 MB']);
    expectChinese(await checkFile('201.pdf', makeNumberedPdf(201)), ['201', '200']);
  });

  it('encrypted PDFs', async () => {
    expectChinese(reasonOf(await preflight(join(fixtures, 'documents', 'encrypted-password.pdf'), 'locked.pdf')));
    const foreignEncryption = makePdf([['Sealed by another security handler.']]).toString('latin1').replace('/Root 1 0 R', '/Root 1 0 R /Encrypt << /Filter /Adobe.PubSec /V 4 /R 4 >>');
    expectChinese(await checkFile('sealed.pdf', Buffer.from(foreignEncryption, 'latin1')));
  });

  it('a file still being written', async () => {
    expectChinese(reasonOf(await checkWhileGrowing(dir)));
  });

  it('a file that cannot be read', async () => {
    const path = join(dir, 'secret.txt');
    await writeFile(path, 'private notes');
    await chmod(path, 0o000);
    const script = `const { preflight } = await import(${quotedSource('engine/preflight/preflight.ts')}); process.stdout.write(JSON.stringify(await preflight(${JSON.stringify(path)}, 'secret.txt')));`;
    expectChinese(reasonOf(await withoutPrivileges<PreflightResult>(script)));
  });

  it('a file locked or busy for now', () => {
    for (const code of ['EBUSY', 'ETXTBSY', 'EAGAIN', 'EMFILE', 'ENFILE']) expectChinese(reasonOf(ioOutcome(systemError(code))));
    expectChinese(reasonOf(ioOutcome(systemError('EIO', 'EIO: i/o error, read'))), ['EIO: i/o error, read']);
  });
});

describe('the ledger’s notices', () => {
  let ledger: Ledger;
  let folder: FolderSettings;
  const limits = (maxFiles: number) => ({ maxFiles, maxBytes: 1_000_000 });
  const ok = (hash: string, size = 10): CheckOutcome => ({ outcome: 'ok', size, mtimeMs: 1, hash, category: 'document', mime: 'text/plain' });
  const reasonsOf = (files: { reason: string | null }[]): string[] => files.map((file) => file.reason ?? 'no reason');

  function queue(relativePath: string, hash: string): number {
    const seen = ledger.files.observe(folder.id, { relativePath, size: 10, mtimeMs: 1 });
    if (!seen) throw new Error(`${relativePath} was not new`);
    ledger.files.recordCheck(seen.id, ok(hash));
    return seen.id;
  }

  function plan(files: number): PlannedBatch {
    const planned = ledger.batches.plan(limits(files), new Set());
    if (planned?.files.length !== files) throw new Error(`expected a batch of ${files}`);
    return planned;
  }

  function upload(files: number): void {
    const { batch } = plan(files);
    ledger.batches.accepted(batch.id, `task-${batch.id}`, 0);
    ledger.batches.completed(batch.id);
  }

  /** Sends the next batch through the real upload to a MemOS that answers with `error`; the files' reasons after it. */
  async function sendFailing(files: number, error: unknown, ladder?: RetryLadder): Promise<string[]> {
    const planned = plan(files);
    const client = { addMessage: () => Promise.reject(error) } as unknown as MemosClient;
    const outcome = await uploadBatch(planned, { client, folder, conversationId: 'reasons', ...(ladder ? { ladder } : {}) });
    if (outcome.accepted) throw new Error('the upload was accepted');
    return reasonsOf(ledger.batches.sendFailed(planned.batch.id, outcome.failure));
  }

  let ledgers = 0;
  beforeEach(() => {
    ledger = new Ledger(join(dir, `ledger-${++ledgers}.sqlite`));
    folder = FolderSettings.parse({ id: 'notes', path: join(dir, 'notes') });
    ledger.folders.save(folder);
  });
  afterEach(() => ledger.close());

  it('deleted, unchanged, the same content as another file', () => {
    queue('kept.txt', 'kept');
    upload(1);
    expectChinese(ledger.files.observeRemoval(folder.id, 'kept.txt')?.reason ?? '');
    queue('never-sent.txt', 'never-sent');
    expectChinese(ledger.files.observeRemoval(folder.id, 'never-sent.txt')?.reason ?? '');

    queue('report.txt', 'report');
    upload(1);
    const touched = ledger.files.observe(folder.id, { relativePath: 'report.txt', size: 10, mtimeMs: 2 });
    expectChinese(ledger.files.recordCheck(touched?.id ?? 0, ok('report'))?.reason ?? '');
    expectChinese(ledger.files.get(queue('报告 copy.txt', 'report'))?.reason ?? '', ['report.txt']);
  });

  it('files changed during their upload', async () => {
    const changing = queue('changing.txt', 'changing');
    const changed = new FileChangedError({ path: join(folder.path, 'changing.txt'), name: 'changing.txt', size: 10, category: 'document', mime: 'text/plain' }, 'it grew');
    for (const reason of await sendFailing(1, changed)) expectChinese(reason);

    ledger.files.recordCheck(changing, ok('changing'));
    const { batch } = plan(1);
    ledger.batches.accepted(batch.id, 'task-changing', 0);
    ledger.files.observe(folder.id, { relativePath: 'changing.txt', size: 11, mtimeMs: 2 });
    for (const reason of reasonsOf(ledger.batches.completed(batch.id))) expectChinese(reason);
  });

  it('a task MemOS could not process', async () => {
    queue('first.txt', 'first');
    queue('second.txt', 'second');
    const pair = plan(2);
    ledger.batches.accepted(pair.batch.id, 'task-pair', 0);
    for (const reason of reasonsOf(ledger.batches.taskFailed(pair.batch.id, 'unused for a batch that is split'))) expectChinese(reason);

    const alone = plan(1);
    ledger.batches.accepted(alone.batch.id, 'task-alone', 0);
    const client = { getStatus: () => Promise.resolve({ status: 'failed' }) } as unknown as MemosClient;
    const outcome = await pollTask(client, ledger.batches.get(alone.batch.id) as BatchRecord);
    if (outcome.status !== 'failed') throw new Error(`the task is ${outcome.status}`);
    for (const reason of reasonsOf(ledger.batches.taskFailed(alone.batch.id, outcome.reason))) expectChinese(reason);
  });

  it('uploads retried, retried in smaller batches, given up', async () => {
    const unreachable = errorFromNetwork('add/message', systemError('ECONNREFUSED'), false);
    const ladder: RetryLadder = { delaysMs: [0], jitter: 0 };
    queue('far-away.txt', 'far-away');
    for (const reason of await sendFailing(1, unreachable, ladder)) expectChinese(reason);
    for (const reason of await sendFailing(1, unreachable, ladder)) expectChinese(reason, ['2']);

    const rejected = errorFromResponse({ endpoint: 'add/message', httpStatus: 200, code: 40007 });
    queue('odd-1.txt', 'odd-1');
    queue('odd-2.txt', 'odd-2');
    for (const reason of await sendFailing(2, rejected)) expectChinese(reason, ['40007', '200']);
    for (const reason of await sendFailing(1, rejected)) expectChinese(reason, ['40007', '200']);
  });
});

describe('what an upload’s failure means: the retry ladder’s reasons', () => {
  const response = (httpStatus: number, code?: number, endpoint = 'add/message'): MemosError => errorFromResponse({ endpoint, httpStatus, ...(code === undefined ? {} : { code }), serverMessage: 'the server’s own words' });
  const failures: [error: unknown, kept: string[]][] = [
    [response(429), ['429']],
    [response(200, 40300), ['40300', '200']],
    [errorFromNetwork('add/message', systemError('ECONNREFUSED'), false), []],
    [errorFromNetwork('add/message', systemError('ECONNRESET'), true), []],
    [systemError('ETIMEDOUT'), []],
    [response(503), ['503']],
    [response(200, 50000), ['50000']],
    [response(200, 40007), ['40007']],
    [response(200, 50103), ['50103']],
    [response(413), ['413']],
    [response(200, 40013), ['40013']],
    [response(400), ['400']],
    [response(401), ['401']],
    [response(200, 40304), ['40304']],
    [response(404, undefined, 'get/status'), ['404']],
    [response(404), ['add/message', '404']],
    [new FileChangedError({ path: '/data/notes/a.txt', name: 'a.txt', size: 10, category: 'document', mime: 'text/plain' }, 'it grew'), []],
    [systemError('ENOENT'), []],
    [new Error('the disk caught fire'), ['the disk caught fire']],
  ];

  it.each(failures)('%s', (error, kept) => {
    expectChinese(classifyForRetry(error).reason, kept);
  });
});

describe('what the engine asks the person to act on', () => {
  const batch: BatchRecord = { id: 1, folderId: 'notes', taskId: 'task-1', state: 'processing', fileCount: 1, bytes: 10, createdAt: 0, acceptedAt: 0, polls: 0, nextPollAt: null };
  const attentionFor = async (error: MemosError): Promise<string> => {
    const outcome = await pollTask({ getStatus: () => Promise.reject(error) } as unknown as MemosClient, batch);
    if (outcome.status !== 'unknown' || !outcome.attention) throw new Error('the poll asked for no attention');
    return outcome.attention;
  };

  it('a refused key or an exhausted quota, with what MemOS said', async () => {
    expectChinese(await attentionFor(errorFromResponse({ endpoint: 'get/status', httpStatus: 200, code: 40100, serverMessage: 'token expired' })), ['get/status', '40100', 'token expired']);
    expectChinese(await attentionFor(errorFromResponse({ endpoint: 'get/status', httpStatus: 401 })), ['get/status', '401']);
    expectChinese(await attentionFor(errorFromResponse({ endpoint: 'get/status', httpStatus: 200, code: 40304 })), ['get/status', '40304']);
  });

  it('a cloud target without a key', async () => {
    const session = await openEngineSession({
      dataRoot: join(dir, 'session'),
      settings: { ...defaultSettings(), target: 'cloud-cn' },
      apiKey: undefined,
      localServer: () => Promise.reject(new Error('a cloud target starts no server')),
    });
    try {
      expectChinese(session.blocked ?? '', ['https://memos.memtensor.cn/api/openmem/v1']);
    } finally {
      await session.close();
    }
  });
});

describe('folder problems', () => {
  it('watch limits, with how to raise them on each system', () => {
    for (const platform of ['linux', 'darwin', 'win32'] as const) {
      for (const code of ['ENOSPC', 'EMFILE']) {
        const problem = watchLimitProblem(systemError(code), 2000, platform);
        expectChinese(problem.message, ['2']);
        expectChinese(problem.fix ?? '', problem.fix?.match(/`[^`]+`/g) ?? []);
      }
    }
  });

  it('watcher errors', () => {
    const denied = otherWatchProblem(systemError('EACCES', 'EACCES: permission denied', '/data/notes/private'));
    expectChinese(denied.message, ['/data/notes/private']);
    expectChinese(denied.fix ?? '');
    expectChinese(otherWatchProblem(systemError('EPERM')).message);
    expectChinese(otherWatchProblem(systemError('EIO', 'EIO: i/o error, watch')).message, ['EIO: i/o error, watch']);
  });

  it('a folder that is gone, is a file, or has a name no system takes', async () => {
    const missing = join(dir, 'moved-away');
    const reasons: string[] = [];
    const runtime = new FolderRuntime(FolderSettings.parse({ id: 'gone', path: missing }), {}, {
      onFiles: () => undefined,
      onRemoved: () => undefined,
      onScanned: () => undefined,
      onStatus: ({ message }) => message && reasons.push(message),
    });
    await runtime.start();
    await runtime.stop();
    expect(reasons).toHaveLength(2);
    for (const reason of reasons) expectChinese(reason, [missing]);

    const file = join(dir, 'a-file-not-a-folder');
    await writeFile(file, 'text');
    expectChinese(await folderRefusal(file), [file]);

    const tooLong = join(dir, 'x'.repeat(300));
    const systemMessage = await stat(tooLong).then(
      () => 'a name of 300 characters was taken',
      (error: Error) => error.message,
    );
    expectChinese(await folderRefusal(tooLong), [systemMessage, tooLong]);
  });

  it('what cannot be read: a folder, a sub-folder, a file, a link', async () => {
    const root = join(dir, 'guarded');
    await mkdir(join(root, 'closed'), { recursive: true });
    await mkdir(join(root, 'listed-only'));
    await writeFile(join(root, 'closed', 'inside.txt'), 'behind a closed door');
    await writeFile(join(root, 'listed-only', 'names.txt'), 'its name can be read, not its content');
    await symlink(join('closed', 'inside.txt'), join(root, 'peek.txt'));
    await chmod(join(root, 'closed'), 0o000);
    await chmod(join(root, 'listed-only'), 0o444);
    const inClosed = join(root, 'closed', 'folder');
    const script = `
      const { folderRootStats } = await import(${quotedSource('engine/watch/folder-root.ts')});
      const { scanFolder } = await import(${quotedSource('engine/watch/scanner.ts')});
      const reasons = [await folderRootStats(${JSON.stringify(inClosed)}).then(() => 'read', (error) => error.message)];
      const settings = { path: ${JSON.stringify(root)}, types: ['txt'], ignore: [], followSymlinks: true };
      for await (const file of scanFolder(settings, { onProblem: (path, message) => reasons.push(message) })) reasons.push(file.relativePath);
      process.stdout.write(JSON.stringify(reasons));`;
    try {
      const [folderReason, ...scanReasons] = await withoutPrivileges<string[]>(script);
      expectChinese(folderReason ?? '', [inClosed]);
      expect(scanReasons).toHaveLength(3);
      for (const reason of scanReasons) expectChinese(reason, reason.match(/EACCES: .*/) ?? []);
    } finally {
      await chmod(join(root, 'closed'), 0o755);
      await chmod(join(root, 'listed-only'), 0o755);
    }
  });

  it('links the scan does not follow', async () => {
    const root = join(dir, 'linked');
    await mkdir(join(root, 'inner'), { recursive: true });
    await symlink('..', join(root, 'inner', 'up'));
    await symlink('.', join(root, 'inner', 'here'));
    await symlink('nowhere.txt', join(root, 'broken.txt'));
    const reasons: string[] = [];
    const scanned: string[] = [];
    for await (const file of scanFolder(FolderSettings.parse({ id: 'linked', path: root, followSymlinks: true }), { onProblem: (_path, message) => reasons.push(message) })) scanned.push(file.relativePath);
    expect(scanned).toEqual([]);
    expect(reasons).toHaveLength(3);
    for (const reason of reasons) expectChinese(reason, reason.includes('"inner"') ? ['inner'] : []);
  });
});
