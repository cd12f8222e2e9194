import { expect, it } from 'vitest';
import { filterCount } from '../../src/renderer/common/counts.ts';
import { FileState, type Stats } from '../../src/shared/app-api.ts';

const stats = (files: Partial<Record<FileState, number>>): Stats => ({
  counts: Object.fromEntries(FileState.options.map((state) => [state, { files: files[state] ?? 0, bytes: 0 }])) as Stats['counts'],
  pendingBytes: 0,
  bytesPerSecond: 0,
  longRunningTasks: 0,
});

it('counts each queue filter from the engine’s counts, deleted files under All as the list shows them', () => {
  const counts = stats({ checking: 1, queued: 2, uploading: 3, processing: 4, done: 10, skipped: 5, failed: 6, deleted: 7 });
  expect(filterCount(counts, 'active')).toBe(10);
  expect(filterCount(counts, 'failed')).toBe(6);
  expect(filterCount(counts, 'skipped')).toBe(5);
  expect(filterCount(counts, 'done')).toBe(10);
  expect(filterCount(counts, 'all')).toBe(38);
});
