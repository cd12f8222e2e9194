import { randomUUID } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { DatabaseSync } from 'node:sqlite';
import pLimit from 'p-limit';
import { countPages } from '../../formats/pages.ts';
import { sniffFile } from '../../formats/sniff.ts';
import { fetchToTempFile } from '../ingest/fetch-url.ts';
import type { Extraction } from '../extract/types.ts';
import type { MemoryStore } from '../store/memories.ts';
import type { NewMemory } from '../store/types.ts';
import type { AcceptedTask, TaskFile } from './accepted-task.ts';
import type { ExtractJob } from './extract-worker.ts';
import { refinedFileMemories, refinedTextMemory, roughMemories } from './memory-drafts.ts';
import type { TaskStore } from './task-store.ts';
import type { WorkerPool } from './worker-pool.ts';

export const MAX_PAGES = 200;
export const MAX_FILE_BYTES = 100 * 1024 * 1024;

export interface ProcessorOptions {
  db: DatabaseSync;
  tasks: TaskStore;
  memories: MemoryStore;
  pool: WorkerPool<ExtractJob, Extraction>;
  /** The folder holding a task's uploaded files until it ends. */
  taskFolder: (taskId: string) => string;
  concurrency: number;
  log: (line: string) => void;
}

/** A file that cannot become memories; its message is the task's failure reason. */
class FileProblem extends Error {}

/**
 * Runs the refined pass of accepted tasks. A task's state and files live on disk until it ends,
 * and its result is written in one transaction, so a server stopped at any moment simply runs
 * the task again on restart.
 */
export class TaskProcessor {
  readonly #options: ProcessorOptions;
  readonly #limit;
  readonly #inFlight = new Set<Promise<void>>();
  /** Set on close: no task starts any more. */
  #stopping = false;
  /** Set when close's grace period ends: running tasks stop writing and stay saved for the next start. */
  #abandoned = false;

  constructor(options: ProcessorOptions) {
    this.#options = options;
    this.#limit = pLimit(Math.max(1, options.concurrency));
  }

  /** Records the task and its rough-pass memories together, then queues the refined pass. */
  accept(task: AcceptedTask): void {
    this.#transaction(() => {
      this.#options.tasks.insert(task);
      this.#options.memories.insertMany(roughMemories(task));
    });
    this.#schedule(task);
  }

  /** Refines a text-only task before answering, for `async_mode: false`. */
  async acceptAndWait(task: AcceptedTask): Promise<void> {
    this.#transaction(() => {
      this.#options.tasks.insert(task);
      this.#options.memories.insertMany(roughMemories(task));
    });
    await this.#refine(task);
  }

  resumeUnfinished(): number {
    const unfinished = this.#options.tasks.running();
    for (const task of unfinished) this.#schedule(task);
    return unfinished.length;
  }

  /** Stops taking work and waits for running tasks up to `graceMs`; unfinished ones stay saved and resume on restart. */
  async close(graceMs: number): Promise<void> {
    this.#stopping = true;
    this.#limit.clearQueue();
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<void>((resolve) => (timer = setTimeout(resolve, graceMs)));
    await Promise.race([Promise.allSettled([...this.#inFlight]), deadline]);
    clearTimeout(timer);
    this.#abandoned = true;
  }

  /** Resolves once every task accepted so far has ended (for tests and benchmarks). */
  async idle(): Promise<void> {
    while (this.#inFlight.size > 0) await Promise.allSettled([...this.#inFlight]);
  }

  #schedule(task: AcceptedTask): void {
    const run = this.#limit(async () => {
      if (!this.#stopping) await this.#refine(task);
    });
    this.#inFlight.add(run);
    void run.finally(() => this.#inFlight.delete(run));
  }

  async #refine(task: AcceptedTask): Promise<void> {
    const started = performance.now();
    try {
      const drafts = await this.#draftsFor(task);
      if (this.#abandoned) return;
      const ids = this.#transaction(() => {
        const roughIds = this.#options.memories.roughIdsOfTask(task.id);
        this.#options.memories.deleteIds(roughIds);
        const added = this.#options.memories.insertMany(drafts);
        this.#options.tasks.complete(task.id, { added, updated: [], deleted: roughIds, detail_factual: { memory_ids: added } });
        return added;
      });
      this.#options.log(`task ${task.id} completed: ${ids.length} memories in ${(performance.now() - started).toFixed(0)} ms`);
    } catch (error) {
      if (this.#abandoned) return;
      const reason = error instanceof FileProblem ? error.message : `the task could not be processed: ${(error as Error).message}`;
      this.#transaction(() => {
        this.#options.memories.deleteIds(this.#options.memories.roughIdsOfTask(task.id));
        this.#options.tasks.fail(task.id, reason);
      });
      this.#options.log(`task ${task.id} failed: ${reason}`);
    }
    await rm(this.#options.taskFolder(task.id), { recursive: true, force: true });
  }

  async #draftsFor(task: AcceptedTask): Promise<NewMemory[]> {
    const perMessage = await Promise.all(
      task.messages.map(async (message) => {
        if (message.files.length === 0) return message.text.trim() ? [refinedTextMemory(task, message.text)] : [];
        const perFile = await Promise.all(message.files.map((file) => this.#fileDrafts(task, file)));
        return perFile.flat();
      }),
    );
    return perMessage.flat();
  }

  async #fileDrafts(task: AcceptedTask, file: TaskFile): Promise<NewMemory[]> {
    const path = await this.#localCopy(task, file);
    const sniffed = await sniffFile(path, file.name);
    if (!sniffed.supported) throw new FileProblem(`${file.name}: ${sniffed.reason}`);
    if (file.part === 'image_url' && sniffed.category !== 'image') throw new FileProblem(`${file.name}: an image_url part must hold an image, but the content is ${sniffed.type.toUpperCase()}`);
    const pages = await countPages(path, sniffed.type);
    if (pages.pages !== undefined && pages.pages > MAX_PAGES) throw new FileProblem(`${file.name} has ${pages.pages} pages; MemOS accepts at most ${MAX_PAGES} pages per file`);
    let extraction: Extraction;
    try {
      extraction = await this.#options.pool.run({ path, name: file.name, sniffed });
    } catch (error) {
      throw new FileProblem(`${file.name}: ${(error as Error).message}`);
    }
    if (extraction.pageCount !== undefined && extraction.pageCount > MAX_PAGES) {
      throw new FileProblem(`${file.name} has ${extraction.pageCount} pages; MemOS accepts at most ${MAX_PAGES} pages per file`);
    }
    return refinedFileMemories(task, file.name, extraction);
  }

  async #localCopy(task: AcceptedTask, file: TaskFile): Promise<string> {
    if (file.source.kind === 'stored') {
      if (file.source.bytes === 0) throw new FileProblem(`${file.name}: the file is empty`);
      return file.source.path;
    }
    try {
      const fetched = await fetchToTempFile(file.source.url, { tempDir: join(this.#options.taskFolder(task.id), `url-${randomUUID()}`), maxBytes: MAX_FILE_BYTES, timeoutMs: 60_000 });
      if (fetched.bytes === 0) throw new FileProblem(`${file.name}: the download is empty`);
      return fetched.tempPath;
    } catch (error) {
      if (error instanceof FileProblem) throw error;
      throw new FileProblem((error as Error).message);
    }
  }

  #transaction<T>(work: () => T): T {
    this.#options.db.exec('BEGIN IMMEDIATE');
    try {
      const result = work();
      this.#options.db.exec('COMMIT');
      return result;
    } catch (error) {
      this.#options.db.exec('ROLLBACK');
      throw error;
    }
  }
}
