import type { ActivityEntry, EngineState } from './app-api.ts';

type FileActivityKind = Exclude<ActivityEntry['kind'], 'folder' | 'engine'>;

/** The words an activity line is made of, in one language. */
export interface ActivityWords {
  file(kind: FileActivityKind, subject: string): string;
  engineState(state: EngineState): string;
  withDetail(line: string, detail: string): string;
  withFix(line: string, fix: string): string;
}

const FILE_VERBS: Record<FileActivityKind, string> = { added: 'Added', failed: 'Failed', skipped: 'Skipped', deleted: 'Deleted' };

/** The engine's states in English words, shared with the window's English. */
export const ENGLISH_STATE_TEXT: Record<EngineState, string> = {
  idle: 'Everything is synced',
  syncing: 'Syncing',
  paused: 'Uploads paused',
  offline: 'MemOS cannot be reached',
  attention: 'Needs your attention',
  error: 'Stopped by an error',
};

/** What the terminal prints, and what activity search looks in. */
export const ENGLISH_WORDS: ActivityWords = {
  file: (kind, subject) => `${FILE_VERBS[kind]} ${subject}`,
  engineState: (state) => ENGLISH_STATE_TEXT[state],
  withDetail: (line, detail) => `${line}: ${detail}`,
  withFix: (line, fix) => `${line} (${fix})`,
};

/**
 * An activity entry in one line: "Skipped library/scan.pdf: named .pdf but the content is not a
 * PDF". The window passes its own words (src/renderer/activity/activity-words.ts).
 */
export function activityLine(entry: ActivityEntry, words: ActivityWords = ENGLISH_WORDS): string {
  if (entry.kind === 'engine') {
    const state = words.engineState(entry.state);
    return entry.detail ? words.withDetail(state, entry.detail) : state;
  }
  if (entry.kind === 'folder') {
    const problem = words.withDetail(entry.subject, entry.detail);
    return entry.fix ? words.withFix(problem, entry.fix) : problem;
  }
  const line = words.file(entry.kind, entry.subject);
  return entry.detail ? words.withDetail(line, entry.detail) : line;
}

/**
 * Whether `query` is in the entry's English line, ignoring case: the service and the window
 * find the same entries whatever the window's language. An empty query matches everything.
 */
export function activityMatches(entry: ActivityEntry, query: string): boolean {
  const needle = query.trim().toLocaleLowerCase();
  return needle === '' || activityLine(entry).toLocaleLowerCase().includes(needle);
}
