import type { FileRecord, FileState } from './types.ts';

export const FILE_COLUMNS =
  'id, folder_id, rel_path, size, mtime_ms, hash, category, mime, state, reason, attempts, not_before, max_batch, batch_id, done_hash, updated_at';

export interface FileRow {
  id: number;
  folder_id: string;
  rel_path: string;
  size: number;
  mtime_ms: number;
  hash: string | null;
  category: 'document' | 'image' | null;
  mime: string | null;
  state: FileState;
  reason: string | null;
  attempts: number;
  not_before: number | null;
  max_batch: number;
  batch_id: number | null;
  done_hash: string | null;
  updated_at: number;
}

export function toFileRecord(row: FileRow): FileRecord {
  return {
    id: row.id,
    folderId: row.folder_id,
    relativePath: row.rel_path,
    size: row.size,
    mtimeMs: row.mtime_ms,
    hash: row.hash,
    category: row.category,
    mime: row.mime,
    state: row.state,
    reason: row.reason,
    attempts: row.attempts,
    notBefore: row.not_before,
    maxBatch: row.max_batch,
    batchId: row.batch_id,
    doneHash: row.done_hash,
    updatedAt: row.updated_at,
  };
}
