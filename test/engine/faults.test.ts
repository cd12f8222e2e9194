import { afterEach, describe, expect, it } from 'vitest';
import type { EngineEvent } from '../../src/engine/engine-events.ts';
import type { MemosClient } from '../../src/memos/index.ts';
import type { TestServer } from '../server/test-server.ts';
import { quickClient, startEngineEnv, waitFor, writeTextFiles } from './engine-env.ts';
import type { EngineEnv } from './engine-env.ts';
import type { Fault } from './fault-proxy.ts';

const FILES = 30;
const envs: EngineEnv[] = [];
const clients: MemosClient[] = [];

afterEach(async () => {
  await Promise.all(envs.splice(0).map((env) => env.stop()));
  await Promise.all(clients.splice(0).map((client) => client.close()));
});

async function env(options: Parameters<typeof startEngineEnv>[0] = { proxy: true }): Promise<EngineEnv> {
  const started = await startEngineEnv(options);
  envs.push(started);
  return started;
}

/** The batches MemOS accepted, seen as files turning 'processing' with their batch id. */
function acceptedBatches(engine: EngineEnv['engine']): Set<number> {
  const batches = new Set<number>();
  engine.events.on('event', (event: EngineEvent) => {
    if (event.type === 'file' && event.file.state === 'processing' && event.file.batchId !== null) batches.add(event.file.batchId);
  });
  return batches;
}

/** Every file is in memory: a search for its marker word finds a memory made from that very file. */
async function expectSearchable(server: TestServer, files: readonly { relativePath: string; word: string }[]): Promise<void> {
  for (const file of files) {
    const found = await server.client.searchMemory({ query: file.word, memory_limit_number: 10 });
    const sources = found.memory_detail_list.map((memory) => memory.info?.source_file);
    expect(sources, `a memory of ${file.relativePath}`).toContain(file.relativePath);
  }
}

async function expectAllDone(target: EngineEnv, files: readonly { relativePath: string; word: string }[]): Promise<void> {
  await waitFor(() => target.filesIn('done') === files.length, `${files.length} files done (counts: ${JSON.stringify(target.engine.ledger.files.counts())})`);
  for (const file of files) expect(target.engine.ledger.files.byPath(target.folderId, file.relativePath)?.state).toBe('done');
  await expectSearchable(target.server, files);
}

// More faults than the client's two attempts, so the engine's own ladder must retry too.
const TIMES = 5;

/** Faults that fail a request; a slow answer does not, and has its own tests. */
const faults: [string, Fault][] = [
  ['HTTP 429 with Retry-After', { http: 429, retryAfterSeconds: 1 }],
  ['HTTP 500', { http: 500 }],
  ['HTTP 503', { http: 503 }],
  ['a reset before the body', { reset: 'before-body' }],
  ['a reset mid-body', { reset: 'mid-body' }],
  ['business code 40300', { code: 40300 }],
  ['business code 50004', { code: 50004 }],
];

describe('server faults: every file still ends done', () => {
  it.each(faults)('%s on add/message', async (_name, fault) => {
    const target = await env();
    const proxy = target.proxy as NonNullable<EngineEnv['proxy']>;
    proxy.inject({ endpoint: 'add/message', times: TIMES, fault });
    const files = await writeTextFiles(target.folder, FILES);
    const batches = acceptedBatches(target.engine);
    await target.engine.start();
    await expectAllDone(target, files);
    expect(proxy.pending()).toBe(0);
    expect(proxy.count('add/message')).toBeGreaterThan(batches.size);
    expect(target.filesIn('failed')).toBe(0);
  });

  it.each(faults)('%s on get/status', async (_name, fault) => {
    const target = await env();
    const proxy = target.proxy as NonNullable<EngineEnv['proxy']>;
    proxy.inject({ endpoint: 'get/status', times: TIMES, fault });
    const files = await writeTextFiles(target.folder, FILES);
    const batches = acceptedBatches(target.engine);
    await target.engine.start();
    await expectAllDone(target, files);
    expect(proxy.pending()).toBe(0);
    // A failed poll is asked again, never taken for the task's end: each batch was uploaded once.
    expect(proxy.count('add/message')).toBe(batches.size);
    expect(proxy.count('get/status')).toBeGreaterThanOrEqual(batches.size + TIMES);
    expect(target.filesIn('failed')).toBe(0);
  });

  it.each(['add/message', 'get/status'])('slow answers on %s only slow things down: nothing is sent twice', async (endpoint) => {
    const target = await env();
    const proxy = target.proxy as NonNullable<EngineEnv['proxy']>;
    proxy.inject({ endpoint, fault: { delayMs: 600 } });
    const files = await writeTextFiles(target.folder, FILES);
    const batches = acceptedBatches(target.engine);
    await target.engine.start();
    await expectAllDone(target, files);
    expect(proxy.pending()).toBe(0);
    expect(proxy.count('add/message')).toBe(batches.size);
  });

  it('a lost answer (reset after the server accepted): the batch goes again and its files end done', async () => {
    const target = await env();
    const proxy = target.proxy as NonNullable<EngineEnv['proxy']>;
    proxy.inject({ endpoint: 'add/message', fault: { reset: 'before-answer' } });
    const files = await writeTextFiles(target.folder, FILES);
    const batches = acceptedBatches(target.engine);
    await target.engine.start();
    await expectAllDone(target, files);
    expect(proxy.count('add/message')).toBe(batches.size + 1);
  });

  it('a hung answer runs into the client timeout and is retried', async () => {
    const target = await env({ proxy: true, client: (baseUrl) => quickClient(baseUrl, undefined, { headersTimeoutMs: 500 }) });
    const proxy = target.proxy as NonNullable<EngineEnv['proxy']>;
    proxy.inject({ endpoint: 'get/status', times: 2, fault: { hang: true } });
    proxy.inject({ endpoint: 'add/message', fault: { hang: true } });
    const files = await writeTextFiles(target.folder, FILES);
    await target.engine.start();
    await expectAllDone(target, files);
    expect(proxy.pending()).toBe(0);
  });

  it('every fault at once, on both endpoints, over several batches', async () => {
    const target = await env();
    const proxy = target.proxy as NonNullable<EngineEnv['proxy']>;
    for (const [, fault] of [...faults, ['slow', { delayMs: 300 }] as const]) {
      proxy.inject({ endpoint: 'add/message', times: 2, fault });
      proxy.inject({ endpoint: 'get/status', times: 2, fault });
    }
    const files = await writeTextFiles(target.folder, 90);
    const batches = acceptedBatches(target.engine);
    await target.engine.start();
    await expectAllDone(target, files);
    expect(proxy.pending()).toBe(0);
    expect(proxy.count('add/message')).toBeGreaterThan(batches.size);
    expect(target.filesIn('failed')).toBe(0);
  });
});

describe('a rejected API key', () => {
  it('puts the engine in attention, uploads nothing more, and resumes with a good client', async () => {
    const target = await env({ proxy: true, client: (baseUrl) => quickClient(baseUrl, 'a-wrong-token-0000000000') });
    const proxy = target.proxy as NonNullable<EngineEnv['proxy']>;
    const messages: string[] = [];
    target.engine.events.on('event', (event: EngineEvent) => {
      if (event.type === 'engine' && event.state === 'attention') messages.push(event.message ?? '');
    });
    const files = await writeTextFiles(target.folder, FILES, 'first');
    await target.engine.start();
    await waitFor(() => target.engine.state === 'attention', 'the engine to ask for attention');
    expect(messages[0]).toMatch(/API key/);
    expect(messages[0]).toMatch(/40132/);

    // New files are checked while the engine waits, but none is sent: the upload count stands still.
    await waitFor(() => target.filesIn('queued') === FILES, `all ${FILES} files queued again`);
    const sent = proxy.count('add/message');
    const more = await writeTextFiles(target.folder, 5, 'second');
    await waitFor(() => target.filesIn('queued') === FILES + more.length, 'the new files checked and queued');
    expect(proxy.count('add/message')).toBe(sent);
    expect(target.engine.state).toBe('attention');
    expect(target.filesIn('done') + target.filesIn('processing') + target.filesIn('uploading')).toBe(0);

    const good = quickClient(target.baseUrl);
    clients.push(good);
    target.engine.setClient(good);
    await expectAllDone(target, [...files, ...more]);
    await waitFor(() => target.engine.state === 'idle', 'the engine idle again');
  });
});
