/**
 * The engine alone in its own process, so its RSS is its own: syncs one folder with default
 * settings and reports, over IPC, when it is ready (first scan done, watchers up), when it has
 * settled, and how many files it checked (each check hashes the file) with their bytes.
 */
import { resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { EngineEvent } from '../../src/engine/engine-events.ts';
import type { StateCounts } from '../../src/engine/ledger/file-ledger.ts';
import { preferSmallHeap } from '../../src/engine/small-heap.ts';
import { SyncEngine } from '../../src/engine/sync-engine.ts';
import { MemosClient } from '../../src/memos/client.ts';
import { MemosProfile } from '../../src/memos/profile.ts';

export interface EngineJob {
  ledgerFile: string;
  folder: string;
  baseUrl: string;
  apiKey: string;
}

export type EngineReport =
  | { type: 'ready'; ms: number; checks: number; checkedBytes: number }
  | { type: 'settled'; ms: number; checks: number; checkedBytes: number; counts: StateCounts }
  | { type: 'stopped' };

const send = (report: EngineReport): void => void process.send?.(report);

// As the app's own engine processes do.
preferSmallHeap();

process.once('message', (job: EngineJob) => {
  void run(job);
});

async function run(job: EngineJob): Promise<void> {
  const client = new MemosClient(new MemosProfile({ baseUrl: job.baseUrl, apiKey: job.apiKey, userId: 'bench-watch-scan' }));
  const engine = new SyncEngine({ ledgerFile: job.ledgerFile, client });
  let checks = 0;
  let checkedBytes = 0;
  engine.events.on('event', (event: EngineEvent) => {
    if (event.type === 'file' && event.file.state === 'checking') {
      checks++;
      checkedBytes += event.file.size;
    }
  });
  process.once('message', () => {
    void engine
      .stop()
      .then(() => client.close())
      .then(() => {
        send({ type: 'stopped' });
        process.disconnect();
      });
  });
  const folder = resolve(job.folder);
  if (!engine.folders().some((known) => known.path === folder)) await engine.addFolder({ path: folder });
  const started = performance.now();
  await engine.start();
  await engine.whenReady();
  send({ type: 'ready', ms: performance.now() - started, checks, checkedBytes });
  await engine.whenSettled();
  send({ type: 'settled', ms: performance.now() - started, checks, checkedBytes, counts: engine.ledger.files.counts() });
}
