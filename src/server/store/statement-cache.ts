import type { DatabaseSync, StatementSync } from 'node:sqlite';

const MAX_STATEMENTS = 200;

/** Prepared statements by SQL text: filters make the SQL vary, and preparing costs more than running. */
export class StatementCache {
  readonly #db: DatabaseSync;
  readonly #statements = new Map<string, StatementSync>();

  constructor(db: DatabaseSync) {
    this.#db = db;
  }

  get(sql: string): StatementSync {
    let statement = this.#statements.get(sql);
    if (!statement) {
      // Filters are built from request data, so their shapes are unbounded: start over rather than grow.
      if (this.#statements.size >= MAX_STATEMENTS) this.#statements.clear();
      statement = this.#db.prepare(sql);
      this.#statements.set(sql, statement);
    }
    return statement;
  }
}
