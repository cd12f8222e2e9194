/**
 * Latency benchmark: the engine, with its default settings (write settling included), watches a
 * folder synced to the built-in server (its own process, `memos-sync server`). A fresh small
 * text file is written N times; each sample is the time from the write to the server having
 * accepted the file (the engine records the task: the file turns 'processing'). Baseline in the
 * same run: the same kind of file written and uploaded directly with the client, no engine.
 * Samples alternate between the two; each waits for the previous task to end first.
 *
 * Usage: npm run bench -- latency [--files N]
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { spawnServer } from '../../src/cli/spawn-server.ts';
import type { EngineEvent } from '../../src/engine/engine-events.ts';
import { SyncEngine } from '../../src/engine/sync-engine.ts';
import { MemosClient } from '../../src/memos/client.ts';
import { MemosProfile } from '../../src/memos/profile.ts';
import { numberOptions } from '../lib/args.ts';
import { percentile } from '../lib/percentile.ts';
import { note, printResult } from '../lib/result.ts';
import { withTempDir } from '../lib/temp.ts';

const TARGET_P50_MS = 1_500;
const SAMPLE_TIMEOUT_MS = 30_000;
const options = numberOptions(process.argv.slice(2), { files: 20 });

const round = (ms: number): number => Math.round(ms * 10) / 10;

/** Rejects after `ms` with what was awaited, so a stuck sample ends the run instead of hanging it. */
function withDeadline<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`${what}: no result within ${ms} ms`)), ms)));
  return Promise.race([promise, deadline]).finally(() => clearTimeout(timer));
}

async function waitForTask(client: MemosClient, taskId: string): Promise<void> {
  const deadline = Date.now() + SAMPLE_TIMEOUT_MS;
  while ((await client.getStatus(taskId)).status === 'running') {
    if (Date.now() > deadline) throw new Error(`task ${taskId} still running after ${SAMPLE_TIMEOUT_MS} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const content = (kind: string, index: number): string => `Latency sample ${kind} ${index}: a short note written at ${new Date().toISOString()}.\n`;

await withTempDir('bench-latency', async (dir) => {
  const server = await spawnServer(['--data', join(dir, 'server')]);
  const client = new MemosClient(new MemosProfile({ baseUrl: server.baseUrl, apiKey: server.token, userId: 'bench-latency' }));
  const watched = join(dir, 'watched');
  const direct = join(dir, 'direct');
  await Promise.all([mkdir(watched), mkdir(direct)]);
  const engine = new SyncEngine({ ledgerFile: join(dir, 'ledger.sqlite'), client });
  try {
    const waiting = new Map<string, () => void>();
    engine.events.on('event', (event: EngineEvent) => {
      if (event.type === 'file' && event.file.state === 'processing') waiting.get(event.file.relativePath)?.();
    });
    await engine.addFolder({ path: watched });
    await engine.start();
    await engine.whenReady();

    const engineMs: number[] = [];
    const directMs: number[] = [];
    for (let index = 0; index < options.files; index++) {
      const name = `note-${index}.txt`;
      const accepted = new Promise<void>((resolve) => waiting.set(name, resolve));
      const started = performance.now();
      await writeFile(join(watched, name), content('engine', index));
      await withDeadline(accepted, SAMPLE_TIMEOUT_MS, `the engine uploading ${name}`);
      engineMs.push(performance.now() - started);
      await withDeadline(engine.whenSettled(), SAMPLE_TIMEOUT_MS, `the engine settling after ${name}`);

      const path = join(direct, name);
      const text = content('direct', index);
      const directStarted = performance.now();
      await writeFile(path, text);
      const { task_id: taskId } = await client.addMessage({
        files: [{ path, name, size: Buffer.byteLength(text), category: 'document', mime: 'text/plain' }],
        conversationId: 'bench-latency-direct',
      });
      directMs.push(performance.now() - directStarted);
      await waitForTask(client, taskId);
      note(`sample ${index + 1}/${options.files}: engine ${Math.round(engineMs[index] ?? 0)} ms, direct ${Math.round(directMs[index] ?? 0)} ms`);
    }

    const p50 = percentile(engineMs, 0.5);
    const baselineP50 = percentile(directMs, 0.5);
    printResult({
      benchmark: 'latency',
      files: options.files,
      settleMs: 'default',
      p50Ms: round(p50),
      p95Ms: round(percentile(engineMs, 0.95)),
      maxMs: round(Math.max(...engineMs)),
      baselineP50Ms: round(baselineP50),
      baselineP95Ms: round(percentile(directMs, 0.95)),
      ratioP50: round(p50 / baselineP50),
      targetP50Ms: TARGET_P50_MS,
      meetsTarget: p50 <= TARGET_P50_MS,
    });
  } finally {
    await engine.stop();
    await client.close();
    server.child.kill('SIGTERM');
    await server.exited;
  }
});
