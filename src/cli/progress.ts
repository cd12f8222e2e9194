import type { FileRecord } from '../engine/ledger/types.ts';
import type { Stats } from '../shared/app-api.ts';

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${Math.round(bytes)} B`;
  const units = ['KB', 'MB', 'GB', 'TB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(value < 10 ? 1 : 0)} ${units[unit]}`;
}

export function formatDuration(seconds: number): string {
  if (seconds < 60) return `${Math.ceil(seconds)}s`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)}m${String(Math.ceil(seconds % 60)).padStart(2, '0')}s`;
  return `${Math.floor(seconds / 3600)}h${String(Math.floor((seconds % 3600) / 60)).padStart(2, '0')}m`;
}

/** One line of live progress: files, bytes, rate, time left. */
export function progressLine(stats: Stats): string {
  const { counts } = stats;
  const tracked = counts.checking.files + counts.queued.files + counts.uploading.files + counts.processing.files + counts.done.files;
  const parts = [`${counts.done.files}/${tracked} files in memory`];
  if (counts.checking.files) parts.push(`${counts.checking.files} checking`);
  if (counts.queued.files) parts.push(`${counts.queued.files} queued`);
  if (counts.uploading.files) parts.push(`${counts.uploading.files} uploading`);
  if (counts.processing.files) parts.push(`${counts.processing.files} processing`);
  if (counts.skipped.files) parts.push(`${counts.skipped.files} skipped`);
  if (counts.failed.files) parts.push(`${counts.failed.files} failed`);
  if (stats.pendingBytes > 0) parts.push(`${formatBytes(stats.pendingBytes)} to go`);
  if (stats.bytesPerSecond > 0) parts.push(`${formatBytes(stats.bytesPerSecond)}/s`);
  if (stats.etaSeconds !== undefined && stats.pendingBytes > 0) parts.push(`about ${formatDuration(stats.etaSeconds)} left`);
  if (stats.longRunningTasks) parts.push(`${stats.longRunningTasks} task(s) running for a long time`);
  return parts.join(' · ');
}

type ProblemFile = Pick<FileRecord, 'folderId' | 'relativePath' | 'reason'>;

/** The files that need a person's eye, with their reasons. */
export function problemSummary(skipped: readonly ProblemFile[], failed: readonly ProblemFile[], folderPath: (id: string) => string): string {
  const lines: string[] = [];
  const section = (title: string, files: readonly ProblemFile[]): void => {
    if (files.length === 0) return;
    lines.push(`${title} (${files.length}):`);
    for (const file of files) lines.push(`  ${folderPath(file.folderId)}/${file.relativePath}: ${file.reason ?? 'no reason recorded'}`);
  };
  section('Failed', failed);
  section('Skipped', skipped);
  return lines.join('\n');
}
