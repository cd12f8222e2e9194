import { activityMatches } from '../shared/activity-line.ts';
import type { ActivityEntry } from '../shared/app-api.ts';

export const ACTIVITY_CAPACITY = 2_000;

/** Distributes over the kinds of entry, which a plain Omit would merge into one. */
type Unstamped<Entry> = Entry extends unknown ? Omit<Entry, 'id' | 'at'> : never;
/** An entry before the log numbers and dates it. */
export type NewActivityEntry = Unstamped<ActivityEntry>;

/** Recent activity in memory: a ring buffer, newest last, so a long session never grows it. */
export class ActivityLog {
  readonly #entries: (ActivityEntry | undefined)[];
  #next = 0;

  constructor(capacity = ACTIVITY_CAPACITY) {
    this.#entries = new Array<ActivityEntry | undefined>(capacity);
  }

  add(entry: NewActivityEntry, at = Date.now()): ActivityEntry {
    const full: ActivityEntry = { id: this.#next, at, ...entry };
    this.#entries[this.#next % this.#entries.length] = full;
    this.#next++;
    return full;
  }

  /** Newest first; `text` matches as activityMatches says. */
  list(options: { text?: string; limit: number }): ActivityEntry[] {
    const found: ActivityEntry[] = [];
    const oldest = Math.max(0, this.#next - this.#entries.length);
    for (let id = this.#next - 1; id >= oldest && found.length < options.limit; id--) {
      const entry = this.#entries[id % this.#entries.length] as ActivityEntry;
      if (activityMatches(entry, options.text ?? '')) found.push(entry);
    }
    return found;
  }
}
