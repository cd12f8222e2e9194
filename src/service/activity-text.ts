import type { EngineEvent } from '../engine/engine-events.ts';
import type { ActivityEntry, EngineState } from '../shared/app-api.ts';

type NewEntry = Omit<ActivityEntry, 'id' | 'at'>;

const FILE_KINDS = { done: 'added', failed: 'failed', skipped: 'skipped', deleted: 'deleted' } as const;
const FILE_VERBS = { done: 'Added', failed: 'Failed', skipped: 'Skipped', deleted: 'Deleted' } as const;

const STATE_TEXT: Record<EngineState, string> = {
  idle: 'Everything is synced',
  syncing: 'Syncing',
  paused: 'Uploads paused',
  offline: 'MemOS cannot be reached',
  attention: 'Needs your attention',
  error: 'Stopped by an error',
};

/** Idle and syncing alternate all the time; only changes into or out of a problem are worth a line. */
const ROUTINE: ReadonlySet<EngineState> = new Set(['idle', 'syncing']);

/**
 * The activity line for an engine event, if it deserves one: a file reaching an end state, a
 * folder problem, or the engine entering or leaving a problem state. `where` names a folder
 * for people (its last path segment), so activity is searchable by folder too.
 */
export function activityFor(event: EngineEvent, previousState: EngineState, where: (folderId: string) => string): NewEntry | undefined {
  if (event.type === 'file') {
    const { file } = event;
    if (!(file.state in FILE_KINDS)) return undefined;
    const state = file.state as keyof typeof FILE_KINDS;
    const reason = file.reason ? `: ${file.reason}` : '';
    return { kind: FILE_KINDS[state], text: `${FILE_VERBS[state]} ${where(file.folderId)}/${file.relativePath}${reason}`, fileId: file.id, folderId: file.folderId };
  }
  if (event.type === 'folder' && event.message) {
    const fix = event.fix ? ` (${event.fix})` : '';
    return { kind: 'folder', text: `${where(event.folderId)}: ${event.message}${fix}`, folderId: event.folderId };
  }
  if (event.type === 'engine' && event.state !== previousState && !(ROUTINE.has(event.state) && ROUTINE.has(previousState))) {
    return { kind: 'engine', text: event.message ? `${STATE_TEXT[event.state]}: ${event.message}` : STATE_TEXT[event.state] };
  }
  return undefined;
}
