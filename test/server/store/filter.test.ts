import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StoreInputError } from '../../../src/server/store/types.ts';
import { at, memory, openTestStore, type TestStore } from './helpers.ts';

let t: TestStore;

beforeAll(() => {
  t = openTestStore();
  t.store.insertMany([
    memory({ id: 'm1', memory_value: 'report one', create_time: at('2025-12-09T10:00:00Z'), agent_id: 'a1', app_id: 'x', info: { scene: 'upload', source_file: 'a.pdf' }, tags: ['work', 'mode:fine'] }),
    memory({ id: 'm2', memory_value: 'report two', create_time: at('2025-12-10T00:00:00Z'), agent_id: 'a1', app_id: 'y', info: { scene: 'chat' }, tags: ['personal'] }),
    memory({ id: 'm3', memory_value: 'report three', create_time: at('2025-12-10T23:59:59.999Z'), agent_id: 'a2', app_id: 'x', info: { scene: 'upload', page: '3' }, tags: ['work'] }),
    memory({ id: 'm4', memory_value: 'report four', create_time: at('2025-12-11T00:00:00Z') }),
    memory({ id: 'm5', memory_value: 'report five', create_time: at('2025-12-12T08:00:00Z'), update_time: at('2025-12-20T09:00:00Z'), agent_id: 'a2', tags: ['work', 'urgent'] }),
    memory({ id: 'other', user_id: 'bob', memory_value: 'report of bob', create_time: at('2025-12-10T12:00:00Z'), agent_id: 'a1', tags: ['work'] }),
  ]);
});

afterAll(() => {
  t.close();
});

function listed(filter: unknown): string[] {
  return t.store
    .list({ userId: 'alice', filter, size: 50 })
    .memory_detail_list.map((item) => item.id)
    .sort();
}

describe('filters on get/memory', () => {
  it.each([
    ['agent_id equality', { and: [{ agent_id: 'a1' }] }, ['m1', 'm2']],
    ['app_id equality', { and: [{ app_id: 'x' }] }, ['m1', 'm3']],
    ['a date is the whole UTC day', { and: [{ create_time: '2025-12-10' }] }, ['m2', 'm3']],
    ['gte a date', { and: [{ create_time: { gte: '2025-12-10' } }] }, ['m2', 'm3', 'm4', 'm5']],
    ['gt a date starts the next day', { and: [{ create_time: { gt: '2025-12-10' } }] }, ['m4', 'm5']],
    ['lt a date', { and: [{ create_time: { lt: '2025-12-10' } }] }, ['m1']],
    ['lte a date includes the day', { and: [{ create_time: { lte: '2025-12-10' } }] }, ['m1', 'm2', 'm3']],
    ['gt a full ISO time', { and: [{ create_time: { gt: '2025-12-10T12:00:00Z' } }] }, ['m3', 'm4', 'm5']],
    ['a range in one condition', { and: [{ create_time: { gte: '2025-12-10', lt: '2025-12-11' } }] }, ['m2', 'm3']],
    ['update_time range', { and: [{ update_time: { gte: '2025-12-15' } }] }, ['m5']],
    ['an info key written flat', { and: [{ scene: 'upload' }] }, ['m1', 'm3']],
    ['another info key', { and: [{ page: '3' }] }, ['m3']],
    ['tags contains', { and: [{ tags: { contains: 'work' } }] }, ['m1', 'm3', 'm5']],
    ['tags contains a system tag', { and: [{ tags: { contains: 'mode:fine' } }] }, ['m1']],
    ['or', { or: [{ agent_id: 'a2' }, { scene: 'chat' }] }, ['m2', 'm3', 'm5']],
    ['and of several', { and: [{ agent_id: 'a2' }, { tags: { contains: 'urgent' } }] }, ['m5']],
    [
      'nested and/or',
      { and: [{ tags: { contains: 'work' } }, { or: [{ app_id: 'x' }, { create_time: { gt: '2025-12-11' } }] }] },
      ['m1', 'm3', 'm5'],
    ],
    ['or inside or inside and', { and: [{ or: [{ or: [{ agent_id: 'a1' }] }, { page: '3' }] }] }, ['m1', 'm2', 'm3']],
    ['a condition that matches nothing', { and: [{ scene: 'nowhere' }] }, []],
    ['an empty filter', {}, ['m1', 'm2', 'm3', 'm4', 'm5']],
    ['an empty and', { and: [] }, ['m1', 'm2', 'm3', 'm4', 'm5']],
  ])('%s', (_name, filter, expected) => {
    expect(listed(filter)).toEqual(expected);
  });

  it('counts only what the filter keeps', () => {
    const page = t.store.list({ userId: 'alice', filter: { and: [{ tags: { contains: 'work' } }] }, size: 2 });
    expect([page.total, page.pages, page.memory_detail_list.length]).toEqual([3, 2, 2]);
  });

  it('never reaches another user', () => {
    expect(listed({ or: [{ agent_id: 'a1' }, { tags: { contains: 'work' } }] })).not.toContain('other');
  });
});

describe('filters on search', () => {
  it('applies the same language to search results', () => {
    const hits = t.store.search({ userId: 'alice', query: 'report', relativity: 0, filter: { and: [{ scene: 'upload' }, { create_time: { lt: '2025-12-10' } }] } });
    expect(hits.memory_detail_list.map((item) => item.id)).toEqual(['m1']);
  });
});

describe('invalid filters', () => {
  it.each([
    ['an unknown operator', { and: [{ create_time: { between: ['2025-01-01', '2025-02-01'] } }] }, /unknown operator "between"/],
    ['a range on a non-time field', { and: [{ agent_id: { gt: 'a' } }] }, /range operators apply only to create_time and update_time/],
    ['tags without contains', { and: [{ tags: { has: 'work' } }] }, /tags accepts only/],
    ['a date that is not one', { and: [{ create_time: { gte: 'yesterday' } }] }, /"yesterday" is not a date/],
    ['and that is not a list', { and: { agent_id: 'a1' } }, /filter\.and: expected a list/],
    ['a list as the root', [{ agent_id: 'a1' }], /expected an object/],
    ['a null value', { and: [{ agent_id: null }] }, /filter\.and\[0\]\.agent_id: expected a string/],
    ['an empty condition', { or: [{}] }, /empty condition/],
    ['nesting without end', JSON.parse('{"and":['.repeat(12) + '{"a":"b"}' + ']}'.repeat(12)) as unknown, /nested deeper/],
  ])('rejects %s with a message naming the place', (_name, filter, message) => {
    expect(() => t.store.list({ userId: 'alice', filter })).toThrow(StoreInputError);
    expect(() => t.store.list({ userId: 'alice', filter })).toThrow(message);
    expect(() => t.store.search({ userId: 'alice', query: 'report', filter })).toThrow(message);
  });
});
