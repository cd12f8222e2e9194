import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer, TOKEN, USER } from './test-server.ts';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(async () => {
  await t.stop();
});

const longId = 'x'.repeat(101);

async function addText(content: string, extra: Record<string, unknown> = {}): Promise<string> {
  const { envelope } = await t.post('add/message', { user_id: USER, conversation_id: 'c1', messages: [{ role: 'user', content }], async_mode: false, ...extra });
  expect(envelope.code).toBe(0);
  return (envelope.data as { task_id: string }).task_id;
}

describe('authorization', () => {
  it('answers 40100 without a token and 40132 with a wrong one, never echoing it', async () => {
    const missing = await t.post('search/memory', { user_id: USER, query: 'x' }, null);
    expect(missing.envelope).toMatchObject({ code: 40100, data: null });
    const wrong = await t.post('search/memory', { user_id: USER, query: 'x' }, 'not-the-token');
    expect(wrong.envelope.code).toBe(40132);
    expect(JSON.stringify(wrong.envelope)).not.toContain('not-the-token');
  });
});

describe('add/message', () => {
  it('accepts the documented example unchanged and answers with a task', async () => {
    const { status, envelope } = await t.post('add/message', {
      user_id: 'memos_user_123',
      conversation_id: 'memos_conversation_123',
      messages: [
        { role: 'user', content: 'I have planned to travel to Guangzhou during the summer vacation.' },
        { role: 'assistant', content: 'Sounds great! Which attractions do you plan to visit?' },
      ],
    });
    expect(status).toBe(200);
    expect(envelope).toMatchObject({ code: 0, message: 'ok', data: { success: true, status: expect.stringMatching(/^(running|completed)$/) } });
    expect((envelope.data as { task_id: string }).task_id).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('completes text-only messages at once with async_mode false, also spelled asyncMode', async () => {
    for (const spelling of ['async_mode', 'asyncMode']) {
      const { envelope } = await t.post('add/message', { user_id: USER, conversation_id: 'c1', messages: [{ role: 'user', content: `spelling ${spelling}` }], [spelling]: false });
      expect(envelope.data).toMatchObject({ status: 'completed' });
      const status = await t.post('get/status', { task_id: (envelope.data as { task_id: string }).task_id });
      expect(status.envelope.data).toMatchObject({ status: 'completed', memory_views: { added: [expect.any(String)], detail_factual: { memory_ids: [expect.any(String)] } } });
    }
  });

  it('takes user_id as a list and tags and info', async () => {
    const { envelope } = await t.post('add/message', {
      user_id: [USER, 'friend'],
      conversation_id: 'group',
      messages: [{ role: 'user', content: [{ type: 'text', text: 'group chat about kayaks' }] }],
      tags: ['trip'],
      info: { scene: 'chat' },
      async_mode: false,
    });
    expect(envelope.code).toBe(0);
    const found = await t.post('search/memory', { user_id: USER, query: 'kayaks', filter: { and: [{ tags: { contains: 'trip' } }, { scene: 'chat' }] } });
    expect((found.envelope.data as { memory_detail_list: unknown[] }).memory_detail_list).toHaveLength(1);
  });

  it('answers the documented codes for ids over 100 characters', async () => {
    expect((await t.post('add/message', { user_id: longId, conversation_id: 'c', messages: [{ role: 'user', content: 'x' }] })).envelope.code).toBe(40010);
    expect((await t.post('add/message', { user_id: USER, conversation_id: longId, messages: [{ role: 'user', content: 'x' }] })).envelope.code).toBe(40011);
  });

  it('answers invalid JSON with HTTP 400 and code 40000, and keeps serving', async () => {
    const broken = await t.post('add/message', '{"user_id": "a", "messages": [');
    expect(broken.status).toBe(400);
    expect(broken.envelope.code).toBe(40000);
    expect(broken.envelope.message).toMatch(/JSON/);
    expect(broken.envelope.message).not.toMatch(/at .*\.ts:\d+/);
    expect((await t.post('search/memory', { user_id: USER, query: 'anything' })).envelope.code).toBe(0);
  });

  it('rejects a body that is not the documented shape with 40000 naming the field', async () => {
    const { envelope } = await t.post('add/message', { user_id: USER, conversation_id: 'c', messages: [{ role: 'robot', content: 'x' }] });
    expect(envelope.code).toBe(40000);
    expect(envelope.message).toContain('messages.0.role');
  });
});

describe('get/status', () => {
  it('answers 50131 for an unknown task', async () => {
    expect((await t.post('get/status', { task_id: 'no-such-task' })).envelope).toMatchObject({ code: 50131, data: null });
  });
});

describe('search/memory', () => {
  it('finds Chinese and English text and shapes results as the contract says', async () => {
    await addText('今天的会议讨论了第三季度的预算和招聘计划');
    await addText('The quarterly budget meeting covered hiring plans');
    const zh = await t.post('search/memory', { user_id: USER, query: '预算' });
    const en = await t.post('search/memory', { user_id: USER, query: 'budget hiring' });
    for (const answer of [zh, en]) {
      expect(answer.envelope.code).toBe(0);
      const data = answer.envelope.data as Record<string, unknown[]>;
      expect(data).toMatchObject({ preference_detail_list: [], tool_memory_detail_list: [], preference_note: '' });
      expect(data.memory_detail_list?.[0]).toMatchObject({
        id: expect.any(String),
        memory_key: expect.any(String),
        memory_value: expect.any(String),
        memory_type: 'LongTermMemory',
        create_time: expect.any(Number),
        update_time: expect.any(Number),
        conversation_id: 'c1',
        status: 'activated',
        tags: ['mode:fine'],
        relativity: expect.any(Number),
      });
    }
    expect(JSON.stringify(zh.envelope.data)).toContain('第三季度');
    expect(JSON.stringify(en.envelope.data)).toContain('quarterly budget');
  });

  it('keeps users apart and rejects limits over 25 and an empty query', async () => {
    await addText('secret plans of another user', { user_id: 'someone-else' });
    const mine = await t.post('search/memory', { user_id: USER, query: 'secret plans', relativity: 0 });
    expect(JSON.stringify(mine.envelope.data)).not.toContain('another user');
    expect((await t.post('search/memory', { user_id: USER, query: 'x', memory_limit_number: 26 })).envelope.code).toBe(40000);
    expect((await t.post('search/memory', { user_id: USER, query: '' })).envelope.code).toBe(40000);
  });

  it('answers an unusable filter with 40000', async () => {
    const { envelope } = await t.post('search/memory', { user_id: USER, query: 'budget', filter: { and: [{ create_time: { gt: 'not a date' } }] } });
    expect(envelope.code).toBe(40000);
  });
});

describe('get/memory, GET get/memory/{id}, update/memory, delete/memory', () => {
  it('pages, fetches one, updates and deletes as documented', async () => {
    const user = 'pager';
    for (const n of [1, 2, 3]) await addText(`note number ${n} about gardening`, { user_id: user });
    const page = await t.post('get/memory', { user_id: user, page: 2, size: 2 });
    expect(page.envelope.data).toMatchObject({ total: 3, size: 2, current: 2, pages: 2, preference_detail_list: [], tool_memory_detail_list: [] });
    const [item] = (page.envelope.data as { memory_detail_list: { id: string }[] }).memory_detail_list;
    const id = item?.id ?? '';

    const one = await request(`${t.server.baseUrl}/get/memory/${id}`, { headers: { authorization: `Token ${TOKEN}` } });
    expect(((await one.body.json()) as { data: { id: string } }).data.id).toBe(id);

    expect((await t.post('update/memory', { memory_id: id, content: 'now about beekeeping' })).envelope).toMatchObject({ code: 0, data: { success: true } });
    const bees = await t.post('search/memory', { user_id: user, query: 'beekeeping' });
    expect((bees.envelope.data as { memory_detail_list: { id: string }[] }).memory_detail_list.map((memory) => memory.id)).toEqual([id]);
    expect((await t.post('update/memory', { memory_id: 'missing', content: 'x' })).envelope.code).toBe(40000);

    expect((await t.post('delete/memory', { memory_ids: [id] })).envelope).toMatchObject({ code: 0, data: { success: true } });
    expect((await t.post('get/memory', { user_id: user })).envelope.data).toMatchObject({ total: 2 });
    expect((await t.post('delete/memory', { user_id: user })).envelope.code).toBe(0);
    expect((await t.post('get/memory', { user_id: user })).envelope.data).toMatchObject({ total: 0, pages: 0 });
    expect((await t.post('delete/memory', { user_id: user, memory_ids: ['a'] })).envelope.code).toBe(40000);
  });
});

describe('unknown routes and methods', () => {
  it('answers 404 and 405 with an envelope', async () => {
    expect((await t.post('no/such/route', {})).status).toBe(404);
    const wrongMethod = await request(`${t.server.baseUrl}/search/memory`, { method: 'GET', headers: { authorization: `Token ${TOKEN}` } });
    expect(wrongMethod.statusCode).toBe(405);
    expect(((await wrongMethod.body.json()) as { code: number }).code).toBe(40000);
  });
});
