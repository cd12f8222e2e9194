import type { ActivityEntry } from '../shared/app-api.ts';

export const ACTIVITY_CAPACITY = 2_000;

/** Recent activity in memory: a ring buffer, newest last, so a long session never grows it. */
export class ActivityLog {
  readonly #entries: (ActivityEntry | undefined)[];
  #next = 0;

  constructor(capacity = ACTIVITY_CAPACITY) {
    this.#entries = new Array<ActivityEntry | undefined>(capacity);
  }

  add(entry: Omit<ActivityEntry, 'id' | 'at'>, at = Date.now()): ActivityEntry {
    const full: ActivityEntry = { id: this.#next, at, ...entry };
    this.#entries[this.#next % this.#entries.length] = full;
    this.#next++;
    return full;
  }

  /** Newest first; `text` matches case-insensitively anywhere in the entry's text. */
  list(options: { text?: string; limit: number }): ActivityEntry[] {
    const needle = options.text?.trim().toLocaleLowerCase();
    const found: ActivityEntry[] = [];
    const oldest = Math.max(0, this.#next - this.#entries.length);
    for (let id = this.#next - 1; id >= oldest && found.length < options.limit; id--) {
      const entry = this.#entries[id % this.#entries.length] as ActivityEntry;
      if (!needle || entry.text.toLocaleLowerCase().includes(needle)) found.push(entry);
    }
    return found;
  }
}
