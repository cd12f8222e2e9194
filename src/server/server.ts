import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { availableParallelism } from 'node:os';
import { mkdir, readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Extraction } from './extract/types.ts';
import { handleRequest } from './http/handle-request.ts';
import { announceInstance, claimDataDir, releaseDataDir } from './instance-file.ts';
import { addMessageRoute } from './routes/add-message-route.ts';
import { memoryRoutes } from './routes/memory-routes.ts';
import { statusRoute } from './routes/status-route.ts';
import { migrate, openDatabase } from './store/db.ts';
import { MemoryStore } from './store/memories.ts';
import type { ExtractJob } from './tasks/extract-worker.ts';
import { TaskProcessor } from './tasks/processor.ts';
import { TASK_MIGRATIONS, TaskStore } from './tasks/task-store.ts';
import { WorkerPool } from './tasks/worker-pool.ts';

export interface MemosServerOptions {
  host: string;
  port: number;
  dataDir: string;
  token: string;
  log: (line: string) => void;
  /** Parser threads; default: all cores but one, at least one. */
  extractWorkers?: number;
  /** Tasks refined at once. */
  taskConcurrency?: number;
  /** How long a stop waits for running tasks before leaving them saved for the next start. */
  shutdownGraceMs?: number;
}

export interface RunningMemosServer {
  /** e.g. http://127.0.0.1:43817/api/openmem/v1 */
  baseUrl: string;
  port: number;
  /** Resolves when every accepted task has ended (tests, benchmarks). */
  idle: () => Promise<void>;
  close: () => Promise<void>;
}

// Run from source (.ts, Node strips types) or from the build (.js): the worker sits beside this file either way.
const extractWorkerScript = new URL(import.meta.url.endsWith('.ts') ? './tasks/extract-worker.ts' : './tasks/extract-worker.js', import.meta.url);

/** Removes what a stopped server left half-done: partly received uploads, folders of tasks that already ended. */
async function removeLeftovers(incomingDir: string, tasksDir: string, running: ReadonlySet<string>): Promise<void> {
  await rm(incomingDir, { recursive: true, force: true });
  await mkdir(incomingDir, { recursive: true });
  for (const entry of await readdir(tasksDir)) {
    if (!running.has(entry)) await rm(join(tasksDir, entry), { recursive: true, force: true });
  }
}

/** Starts the built-in MemOS-compatible server: the cloud's routes and envelopes, kept in one SQLite file under `dataDir`. */
export async function startMemosServer(options: MemosServerOptions): Promise<RunningMemosServer> {
  const incomingDir = join(options.dataDir, 'incoming');
  const tasksDir = join(options.dataDir, 'tasks');
  await mkdir(tasksDir, { recursive: true });
  claimDataDir(options.dataDir);
  const db = openDatabase(join(options.dataDir, 'memos.sqlite'));
  migrate(db, TASK_MIGRATIONS);
  const memories = new MemoryStore(db);
  const tasks = new TaskStore(db);
  const taskFolder = (taskId: string): string => join(tasksDir, taskId);
  await removeLeftovers(incomingDir, tasksDir, new Set(tasks.running().map((task) => task.id)));

  const pool = new WorkerPool<ExtractJob, Extraction>(extractWorkerScript, options.extractWorkers ?? Math.max(1, availableParallelism() - 1));
  const processor = new TaskProcessor({ db, tasks, memories, pool, taskFolder, concurrency: options.taskConcurrency ?? 2, log: options.log });
  const routes = [
    addMessageRoute({ processor, incomingDir, taskFolder, getStatus: (taskId) => tasks.get(taskId)?.status ?? 'running' }),
    statusRoute(tasks),
    ...memoryRoutes(memories),
  ];

  const server = createServer((request, response) => void handleRequest(request, response, routes, options.token, options.log));
  // Uploads of 20 files of 100 MB take minutes on slow links: only stalls (no headers, idle sockets) are cut.
  server.requestTimeout = 0;
  server.headersTimeout = 60_000;
  server.timeout = 120_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const host = options.host.includes(':') ? `[${options.host}]` : options.host;
  const baseUrl = `http://${host}:${port}/api/openmem/v1`;
  announceInstance(options.dataDir, baseUrl);
  const resumed = processor.resumeUnfinished();
  if (resumed > 0) options.log(`resuming ${resumed} unfinished task(s)`);

  return {
    baseUrl,
    port,
    idle: () => processor.idle(),
    close: async () => {
      const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      await processor.close(options.shutdownGraceMs ?? 10_000);
      server.closeAllConnections();
      await stopped;
      await pool.close();
      db.close();
      releaseDataDir(options.dataDir);
    },
  };
}
