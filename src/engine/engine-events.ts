import type { StateCounts } from './ledger/file-ledger.ts';
import type { BatchRecord, FileRecord } from './ledger/types.ts';

/** What the tray and the window show as the engine's overall condition. */
export type EngineState = 'idle' | 'syncing' | 'paused' | 'offline' | 'attention' | 'error';

export type FolderStatus = 'scanning' | 'watching' | 'paused' | 'error';

export interface EngineStats {
  counts: StateCounts;
  /** Bytes of files still to go (checking, queued, uploading). */
  pendingBytes: number;
  /** Upload rate over the last minute, bytes per second. */
  bytesPerSecond: number;
  /** Seconds until the pending bytes are sent at the current rate; undefined when nothing moves. */
  etaSeconds: number | undefined;
  /** Accepted tasks that have been running longer than the engine's patience; shown, not hidden. */
  longRunningTasks: number;
}

export type EngineEvent =
  | { type: 'file'; file: FileRecord }
  | { type: 'batch'; batch: BatchRecord }
  | { type: 'folder'; folderId: string; status: FolderStatus; message?: string; fix?: string; mode?: 'native' | 'polling' }
  | { type: 'engine'; state: EngineState; message?: string }
  | { type: 'stats'; stats: EngineStats };
