import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EngineOptions } from '../../src/engine/sync-engine.ts';
import { SyncEngine } from '../../src/engine/sync-engine.ts';
import { MemosClient, MemosProfile } from '../../src/memos/index.ts';
import type { MemosClientOptions } from '../../src/memos/index.ts';
import { TOKEN, USER, startTestServer } from '../server/test-server.ts';
import type { TestServer } from '../server/test-server.ts';
import { startFaultProxy } from './fault-proxy.ts';
import type { FaultProxy } from './fault-proxy.ts';

/** Engine timings short enough that retries, rechecks and polls happen within a test. */
export const SHORT_TIMINGS = {
  settleMs: 100,
  recheckMs: 200,
  retryLadder: { delaysMs: [50, 100, 200, 400], jitter: 0 },
  poll: { firstMs: 50, maxMs: 200 },
  concurrency: 2,
} satisfies Partial<EngineOptions>;

/**
 * A client with small retries of its own, so the engine's ladder, not the client, handles most
 * faults. Retry-After is capped low so a 429 costs milliseconds, not seconds.
 */
export function quickClient(baseUrl: string, apiKey = TOKEN, options: MemosClientOptions = {}): MemosClient {
  return new MemosClient(new MemosProfile({ baseUrl, apiKey, userId: USER }), { retry: { maxAttempts: 2, baseDelayMs: 10, maxDelayMs: 50, maxRetryAfterMs: 100 }, ...options });
}

/** Polls `condition` until it holds; fails with `what` and how long it waited, never hangs (the default ends before vitest's 30 s test timeout, so the clearer message wins). */
export async function waitFor(condition: () => boolean | Promise<boolean>, what: string, timeoutMs = 20_000, everyMs = 25): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await condition()) return;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}

/** A word made of letters only, distinct per `n`, so search finds exactly one file by it. */
export function uniqueWord(prefix: string, n: number): string {
  let letters = '';
  for (let rest = n + 1; rest > 0; rest = Math.floor((rest - 1) / 26)) letters = String.fromCharCode(97 + ((rest - 1) % 26)) + letters;
  return `${prefix}${letters}`;
}

/** Writes `count` small text files with distinct content; returns their relative paths and marker words. */
export async function writeTextFiles(folder: string, count: number, prefix = 'note'): Promise<{ relativePath: string; word: string }[]> {
  await mkdir(folder, { recursive: true });
  const files = Array.from({ length: count }, (_, index) => ({ relativePath: `${prefix}-${index}.txt`, word: uniqueWord(`zq${prefix}`, index) }));
  await Promise.all(files.map((file) => writeFile(join(folder, file.relativePath), `A note about ${file.word}, number ${file.relativePath}.\n`)));
  return files;
}

export interface EngineEnv {
  server: TestServer;
  /** Present when asked for: the engine then talks to the server through it. */
  proxy: FaultProxy | undefined;
  /** The engine's MemOS base URL (the proxy's when there is one). */
  baseUrl: string;
  folder: string;
  engine: SyncEngine;
  folderId: string;
  /** Counts of the ledger's files in `state`. */
  filesIn: (state: 'done' | 'failed' | 'queued' | 'processing' | 'uploading' | 'checking' | 'skipped') => number;
  stop: () => Promise<void>;
}

export interface EngineEnvOptions {
  proxy?: boolean;
  /** The engine's client; by default a quick client with the server's token. */
  client?: (baseUrl: string) => MemosClient;
  engine?: Partial<Omit<EngineOptions, 'ledgerFile' | 'client'>>;
}

/** The real built-in server (in-process), optionally a fault proxy, a temp folder and an engine with short timings, not yet started. */
export async function startEngineEnv(options: EngineEnvOptions = {}): Promise<EngineEnv> {
  const root = await mkdtemp(join(tmpdir(), 'engine-env-'));
  const folder = join(root, 'folder');
  await mkdir(folder);
  const server = await startTestServer(join(root, 'server'));
  const proxy = options.proxy ? await startFaultProxy(server.server.baseUrl) : undefined;
  const baseUrl = proxy?.baseUrl ?? server.server.baseUrl;
  const client = (options.client ?? quickClient)(baseUrl);
  const engine = new SyncEngine({ ledgerFile: join(root, 'ledger.sqlite'), client, ...SHORT_TIMINGS, ...options.engine });
  const { id: folderId } = await engine.addFolder({ path: folder });
  let stopped = false;
  return {
    server,
    proxy,
    baseUrl,
    folder,
    engine,
    folderId,
    filesIn: (state) => engine.ledger.files.counts()[state].files,
    stop: async () => {
      if (stopped) return;
      stopped = true;
      await engine.stop();
      await client.close();
      await proxy?.close();
      await server.stop();
      await rm(root, { recursive: true, force: true });
    },
  };
}
