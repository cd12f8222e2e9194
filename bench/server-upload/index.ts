/**
 * Server-upload benchmark: the real MemosClient sends 20 files of N MiB (default 100) as one
 * add/message batch to the built-in server, running as its own process (`memos-sync server`),
 * which parses the JSON stream and decodes the base64 into files on disk. Prints the server's
 * peak RSS during the upload and the upload rate, beside a baseline that sends the same batch
 * to a loopback sink that discards it. Files are random ASCII text named .txt, so the server
 * accepts them as documents. mbps is request-body bytes per second, in MB/s (10^6 bytes).
 *
 * Usage: npm run bench -- server-upload [--file-mb N]
 */
import { fork } from 'node:child_process';
import { randomFill } from 'node:crypto';
import { mkdir, open } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { MemosClient } from '../../src/memos/client.ts';
import { MemosProfile } from '../../src/memos/profile.ts';
import type { UploadFile } from '../../src/memos/upload-body.ts';
import { base64Length } from '../../src/memos/upload-body.ts';
import { spawnServer } from '../../src/cli/spawn-server.ts';
import { numberOptions } from '../lib/args.ts';
import { note, printResult } from '../lib/result.ts';
import { samplePeakRss, toMiB } from '../lib/rss.ts';
import { MiB, withTempDir } from '../lib/temp.ts';

const FILE_COUNT = 20;
const options = numberOptions(process.argv.slice(2), { 'file-mb': 100 });
const fillRandom = promisify(randomFill);

/** Random bytes written as base64: plain ASCII text of the exact size, made in bounded chunks. */
async function writeRandomText(path: string, bytes: number): Promise<void> {
  const handle = await open(path, 'w');
  const raw = Buffer.allocUnsafe(3 * MiB);
  try {
    for (let written = 0; written < bytes; ) {
      await fillRandom(raw);
      const text = Buffer.from(raw.toString('base64').slice(0, bytes - written), 'latin1');
      await handle.write(text, 0, text.length, written);
      written += text.length;
    }
  } finally {
    await handle.close();
  }
}

async function timeUpload(baseUrl: string, apiKey: string, files: UploadFile[]): Promise<number> {
  const client = new MemosClient(new MemosProfile({ baseUrl, apiKey, userId: 'bench' }), { retry: { maxAttempts: 1 } });
  const started = performance.now();
  try {
    await client.addMessage({ files, conversationId: 'bench' });
    return (performance.now() - started) / 1000;
  } finally {
    await client.close();
  }
}

async function sinkBaseUrl(): Promise<{ baseUrl: string; stop: () => void }> {
  const child = fork(fileURLToPath(new URL('../upload-stream/sink.ts', import.meta.url)), { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const port = await new Promise<number>((resolve) => child.on('message', (message: { port?: number }) => message.port && resolve(message.port)));
  return { baseUrl: `http://127.0.0.1:${port}/api/openmem/v1`, stop: () => child.disconnect() };
}

await withTempDir('memos-bench-server-upload', async (dir) => {
  const size = Math.round(options['file-mb'] * MiB);
  note(`server-upload: writing ${FILE_COUNT} text files of ${options['file-mb']} MiB…`);
  await mkdir(join(dir, 'files'));
  const files: UploadFile[] = [];
  for (let index = 0; index < FILE_COUNT; index++) {
    const path = join(dir, 'files', `notes-${index}.txt`);
    await writeRandomText(path, size);
    files.push({ path, name: `bench/notes-${index}.txt`, size, category: 'document', mime: 'text/plain' });
  }
  const bodyMb = (files.length * base64Length(size)) / 1e6;

  const sink = await sinkBaseUrl();
  let baselineSeconds: number;
  try {
    baselineSeconds = await timeUpload(sink.baseUrl, 'bench', files);
  } finally {
    sink.stop();
  }

  const server = await spawnServer(['--data', join(dir, 'server')]);
  try {
    const rss = samplePeakRss(server.child.pid as number);
    const seconds = await timeUpload(server.baseUrl, server.token, files);
    const peak = rss.stop();
    const mbps = bodyMb / seconds;
    const baselineMbps = bodyMb / baselineSeconds;
    note(`server-upload: ${bodyMb.toFixed(0)} MB body in ${seconds.toFixed(1)} s; sink took ${baselineSeconds.toFixed(1)} s`);
    printResult({
      file_mb: options['file-mb'],
      files: FILE_COUNT,
      peak_server_rss_mb: Number(toMiB(peak).toFixed(1)),
      mbps: Number(mbps.toFixed(1)),
      baseline_mbps: Number(baselineMbps.toFixed(1)),
      ratio: Number((mbps / baselineMbps).toFixed(3)),
    });
  } finally {
    server.child.kill('SIGKILL');
    await server.exited;
  }
});
