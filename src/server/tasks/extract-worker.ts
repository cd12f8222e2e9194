import { parentPort } from 'node:worker_threads';
import type { SupportedFile } from '../../formats/sniff.ts';
import { extractFile } from '../extract/index.ts';
import { closeOcr } from '../extract/image.ts';
import type { PoolReply } from './worker-pool.ts';
import { ExtractionError, type Extraction } from '../extract/types.ts';

export interface ExtractJob {
  path: string;
  name: string;
  sniffed: SupportedFile;
}

type PoolMessage = { type: 'job'; job: ExtractJob } | { type: 'close' };

const port = parentPort;
if (!port) throw new Error('extract-worker.ts runs only as a worker thread');

/** ExtractionErrors are written for people; anything else is a parser fault, said as such. */
function describeFailure(error: unknown): string {
  if (error instanceof ExtractionError) return error.message;
  return `the file could not be read (${error instanceof Error ? error.message : String(error)})`;
}

port.on('message', (message: PoolMessage) => {
  if (message.type === 'close') {
    void closeOcr().finally(() => port.close());
    return;
  }
  const { path, name, sniffed } = message.job;
  extractFile(path, name, sniffed).then(
    (result) => port.postMessage({ ok: true, result } satisfies PoolReply<Extraction>),
    (error: unknown) => port.postMessage({ ok: false, message: describeFailure(error) } satisfies PoolReply<Extraction>),
  );
});
