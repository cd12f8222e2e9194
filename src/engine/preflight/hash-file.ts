import { createHash } from 'node:crypto';
import type { FileHandle } from 'node:fs/promises';

/** Large reads keep the syscall count low; one buffer is reused, so memory does not grow with the file. */
const READ_BYTES = 1024 * 1024;
const MIN_READ_BYTES = 4096;

export interface FileDigest {
  /** SHA-256, lowercase hex. */
  hash: string;
  /** Bytes actually read until end of file; differs from the stat size when the file changed. */
  bytesRead: number;
}

/**
 * Streams the whole file through SHA-256 from its first byte to wherever its end is now.
 * `expectedBytes` sizes the buffer: a 1 MiB buffer per small file would pile up hundreds of MB
 * of garbage outside the JS heap when thousands of files are checked in a row.
 */
export async function hashFile(handle: FileHandle, expectedBytes: number, signal?: AbortSignal): Promise<FileDigest> {
  const hash = createHash('sha256');
  const buffer = Buffer.allocUnsafe(Math.min(READ_BYTES, Math.max(MIN_READ_BYTES, expectedBytes + 1)));
  let bytesRead = 0;
  for (;;) {
    signal?.throwIfAborted();
    const { bytesRead: count } = await handle.read(buffer, 0, buffer.length, bytesRead);
    if (count === 0) break;
    hash.update(buffer.subarray(0, count));
    bytesRead += count;
  }
  return { hash: hash.digest('hex'), bytesRead };
}
