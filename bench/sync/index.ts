/**
 * Sync benchmark: 2,000 mixed files (text, Markdown, small PDFs, DOCX copies, small PNGs, every
 * one distinct) synced by the engine, default settings, to the built-in server (its own process)
 * until every file is done: files/s and MB/s of file bytes, from the engine's start to the
 * last task's end. Baseline in the same run: the same files uploaded with the client alone in
 * batches of 20, as many at once as the engine, to a fresh server, until every task ended.
 *
 * Usage: npm run bench -- sync [--files N]
 */
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { spawnServer } from '../../src/cli/spawn-server.ts';
import type { EngineEvent } from '../../src/engine/engine-events.ts';
import { SyncEngine } from '../../src/engine/sync-engine.ts';
import { MemosClient } from '../../src/memos/client.ts';
import { MemosProfile } from '../../src/memos/profile.ts';
import { numberOptions } from '../lib/args.ts';
import { note, printResult } from '../lib/result.ts';
import { withTempDir } from '../lib/temp.ts';
import { uploadDirect } from './direct-upload.ts';
import { makeMixedFiles } from './make-files.ts';

const ENGINE_CONCURRENCY = 2;
const SYNC_TIMEOUT_MS = 30 * 60_000;
const DOCX = fileURLToPath(new URL('../../test/fixtures/documents/report.docx', import.meta.url));
const options = numberOptions(process.argv.slice(2), { files: 2000 });

/** Runs `work` against a fresh built-in server process, stopped afterwards. */
async function withServer<T>(dataDir: string, work: (client: MemosClient) => Promise<T>): Promise<T> {
  const server = await spawnServer(['--data', dataDir]);
  const client = new MemosClient(new MemosProfile({ baseUrl: server.baseUrl, apiKey: server.token, userId: 'bench-sync' }));
  try {
    return await work(client);
  } finally {
    await client.close();
    server.child.kill('SIGTERM');
    await server.exited;
  }
}

function deadline(ms: number, what: string): { promise: Promise<never>; clear: () => void } {
  let timer: NodeJS.Timeout | undefined;
  const promise = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`${what} took over ${ms / 60_000} min`)), ms)));
  return { promise, clear: () => clearTimeout(timer) };
}

interface EngineSync {
  seconds: number;
  counts: ReturnType<SyncEngine['ledger']['files']['counts']>;
  /** Batches sent, and files in them: how well the engine fills its batches. */
  batches: number;
  batchedFiles: number;
}

async function syncWithEngine(client: MemosClient, root: string, ledgerFile: string): Promise<EngineSync> {
  const engine = new SyncEngine({ ledgerFile, client, concurrency: ENGINE_CONCURRENCY });
  let batches = 0;
  let batchedFiles = 0;
  engine.events.on('event', (event: EngineEvent) => {
    if (event.type !== 'batch' || event.batch.state !== 'sending') return;
    batches++;
    batchedFiles += event.batch.fileCount;
  });
  const limit = deadline(SYNC_TIMEOUT_MS, 'the engine sync');
  try {
    await engine.addFolder({ path: root });
    const started = performance.now();
    await Promise.race([(async () => {
      await engine.start();
      await engine.whenReady();
      await engine.whenSettled();
    })(), limit.promise]);
    return { seconds: (performance.now() - started) / 1000, counts: engine.ledger.files.counts(), batches, batchedFiles };
  } finally {
    limit.clear();
    await engine.stop();
  }
}

const round = (value: number, digits = 2): number => Math.round(value * 10 ** digits) / 10 ** digits;

await withTempDir('bench-sync', async (dir) => {
  const root = join(dir, 'files');
  const made = await makeMixedFiles(root, options.files, DOCX);
  const mb = made.bytes / 1e6;
  note(`made ${made.paths.length} files, ${round(mb)} MB`);

  const direct = await withServer(join(dir, 'server-direct'), async (client) => {
    const started = performance.now();
    const outcome = await uploadDirect(client, root, made.paths, ENGINE_CONCURRENCY);
    return { ...outcome, seconds: (performance.now() - started) / 1000 };
  });
  note(`direct: ${round(direct.seconds)} s, ${direct.failedTasks} failed tasks`);

  const synced = await withServer(join(dir, 'server-engine'), (client) => syncWithEngine(client, root, join(dir, 'ledger.sqlite')));
  note(`engine: ${round(synced.seconds)} s, ${synced.batches} batches, counts ${JSON.stringify(synced.counts)}`);

  const filesPerSecond = made.paths.length / synced.seconds;
  const baselineFilesPerSecond = made.paths.length / direct.seconds;
  printResult({
    benchmark: 'sync',
    files: made.paths.length,
    mb: round(mb),
    done: synced.counts.done.files,
    skipped: synced.counts.skipped.files,
    failed: synced.counts.failed.files,
    seconds: round(synced.seconds),
    batches: synced.batches,
    filesPerBatch: round(synced.batchedFiles / synced.batches, 1),
    filesPerSecond: round(filesPerSecond, 1),
    mbPerSecond: round(mb / synced.seconds, 3),
    baselineSeconds: round(direct.seconds),
    baselineBatches: direct.batches,
    baselineFilesPerSecond: round(baselineFilesPerSecond, 1),
    baselineMbPerSecond: round(mb / direct.seconds, 3),
    baselineFailedTasks: direct.failedTasks,
    ratio: round(filesPerSecond / baselineFilesPerSecond, 3),
  });
});
