import { inspect } from 'node:util';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { MemosClient } from '../../src/memos/client.ts';
import type { MemosClientOptions } from '../../src/memos/client.ts';
import { MemosError } from '../../src/memos/errors.ts';
import { MemosProfile } from '../../src/memos/profile.ts';
import { scanJsonBody } from './helpers/body-scanner.ts';
import { makeFiles, withHeader } from './helpers/files.ts';
import type { TempFiles } from './helpers/files.ts';
import { accepted, failure, ok, readBody, sendJson, startServer } from './helpers/http-server.ts';
import type { Handler, TestServer } from './helpers/http-server.ts';

const KEY = 'sk-errors-test-secret-0123456789';

let temp: TempFiles;
let server: TestServer | undefined;
let client: MemosClient | undefined;
let delays: number[] = [];

beforeAll(async () => {
  temp = await makeFiles({ 'docs/report.pdf': withHeader('%PDF-1.7\n', 20_000), 'docs/photo.png': withHeader([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], 999) });
});
afterAll(() => temp.cleanup());
afterEach(async () => {
  await client?.close();
  await server?.close();
  client = undefined;
  server = undefined;
});

/** A client against a fresh server; backoff sleeps are recorded and skipped so tests stay fast. */
async function setup(handler: Handler, options: MemosClientOptions = {}): Promise<{ server: TestServer; client: MemosClient; profile: MemosProfile }> {
  server = await startServer(handler);
  delays = [];
  const profile = new MemosProfile({ baseUrl: server.baseUrl, apiKey: KEY, userId: 'u1' });
  client = new MemosClient(profile, {
    retry: { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 4 },
    retryHooks: {
      sleep: async (ms) => {
        delays.push(ms);
      },
    },
    ...options,
  });
  return { server, client, profile };
}

async function drainThen(respond: Handler): Promise<Handler> {
  return async (request, response, index) => {
    await readBody(request);
    await respond(request, response, index);
  };
}

const upload = (target: MemosClient): Promise<unknown> => target.addMessage({ files: temp.files, conversationId: 'c1' });
const caught = (promise: Promise<unknown>): Promise<MemosError> =>
  promise.then(
    () => {
      throw new Error('expected a failure');
    },
    (error: unknown) => {
      if (!(error instanceof MemosError)) throw error;
      return error;
    },
  );

describe('MemosClient errors against real HTTP', () => {
  it('HTTP 429 with Retry-After is rate_limited, waits at least that long, then succeeds', async () => {
    const { server, client } = await setup(
      await drainThen((_request, response, index) => (index === 0 ? sendJson(response, failure(40300, 'slow down'), 429, { 'retry-after': '7' }) : sendJson(response, accepted()))),
    );
    await expect(upload(client)).resolves.toMatchObject({ task_id: 'task-1' });
    expect(server.requests).toBe(2);
    expect(delays).toEqual([7000]);
  });

  it('HTTP 500 then 503 are transient: add/message is re-sent because an error answer means not accepted', async () => {
    const { server, client } = await setup(
      await drainThen((_request, response, index) => (index < 2 ? sendJson(response, { error: 'boom' }, index === 0 ? 500 : 503) : sendJson(response, accepted()))),
    );
    await expect(upload(client)).resolves.toMatchObject({ status: 'running' });
    expect(server.requests).toBe(3);
  });

  it('a persistent 503 gives up after exactly maxAttempts', async () => {
    const { server, client } = await setup(await drainThen((_request, response) => sendJson(response, 'Service Unavailable', 503)));
    const error = await caught(upload(client));
    expect(error).toMatchObject({ kind: 'transient', httpStatus: 503, retryable: true, maybeAccepted: false });
    expect(server.requests).toBe(3);
  });

  it('business code 40300 is rate_limited and retried', async () => {
    const { server, client } = await setup(await drainThen((_request, response, index) => sendJson(response, index === 0 ? failure(40300) : accepted())));
    await expect(upload(client)).resolves.toMatchObject({ task_id: 'task-1' });
    expect(server.requests).toBe(2);
  });

  it('business code 40132 is auth and is not retried', async () => {
    const { server, client } = await setup(await drainThen((_request, response) => sendJson(response, failure(40132, 'api key expired'))));
    const error = await caught(upload(client));
    expect(error).toMatchObject({ kind: 'auth', code: 40132, retryable: false });
    expect(error.message).toContain('api key expired');
    expect(server.requests).toBe(1);
  });

  it('business code 50004 is transient and retried up to the limit', async () => {
    const { server, client } = await setup(await drainThen((_request, response) => sendJson(response, failure(50004))));
    expect(await caught(client.getStatus('t1'))).toMatchObject({ kind: 'transient', code: 50004 });
    expect(server.requests).toBe(3);
  });

  it('business code 50131 on get/status is not_found, asked once', async () => {
    const { server, client } = await setup(await drainThen((_request, response) => sendJson(response, failure(50131, 'task not found'))));
    expect(await caught(client.getStatus('missing'))).toMatchObject({ kind: 'not_found', code: 50131, endpoint: 'get/status' });
    expect(server.requests).toBe(1);
  });

  it('40000 caused by file.filename: retried once without it, and the profile remembers', async () => {
    const filenames: boolean[] = [];
    const { server, client, profile } = await setup(async (request, response) => {
      const { skeleton } = await scanJsonBody(request);
      const hasFilename = JSON.stringify(skeleton).includes('"filename"');
      filenames.push(hasFilename);
      sendJson(response, hasFilename ? failure(40000, 'unknown field filename') : accepted());
    });
    const learned: boolean[] = [];
    profile.onChange((snapshot) => learned.push(snapshot.sendFilename));
    await expect(upload(client)).resolves.toMatchObject({ task_id: 'task-1' });
    expect(filenames).toEqual([true, false]);
    expect(profile.sendFilename).toBe(false);
    expect(learned).toEqual([false]);
    await upload(client);
    expect(filenames).toEqual([true, false, false]);
    expect(server.requests).toBe(3);
  });

  it('40000 whatever is sent: invalid_request after exactly 2 attempts, filename kept', async () => {
    const { server, client, profile } = await setup(await drainThen((_request, response) => sendJson(response, failure(40000, 'bad'))));
    expect(await caught(upload(client))).toMatchObject({ kind: 'invalid_request', code: 40000, retryable: false });
    expect(server.requests).toBe(2);
    expect(profile.sendFilename).toBe(true);
  });

  it('HTTP 400 without an envelope triggers the same filename fallback', async () => {
    const { server, client, profile } = await setup(await drainThen((_request, response, index) => (index === 0 ? sendJson(response, 'Bad Request', 400) : sendJson(response, accepted()))));
    await upload(client);
    expect(server.requests).toBe(2);
    expect(profile.sendFilename).toBe(false);
  });

  it('a socket reset in the middle of the body is transient, not accepted, and re-sent', async () => {
    const big = await makeFiles({ 'big/archive.pdf': withHeader('%PDF-1.7\n', 24 * 1024 * 1024) });
    try {
      let completeBodies = 0;
      const { server, client } = await setup(async (request, response, index) => {
        if (index === 0) {
          request.once('data', () => request.socket.resetAndDestroy());
          return;
        }
        await readBody(request);
        completeBodies++;
        sendJson(response, accepted());
      });
      await expect(client.addMessage({ files: big.files, conversationId: 'c' })).resolves.toMatchObject({ task_id: 'task-1' });
      expect(server.requests).toBe(2);
      expect(completeBodies).toBe(1);
    } finally {
      await big.cleanup();
    }
  });

  it('no headers after the full body: add/message is transient, maybeAccepted, and not re-sent', async () => {
    const { server, client } = await setup(
      async (request) => {
        await readBody(request);
      },
      { headersTimeoutMs: 200 },
    );
    const error = await caught(upload(client));
    expect(error).toMatchObject({ kind: 'transient', maybeAccepted: true, retryable: false });
    expect(error.message).toContain('may have accepted');
    expect(server.requests).toBe(1);
  });

  it('no headers on get/status is retried, since asking twice does no harm', async () => {
    const { server, client } = await setup(
      await drainThen((_request, response, index) => {
        if (index > 0) sendJson(response, ok({ task_id: 't1', status: 'completed' }));
      }),
      { headersTimeoutMs: 200 },
    );
    await expect(client.getStatus('t1')).resolves.toMatchObject({ status: 'completed' });
    expect(server.requests).toBe(2);
  });

  it('connection refused is transient, not accepted, retried to the limit', async () => {
    const { server, client } = await setup(() => undefined);
    await server.close();
    const error = await caught(upload(client));
    expect(error).toMatchObject({ kind: 'transient', maybeAccepted: false, retryable: true });
    expect(error.message).toContain('ECONNREFUSED');
    expect(delays).toHaveLength(2);
  });

  it('an abort during a backoff sleep rejects promptly with the abort reason', async () => {
    const { server, client } = await setup(await drainThen((_request, response) => sendJson(response, failure(50000), 503)), {
      retry: { maxAttempts: 5, baseDelayMs: 120_000, maxDelayMs: 120_000 },
      retryHooks: { random: () => 1 },
    });
    const controller = new AbortController();
    const reason = new Error('user cancelled');
    const pending = client.addMessage({ files: temp.files, conversationId: 'c' }, { signal: controller.signal });
    while (server.requests === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    await new Promise((resolve) => setTimeout(resolve, 20));
    controller.abort(reason);
    await expect(pending).rejects.toBe(reason);
    expect(server.requests).toBe(1);
  });

  it('never shows the API key, even when the server echoes it', async () => {
    const { client, profile } = await setup(await drainThen((request, response) => sendJson(response, failure(40130, `invalid key ${String(request.headers.authorization)}`))));
    const error = await caught(upload(client));
    expect(error.kind).toBe('auth');
    for (const shown of [error.message, String(error), inspect(error, { depth: 5 }), JSON.stringify(error), String(client), inspect(client), JSON.stringify(client), String(profile), inspect(profile, { showHidden: true }), JSON.stringify(profile)]) {
      expect(shown).not.toContain(KEY);
    }
    expect(error.message).toContain('[redacted]');
  });
});
