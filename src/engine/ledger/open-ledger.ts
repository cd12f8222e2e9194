import type { DatabaseSync } from 'node:sqlite';
import { migrate, openDatabase } from '../../server/store/db.ts';
import { LEDGER_MIGRATIONS } from './schema.ts';

/** Opens the engine's ledger: one SQLite file (WAL) holding every folder, file and batch. */
export function openLedgerDatabase(file: string): DatabaseSync {
  const db = openDatabase(file);
  migrate(db, LEDGER_MIGRATIONS);
  return db;
}
