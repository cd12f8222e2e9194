import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../src/server/store/db.ts';
import { MemoryStore } from '../../../src/server/store/memories.ts';
import { StoreInputError } from '../../../src/server/store/types.ts';
import { DAY, at, memory, openTestStore, type TestStore } from './helpers.ts';

let t: TestStore;

beforeEach(() => {
  t = openTestStore();
});

afterEach(() => {
  t.close();
});

const ids = (list: { id: string }[]): string[] => list.map((item) => item.id);

describe('MemoryStore writes and reads', () => {
  it('stores memories and returns them with every field', () => {
    const created = at('2025-12-10T08:00:00Z');
    const returned = t.store.insertMany([
      memory({
        id: 'm1',
        memory_key: 'Trip',
        memory_value: 'Flight to Berlin on Monday.',
        agent_id: 'agent-7',
        app_id: 'app-3',
        tags: ['mode:fine', 'travel'],
        info: { source_file: 'trip.pdf', page: '2' },
        confidence: 0.8,
        create_time: created,
      }),
      memory({ id: 'm2', user_id: 'bob', memory_type: 'WorkingMemory' }),
    ]);
    expect(returned).toEqual(['m1', 'm2']);
    expect(t.store.get('m1')).toEqual({
      id: 'm1',
      user_id: 'alice',
      conversation_id: 'conv-1',
      agent_id: 'agent-7',
      app_id: 'app-3',
      memory_key: 'Trip',
      memory_value: 'Flight to Berlin on Monday.',
      memory_type: 'LongTermMemory',
      status: 'activated',
      confidence: 0.8,
      tags: ['mode:fine', 'travel'],
      info: { source_file: 'trip.pdf', page: '2' },
      task_id: 'task-1',
      create_time: created,
      update_time: created,
    });
    expect(t.store.get('missing')).toBeUndefined();
  });

  it('gives new memories uuids and the current time', () => {
    const before = Date.now();
    const [id] = t.store.insertMany([{ ...memory({ id: 'x' }), id: undefined }]);
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    const stored = t.store.get(id as string);
    expect(stored?.create_time).toBeGreaterThanOrEqual(before);
    expect(stored?.update_time).toBe(stored?.create_time);
  });

  it('writes a batch all or nothing', () => {
    const bad = { ...memory({ id: 'b2' }), memory_type: 'Nonsense' as 'UserMemory' };
    expect(() => t.store.insertMany([memory({ id: 'b1' }), bad])).toThrow();
    expect(t.store.get('b1')).toBeUndefined();
    expect(t.store.search({ userId: 'alice', query: 'b1', relativity: 0 }).memory_detail_list).toEqual([]);
  });

  it("joins the caller's transaction, so the caller's rollback undoes the batch", () => {
    t.db.exec('BEGIN IMMEDIATE');
    t.store.insertMany([memory({ id: 'inside', memory_value: 'transaction test' })]);
    t.db.exec('ROLLBACK');
    expect(t.store.get('inside')).toBeUndefined();
    expect(t.store.search({ userId: 'alice', query: 'transaction', relativity: 0 }).memory_detail_list).toEqual([]);
  });

  it('keeps everything when the database file is reopened', () => {
    t.store.insertMany([memory({ id: 'kept', memory_value: '重启以后记忆还在 after a restart', tags: ['x'], info: { scene: 'upload' } })]);
    const before = t.store.get('kept');
    t.reopen();
    expect(t.store.get('kept')).toEqual(before);
    expect(ids(t.store.search({ userId: 'alice', query: '记忆' }).memory_detail_list)).toEqual(['kept']);
    expect(ids(t.store.search({ userId: 'alice', query: 'restart' }).memory_detail_list)).toEqual(['kept']);
    expect(t.store.list({ userId: 'alice', filter: { and: [{ scene: 'upload' }] } }).total).toBe(1);
  });
});

describe('word statistics', () => {
  it('follow writes made by this store and by another connection to the same file', () => {
    const otherDb = openDatabase(t.file);
    const other = new MemoryStore(otherDb);
    try {
      expect(t.store.search({ userId: 'alice', query: 'zebra' }).memory_detail_list).toEqual([]);
      t.store.insertMany([memory({ id: 'z1', memory_value: 'A zebra at the zoo' })]);
      expect(ids(t.store.search({ userId: 'alice', query: 'zebra' }).memory_detail_list)).toEqual(['z1']);

      expect(t.store.search({ userId: 'alice', query: 'okapi' }).memory_detail_list).toEqual([]);
      other.insertMany([memory({ id: 'o1', memory_value: 'An okapi in the forest' })]);
      expect(ids(t.store.search({ userId: 'alice', query: 'okapi' }).memory_detail_list)).toEqual(['o1']);
      other.delete({ memoryIds: ['o1'] });
      expect(t.store.search({ userId: 'alice', query: 'okapi', relativity: 0 }).memory_detail_list).toEqual([]);
    } finally {
      otherDb.close();
    }
  });
});

describe('MemoryStore.list (get/memory)', () => {
  beforeEach(() => {
    const start = at('2025-01-01T00:00:00Z');
    t.store.insertMany(Array.from({ length: 23 }, (_, i) => memory({ id: `p${String(i).padStart(2, '0')}`, create_time: start + i * DAY })));
    t.store.insertMany([memory({ id: 'other-user', user_id: 'bob' })]);
  });

  it('pages newest first with total, size, current and pages', () => {
    const first = t.store.list({ userId: 'alice', page: 1, size: 10 });
    expect(ids(first.memory_detail_list)).toEqual(['p22', 'p21', 'p20', 'p19', 'p18', 'p17', 'p16', 'p15', 'p14', 'p13']);
    expect({ total: first.total, size: first.size, current: first.current, pages: first.pages }).toEqual({ total: 23, size: 10, current: 1, pages: 3 });
    const last = t.store.list({ userId: 'alice', page: 3, size: 10 });
    expect(ids(last.memory_detail_list)).toEqual(['p02', 'p01', 'p00']);
    expect(last.pages).toBe(3);
  });

  it('defaults to page 1 of 10, clamps size to 50, and answers past the end with an empty page', () => {
    const defaults = t.store.list({ userId: 'alice' });
    expect([defaults.memory_detail_list.length, defaults.size, defaults.current]).toEqual([10, 10, 1]);
    const big = t.store.list({ userId: 'alice', size: 500 });
    expect([big.memory_detail_list.length, big.size, big.pages]).toEqual([23, 50, 1]);
    const past = t.store.list({ userId: 'alice', page: 9, size: 10 });
    expect([past.memory_detail_list.length, past.total, past.current, past.pages]).toEqual([0, 23, 9, 3]);
  });

  it('answers a user without memories with total 0 and 0 pages', () => {
    expect(t.store.list({ userId: 'nobody' })).toEqual({ memory_detail_list: [], total: 0, size: 10, current: 1, pages: 0 });
  });

  it('rejects a page or size below 1', () => {
    expect(() => t.store.list({ userId: 'alice', page: 0 })).toThrow(StoreInputError);
    expect(() => t.store.list({ userId: 'alice', size: 0 })).toThrow(StoreInputError);
    expect(() => t.store.list({ userId: 'alice', page: 1.5 })).toThrow(StoreInputError);
  });
});

describe('MemoryStore.delete', () => {
  beforeEach(() => {
    t.store.insertMany([
      memory({ id: 'a1', memory_value: 'The lighthouse keeper' }),
      memory({ id: 'a2', memory_value: 'A lighthouse in fog' }),
      memory({ id: 'b1', user_id: 'bob', memory_value: 'Bob saw a lighthouse' }),
      memory({ id: 'b2', user_id: 'bob', memory_value: '灯塔在海边' }),
    ]);
  });

  it('deletes by ids, counts what it deleted, and the index forgets them', () => {
    expect(t.store.delete({ memoryIds: ['a1', 'nope'] })).toBe(1);
    expect(t.store.get('a1')).toBeUndefined();
    expect(ids(t.store.search({ userId: 'alice', query: 'lighthouse', relativity: 0 }).memory_detail_list)).toEqual(['a2']);
    expect(t.store.delete({ memoryIds: [] })).toBe(0);
  });

  it("deletes all of a user's memories and nobody else's", () => {
    expect(t.store.delete({ userId: 'bob' })).toBe(2);
    expect(t.store.search({ userId: 'bob', query: 'lighthouse', relativity: 0 }).memory_detail_list).toEqual([]);
    expect(t.store.search({ userId: 'bob', query: '灯塔', relativity: 0 }).memory_detail_list).toEqual([]);
    expect(t.store.list({ userId: 'bob' }).total).toBe(0);
    expect(ids(t.store.search({ userId: 'alice', query: 'lighthouse', relativity: 0 }).memory_detail_list).sort()).toEqual(['a1', 'a2']);
  });

  it('leaves nothing behind for filters to find', () => {
    t.store.insertMany([memory({ id: 'tagged', tags: ['keep'], info: { scene: 'upload' } })]);
    expect(t.store.list({ userId: 'alice', filter: { and: [{ tags: { contains: 'keep' } }, { scene: 'upload' }] } }).total).toBe(1);
    t.store.delete({ memoryIds: ['tagged'] });
    expect(t.store.list({ userId: 'alice', filter: { or: [{ tags: { contains: 'keep' } }, { scene: 'upload' }] } }).total).toBe(0);
    t.store.delete({ userId: 'alice' });
    const left = t.db.prepare('SELECT (SELECT count(*) FROM memory_tags) + (SELECT count(*) FROM memory_info) AS n').get();
    expect(left).toEqual({ n: 0 });
  });

  it('deletes by ids for the task processor', () => {
    expect(t.store.deleteIds(['a2', 'b2'])).toBe(2);
    expect(t.store.deleteIds([])).toBe(0);
    expect([t.store.get('a2'), t.store.get('b2')]).toEqual([undefined, undefined]);
  });
});

describe('MemoryStore.update', () => {
  it('changes the text and the search follows it', () => {
    t.store.insertMany([memory({ id: 'u1', memory_key: 'Note', memory_value: 'Buy apples at the market', create_time: 1_000 })]);
    const updated = t.store.update('u1', { content: 'Buy oranges at the market', title: 'Shopping', status: 'archived' });
    expect(updated).toMatchObject({ id: 'u1', memory_key: 'Shopping', memory_value: 'Buy oranges at the market', status: 'archived', create_time: 1_000 });
    expect(updated?.update_time).toBeGreaterThan(1_000);
    expect(t.store.get('u1')).toMatchObject({ memory_key: 'Shopping', status: 'archived' });
    expect(t.store.search({ userId: 'alice', query: 'apples', relativity: 0 }).memory_detail_list).toEqual([]);
    expect(ids(t.store.search({ userId: 'alice', query: 'oranges' }).memory_detail_list)).toEqual(['u1']);
    expect(ids(t.store.search({ userId: 'alice', query: 'shopping' }).memory_detail_list)).toEqual(['u1']);
  });

  it('answers undefined for an unknown id and rejects an empty change', () => {
    expect(t.store.update('missing', { status: 'archived' })).toBeUndefined();
    t.store.insertMany([memory({ id: 'u2' })]);
    expect(() => t.store.update('u2', {})).toThrow(StoreInputError);
    expect(() => t.store.update('u2', { content: '  ' })).toThrow(StoreInputError);
  });
});

describe('MemoryStore.roughIdsOfTask', () => {
  it("lists only the task's rough-pass memories, which the refined pass then replaces", () => {
    t.store.insertMany([
      memory({ id: 'fast-1', task_id: 'job', memory_type: 'WorkingMemory', tags: ['mode:fast'], memory_value: 'draft text' }),
      memory({ id: 'fast-2', task_id: 'job', memory_type: 'WorkingMemory', tags: ['mode:fast', 'x'] }),
      memory({ id: 'fast-other', task_id: 'other', memory_type: 'WorkingMemory', tags: ['mode:fast'] }),
      memory({ id: 'fine-1', task_id: 'job', memory_type: 'LongTermMemory', tags: ['mode:fine'] }),
    ]);
    const rough = t.store.roughIdsOfTask('job');
    expect(rough).toEqual(['fast-1', 'fast-2']);
    t.store.deleteIds(rough);
    t.store.insertMany([memory({ id: 'fine-2', task_id: 'job', tags: ['mode:fine'], memory_value: 'refined text' })]);
    expect(t.store.roughIdsOfTask('job')).toEqual([]);
    expect(ids(t.store.search({ userId: 'alice', query: 'text', relativity: 0 }).memory_detail_list)).toEqual(['fine-2']);
  });
});
