import { join } from 'node:path';
import type { MemosClient } from '../memos/client.ts';
import { FileChangedError, type UploadFile } from '../memos/upload-body.ts';
import type { FolderSettings } from '../shared/folder-settings.ts';
import type { PlannedBatch, SendFailure } from './ledger/batch-ledger.ts';
import { classifyForRetry, nextRetryDelay, type RetryLadder } from './retry-ladder.ts';

export type UploadOutcome =
  | { accepted: true; taskId: string }
  /** `attention` says the person must act (API key, quota) before anything else is sent. */
  | { accepted: false; failure: SendFailure; attention?: string; offline?: boolean };

export interface UploadContext {
  client: MemosClient;
  folder: FolderSettings;
  conversationId: string;
  ladder?: RetryLadder;
  signal?: AbortSignal;
}

const uploadPath = (folder: FolderSettings, relativePath: string): string => join(folder.path, ...relativePath.split('/'));

function uploadFiles(folder: FolderSettings, planned: PlannedBatch): UploadFile[] {
  return planned.files.map((file) => {
    if (!file.category || !file.mime) throw new Error(`${file.relativePath} was planned before it was checked`);
    return { path: uploadPath(folder, file.relativePath), name: file.relativePath, size: file.size, category: file.category, mime: file.mime };
  });
}

/** Sends one planned batch as one add/message and says what became of it; it never throws for MemOS's answers. */
export async function uploadBatch(planned: PlannedBatch, context: UploadContext): Promise<UploadOutcome> {
  try {
    const data = await context.client.addMessage(
      { files: uploadFiles(context.folder, planned), conversationId: context.conversationId, tags: ['memos-sync'], info: { source: 'memos-sync' } },
      { signal: context.signal },
    );
    return { accepted: true, taskId: data.task_id };
  } catch (error) {
    const verdict = classifyForRetry(error);
    if (error instanceof FileChangedError || verdict.kind === 'file-changed') {
      // The file that changed or vanished is checked again; when the error does not say which, all are.
      const path = error instanceof FileChangedError ? error.path : (error as NodeJS.ErrnoException).path;
      const changed = planned.files.filter((file) => uploadPath(context.folder, file.relativePath) === path);
      return { accepted: false, failure: { kind: 'changed', fileIds: (changed.length > 0 ? changed : planned.files).map((file) => file.id) } };
    }
    const now = Date.now();
    switch (verdict.kind) {
      case 'transient':
        return {
          accepted: false,
          offline: true,
          failure: { kind: 'retry', reason: verdict.reason, retryAt: (attempts) => {
            const delay = nextRetryDelay(attempts, context.ladder);
            return delay === undefined ? undefined : now + delay;
          } },
        };
      case 'auth':
      case 'quota':
        return { accepted: false, attention: verdict.reason, failure: { kind: 'hold', reason: verdict.reason } };
      case 'split':
      case 'permanent':
        return { accepted: false, failure: { kind: 'split', reason: verdict.reason } };
    }
  }
}
