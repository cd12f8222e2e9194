import type { Migration } from './db.ts';

/**
 * The memory tables. `seq` is the integer key the full-text index shares; `id` is the public uuid.
 * `tags` and `info` are JSON (a list, a flat string map) for reading; `memory_tags` and
 * `memory_info` repeat them one per row, indexed, for filters.
 *
 * `memory_fts` is contentless (the text lives once, in `memories`) with `contentless_delete`, so
 * rows can be deleted by rowid. `scope` holds one token per user: a search ANDs it with the query
 * so the index itself skips other users' rows; its bm25 weight is 0. `body` holds the segmented
 * title, text and user tags (see segment.ts). Porter stemming lets "memories" find "memory";
 * it leaves CJK bigrams alone. `memory_fts_vocab` tells how many memories hold a token (term-stats.ts).
 */
export const MEMORY_MIGRATIONS: readonly Migration[] = [
  {
    name: 'memories-1',
    statements: [
      `CREATE TABLE memories (
        seq INTEGER PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        user_id TEXT NOT NULL,
        conversation_id TEXT NOT NULL,
        agent_id TEXT,
        app_id TEXT,
        memory_key TEXT NOT NULL,
        memory_value TEXT NOT NULL,
        memory_type TEXT NOT NULL CHECK (memory_type IN ('WorkingMemory', 'LongTermMemory', 'UserMemory')),
        status TEXT NOT NULL,
        confidence REAL NOT NULL CHECK (confidence BETWEEN 0 AND 1),
        tags TEXT NOT NULL,
        info TEXT NOT NULL,
        task_id TEXT NOT NULL,
        create_time INTEGER NOT NULL,
        update_time INTEGER NOT NULL
      )`,
      'CREATE INDEX memories_user_created ON memories (user_id, create_time DESC, seq DESC)',
      'CREATE INDEX memories_task ON memories (task_id, memory_type)',
      `CREATE TABLE memory_tags (
        seq INTEGER NOT NULL REFERENCES memories (seq) ON DELETE CASCADE,
        tag TEXT NOT NULL,
        PRIMARY KEY (tag, seq)
      ) WITHOUT ROWID`,
      'CREATE INDEX memory_tags_seq ON memory_tags (seq)',
      `CREATE TABLE memory_info (
        seq INTEGER NOT NULL REFERENCES memories (seq) ON DELETE CASCADE,
        key TEXT NOT NULL,
        value TEXT NOT NULL,
        PRIMARY KEY (key, value, seq)
      ) WITHOUT ROWID`,
      'CREATE INDEX memory_info_seq ON memory_info (seq)',
      `CREATE VIRTUAL TABLE memory_fts USING fts5(
        scope, body,
        content = '', contentless_delete = 1,
        tokenize = 'porter unicode61 remove_diacritics 0'
      )`,
      `CREATE VIRTUAL TABLE memory_fts_vocab USING fts5vocab(memory_fts, 'row')`,
      // Room for a whole batch's terms before FTS5 writes a segment: fewer, larger segments to merge later.
      `INSERT INTO memory_fts (memory_fts, rank) VALUES ('hashsize', 16777216)`,
    ],
  },
];
