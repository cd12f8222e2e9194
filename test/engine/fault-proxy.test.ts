import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { MemosClient, MemosError, MemosProfile } from '../../src/memos/index.ts';
import type { MemosClientOptions, UploadFile } from '../../src/memos/index.ts';
import { TOKEN, USER, fixture, startTestServer, uploadFile, waitForTask } from '../server/test-server.ts';
import type { TestServer } from '../server/test-server.ts';
import { startFaultProxy } from './fault-proxy.ts';
import type { FaultProxy } from './fault-proxy.ts';

let server: TestServer;
let proxy: FaultProxy;
let temp: string;
/** Large enough that its upload cannot sit whole in socket buffers when the proxy resets. */
let bigText: UploadFile;
const clients: MemosClient[] = [];

beforeAll(async () => {
  server = await startTestServer();
  proxy = await startFaultProxy(server.server.baseUrl);
  temp = await mkdtemp(join(tmpdir(), 'fault-proxy-'));
  const path = join(temp, 'big.txt');
  await writeFile(path, Buffer.alloc(24 * 1024 * 1024, 'memory '));
  bigText = { path, name: 'big.txt', size: 24 * 1024 * 1024, category: 'document', mime: 'text/plain' };
});
afterEach(async () => {
  expect(proxy.pending()).toBe(0);
  await Promise.all(clients.splice(0).map((client) => client.close()));
});
afterAll(async () => {
  await proxy.close();
  await server.stop();
  await rm(temp, { recursive: true, force: true });
});

/** A real client through the proxy; one attempt unless asked, so each fault surfaces as its error. */
function client(options: MemosClientOptions = {}): MemosClient {
  const created = new MemosClient(new MemosProfile({ baseUrl: proxy.baseUrl, apiKey: TOKEN, userId: USER }), { retry: { maxAttempts: 1 }, ...options });
  clients.push(created);
  return created;
}

async function failure(promise: Promise<unknown>): Promise<MemosError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof MemosError) return error;
    throw error;
  }
  throw new Error('expected a MemosError');
}

const upload = async (target: MemosClient, file?: UploadFile): Promise<string> =>
  (await target.addMessage({ files: [file ?? (await uploadFile(fixture('documents', 'guide.md')))], conversationId: 'fault-proxy' })).task_id;

describe('fault proxy in front of the real server', () => {
  it('passes a real upload through; the task completes and every request is counted', async () => {
    const before = { add: proxy.count('add/message'), status: proxy.count('get/status'), all: proxy.count() };
    const memos = client();
    const taskId = await upload(memos, await uploadFile(fixture('documents', 'english-2-pages.pdf')));
    const status = await waitForTask(memos, taskId);
    expect(status.status).toBe('completed');
    const polls = proxy.count('get/status') - before.status;
    expect(polls).toBeGreaterThanOrEqual(1);
    expect(proxy.count('add/message') - before.add).toBe(1);
    expect(proxy.count() - before.all).toBe(1 + polls);
  });

  it('HTTP 429 with Retry-After reaches the client as rate_limited', async () => {
    proxy.inject({ endpoint: 'add/message', fault: { http: 429, retryAfterSeconds: 7 } });
    expect(await failure(upload(client()))).toMatchObject({ kind: 'rate_limited', httpStatus: 429, retryAfterMs: 7000, retryable: true });
  });

  it.each([500, 503] as const)('HTTP %i is transient and not accepted', async (http) => {
    proxy.inject({ endpoint: 'add/message', fault: { http } });
    expect(await failure(upload(client()))).toMatchObject({ kind: 'transient', httpStatus: http, maybeAccepted: false });
  });

  it.each([
    [40300, 'rate_limited'],
    [50004, 'transient'],
  ] as const)('business code %i in an HTTP 200 envelope is %s', async (code, kind) => {
    proxy.inject({ endpoint: 'get/status', fault: { code } });
    expect(await failure(client().getStatus('any-task'))).toMatchObject({ kind, code, httpStatus: 200 });
  });

  it('a reset before the body is read: no answer, certainly not accepted', async () => {
    proxy.inject({ endpoint: 'add/message', fault: { reset: 'before-body' } });
    expect(await failure(upload(client(), bigText))).toMatchObject({ kind: 'transient', maybeAccepted: false, retryable: true });
  });

  it('a reset halfway through the body: no answer, certainly not accepted', async () => {
    proxy.inject({ endpoint: 'add/message', fault: { reset: 'mid-body' } });
    expect(await failure(upload(client(), bigText))).toMatchObject({ kind: 'transient', maybeAccepted: false, retryable: true });
  });

  it('a reset after the server answered: the upload may have been accepted, so it is not retryable', async () => {
    proxy.inject({ endpoint: 'add/message', fault: { reset: 'before-answer' } });
    expect(await failure(upload(client()))).toMatchObject({ kind: 'transient', maybeAccepted: true, retryable: false });
  });

  it('a hang runs into the client timeout; add/message may have been accepted', async () => {
    proxy.inject({ endpoint: '*', times: 2, fault: { hang: true } });
    const memos = client({ headersTimeoutMs: 300 });
    expect(await failure(memos.getStatus('any-task'))).toMatchObject({ kind: 'transient', maybeAccepted: false });
    expect(await failure(upload(memos))).toMatchObject({ kind: 'transient', maybeAccepted: true });
  });

  it('a slow answer still arrives, forwarded to the real server', async () => {
    proxy.inject({ endpoint: 'get/status', fault: { delayMs: 200 } });
    expect(await failure(client().getStatus('no-such-task'))).toMatchObject({ kind: 'not_found', code: 50131 });
  });

  it('faults apply in order, then requests pass: a retrying client ends with a completed task', async () => {
    proxy.inject({ endpoint: 'add/message', fault: { http: 503 } });
    proxy.inject({ endpoint: 'add/message', fault: { code: 50004 } });
    proxy.inject({ endpoint: 'add/message', fault: { delayMs: 50 } });
    proxy.inject({ endpoint: 'get/status', times: 2, fault: { http: 429 } });
    const before = { add: proxy.count('add/message'), status: proxy.count('get/status') };
    const memos = client({ retry: { maxAttempts: 4, baseDelayMs: 1, maxDelayMs: 5 } });
    const taskId = await upload(memos);
    expect(proxy.count('add/message') - before.add).toBe(3);
    expect((await waitForTask(memos, taskId)).status).toBe('completed');
    expect(proxy.count('get/status') - before.status).toBeGreaterThanOrEqual(3);
  });
});
