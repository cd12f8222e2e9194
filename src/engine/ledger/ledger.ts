import type { DatabaseSync } from 'node:sqlite';
import { BatchLedger } from './batch-ledger.ts';
import { FileLedger } from './file-ledger.ts';
import { FolderLedger } from './folder-ledger.ts';
import { openLedgerDatabase } from './open-ledger.ts';

/**
 * The engine's single source of truth: every folder, file and batch in one SQLite file, so the
 * queue survives crashes and restarts.
 */
export class Ledger {
  readonly folders: FolderLedger;
  readonly files: FileLedger;
  readonly batches: BatchLedger;
  readonly #db: DatabaseSync;

  constructor(file: string) {
    this.#db = openLedgerDatabase(file);
    this.folders = new FolderLedger(this.#db);
    this.files = new FileLedger(this.#db);
    this.batches = new BatchLedger(this.#db);
  }

  close(): void {
    this.#db.close();
  }
}
