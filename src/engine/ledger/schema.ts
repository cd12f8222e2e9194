import type { Migration } from '../../server/store/db.ts';

export const LEDGER_MIGRATIONS: readonly Migration[] = [
  {
    name: 'ledger-1',
    statements: [
      `CREATE TABLE folders (
        id TEXT PRIMARY KEY,
        settings TEXT NOT NULL,
        added_at INTEGER NOT NULL
      )`,
      `CREATE TABLE batches (
        id INTEGER PRIMARY KEY,
        folder_id TEXT NOT NULL REFERENCES folders (id) ON DELETE CASCADE,
        task_id TEXT,
        state TEXT NOT NULL CHECK (state IN ('sending', 'processing', 'completed', 'failed')),
        file_count INTEGER NOT NULL,
        bytes INTEGER NOT NULL,
        created_at INTEGER NOT NULL,
        accepted_at INTEGER,
        polls INTEGER NOT NULL DEFAULT 0,
        next_poll_at INTEGER
      )`,
      `CREATE TABLE files (
        id INTEGER PRIMARY KEY,
        folder_id TEXT NOT NULL REFERENCES folders (id) ON DELETE CASCADE,
        rel_path TEXT NOT NULL,
        size INTEGER NOT NULL,
        mtime_ms INTEGER NOT NULL,
        hash TEXT,
        category TEXT,
        mime TEXT,
        state TEXT NOT NULL CHECK (state IN ('checking', 'queued', 'uploading', 'processing', 'done', 'skipped', 'failed', 'deleted')),
        reason TEXT,
        attempts INTEGER NOT NULL DEFAULT 0,
        not_before INTEGER,
        max_batch INTEGER NOT NULL DEFAULT 20,
        batch_id INTEGER REFERENCES batches (id) ON DELETE SET NULL,
        done_hash TEXT,
        recheck INTEGER NOT NULL DEFAULT 0,
        updated_at INTEGER NOT NULL,
        UNIQUE (folder_id, rel_path)
      )`,
      'CREATE INDEX files_by_state ON files (state, not_before)',
      'CREATE INDEX files_by_hash ON files (hash)',
      'CREATE INDEX files_by_done_hash ON files (done_hash) WHERE done_hash IS NOT NULL',
      'CREATE INDEX files_by_batch ON files (batch_id) WHERE batch_id IS NOT NULL',
      "CREATE INDEX batches_processing ON batches (next_poll_at) WHERE state = 'processing'",
    ],
  },
  {
    name: 'ledger-2',
    // Each state's files in id order, for pages of the queue (FileLedger.page).
    statements: ['CREATE INDEX files_by_state_id ON files (state, id)'],
  },
];
