/** The engine's records as the window sees them (src/shared/app-api.ts). */
import type { EngineEvent, EngineStats } from '../engine/engine-events.ts';
import type { FileRecord } from '../engine/ledger/types.ts';
import type { FolderSettings } from '../shared/folder-settings.ts';
import type { FileView, FolderView, Stats } from '../shared/app-api.ts';

export type FolderStatusEvent = Extract<EngineEvent, { type: 'folder' }>;
export type FolderCondition = Pick<FolderView, 'status' | 'message' | 'fix' | 'watchMode'>;

export function toFileView(file: FileRecord): FileView {
  return {
    id: file.id,
    folderId: file.folderId,
    relativePath: file.relativePath,
    size: file.size,
    state: file.state,
    reason: file.reason,
    attempts: file.attempts,
    category: file.category,
    updatedAt: file.updatedAt,
  };
}

export function toStats(stats: EngineStats): Stats {
  const { etaSeconds, ...rest } = stats;
  return etaSeconds === undefined || !Number.isFinite(etaSeconds) ? rest : { ...rest, etaSeconds };
}

/**
 * A folder's condition after a status event. A message stays while the status does (a scan
 * reports problems, then says it is watching again), and goes when the status changes.
 */
export function nextCondition(previous: FolderCondition | undefined, event: FolderStatusEvent): FolderCondition {
  const keep = previous?.status === event.status;
  const message = event.message ?? (keep ? previous.message : undefined);
  const fix = event.message !== undefined ? event.fix : keep ? previous.fix : undefined;
  const watchMode = event.mode ?? previous?.watchMode;
  return { status: event.status, ...(message ? { message } : {}), ...(fix ? { fix } : {}), ...(watchMode ? { watchMode } : {}) };
}

/** Before its first status event a watched folder is being scanned; a `once` folder has nothing to watch. */
function initialCondition(folder: FolderSettings): FolderCondition {
  if (folder.paused) return { status: 'paused' };
  return { status: folder.mode === 'once' ? 'watching' : 'scanning' };
}

export function toFolderView(folder: FolderSettings, condition: FolderCondition | undefined): FolderView {
  return {
    id: folder.id,
    path: folder.path,
    mode: folder.mode,
    types: folder.types,
    ignore: folder.ignore,
    ...(folder.conversationId ? { conversationId: folder.conversationId } : {}),
    followSymlinks: folder.followSymlinks,
    paused: folder.paused,
    ...(condition ?? initialCondition(folder)),
  };
}
