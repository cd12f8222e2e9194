import { FILTER_STATES, type FileFilter, type Stats } from '../../shared/app-api.ts';

/** How many files each queue filter shows, from the engine's counts. */
export function filterCount(stats: Stats, filter: FileFilter): number {
  return FILTER_STATES[filter].reduce((sum, state) => sum + (stats.counts[state]?.files ?? 0), 0);
}
