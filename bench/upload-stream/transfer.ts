/**
 * One measured transfer in a fresh process, so each run starts from the same memory state
 * and its peak RSS is the HTTP client's alone: either the real MemosClient uploading the
 * batch, or the baseline (undici request with an fs ReadStream body).
 */
import { createReadStream } from 'node:fs';
import { Agent, request } from 'undici';
import { MemosClient } from '../../src/memos/client.ts';
import { MemosProfile } from '../../src/memos/profile.ts';
import type { UploadFile } from '../../src/memos/upload-body.ts';
import { samplePeakRss } from '../lib/rss.ts';
import { MiB } from '../lib/temp.ts';

export type TransferJob = { mode: 'upload'; baseUrl: string; files: UploadFile[] } | { mode: 'baseline'; baseUrl: string; path: string; bytes: number };

export interface TransferResult {
  seconds: number;
  /** Peak resident set size of this process while transferring, in bytes. */
  peakRss: number;
}

async function upload(baseUrl: string, files: UploadFile[]): Promise<void> {
  const client = new MemosClient(new MemosProfile({ baseUrl, apiKey: 'bench-key', userId: 'bench' }));
  try {
    await client.addMessage({ files, conversationId: 'bench' });
  } finally {
    await client.close();
  }
}

async function baseline(baseUrl: string, path: string, bytes: number): Promise<void> {
  const agent = new Agent();
  try {
    const response = await request(`${baseUrl}/add/message`, {
      dispatcher: agent,
      method: 'POST',
      headers: { 'content-type': 'application/json', 'content-length': String(bytes), authorization: 'Token bench-key' },
      body: createReadStream(path, { highWaterMark: MiB }),
    });
    await response.body.text();
  } finally {
    await agent.close();
  }
}

process.once('message', (job: TransferJob) => {
  const sampler = samplePeakRss();
  const started = performance.now();
  const transfer = job.mode === 'upload' ? upload(job.baseUrl, job.files) : baseline(job.baseUrl, job.path, job.bytes);
  transfer.then(
    () => {
      const result: TransferResult = { seconds: (performance.now() - started) / 1000, peakRss: sampler.stop() };
      process.send?.(result, () => process.disconnect());
    },
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
});
