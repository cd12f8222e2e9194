import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { promisify } from 'node:util';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { EngineEvent } from '../../src/engine/engine-events.ts';
import type { FileState } from '../../src/engine/ledger/types.ts';
import type { StateCounts } from '../../src/engine/ledger/file-ledger.ts';
import { TOKEN, USER, startTestServer } from '../server/test-server.ts';
import type { TestServer } from '../server/test-server.ts';
import { waitFor, writeTextFiles } from './engine-env.ts';

const CLI = join(import.meta.dirname, '../../src/cli/index.ts');
const FILES = 60;
const BATCH = 20;
/** The command uploads with the engine's default concurrency; each upload slot can hold one batch in flight. */
const UPLOAD_SLOTS = 2;

let server: TestServer;
let root: string;
const children = new Set<ChildProcess>();

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'crash-restart-'));
  server = await startTestServer(join(root, 'server'));
});
afterAll(async () => {
  for (const child of children) child.kill('SIGKILL');
  await server.stop();
  await rm(root, { recursive: true, force: true });
});

/** A small deterministic generator, so a failing run can be repeated from its seed. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface WatchRun {
  child: ChildProcess;
  /** Resolves once the process exited and all it printed was read. */
  ended: Promise<void>;
  stderr: () => string;
}

/**
 * `memos-sync watch --json` as its own process against the server this test runs, so killing
 * the watcher leaves the server (and what it accepted) alone.
 */
function runWatch(folder: string, dataDir: string, onEvent: (event: EngineEvent) => void): WatchRun {
  const args = [CLI, 'watch', folder, '--data', dataDir, '--json', '--target', server.server.baseUrl, '--user-id', USER];
  const child = spawn(process.execPath, args, { env: { ...process.env, MEMOS_API_KEY: TOKEN }, stdio: ['ignore', 'pipe', 'pipe'] });
  children.add(child);
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
  lines.on('line', (line) => onEvent(JSON.parse(line) as EngineEvent));
  const closed = new Promise<void>((resolve) => lines.once('close', resolve));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const ended = Promise.all([closed, exited]).then(() => void children.delete(child));
  return { child, ended, stderr: () => stderr };
}

async function status(dataDir: string): Promise<StateCounts> {
  const args = [CLI, 'status', '--json', '--data', dataDir, '--target', server.server.baseUrl, '--user-id', USER];
  const { stdout } = await promisify(execFile)(process.execPath, args);
  return (JSON.parse(stdout) as { counts: StateCounts }).counts;
}

/** How many times the server holds each file: one memory per upload of a small text file. */
async function uploadsPerFile(): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  for (let page = 1; ; page++) {
    const data = await server.client.getMemories({ page, size: 50 });
    for (const memory of data.memory_detail_list) {
      const source = memory.info?.source_file;
      if (source) counts.set(source, (counts.get(source) ?? 0) + 1);
    }
    if (page >= data.pages) return counts;
  }
}

type Trigger = { name: string; fires: (event: EngineEvent, eventCount: number) => boolean };

it('killed at random points and restarted, every file ends done, uploaded twice only if its batch was in flight at a kill', { timeout: 180_000 }, async () => {
  const seed = Date.now();
  const next = random(seed);
  const folder = join(root, 'folder');
  const dataDir = join(root, 'data');
  const files = await writeTextFiles(folder, FILES);
  const states = new Map<string, FileState>();
  const track = (event: EngineEvent): void => {
    if (event.type === 'file') states.set(event.file.relativePath, event.file.state);
  };
  const inFlight = (): string[] => [...states].filter(([, state]) => state === 'uploading').map(([path]) => path);
  const allDone = (): boolean => files.every((file) => states.get(file.relativePath) === 'done');

  const triggers: Trigger[] = [
    { name: 'a batch starts sending', fires: (event) => event.type === 'batch' && event.batch.state === 'sending' },
    { name: 'a file turns processing', fires: (event) => event.type === 'file' && event.file.state === 'processing' },
    { name: 'a random event', fires: (_event, count) => count >= 3 + Math.floor(next() * 40) },
    { name: 'the second batch starts sending', fires: ((sent = 0) => (event: EngineEvent) => event.type === 'batch' && event.batch.state === 'sending' && ++sent === 2)() },
  ];
  const kills: { trigger: string; inFlight: string[] }[] = [];
  for (const trigger of triggers) {
    if (allDone()) break;
    let count = 0;
    let killed = false;
    const run = runWatch(folder, dataDir, (event) => {
      track(event);
      if (event.type !== 'stats') count++;
      if (!killed && trigger.fires(event, count)) {
        killed = true;
        run.child.kill('SIGKILL');
      }
    });
    await waitFor(() => killed || allDone(), `the watcher to reach "${trigger.name}" (seed ${seed}); stderr: ${run.stderr()}`, 60_000);
    if (!killed) run.child.kill('SIGTERM');
    await run.ended;
    // Read after the process is gone: whatever it recorded before dying has been printed and read.
    if (killed) kills.push({ trigger: trigger.name, inFlight: inFlight() });
  }
  expect(kills.length, `kills (seed ${seed})`).toBeGreaterThan(0);

  let scanned = false;
  const last = runWatch(folder, dataDir, (event) => {
    track(event);
    if (event.type === 'folder' && event.status === 'watching') scanned = true;
  });
  await waitFor(() => scanned && allDone(), `every file done after the last restart (seed ${seed}); stderr: ${last.stderr()}`, 90_000);
  last.child.kill('SIGTERM');
  await last.ended;
  expect(last.child.exitCode).toBe(0);

  const counts = await status(dataDir);
  expect(counts.done.files).toBe(FILES);
  expect(FILE_STATES_BUT_DONE.map((state) => counts[state].files)).toEqual(FILE_STATES_BUT_DONE.map(() => 0));

  let idle = false;
  void server.server.idle().then(() => (idle = true));
  await waitFor(() => idle, 'the server to finish every task it accepted', 60_000);
  const uploads = await uploadsPerFile();
  for (const file of files) expect(uploads.get(file.relativePath) ?? 0, `uploads of ${file.relativePath} (seed ${seed})`).toBeGreaterThanOrEqual(1);

  // The guarantee: a batch is sent, then its task id is recorded. Killed in between, the batch
  // was received but not recorded, so it is sent again after the restart; nothing else is. The
  // command uploads through UPLOAD_SLOTS slots, so each kill can catch that many batches.
  const twice = files.filter((file) => (uploads.get(file.relativePath) ?? 0) > 1).map((file) => file.relativePath);
  const wereInFlight = new Set(kills.flatMap((kill) => kill.inFlight));
  expect(twice.filter((path) => !wereInFlight.has(path)), `files uploaded twice though not in flight at a kill (seed ${seed}, kills ${JSON.stringify(kills)})`).toEqual([]);
  expect(twice.length).toBeLessThanOrEqual(kills.length * BATCH * UPLOAD_SLOTS);
  for (const kill of kills) expect(kill.inFlight.length, `in flight at "${kill.trigger}"`).toBeLessThanOrEqual(BATCH * UPLOAD_SLOTS);
  expect(Math.max(...uploads.values())).toBeLessThanOrEqual(1 + kills.length);
});

const FILE_STATES_BUT_DONE: readonly FileState[] = ['checking', 'queued', 'uploading', 'processing', 'skipped', 'failed', 'deleted'];
