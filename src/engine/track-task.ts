import type { MemosClient } from '../memos/client.ts';
import { MemosError } from '../memos/errors.ts';
import type { BatchRecord } from './ledger/types.ts';

export type TaskOutcome =
  | { status: 'completed' }
  | { status: 'failed'; reason: string }
  | { status: 'running' }
  /** The poll itself failed (network, MemOS down): ask again later. `attention` when the person must act. */
  | { status: 'unknown'; reason: string; attention?: string };

export interface PollSchedule {
  firstMs: number;
  maxMs: number;
}

export const DEFAULT_POLL_SCHEDULE: PollSchedule = { firstMs: 1_000, maxMs: 30_000 };

/** Delay before the next status poll: doubling from the first, capped, so long tasks cost few requests. */
export function nextPollDelay(polls: number, schedule: PollSchedule = DEFAULT_POLL_SCHEDULE): number {
  return Math.min(schedule.maxMs, schedule.firstMs * 2 ** Math.min(polls, 20));
}

/** Asks MemOS once how a batch's task is doing. */
export async function pollTask(client: MemosClient, batch: BatchRecord, signal?: AbortSignal): Promise<TaskOutcome> {
  if (!batch.taskId) return { status: 'unknown', reason: 'the batch has no task id' };
  try {
    const status = await client.getStatus(batch.taskId, { signal });
    if (status.status === 'failed') return { status: 'failed', reason: status.error ?? 'MemOS could not process this file (no reason given)' };
    return { status: status.status };
  } catch (error) {
    if (error instanceof MemosError && (error.kind === 'auth' || error.kind === 'quota')) return { status: 'unknown', reason: error.message, attention: error.message };
    return { status: 'unknown', reason: error instanceof Error ? error.message : String(error) };
  }
}
