/** The tray's one-line summary of what the app is doing, e.g. "Syncing 12 of 340 files". */
import type { EngineState, Stats } from '../shared/app-api.ts';
import type { Locale, Strings } from './strings.ts';

export interface TrayStatus {
  state: EngineState;
  /** The engine's own words for attention and error, shown as they are. */
  message?: string;
  stats?: Stats;
  pausedUntil?: number;
}

export function activeFiles(stats: Stats): number {
  const { checking, queued, uploading, processing } = stats.counts;
  return (checking?.files ?? 0) + (queued?.files ?? 0) + (uploading?.files ?? 0) + (processing?.files ?? 0);
}

export function doneFiles(stats: Stats): number {
  return stats.counts.done?.files ?? 0;
}

/**
 * `doneAtRoundStart`: files already done when this round of syncing began, so the numbers
 * count this round ("12 of 340"), not everything ever synced.
 */
export function traySummary(strings: Strings, locale: Locale, status: TrayStatus, doneAtRoundStart: number): string {
  const { state, message, stats, pausedUntil } = status;
  switch (state) {
    case 'syncing': {
      if (!stats) return strings.syncing(0, 0);
      const done = Math.max(0, doneFiles(stats) - doneAtRoundStart);
      return strings.syncing(done, done + activeFiles(stats));
    }
    case 'paused':
      return pausedUntil === undefined
        ? strings.paused
        : strings.pausedUntil(new Date(pausedUntil).toLocaleTimeString(locale, { hour: '2-digit', minute: '2-digit' }));
    case 'attention':
    case 'error':
      return message ? `${strings[state]}: ${message}` : strings[state];
    default:
      return strings[state];
  }
}
