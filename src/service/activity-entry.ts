import type { EngineEvent } from '../engine/engine-events.ts';
import type { EngineState } from '../shared/app-api.ts';
import type { NewActivityEntry } from './activity-log.ts';

const FILE_KINDS = { done: 'added', failed: 'failed', skipped: 'skipped', deleted: 'deleted' } as const;

/** Idle and syncing alternate all the time; only changes into or out of a problem are worth a line. */
const ROUTINE: ReadonlySet<EngineState> = new Set(['idle', 'syncing']);

/**
 * The activity entry for an engine event, if it deserves one: a file reaching an end state, a
 * folder problem, or the engine entering or leaving a problem state. `where` names a folder
 * for people (its last path segment), so activity is searchable by folder too. Reasons and
 * messages are kept as given: the window translates the ones it knows.
 */
export function activityFor(event: EngineEvent, previousState: EngineState, where: (folderId: string) => string): NewActivityEntry | undefined {
  if (event.type === 'file') {
    const { file } = event;
    if (!(file.state in FILE_KINDS)) return undefined;
    const kind = FILE_KINDS[file.state as keyof typeof FILE_KINDS];
    return { kind, subject: `${where(file.folderId)}/${file.relativePath}`, ...(file.reason ? { detail: file.reason } : {}), fileId: file.id, folderId: file.folderId };
  }
  if (event.type === 'folder' && event.message) {
    return { kind: 'folder', subject: where(event.folderId), detail: event.message, ...(event.fix ? { fix: event.fix } : {}), folderId: event.folderId };
  }
  if (event.type === 'engine' && event.state !== previousState && !(ROUTINE.has(event.state) && ROUTINE.has(previousState))) {
    return { kind: 'engine', state: event.state, ...(event.message ? { detail: event.message } : {}) };
  }
  return undefined;
}
