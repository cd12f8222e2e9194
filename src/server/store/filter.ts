import type { SQLInputValue } from 'node:sqlite';
import { StoreInputError } from './types.ts';

/**
 * The MemOS filter language, compiled to a SQL condition over the `memories` row alias `m`.
 *
 * Root `{"and": [...]}` or `{"or": [...]}`, nested freely; a bare condition object is accepted
 * as a root too. A condition object's keys are all required (several keys mean "and"):
 * - `agent_id`, `app_id` (and, as an extension, `conversation_id`, `memory_type`, `status`):
 *   equality on the column;
 * - `create_time`, `update_time`: a date string ("2025-12-10", full ISO) or epoch ms, alone
 *   (equality) or under `gt`/`gte`/`lt`/`lte`. A date without a time is the whole UTC day, so
 *   `{"lte": "2025-12-10"}` includes that day and `{"gt": "2025-12-10"}` starts the next;
 * - `tags`: `{"contains": "x"}` (or just `"x"`): the memory has tag x;
 * - any other key: equality on that `info` key.
 * Empty `and`/`or` lists, `{}` and null constrain nothing. Anything else is a StoreInputError naming where.
 */

/**
 * Tags and info pairs are also kept one per row (`memory_tags`, `memory_info`, indexed), so a
 * condition on them is an index lookup SQLite runs once per query, not JSON parsed per memory.
 */
export interface CompiledFilter {
  sql: string;
  params: SQLInputValue[];
}

const COLUMNS = new Set(['agent_id', 'app_id', 'conversation_id', 'memory_type', 'status']);
const TIMES = new Set(['create_time', 'update_time']);
const RANGE_OPS = { gt: '>', gte: '>=', lt: '<', lte: '<=' } as const;
const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
const DAY_MS = 86_400_000;
const MAX_DEPTH = 8;
const MAX_CONDITIONS = 200;

type RangeOp = keyof typeof RANGE_OPS;

interface Context {
  params: SQLInputValue[];
  conditions: number;
}

function fail(path: string, message: string): never {
  throw new StoreInputError(`invalid filter at ${path}: ${message}`);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function scalar(value: unknown, path: string): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return fail(path, 'expected a string value');
}

/** The half-open interval [start, end) in epoch ms that a time value denotes. */
function timeInterval(value: unknown, path: string): { start: number; end: number } {
  if (typeof value === 'number' && Number.isFinite(value)) return { start: value, end: value + 1 };
  if (typeof value !== 'string' || value.trim() === '') return fail(path, 'expected a date such as "2025-12-10" or an ISO date-time');
  const text = value.trim();
  if (/^\d+$/.test(text)) return { start: Number(text), end: Number(text) + 1 };
  const start = Date.parse(DATE_ONLY.test(text) ? `${text}T00:00:00Z` : text);
  if (Number.isNaN(start)) return fail(path, `"${text}" is not a date such as "2025-12-10" or an ISO date-time`);
  return { start, end: DATE_ONLY.test(text) ? start + DAY_MS : start + 1 };
}

function timeCondition(column: string, value: unknown, path: string, ctx: Context): string {
  if (!isPlainObject(value)) {
    const { start, end } = timeInterval(value, path);
    ctx.params.push(start, end);
    return `(m.${column} >= ? AND m.${column} < ?)`;
  }
  const ops = Object.entries(value);
  if (ops.length === 0) return fail(path, 'expected one of gt, gte, lt, lte');
  return ops
    .map(([op, bound]) => {
      if (!(op in RANGE_OPS)) return fail(`${path}.${op}`, `unknown operator "${op}" (use gt, gte, lt, lte)`);
      const { start, end } = timeInterval(bound, `${path}.${op}`);
      // Compare against the interval's edge so a whole day counts as one value.
      const edge = op === 'gt' || op === 'lte' ? end : start;
      const sqlOp = op === 'lte' ? '<' : op === 'gt' ? '>=' : RANGE_OPS[op as RangeOp];
      ctx.params.push(edge);
      return `m.${column} ${sqlOp} ?`;
    })
    .join(' AND ');
}

function fieldCondition(field: string, value: unknown, path: string, ctx: Context): string {
  if (++ctx.conditions > MAX_CONDITIONS) fail(path, `more than ${MAX_CONDITIONS} conditions`);
  if (TIMES.has(field)) return timeCondition(field, value, path, ctx);
  if (field === 'tags') {
    const tag = isPlainObject(value) ? tagsContains(value, path) : scalar(value, path);
    ctx.params.push(tag);
    return 'm.seq IN (SELECT seq FROM memory_tags WHERE tag = ?)';
  }
  if (isPlainObject(value)) {
    const ops = Object.keys(value);
    if (ops.some((op) => op in RANGE_OPS)) fail(path, 'range operators apply only to create_time and update_time');
    return fail(path, `expected a string value, not an object with ${ops.map((op) => `"${op}"`).join(', ') || 'no keys'}`);
  }
  const text = scalar(value, path);
  if (COLUMNS.has(field)) {
    ctx.params.push(text);
    return `m.${field} IS ?`;
  }
  ctx.params.push(field, text);
  return 'm.seq IN (SELECT seq FROM memory_info WHERE key = ? AND value = ?)';
}

function tagsContains(value: Record<string, unknown>, path: string): string {
  const keys = Object.keys(value);
  if (keys.length !== 1 || keys[0] !== 'contains') fail(path, 'tags accepts only {"contains": "tag"}');
  return scalar(value['contains'], `${path}.contains`);
}

function node(value: unknown, path: string, depth: number, ctx: Context): string {
  if (depth > MAX_DEPTH) fail(path, `nested deeper than ${MAX_DEPTH} levels`);
  if (!isPlainObject(value)) return fail(path, 'expected an object');
  const keys = Object.keys(value);
  if (keys.length === 0) return fail(path, 'empty condition');
  const parts = keys.map((key) => {
    const child = value[key];
    if (key === 'and' || key === 'or') {
      if (!Array.isArray(child)) return fail(`${path}.${key}`, 'expected a list of conditions');
      if (child.length === 0) return '1';
      const joined = child.map((item, index) => node(item, `${path}.${key}[${index}]`, depth + 1, ctx)).join(key === 'and' ? ' AND ' : ' OR ');
      return `(${joined})`;
    }
    return fieldCondition(key, child, `${path}.${key}`, ctx);
  });
  return parts.length === 1 ? (parts[0] as string) : `(${parts.join(' AND ')})`;
}

/** Compiles a request's `filter`; `undefined`/`null` means no filter. Throws StoreInputError. */
export function compileFilter(filter: unknown): CompiledFilter {
  if (filter === undefined || filter === null) return { sql: '1', params: [] };
  if (isPlainObject(filter) && Object.keys(filter).length === 0) return { sql: '1', params: [] };
  const ctx: Context = { params: [], conditions: 0 };
  return { sql: node(filter, 'filter', 0, ctx), params: ctx.params };
}
