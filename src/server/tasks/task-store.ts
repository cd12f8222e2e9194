import type { DatabaseSync } from 'node:sqlite';
import type { Migration } from '../store/db.ts';
import type { AcceptedTask } from './accepted-task.ts';

export type TaskStatus = 'running' | 'completed' | 'failed';

export interface MemoryViews {
  added: string[];
  updated: string[];
  deleted: string[];
  detail_factual: { memory_ids: string[] };
}

export interface TaskRecord {
  task_id: string;
  status: TaskStatus;
  memory_views?: MemoryViews;
  /** Why the task failed; an extra field cloud clients ignore. */
  error?: string;
}

export const TASK_MIGRATIONS: readonly Migration[] = [
  {
    name: 'tasks-1',
    statements: [
      `CREATE TABLE tasks (
        id TEXT PRIMARY KEY,
        user_id TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('running', 'completed', 'failed')),
        accepted TEXT NOT NULL,
        error TEXT,
        memory_views TEXT,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL
      )`,
      `CREATE INDEX tasks_running ON tasks (created_at) WHERE status = 'running'`,
    ],
  },
];

interface TaskRow {
  id: string;
  status: TaskStatus;
  accepted: string;
  error: string | null;
  memory_views: string | null;
}

/** The server's tasks: each accepted add/message, its state, and what it produced. */
export class TaskStore {
  readonly #db: DatabaseSync;

  constructor(db: DatabaseSync) {
    this.#db = db;
  }

  insert(task: AcceptedTask): void {
    this.#db
      .prepare('INSERT INTO tasks (id, user_id, status, accepted, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)')
      .run(task.id, task.userId, 'running', JSON.stringify(task), task.createdAt, task.createdAt);
  }

  get(taskId: string): TaskRecord | undefined {
    const row = this.#db.prepare('SELECT id, status, accepted, error, memory_views FROM tasks WHERE id = ?').get(taskId) as TaskRow | undefined;
    if (!row) return undefined;
    return {
      task_id: row.id,
      status: row.status,
      ...(row.memory_views ? { memory_views: JSON.parse(row.memory_views) as MemoryViews } : {}),
      ...(row.error ? { error: row.error } : {}),
    };
  }

  /** Tasks accepted but not finished, oldest first: what a restarted server resumes. */
  running(): AcceptedTask[] {
    const rows = this.#db.prepare("SELECT accepted FROM tasks WHERE status = 'running' ORDER BY created_at").all() as unknown as { accepted: string }[];
    return rows.map((row) => JSON.parse(row.accepted) as AcceptedTask);
  }

  complete(taskId: string, views: MemoryViews): void {
    this.#db.prepare("UPDATE tasks SET status = 'completed', memory_views = ?, updated_at = ? WHERE id = ?").run(JSON.stringify(views), Date.now(), taskId);
  }

  fail(taskId: string, reason: string): void {
    this.#db.prepare("UPDATE tasks SET status = 'failed', error = ?, updated_at = ? WHERE id = ?").run(reason, Date.now(), taskId);
  }
}
