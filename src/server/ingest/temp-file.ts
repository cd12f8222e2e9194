import { randomUUID } from 'node:crypto';
import { open, rm } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import { join } from 'node:path';

const ignore = (): void => {};

/**
 * Runs file operations one after another. The synchronous JSON parser queues work here and
 * the driver awaits `idle()` between body chunks, which is what gives us backpressure. After
 * one operation fails every later one is skipped and `idle()` keeps rejecting.
 */
export class SerialIo {
  #tail: Promise<void> = Promise.resolve();

  run(operation: () => Promise<void>): void {
    const next = this.#tail.then(operation);
    // The driver awaits idle() right after queuing; this only stops a premature "unhandled" report.
    next.catch(ignore);
    this.#tail = next;
  }

  idle(): Promise<void> {
    return this.#tail;
  }
}

async function writeAll(handle: FileHandle, data: Buffer): Promise<void> {
  let done = 0;
  while (done < data.length) {
    const { bytesWritten } = await handle.write(data, done, data.length - done);
    done += bytesWritten;
  }
}

/** A temp file written through a SerialIo queue; every method only queues work. */
export class TempFile {
  readonly path: string;
  readonly #io: SerialIo;
  #handle: FileHandle | undefined;

  constructor(io: SerialIo, dir: string) {
    this.#io = io;
    this.path = join(dir, `part-${randomUUID()}.bin`);
    io.run(async () => {
      this.#handle = await open(this.path, 'wx', 0o600);
    });
  }

  write(data: Buffer): void {
    this.#io.run(() => writeAll(this.#requireHandle(), data));
  }

  close(): void {
    this.#io.run(() => this.#close());
  }

  remove(): void {
    this.#io.run(async () => {
      await this.#close();
      await rm(this.path, { force: true });
    });
  }

  /** Closes and deletes the file outside the queue: for cleanup after the queue has failed. */
  async discard(): Promise<void> {
    await this.#close().catch(ignore);
    await rm(this.path, { force: true });
  }

  #requireHandle(): FileHandle {
    if (!this.#handle) throw new Error(`temp file ${this.path} is not open`);
    return this.#handle;
  }

  async #close(): Promise<void> {
    const handle = this.#handle;
    this.#handle = undefined;
    await handle?.close();
  }
}
