import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import pLimit from 'p-limit';
import { sniffFile } from '../../src/formats/sniff.ts';
import type { MemosClient } from '../../src/memos/client.ts';
import type { UploadFile } from '../../src/memos/upload-body.ts';

const BATCH = 20;
const TASK_TIMEOUT_MS = 30 * 60_000;

export interface DirectOutcome {
  batches: number;
  failedTasks: number;
}

async function describe(root: string, path: string): Promise<UploadFile> {
  const full = join(root, ...path.split('/'));
  const sniffed = await sniffFile(full, path);
  if (!sniffed.supported) throw new Error(`${path} is not supported: ${sniffed.reason}`);
  return { path: full, name: path, size: (await stat(full)).size, category: sniffed.category, mime: sniffed.mime };
}

async function waitForTasks(client: MemosClient, taskIds: readonly string[]): Promise<number> {
  const deadline = Date.now() + TASK_TIMEOUT_MS;
  let failed = 0;
  for (const taskId of taskIds) {
    for (;;) {
      const status = await client.getStatus(taskId);
      if (status.status === 'failed') failed++;
      if (status.status !== 'running') break;
      if (Date.now() > deadline) throw new Error(`task ${taskId} still running after ${TASK_TIMEOUT_MS / 60_000} min`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  return failed;
}

/**
 * The baseline: the files typed and uploaded with the client alone, in batches of 20 with as many
 * batches at once as the engine's default, then followed until every task ended.
 */
export async function uploadDirect(client: MemosClient, root: string, paths: readonly string[], concurrency: number): Promise<DirectOutcome> {
  const limit = pLimit(concurrency);
  const batches: string[][] = [];
  for (let start = 0; start < paths.length; start += BATCH) batches.push(paths.slice(start, start + BATCH));
  const taskIds = await Promise.all(
    batches.map((batch) =>
      limit(async () => {
        const files = await Promise.all(batch.map((path) => describe(root, path)));
        return (await client.addMessage({ files, conversationId: 'bench-sync-direct' })).task_id;
      }),
    ),
  );
  return { batches: batches.length, failedTasks: await waitForTasks(client, taskIds) };
}
