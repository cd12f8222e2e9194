import { describe, expect, it } from 'vitest';
import {
  AddMessageRequest,
  DeleteMemoryRequest,
  GetMemoryData,
  GetStatusData,
  MemoryFilter,
  SearchMemoryData,
  SearchMemoryRequest,
  UpdateMemoryRequest,
} from '../../src/shared/memos-wire.ts';

describe('memos-wire requests', () => {
  const base = { user_id: 'u1', conversation_id: 'c1', messages: [{ role: 'user', content: 'hi' }] };

  it('normalises asyncMode to async_mode and defaults it to true', () => {
    expect(AddMessageRequest.parse({ ...base, asyncMode: false }).async_mode).toBe(false);
    expect(AddMessageRequest.parse(base).async_mode).toBe(true);
    expect('asyncMode' in AddMessageRequest.parse({ ...base, asyncMode: true })).toBe(false);
  });

  it('rejects a user_id longer than 100 characters on the user_id path', () => {
    const result = AddMessageRequest.safeParse({ ...base, user_id: 'x'.repeat(101) });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path).toEqual(['user_id']);
    expect(result.error?.issues[0]?.code).toBe('too_big');
  });

  it('accepts up to 20 user ids and the three part types', () => {
    const parsed = AddMessageRequest.parse({
      ...base,
      user_id: Array.from({ length: 20 }, (_, index) => `u${index}`),
      messages: [
        {
          role: 'user',
          content: [
            { type: 'text', text: 'a.pdf' },
            { type: 'file', file: { file_data: 'QUJD', filename: 'a.pdf' } },
            { type: 'image_url', image_url: { url: 'data:image/png;base64,QUJD' } },
          ],
        },
      ],
      info: { scene: 'upload' },
    });
    expect(parsed.messages[0]?.content).toHaveLength(3);
    expect(AddMessageRequest.safeParse({ ...base, user_id: Array.from({ length: 21 }, () => 'u') }).success).toBe(false);
    expect(AddMessageRequest.safeParse({ ...base, info: { nested: { a: 1 } } }).success).toBe(false);
  });

  it('validates recursive filters', () => {
    expect(MemoryFilter.safeParse({ and: [{ scene: 'upload' }, { or: [{ tags: { contains: 'x' } }, { create_time: { gte: '2025-12-10' } }] }] }).success).toBe(true);
    expect(MemoryFilter.safeParse({ scene: 'upload' }).success).toBe(false);
    expect(MemoryFilter.safeParse({ and: [{ create_time: { between: '1' } }] }).success).toBe(false);
    expect(MemoryFilter.safeParse({ and: [{}] }).success).toBe(false);
  });

  it('caps search limits and requires a user or agent', () => {
    expect(SearchMemoryRequest.safeParse({ query: 'q', user_id: 'u', memory_limit_number: 25 }).success).toBe(true);
    expect(SearchMemoryRequest.safeParse({ query: 'q', user_id: 'u', memory_limit_number: 26 }).success).toBe(false);
    expect(SearchMemoryRequest.safeParse({ query: 'q' }).success).toBe(false);
    expect(SearchMemoryRequest.safeParse({ query: 'q', user_id: 'u', relativity: 1.5 }).success).toBe(false);
  });

  it('deletes by exactly one of memory_ids or user_id; updates need a change', () => {
    expect(DeleteMemoryRequest.safeParse({ memory_ids: ['a'] }).success).toBe(true);
    expect(DeleteMemoryRequest.safeParse({ user_id: 'u' }).success).toBe(true);
    expect(DeleteMemoryRequest.safeParse({ memory_ids: ['a'], user_id: 'u' }).success).toBe(false);
    expect(DeleteMemoryRequest.safeParse({}).success).toBe(false);
    expect(UpdateMemoryRequest.safeParse({ memory_id: 'm' }).success).toBe(false);
    expect(UpdateMemoryRequest.safeParse({ memory_id: 'm', title: 't' }).success).toBe(true);
  });
});

describe('memos-wire responses', () => {
  it('accepts get/status data as an object or a one-element list, with memory views', () => {
    const status = { task_id: 't', status: 'completed', extra: 1, memory_views: { added: 2, detail_factual: { memory_ids: ['m1'] }, preference: { memory_ids: null } } };
    const fromObject = GetStatusData.parse(status);
    expect(GetStatusData.parse([status])).toEqual(fromObject);
    expect(fromObject).not.toHaveProperty('extra');
    expect(fromObject.memory_views?.added).toBe(2);
    expect(fromObject.memory_views?.categories).toEqual({ detail_factual: { memory_ids: ['m1'] }, preference: { memory_ids: [] } });
    expect(GetStatusData.parse({ task_id: 't', status: 'failed', error: 'bad pdf' }).error).toBe('bad pdf');
  });

  it('normalises timestamps and null lists', () => {
    const data = SearchMemoryData.parse({
      memory_detail_list: [
        { id: 'a', memory_value: 'v', create_time: 1733788800000, update_time: '2024-12-10T00:00:00Z', tags: null },
        { id: 7, memory_value: 'w', create_time: '1733788800000', update_time: 'not a date' },
      ],
      preference_detail_list: null,
    });
    expect(data.memory_detail_list[0]?.create_time).toBe(1733788800000);
    expect(data.memory_detail_list[0]?.update_time).toBe(1733788800000);
    expect(data.memory_detail_list[0]?.tags).toEqual([]);
    expect(data.memory_detail_list[1]?.id).toBe('7');
    expect(data.memory_detail_list[1]?.create_time).toBe(1733788800000);
    expect(data.memory_detail_list[1]?.update_time).toBeUndefined();
    expect(data.preference_detail_list).toEqual([]);
    expect(data.tool_memory_detail_list).toEqual([]);
    expect(data.preference_note).toBe('');
  });

  it('reads one memory in any of its seen shapes', () => {
    const item = { id: 'm', memory_value: 'v' };
    expect(GetMemoryData.parse(item).id).toBe('m');
    expect(GetMemoryData.parse([item]).id).toBe('m');
    expect(GetMemoryData.parse({ memory_detail_list: [item] }).id).toBe('m');
  });
});
