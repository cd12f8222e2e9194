import { afterEach, describe, expect, it } from 'vitest';
import { WorkerCrashError, WorkerPool } from '../../../src/server/tasks/worker-pool.ts';

type Job = { action: 'echo'; value: string; delayMs?: number } | { action: 'fail' } | { action: 'exit' } | { action: 'throw' };
type Result = { value: string; threadId: number };

const script = new URL('../../fixtures/workers/scripted-worker.ts', import.meta.url);
let pool: WorkerPool<Job, Result>;

afterEach(async () => {
  await pool.close();
});

describe('WorkerPool', () => {
  it('runs jobs in worker threads and returns their results', async () => {
    pool = new WorkerPool(script, 2);
    const results = await Promise.all(['a', 'b', 'c', 'd'].map((value) => pool.run({ action: 'echo', value, delayMs: 20 })));
    expect(results.map((result) => result.value)).toEqual(['a', 'b', 'c', 'd']);
    expect(new Set(results.map((result) => result.threadId)).size).toBeLessThanOrEqual(2);
  });

  it('passes a job failure back as an error and keeps the worker', async () => {
    pool = new WorkerPool(script, 1);
    await expect(pool.run({ action: 'fail' })).rejects.toThrow('the file is damaged');
    const first = await pool.run({ action: 'echo', value: 'x' });
    const second = await pool.run({ action: 'echo', value: 'y' });
    expect(second.threadId).toBe(first.threadId);
  });

  it('survives a worker that exits or throws: the job fails, the next job runs on a new worker', async () => {
    pool = new WorkerPool(script, 1);
    const before = await pool.run({ action: 'echo', value: 'before' });
    await expect(pool.run({ action: 'exit' })).rejects.toBeInstanceOf(WorkerCrashError);
    await expect(pool.run({ action: 'throw' })).rejects.toThrow(/parser crashed: parser exploded/);
    const after = await pool.run({ action: 'echo', value: 'after' });
    expect(after.value).toBe('after');
    expect(after.threadId).not.toBe(before.threadId);
  });

  it('rejects jobs after close', async () => {
    pool = new WorkerPool(script, 1);
    await pool.close();
    await expect(pool.run({ action: 'echo', value: 'late' })).rejects.toThrow('closed');
  });
});
