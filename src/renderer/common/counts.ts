import type { FileFilter, FileState, Stats } from '../../shared/app-api.ts';

const FILTER_STATES: Record<FileFilter, readonly FileState[]> = {
  active: ['checking', 'queued', 'uploading', 'processing'],
  failed: ['failed'],
  skipped: ['skipped'],
  done: ['done'],
  all: ['checking', 'queued', 'uploading', 'processing', 'failed', 'skipped', 'done'],
};

/** How many files each queue filter shows, from the engine's counts. */
export function filterCount(stats: Stats, filter: FileFilter): number {
  return FILTER_STATES[filter].reduce((sum, state) => sum + (stats.counts[state]?.files ?? 0), 0);
}
