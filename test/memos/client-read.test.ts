import { afterEach, describe, expect, it } from 'vitest';
import { MemosClient } from '../../src/memos/client.ts';
import { MemosError } from '../../src/memos/errors.ts';
import { MemosProfile } from '../../src/memos/profile.ts';
import { API_PATH, ok, readBody, sendJson, startServer } from './helpers/http-server.ts';
import type { TestServer } from './helpers/http-server.ts';

interface Seen {
  method: string;
  path: string;
  body: unknown;
}

let server: TestServer | undefined;
let client: MemosClient | undefined;
afterEach(async () => {
  await client?.close();
  await server?.close();
});

/** Answers each request with the next canned `data`, recording what was asked. */
async function serve(...answers: unknown[]): Promise<{ client: MemosClient; seen: Seen[] }> {
  const seen: Seen[] = [];
  server = await startServer(async (request, response, index) => {
    const raw = (await readBody(request)).toString('utf8');
    seen.push({ method: request.method ?? '', path: (request.url ?? '').slice(API_PATH.length), body: raw ? JSON.parse(raw) : undefined });
    sendJson(response, ok(answers[index]));
  });
  client = new MemosClient(new MemosProfile({ baseUrl: server.baseUrl, apiKey: 'k', userId: 'person' }), { retry: { baseDelayMs: 1, maxDelayMs: 2 } });
  return { client, seen };
}

describe('MemosClient reading calls', () => {
  it('get/status accepts data as a one-element list and surfaces the failure reason', async () => {
    const { client, seen } = await serve(
      [{ task_id: 't1', status: 'completed', memory_views: { added: 1, detail_factual: { memory_ids: ['m1'] } } }],
      { task_id: 't2', status: 'failed', error: 'page limit exceeded' },
    );
    expect(await client.getStatus('t1')).toEqual({
      task_id: 't1',
      status: 'completed',
      memory_views: { added: 1, updated: undefined, deleted: undefined, categories: { detail_factual: { memory_ids: ['m1'] } } },
      error: undefined,
    });
    expect((await client.getStatus('t2')).error).toBe('page limit exceeded');
    expect(seen[0]).toEqual({ method: 'POST', path: '/get/status', body: { task_id: 't1' } });
  });

  it('search/memory fills in the profile user, normalises timestamps and null lists', async () => {
    const { client, seen } = await serve({
      memory_detail_list: [
        { id: 'a', memory_key: 'k', memory_value: 'v', memory_type: 'LongTermMemory', create_time: 1765324800000, update_time: '2025-12-10T00:00:00.000Z', tags: ['mode:fine'], relativity: 0.9, surprise: true },
      ],
      preference_detail_list: null,
      preference_note: null,
    });
    const result = await client.searchMemory({ query: 'q3 revenue', memory_limit_number: 5, filter: { and: [{ scene: 'upload' }] } });
    expect(seen[0]?.body).toEqual({ query: 'q3 revenue', memory_limit_number: 5, filter: { and: [{ scene: 'upload' }] }, user_id: 'person' });
    expect(result.memory_detail_list[0]).toMatchObject({ id: 'a', create_time: 1765324800000, update_time: 1765324800000, tags: ['mode:fine'] });
    expect(result.memory_detail_list[0]).not.toHaveProperty('surprise');
    expect(result.preference_detail_list).toEqual([]);
    expect(result.tool_memory_detail_list).toEqual([]);
    expect(result.preference_note).toBe('');
  });

  it('get/memory pages, GET get/memory/{id}, delete/memory and update/memory', async () => {
    const { client, seen } = await serve(
      { memory_detail_list: [{ id: 'a', memory_value: 'v', info: { scene: 'upload' } }], total: 1, size: 10, current: 1, pages: 1 },
      { id: 'x/y', memory_value: 'one' },
      { success: true },
      null,
    );
    expect(await client.getMemories({ page: 1, size: 10 })).toMatchObject({ total: 1, memory_detail_list: [{ id: 'a', info: { scene: 'upload' } }] });
    expect(await client.getMemory('x/y')).toMatchObject({ id: 'x/y', memory_value: 'one' });
    expect(await client.deleteMemory({ memory_ids: ['a'] })).toEqual({ success: true });
    expect(await client.updateMemory({ memory_id: 'a', title: 'New title' })).toEqual({ success: true });
    expect(seen.map(({ method, path }) => `${method} ${path}`)).toEqual(['POST /get/memory', 'GET /get/memory/x%2Fy', 'POST /delete/memory', 'POST /update/memory']);
    expect(seen[0]?.body).toEqual({ page: 1, size: 10, user_id: 'person' });
  });

  it('refuses to send requests the API would reject', async () => {
    const { client, seen } = await serve();
    const tooMany = await client.searchMemory({ query: 'q', memory_limit_number: 26 }).catch((error: unknown) => error);
    expect(tooMany).toBeInstanceOf(MemosError);
    expect(tooMany).toMatchObject({ kind: 'invalid_request' });
    await expect(client.getMemories({ size: 51 })).rejects.toMatchObject({ kind: 'invalid_request' });
    await expect(client.deleteMemory({ memory_ids: [] })).rejects.toMatchObject({ kind: 'invalid_request' });
    await expect(client.addMessage({ files: [], conversationId: 'x'.repeat(101) })).rejects.toMatchObject({ kind: 'invalid_request' });
    expect(seen).toHaveLength(0);
  });

  it('an answer that is not an envelope is transient; for add/message it may have been accepted', async () => {
    server = await startServer(async (request, response) => {
      await readBody(request);
      response.end('<html>proxy page</html>');
    });
    client = new MemosClient(new MemosProfile({ baseUrl: server.baseUrl, apiKey: 'k', userId: 'u' }), { retry: { maxAttempts: 2, baseDelayMs: 1, maxDelayMs: 2 } });
    await expect(client.getStatus('t')).rejects.toMatchObject({ kind: 'transient', maybeAccepted: false });
    expect(server.requests).toBe(2);
    await expect(client.addMessage({ files: [], conversationId: 'c', messages: [{ role: 'user', content: 'hello' }] })).rejects.toMatchObject({ kind: 'transient', maybeAccepted: true, retryable: false });
    expect(server.requests).toBe(3);
  });
});
