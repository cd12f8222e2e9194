import { mkdir } from 'node:fs/promises';
import type { StateCounts } from '../../src/engine/ledger/file-ledger.ts';
import { startHeadlessApp } from '../../src/host/headless-app.ts';
import { ledgerFileFor } from '../../src/service/ledger-file.ts';
import { note } from '../lib/result.ts';
import { fillQueueLedger } from './queue-ledger.ts';

const USER_ID = 'bench';
const FOLDERS = ['/home/bench/Documents', '/home/bench/资料', '/home/bench/Dropbox/Shared'];

export interface QueueApp {
  files: number;
  counts: StateCounts;
  /** The window's address, token included. */
  url: string;
  stop(): Promise<void>;
}

/**
 * The headless app (app service, engine, built-in server, web host) on a data root whose
 * ledger already holds `files` files, so the window pages them over the real WebSocket API.
 */
export async function startQueueApp(dataRoot: string, files: number): Promise<QueueApp> {
  await mkdir(dataRoot, { recursive: true });
  const started = performance.now();
  const counts = fillQueueLedger({ ledgerFile: ledgerFileFor(dataRoot, 'local', USER_ID), folderPaths: FOLDERS, files });
  note(`ui-queue: ledger with ${files.toLocaleString('en')} files filled in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  const app = await startHeadlessApp({
    dataRoot,
    folders: [],
    host: '127.0.0.1',
    port: 0,
    settings: { userId: USER_ID, language: 'en' },
    log: { warn: (message) => note(`ui-queue: app: ${message}`), error: (message) => note(`ui-queue: app: ${message}`) },
  });
  return { files, counts, url: app.web.url, stop: () => app.stop() };
}
