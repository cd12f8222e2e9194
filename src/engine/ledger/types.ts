/** Where a file is in its life; `deleted` files keep their memories (MemOS cannot delete by file). */
export type FileState = 'checking' | 'queued' | 'uploading' | 'processing' | 'done' | 'skipped' | 'failed' | 'deleted';
export const FILE_STATES: readonly FileState[] = ['checking', 'queued', 'uploading', 'processing', 'done', 'skipped', 'failed', 'deleted'];

export interface FileRecord {
  id: number;
  folderId: string;
  relativePath: string;
  size: number;
  mtimeMs: number;
  /** SHA-256 of the content last checked. */
  hash: string | null;
  category: 'document' | 'image' | null;
  mime: string | null;
  state: FileState;
  /** Why a file is skipped, failed, retrying or done without an upload; null when there is nothing to say. */
  reason: string | null;
  attempts: number;
  /** Not before this time (epoch ms): a retry on the ladder, or a recheck of a file still being written. */
  notBefore: number | null;
  /** The largest batch this file may travel in; halved when a batch holding it fails, to find the file that broke it. */
  maxBatch: number;
  batchId: number | null;
  /** The content of this path that is in memory. */
  doneHash: string | null;
  updatedAt: number;
}

export type BatchState = 'sending' | 'processing' | 'completed' | 'failed';

export interface BatchRecord {
  id: number;
  folderId: string;
  taskId: string | null;
  state: BatchState;
  fileCount: number;
  bytes: number;
  createdAt: number;
  /** When the task was accepted; shown when a task runs for long. */
  acceptedAt: number | null;
  polls: number;
  nextPollAt: number | null;
}
