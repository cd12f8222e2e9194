import { randomUUID } from 'node:crypto';
import type { DatabaseSync, SQLInputValue, StatementSync } from 'node:sqlite';
import { MAX_PAGE_SIZE } from '../../shared/memos-wire.ts';
import { migrate, withSavepoint } from './db.ts';
import { compileFilter } from './filter.ts';
import { indexBody, scopeToken } from './index-text.ts';
import { MEMORY_MIGRATIONS } from './schema.ts';
import { type SearchParams, searchMemories } from './search.ts';
import { StatementCache } from './statement-cache.ts';
import { TermStats } from './term-stats.ts';
import { type MemoryDetail, type MemoryPage, type NewMemory, type SearchAnswer, type StoredMemory, StoreInputError } from './types.ts';
import { MEMORY_COLUMNS, type MemoryRow, toDetail, toStored } from './rows.ts';

export const DEFAULT_PAGE_SIZE = 10;

export interface ListParams {
  userId: string;
  filter?: unknown;
  page?: number;
  size?: number;
}

export interface MemoryUpdate {
  content?: string;
  title?: string;
  status?: string;
}

export type DeleteTarget = { memoryIds: readonly string[] } | { userId: string };

/** The built-in server's memories: writes keep the full-text index in step, in the same transaction. */
export class MemoryStore {
  readonly #db: DatabaseSync;
  readonly #statements: StatementCache;
  readonly #stats: TermStats;
  readonly #insertMemory: StatementSync;
  readonly #insertIndex: StatementSync;
  readonly #deleteIndex: StatementSync;
  readonly #insertTag: StatementSync;
  readonly #insertInfo: StatementSync;
  readonly #deleteTags: StatementSync;
  readonly #deleteInfo: StatementSync;

  constructor(db: DatabaseSync) {
    migrate(db, MEMORY_MIGRATIONS);
    this.#db = db;
    this.#statements = new StatementCache(db);
    this.#stats = new TermStats(db);
    this.#insertMemory = db.prepare(`INSERT INTO memories (id, user_id, conversation_id, agent_id, app_id, memory_key, memory_value,
      memory_type, status, confidence, tags, info, task_id, create_time, update_time) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
    this.#insertIndex = db.prepare('INSERT INTO memory_fts (rowid, scope, body) VALUES (?, ?, ?)');
    this.#deleteIndex = db.prepare('DELETE FROM memory_fts WHERE rowid = ?');
    this.#insertTag = db.prepare('INSERT INTO memory_tags (seq, tag) VALUES (?, ?)');
    this.#insertInfo = db.prepare('INSERT INTO memory_info (seq, key, value) VALUES (?, ?, ?)');
    this.#deleteTags = db.prepare('DELETE FROM memory_tags WHERE seq = ?');
    this.#deleteInfo = db.prepare('DELETE FROM memory_info WHERE seq = ?');
  }

  /** Stores memories in one transaction (nested in the caller's, if any) and returns their ids in order. */
  insertMany(memories: readonly NewMemory[]): string[] {
    const now = Date.now();
    this.#stats.forget();
    return withSavepoint(this.#db, () =>
      memories.map((memory) => {
        const id = memory.id ?? randomUUID();
        const created = memory.create_time ?? now;
        const { lastInsertRowid } = this.#insertMemory.run(
          id,
          memory.user_id,
          memory.conversation_id,
          memory.agent_id ?? null,
          memory.app_id ?? null,
          memory.memory_key,
          memory.memory_value,
          memory.memory_type,
          memory.status ?? 'activated',
          memory.confidence ?? 1,
          JSON.stringify(memory.tags),
          JSON.stringify(memory.info),
          memory.task_id,
          created,
          memory.update_time ?? created,
        );
        this.#insertIndex.run(lastInsertRowid, scopeToken(memory.user_id), indexBody(memory));
        for (const tag of new Set(memory.tags)) this.#insertTag.run(lastInsertRowid, tag);
        for (const [key, value] of Object.entries(memory.info)) this.#insertInfo.run(lastInsertRowid, key, value);
        return id;
      }),
    );
  }

  get(id: string): StoredMemory | undefined {
    const row = this.#statements.get(`SELECT ${MEMORY_COLUMNS} FROM memories m WHERE m.id = ?`).get(id) as MemoryRow | undefined;
    return row && toStored(row);
  }

  /** One page of a user's memories, newest first. `size` is clamped to 1..50; an empty result has 0 pages. */
  list(params: ListParams): MemoryPage {
    const page = params.page ?? 1;
    if (!Number.isInteger(page) || page < 1) throw new StoreInputError('page must be an integer of at least 1');
    const requested = params.size ?? DEFAULT_PAGE_SIZE;
    if (!Number.isInteger(requested) || requested < 1) throw new StoreInputError('size must be an integer of at least 1');
    const size = Math.min(requested, MAX_PAGE_SIZE);
    const filter = compileFilter(params.filter);
    const where = `m.user_id = ? AND ${filter.sql}`;
    const scope: SQLInputValue[] = [params.userId, ...filter.params];
    const { total } = this.#statements.get(`SELECT count(*) AS total FROM memories m WHERE ${where}`).get(...scope) as { total: number };
    const rows = this.#statements
      .get(`SELECT ${MEMORY_COLUMNS} FROM memories m WHERE ${where} ORDER BY m.create_time DESC, m.seq DESC LIMIT ? OFFSET ?`)
      .all(...scope, size, (page - 1) * size) as unknown as MemoryRow[];
    return { memory_detail_list: rows.map(toDetail), total, size, current: page, pages: Math.ceil(total / size) };
  }

  search(params: SearchParams): SearchAnswer {
    return searchMemories(this.#statements, this.#stats, params);
  }

  /** Deletes the given memories, or all of a user's; returns how many were deleted. */
  delete(target: DeleteTarget): number {
    const [where, value] = 'userId' in target ? ['user_id = ?', target.userId] : ['id IN (SELECT value FROM json_each(?))', JSON.stringify(target.memoryIds)];
    this.#stats.forget();
    return withSavepoint(this.#db, () => {
      const rows = this.#statements.get(`SELECT seq FROM memories WHERE ${where}`).all(value) as unknown as { seq: number }[];
      for (const { seq } of rows) {
        this.#deleteIndex.run(seq);
        this.#deleteTags.run(seq);
        this.#deleteInfo.run(seq);
      }
      this.#statements.get(`DELETE FROM memories WHERE ${where}`).run(value);
      return rows.length;
    });
  }

  /** For the task processor: deletes memories by id. */
  deleteIds(ids: readonly string[]): number {
    return ids.length === 0 ? 0 : this.delete({ memoryIds: ids });
  }

  /** The ids of a task's rough-pass memories (`WorkingMemory` tagged `mode:fast`), which its refined pass replaces. */
  roughIdsOfTask(taskId: string): string[] {
    const rows = this.#statements
      .get(`SELECT id FROM memories WHERE task_id = ? AND memory_type = 'WorkingMemory' AND seq IN (SELECT seq FROM memory_tags WHERE tag = 'mode:fast') ORDER BY seq`)
      .all(taskId) as unknown as { id: string }[];
    return rows.map((row) => row.id);
  }

  /** Changes a memory's text (`content`), title or status and re-indexes it; undefined when there is no such memory. */
  update(id: string, change: MemoryUpdate): MemoryDetail | undefined {
    if (change.content === undefined && change.title === undefined && change.status === undefined) {
      throw new StoreInputError('nothing to update: give content, title or status');
    }
    if (change.content !== undefined && change.content.trim() === '') throw new StoreInputError('content must not be empty');
    this.#stats.forget();
    return withSavepoint(this.#db, () => {
      const row = this.#statements.get(`SELECT ${MEMORY_COLUMNS}, m.seq FROM memories m WHERE m.id = ?`).get(id) as (MemoryRow & { seq: number }) | undefined;
      if (!row) return undefined;
      const updated: MemoryRow = {
        ...row,
        memory_value: change.content ?? row.memory_value,
        memory_key: change.title ?? row.memory_key,
        status: change.status ?? row.status,
        update_time: Math.max(Date.now(), row.update_time + 1),
      };
      this.#statements
        .get('UPDATE memories SET memory_value = ?, memory_key = ?, status = ?, update_time = ? WHERE seq = ?')
        .run(updated.memory_value, updated.memory_key, updated.status, updated.update_time, row.seq);
      this.#deleteIndex.run(row.seq);
      this.#insertIndex.run(row.seq, scopeToken(row.user_id), indexBody(toDetail(updated)));
      return toDetail(updated);
    });
  }
}
