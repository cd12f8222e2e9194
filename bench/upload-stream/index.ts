/**
 * Upload-stream benchmark: 20 files of N MiB (default 50) uploaded as ONE add/message batch
 * by the real MemosClient to a loopback sink, against a baseline that streams one file of
 * the request body's byte count through the same HTTP stack (undici request, fs ReadStream
 * body). The sink and every transfer run in their own processes, so peak RSS is the
 * client's alone. mbps is request-body bytes counted by the sink per second of transfer,
 * in MB/s (10^6 bytes), for both. The best of `--rounds` interleaved runs is kept.
 *
 * Usage: npm run bench -- upload-stream [--file-mb N] [--rounds R]
 */
import { fork } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { UploadFile } from '../../src/memos/upload-body.ts';
import { numberOptions } from '../lib/args.ts';
import { note, printResult } from '../lib/result.ts';
import { toMiB } from '../lib/rss.ts';
import { MiB, withTempDir, writeRandomFile } from '../lib/temp.ts';
import type { SinkReport } from './sink.ts';
import type { TransferJob, TransferResult } from './transfer.ts';

const FILE_COUNT = 20;

const options = numberOptions(process.argv.slice(2), { 'file-mb': 50, rounds: 3 });
const fileMb = options['file-mb'];
const here = (file: string): string => fileURLToPath(new URL(file, import.meta.url));

interface Sink {
  port: number;
  child: ChildProcess;
  nextReport: () => Promise<SinkReport>;
}

async function startSink(): Promise<Sink> {
  const child = fork(here('./sink.ts'), { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const waiting: ((report: SinkReport) => void)[] = [];
  const port = await new Promise<number>((resolve, reject) => {
    child.once('error', reject);
    child.on('message', (message: SinkReport | { port: number }) => {
      if ('port' in message) resolve(message.port);
      else waiting.shift()?.(message);
    });
  });
  return { port, child, nextReport: () => new Promise((resolve) => waiting.push(resolve)) };
}

interface Measured {
  mbps: number;
  bytes: number;
  peakRss: number;
}

async function measure(sink: Sink, job: TransferJob): Promise<Measured> {
  const report = sink.nextReport();
  const child = fork(here('./transfer.ts'), { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  const result = new Promise<TransferResult>((resolve) => child.once('message', resolve));
  child.send(job);
  const code = await Promise.race([exited, result.then(() => 0)]);
  if (code !== 0) throw new Error(`${job.mode} transfer failed with exit code ${code}`);
  const { seconds, peakRss } = await result;
  const { received, announced } = await report;
  if (received !== announced) throw new Error(`sink received ${received} bytes of ${announced}`);
  await exited;
  return { mbps: received / 1e6 / seconds, bytes: received, peakRss };
}

await withTempDir('memos-bench-upload', async (dir) => {
  note(`upload-stream: writing ${FILE_COUNT} files of ${fileMb} MiB…`);
  await mkdir(join(dir, 'files'));
  const files: UploadFile[] = [];
  for (let index = 0; index < FILE_COUNT; index++) {
    const path = join(dir, 'files', `report-${index}.pdf`);
    const size = Math.round(fileMb * MiB);
    await writeRandomFile(path, size);
    files.push({ path, name: `bench/report-${index}.pdf`, size, category: 'document', mime: 'application/pdf' });
  }

  const sink = await startSink();
  const baseUrl = `http://127.0.0.1:${sink.port}/api/openmem/v1`;
  try {
    const uploadJob: TransferJob = { mode: 'upload', baseUrl, files };
    let best = await measure(sink, uploadJob);
    note(`upload-stream: body is ${(best.bytes / 1e6).toFixed(0)} MB; writing the baseline file…`);
    const path = join(dir, 'baseline.bin');
    await writeRandomFile(path, best.bytes);
    const baselineJob: TransferJob = { mode: 'baseline', baseUrl, path, bytes: best.bytes };

    let baselineMbps = 0;
    let peakRss = best.peakRss;
    for (let round = 1; round <= options.rounds; round++) {
      baselineMbps = Math.max(baselineMbps, (await measure(sink, baselineJob)).mbps);
      const run = await measure(sink, uploadJob);
      peakRss = Math.max(peakRss, run.peakRss);
      if (run.mbps > best.mbps) best = run;
      note(`upload-stream: round ${round}: upload ${run.mbps.toFixed(0)} MB/s (peak RSS ${toMiB(run.peakRss).toFixed(1)} MiB), best baseline ${baselineMbps.toFixed(0)} MB/s`);
    }
    printResult({
      mbps: Number(best.mbps.toFixed(1)),
      baseline_mbps: Number(baselineMbps.toFixed(1)),
      ratio: Number((best.mbps / baselineMbps).toFixed(3)),
      peak_rss_mb: Number(toMiB(peakRss).toFixed(1)),
      file_mb: fileMb,
    });
  } finally {
    sink.child.disconnect();
  }
});
