import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_RELATIVITY, MAX_MEMORY_LIMIT } from '../../../src/server/store/search.ts';
import { type SearchDetail, StoreInputError } from '../../../src/server/store/types.ts';
import { memory, openTestStore, type TestStore } from './helpers.ts';

let t: TestStore;

const CORPUS = {
  'en-garden': 'Planted tomatoes and basil in the garden on Saturday. The garden needs watering every morning.',
  'en-budget': 'The project budget for 2025 was approved by the finance team.',
  'en-flight': 'Flight to Berlin departs at 9:40 from Terminal 2; the hotel is booked near the station.',
  'en-memory': 'MemOS is a memory system: it stores memories and lets agents search them.',
  'en-coffee': 'Coffee with Maria about the garden design and the budget.',
  'zh-memory': '记忆系统可以帮助我们记住重要的事情。',
  'zh-park': '今天天气很好，我想去公园散步。',
  'zh-ai': '人工智能技术发展迅速，很多公司都在研究大模型。',
  'zh-meeting': '明天上午十点开项目会议，讨论预算和进度。',
  'zh-doctor': '下周三去医院看医生，记得带上体检报告。',
  'mixed': 'Notes from the 技术 meeting: deploy the search 服务 on Friday.',
};

beforeAll(() => {
  t = openTestStore();
  t.store.insertMany(Object.entries(CORPUS).map(([id, text]) => memory({ id, memory_key: text.slice(0, 12), memory_value: text })));
  t.store.insertMany([
    memory({ id: 'bob-garden', user_id: 'bob', memory_value: "Bob's garden has roses and a garden shed." }),
    memory({ id: 'bob-memory', user_id: 'bob', memory_value: '我的记忆很差，记忆系统很有用。' }),
    memory({ id: 'conv-a', conversation_id: 'a', memory_value: 'Quarterly report draft for the board.' }),
    memory({ id: 'conv-b', conversation_id: 'b', memory_value: 'Quarterly report draft for the board.' }),
    ...Array.from({ length: 30 }, (_, i) => memory({ id: `beacon-${i}`, conversation_id: 'beacons', memory_value: `Beacon note number ${i}: the beacon is lit.` })),
  ]);
});

afterAll(() => {
  t.close();
});

function search(query: string, options: { relativity?: number; limit?: number; conversationId?: string; userId?: string } = {}): SearchDetail[] {
  return t.store.search({ userId: 'alice', query, ...options }).memory_detail_list;
}

const ids = (hits: SearchDetail[]): string[] => hits.map((hit) => hit.id);

describe('language', () => {
  it.each([
    ['记忆', 'zh-memory'],
    ['公园', 'zh-park'],
    ['想去', 'zh-park'],
    ['人工智能', 'zh-ai'],
    ['记忆系统', 'zh-memory'],
    ['预算', 'zh-meeting'],
    ['体检报告', 'zh-doctor'],
  ])('the Chinese query %s finds Chinese text', (query, expected) => {
    expect(ids(search(query))).toEqual([expected]);
  });

  it.each([
    ['garden', ['en-garden', 'en-coffee']],
    ['memories', ['en-memory']],
    ['Berlin hotel', ['en-flight']],
    ['budget', ['en-budget', 'en-coffee']],
  ])('the English query %s finds English text', (query, expected) => {
    expect(ids(search(query, { relativity: 0 })).sort()).toEqual([...expected].sort());
  });

  it('finds Chinese and English words in mixed text', () => {
    expect(ids(search('服务'))).toEqual(['mixed']);
    expect(ids(search('deploy'))).toEqual(['mixed']);
  });

  it('matches a query word inside a longer text word and a longer query inside text cut differently', () => {
    expect(ids(search('记住'))).toEqual(['zh-memory']);
    expect(ids(search('我想去公园'))).toEqual(['zh-park']);
    expect(search('想去医院')).toEqual([]);
  });
});

describe('relativity', () => {
  it('is in 0..1, in descending order, high for the best match of a good query', () => {
    const hits = search('garden watering tomatoes', { relativity: 0 });
    expect(ids(hits)).toEqual(['en-garden', 'en-coffee']);
    for (const hit of hits) expect(hit.relativity).toBeGreaterThan(0);
    for (const hit of hits) expect(hit.relativity).toBeLessThanOrEqual(1);
    expect(hits[0]?.relativity).toBeGreaterThan(0.7);
    expect(hits[1]?.relativity).toBeLessThan(DEFAULT_RELATIVITY);
  });

  it('orders every answer by relativity', () => {
    for (const query of ['beacon', 'report draft board', '记忆 公园 会议', 'the']) {
      const values = search(query, { relativity: 0, limit: 25 }).map((hit) => hit.relativity);
      expect(values).toEqual([...values].sort((a, b) => b - a));
    }
  });

  it('drops matches under the floor: 0.45 by default, any floor given, none at 0', () => {
    expect(ids(search('garden watering tomatoes'))).toEqual(['en-garden']);
    expect(search('garden watering tomatoes', { relativity: 0.999 })).toEqual([]);
    expect(search('garden watering tomatoes', { relativity: 0 })).toHaveLength(2);
  });

  it('rejects a floor outside 0..1', () => {
    expect(() => search('garden', { relativity: 1.5 })).toThrow(StoreInputError);
    expect(() => search('garden', { relativity: -0.1 })).toThrow(StoreInputError);
  });
});

describe('memory_limit_number', () => {
  it('defaults to 9, honours smaller limits and clamps larger ones to 25', () => {
    expect(search('beacon', { relativity: 0 })).toHaveLength(9);
    expect(search('beacon', { relativity: 0, limit: 3 })).toHaveLength(3);
    expect(search('beacon', { relativity: 0, limit: 100 })).toHaveLength(MAX_MEMORY_LIMIT);
  });

  it('rejects a limit below 1', () => {
    expect(() => search('beacon', { limit: 0 })).toThrow(StoreInputError);
    expect(() => search('beacon', { limit: 2.5 })).toThrow(StoreInputError);
  });
});

describe('conversation_id', () => {
  it('boosts memories of the conversation without leaving the others out', () => {
    expect(ids(search('quarterly report', { conversationId: 'a' }))).toEqual(['conv-a', 'conv-b']);
    expect(ids(search('quarterly report', { conversationId: 'b' }))).toEqual(['conv-b', 'conv-a']);
    const [boosted, plain] = search('quarterly report', { conversationId: 'b' });
    expect(boosted?.relativity).toBeGreaterThan(plain?.relativity ?? 1);
    expect(ids(search('garden', { conversationId: 'a', relativity: 0 })).sort()).toEqual(['en-coffee', 'en-garden']);
  });
});

describe('isolation', () => {
  it("never returns another user's memories", () => {
    expect(ids(search('garden', { userId: 'bob', relativity: 0 }))).toEqual(['bob-garden']);
    expect(ids(search('记忆', { userId: 'bob', relativity: 0 }))).toEqual(['bob-memory']);
    expect(ids(search('记忆', { relativity: 0 }))).toEqual(['zh-memory']);
    expect(search('garden', { userId: 'carol', relativity: 0 })).toEqual([]);
  });
});

describe('query text', () => {
  it.each(['"garden', 'garden*', '-garden', 'NEAR(garden watering)', 'garden OR', '(garden', 'garden AND NOT', 'body:garden', 'scope:garden', "garden' --", '{garden}', 'garden^2'])(
    'treats FTS5 syntax in %s as plain words',
    (query) => {
      expect(ids(search(query, { relativity: 0 }))).toContain('en-garden');
    },
  );

  it('answers a query of only punctuation or FTS operators with nothing, without an error', () => {
    expect(search('!!! ??? ***', { relativity: 0 })).toEqual([]);
    expect(() => search('AND OR NOT NEAR', { relativity: 0 })).not.toThrow();
  });

  it('rejects an empty query', () => {
    expect(() => search('')).toThrow(StoreInputError);
    expect(() => search('   ')).toThrow(/query must not be empty/);
  });
});

describe('answer shape', () => {
  it('has the contract fields, info for the UI, and empty preference and tool lists', () => {
    const answer = t.store.search({ userId: 'alice', query: 'Berlin' });
    expect(answer.preference_detail_list).toEqual([]);
    expect(answer.tool_memory_detail_list).toEqual([]);
    expect(answer.preference_note).toBe('');
    expect(Object.keys(answer.memory_detail_list[0] ?? {}).sort()).toEqual(
      ['confidence', 'conversation_id', 'create_time', 'id', 'info', 'memory_key', 'memory_type', 'memory_value', 'relativity', 'status', 'tags', 'update_time'].sort(),
    );
  });
});
