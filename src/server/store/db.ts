import { DatabaseSync } from 'node:sqlite';

/** A named, append-only schema change. Names are recorded, so each runs once per database. */
export interface Migration {
  name: string;
  statements: readonly string[];
}

const BUSY_TIMEOUT_MS = 5_000;
/** Page cache in KiB (negative means KiB to SQLite): the index and the tables' hot pages stay in memory. */
const CACHE_KIB = 32_768;

/**
 * Opens (creating if needed) the server's SQLite database: WAL so readers never wait for the
 * writer, `synchronous=NORMAL` (safe with WAL; a power cut can lose only the last commits),
 * foreign keys on, a 32 MiB page cache, and a busy timeout so a second connection waits instead of failing.
 * `:memory:` works for tests.
 */
export function openDatabase(file: string): DatabaseSync {
  const db = new DatabaseSync(file, { enableForeignKeyConstraints: true, timeout: BUSY_TIMEOUT_MS });
  db.exec(`PRAGMA busy_timeout = ${BUSY_TIMEOUT_MS}`);
  if (file !== ':memory:') db.exec('PRAGMA journal_mode = WAL');
  db.exec('PRAGMA synchronous = NORMAL');
  db.exec(`PRAGMA cache_size = -${CACHE_KIB}`);
  db.exec('PRAGMA foreign_keys = ON');
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    name TEXT PRIMARY KEY,
    applied_at INTEGER NOT NULL
  )`);
  return db;
}

/**
 * Applies the migrations not yet recorded, in the given order, each in its own savepoint
 * together with its record, so a crash never leaves a half-applied change. Modules own their
 * migrations (the memory store, the task table) and call this when they open; names must be
 * unique across modules and a released migration must never change, only be followed by a new one.
 * `PRAGMA user_version` counts the applied migrations, for tools that inspect the file.
 */
export function migrate(db: DatabaseSync, migrations: readonly Migration[]): string[] {
  const applied: string[] = [];
  const isApplied = db.prepare('SELECT 1 FROM schema_migrations WHERE name = ?');
  const record = db.prepare('INSERT INTO schema_migrations (name, applied_at) VALUES (?, ?)');
  for (const migration of migrations) {
    if (isApplied.get(migration.name)) continue;
    withSavepoint(db, () => {
      for (const statement of migration.statements) db.exec(statement);
      record.run(migration.name, Date.now());
    });
    applied.push(migration.name);
  }
  if (applied.length > 0) {
    const { count } = db.prepare('SELECT count(*) AS count FROM schema_migrations').get() as { count: number };
    db.exec(`PRAGMA user_version = ${count}`);
  }
  return applied;
}

let savepointCounter = 0;

/**
 * Runs `work` atomically. A savepoint nests inside a caller's transaction (the task processor
 * wraps store writes in its own `BEGIN IMMEDIATE`) and starts one when there is none.
 */
export function withSavepoint<T>(db: DatabaseSync, work: () => T): T {
  const name = `sp_${++savepointCounter}`;
  db.exec(`SAVEPOINT ${name}`);
  try {
    const result = work();
    db.exec(`RELEASE ${name}`);
    return result;
  } catch (error) {
    db.exec(`ROLLBACK TO ${name}`);
    db.exec(`RELEASE ${name}`);
    throw error;
  }
}
