/**
 * Watch-scan benchmark: 100,000 files in 1,000 folders, 10% of them sync candidates (plus
 * ignored node_modules/.git subtrees). Measures the engine (default settings, its own process)
 * from start until ready (first scan done, every watcher up) and its peak RSS, beside `find`
 * listing the same tree in the same run. The first pass then syncs every candidate to the
 * built-in server (its own process, behind a counting proxy). A restart follows, with every
 * candidate done: its time to ready and to settled, the uploads it sent (0 expected) and the
 * files it checked (each check hashes a file; 0 files, 0 bytes expected).
 *
 * Usage: npm run bench -- watch-scan [--files N] [--folders N]
 */
import { type ChildProcess, fork, spawn } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { spawnServer } from '../../src/cli/spawn-server.ts';
import { startFaultProxy } from '../../test/engine/fault-proxy.ts';
import type { FaultProxy } from '../../test/engine/fault-proxy.ts';
import { numberOptions } from '../lib/args.ts';
import { note, printResult } from '../lib/result.ts';
import { samplePeakRss, toMiB } from '../lib/rss.ts';
import { withTempDir } from '../lib/temp.ts';
import type { EngineJob, EngineReport } from './engine-child.ts';
import { makeTree } from './lib/make-tree.ts';

const RSS_TARGET_MIB = 250;
const FIRST_SYNC_TIMEOUT_MS = 60 * 60_000;
const options = numberOptions(process.argv.slice(2), { files: 100_000, folders: 1_000 });
const childScript = fileURLToPath(new URL('./engine-child.ts', import.meta.url));

/** `find ROOT -type f`, counting its lines: the floor for listing the tree. */
async function timeFind(root: string): Promise<{ ms: number; files: number }> {
  const started = performance.now();
  const find = spawn('find', [root, '-type', 'f'], { stdio: ['ignore', 'pipe', 'inherit'] });
  let files = 0;
  for await (const _line of createInterface({ input: find.stdout })) files++;
  return { ms: performance.now() - started, files };
}

interface EngineProcess {
  child: ChildProcess;
  next: <T extends EngineReport['type']>(type: T, timeoutMs: number) => Promise<Extract<EngineReport, { type: T }>>;
  stop: () => Promise<void>;
}

function startEngine(job: EngineJob): EngineProcess {
  const child = fork(childScript, { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const reports: EngineReport[] = [];
  const waiting: (() => void)[] = [];
  child.on('message', (report: EngineReport) => {
    reports.push(report);
    for (const wake of waiting.splice(0)) wake();
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.send(job);
  const next = async <T extends EngineReport['type']>(type: T, timeoutMs: number): Promise<Extract<EngineReport, { type: T }>> => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = reports.find((report): report is Extract<EngineReport, { type: T }> => report.type === type);
      if (found) return found;
      if (Date.now() > deadline) throw new Error(`the engine sent no "${type}" within ${timeoutMs / 1000} s`);
      await Promise.race([new Promise<void>((resolve) => waiting.push(resolve)), exited.then(() => Promise.reject(new Error(`the engine exited before "${type}"`))), new Promise((resolve) => setTimeout(resolve, 1000))]);
    }
  };
  return {
    child,
    next,
    stop: async () => {
      child.send({ stop: true });
      await next('stopped', 60_000);
      await exited;
    },
  };
}

const round = (value: number, digits = 1): number => Math.round(value * 10 ** digits) / 10 ** digits;

await withTempDir('bench-watch-scan', async (dir) => {
  const tree = join(dir, 'tree');
  await mkdir(tree);
  const made = await makeTree(tree, { files: options.files, folders: options.folders });
  note(`tree: ${made.files} files in ${made.folders} folders, ${made.eligible} eligible, ${made.ignoredFiles} ignored`);
  const find = await timeFind(tree);
  note(`find: ${find.files} files in ${Math.round(find.ms)} ms`);

  const server = await spawnServer(['--data', join(dir, 'server')]);
  let proxy: FaultProxy | undefined;
  try {
    proxy = await startFaultProxy(server.baseUrl);
    const job: EngineJob = { ledgerFile: join(dir, 'ledger.sqlite'), folder: tree, baseUrl: proxy.baseUrl, apiKey: server.token };

    const first = startEngine(job);
    const scanRss = samplePeakRss(first.child.pid as number);
    const ready = await first.next('ready', FIRST_SYNC_TIMEOUT_MS);
    const readyPeak = scanRss.stop();
    note(`first start: ready in ${Math.round(ready.ms)} ms, peak RSS ${round(toMiB(readyPeak))} MiB; syncing ${made.eligible} files`);
    const syncRss = samplePeakRss(first.child.pid as number, 200);
    const settled = await first.next('settled', FIRST_SYNC_TIMEOUT_MS);
    const syncPeak = syncRss.stop();
    await first.stop();
    note(`first pass settled in ${Math.round(settled.ms)} ms: ${JSON.stringify(settled.counts)}`);

    const uploadsBefore = proxy.count('add/message');
    const second = startEngine(job);
    const restartRss = samplePeakRss(second.child.pid as number);
    const restartReady = await second.next('ready', FIRST_SYNC_TIMEOUT_MS);
    const restartSettled = await second.next('settled', FIRST_SYNC_TIMEOUT_MS);
    const restartPeak = restartRss.stop();
    await second.stop();
    const restartUploads = proxy.count('add/message') - uploadsBefore;

    printResult({
      benchmark: 'watch-scan',
      files: made.files,
      folders: made.folders,
      eligible: made.eligible,
      readyMs: Math.round(ready.ms),
      peakRssMiB: round(toMiB(readyPeak)),
      findMs: Math.round(find.ms),
      findFiles: find.files,
      readyVsFind: round(ready.ms / find.ms, 2),
      firstSync: { ms: Math.round(settled.ms), done: settled.counts.done.files, skipped: settled.counts.skipped.files, failed: settled.counts.failed.files, uploads: uploadsBefore, peakRssMiB: round(toMiB(syncPeak)) },
      restart: {
        readyMs: Math.round(restartReady.ms),
        settledMs: Math.round(restartSettled.ms),
        uploads: restartUploads,
        filesHashed: restartSettled.checks,
        bytesHashed: restartSettled.checkedBytes,
        peakRssMiB: round(toMiB(restartPeak)),
      },
      targets: { peakRssMiB: RSS_TARGET_MIB, restartUploads: 0, restartBytesHashed: 0 },
      meetsTargets: toMiB(Math.max(readyPeak, restartPeak)) <= RSS_TARGET_MIB && restartUploads === 0 && restartSettled.checkedBytes === 0,
    });
  } finally {
    await proxy?.close();
    server.child.kill('SIGTERM');
    await server.exited;
  }
});
