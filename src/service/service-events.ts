import { basename } from 'node:path';
import type { EngineEvent } from '../engine/engine-events.ts';
import type { SyncEngine } from '../engine/sync-engine.ts';
import { AppEvent, type EngineState, type FolderView } from '../shared/app-api.ts';
import { ActivityLog } from './activity-log.ts';
import { activityFor } from './activity-entry.ts';
import type { Logger } from './ports.ts';
import { type FolderCondition, nextCondition, toFileView, toFolderView, toStats } from './views.ts';

/**
 * Turns engine events into app events and keeps what the snapshot needs between them: the
 * engine's state, each folder's condition, and the activity log.
 */
export class ServiceEvents {
  readonly activity = new ActivityLog();
  readonly #listeners = new Set<(event: AppEvent) => void>();
  readonly #log: Logger;
  #conditions = new Map<string, FolderCondition>();
  #state: EngineState = 'idle';
  #message: string | undefined;
  #blocked: string | undefined;

  constructor(log: Logger) {
    this.#log = log;
  }

  get state(): EngineState {
    return this.#state;
  }

  get message(): string | undefined {
    return this.#message;
  }

  on(listener: (event: AppEvent) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Every event is checked against the contract before it leaves, and one failing listener does not starve the others. */
  emit(event: AppEvent): void {
    const checked = AppEvent.safeParse(event);
    if (!checked.success) {
      this.#log.error(`app service: dropped a ${event.type} event outside the contract: ${checked.error.issues[0]?.message ?? ''}`);
      return;
    }
    for (const listener of this.#listeners) {
      try {
        listener(checked.data);
      } catch (error) {
        this.#log.error(`app service: an event listener failed: ${(error as Error).message}`);
      }
    }
  }

  /** A new engine: folder conditions start over; `blocked` (no key) is reported instead of the engine's pause. */
  attach(blocked: string | undefined): void {
    this.#conditions = new Map();
    this.#blocked = blocked;
  }

  /** The engine's overall state as the window sees it, announced and logged when it changes. */
  setState(state: EngineState, message?: string): void {
    const [shown, said] = this.#blocked && state === 'paused' ? (['attention', this.#blocked] as const) : [state, message];
    if (shown === this.#state && said === this.#message) return;
    const entry = activityFor({ type: 'engine', state: shown, ...(said ? { message: said } : {}) }, this.#state, () => '');
    this.#state = shown;
    this.#message = said;
    this.emit({ type: 'engine', state: shown, ...(said ? { message: said } : {}) });
    if (entry) this.emit({ type: 'activity', entry: this.activity.add(entry) });
  }

  folders(engine: SyncEngine): FolderView[] {
    return engine.folders().map((folder) => toFolderView(folder, this.#conditions.get(folder.id)));
  }

  announceFolders(engine: SyncEngine): void {
    this.emit({ type: 'folders', folders: this.folders(engine) });
  }

  forgetFolder(folderId: string): void {
    this.#conditions.delete(folderId);
  }

  fromEngine(event: EngineEvent, engine: SyncEngine): void {
    if (event.type === 'engine') {
      this.setState(event.state, event.message);
      return;
    }
    if (event.type === 'stats') this.emit({ type: 'stats', stats: toStats(event.stats) });
    else if (event.type === 'file') this.emit({ type: 'file', file: toFileView(event.file) });
    else if (event.type === 'folder') {
      const previous = this.#conditions.get(event.folderId);
      const next = nextCondition(previous, event);
      this.#conditions.set(event.folderId, next);
      if (JSON.stringify(previous) !== JSON.stringify(next)) this.announceFolders(engine);
    }
    const entry = activityFor(event, this.#state, (folderId) => basename(engine.ledger.folders.get(folderId)?.path ?? folderId));
    if (entry) this.emit({ type: 'activity', entry: this.activity.add(entry) });
  }
}
