import { Worker } from 'node:worker_threads';

export interface PoolReply<Result> {
  ok: boolean;
  result?: Result;
  message?: string;
}

interface Slot {
  worker: Worker;
  busy: boolean;
}

interface Waiting<Job, Result> {
  job: Job;
  resolve: (result: Result) => void;
  reject: (error: Error) => void;
}

/** A job whose worker died (crash, out of memory): the pool replaces the worker and goes on. */
export class WorkerCrashError extends Error {
  override name = 'WorkerCrashError';
}

/**
 * A fixed-size pool of worker threads, each handling one job at a time. Parsers run here so
 * that a slow or crashing parser never blocks the server's event loop or takes the server down.
 */
export class WorkerPool<Job, Result> {
  readonly #script: URL;
  readonly #size: number;
  readonly #memoryLimitMb: number;
  readonly #slots: Slot[] = [];
  readonly #queue: Waiting<Job, Result>[] = [];
  #closed = false;

  constructor(script: URL, size: number, memoryLimitMb = 1024) {
    this.#script = script;
    this.#size = Math.max(1, size);
    this.#memoryLimitMb = memoryLimitMb;
  }

  run(job: Job): Promise<Result> {
    if (this.#closed) return Promise.reject(new Error('the worker pool is closed'));
    return new Promise((resolve, reject) => {
      this.#queue.push({ job, resolve, reject });
      this.#dispatch();
    });
  }

  async close(): Promise<void> {
    this.#closed = true;
    for (const waiting of this.#queue.splice(0)) waiting.reject(new Error('the worker pool is closed'));
    await Promise.all(this.#slots.splice(0).map(async (slot) => {
      slot.worker.postMessage({ type: 'close' });
      const exited = new Promise((resolve) => slot.worker.once('exit', resolve));
      const timeout = setTimeout(() => void slot.worker.terminate(), 5_000);
      await exited;
      clearTimeout(timeout);
    }));
  }

  #dispatch(): void {
    while (this.#queue.length > 0) {
      const slot = this.#slots.find((candidate) => !candidate.busy) ?? this.#spawn();
      if (!slot) return;
      const waiting = this.#queue.shift() as Waiting<Job, Result>;
      this.#execute(slot, waiting);
    }
  }

  #spawn(): Slot | undefined {
    if (this.#slots.length >= this.#size) return undefined;
    const worker = new Worker(this.#script, { resourceLimits: { maxOldGenerationSizeMb: this.#memoryLimitMb } });
    worker.unref();
    const slot: Slot = { worker, busy: false };
    this.#slots.push(slot);
    return slot;
  }

  #execute(slot: Slot, waiting: Waiting<Job, Result>): void {
    slot.busy = true;
    const { worker } = slot;
    const settle = (): void => {
      worker.off('message', onMessage);
      worker.off('error', onError);
      worker.off('exit', onExit);
      slot.busy = false;
    };
    const onMessage = (reply: PoolReply<Result>): void => {
      settle();
      if (reply.ok) waiting.resolve(reply.result as Result);
      else waiting.reject(new Error(reply.message ?? 'the worker failed without a reason'));
      this.#dispatch();
    };
    const onCrash = (reason: string): void => {
      settle();
      const index = this.#slots.indexOf(slot);
      if (index >= 0) this.#slots.splice(index, 1);
      waiting.reject(new WorkerCrashError(reason));
      if (!this.#closed) this.#dispatch();
    };
    const onError = (error: Error): void => {
      void worker.terminate();
      onCrash(`the parser crashed: ${error.message}`);
    };
    const onExit = (code: number): void => onCrash(`the parser stopped unexpectedly (exit code ${code})`);
    worker.on('message', onMessage);
    worker.on('error', onError);
    worker.on('exit', onExit);
    worker.postMessage({ type: 'job', job: waiting.job });
  }
}
