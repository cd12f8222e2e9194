import { createHash } from 'node:crypto';
import type { FileHandle } from 'node:fs/promises';

/** Large reads keep the syscall count low; one buffer is reused, so memory does not grow with the file. */
const READ_BYTES = 1024 * 1024;

export interface FileDigest {
  /** SHA-256, lowercase hex. */
  hash: string;
  /** Bytes actually read until end of file; differs from the stat size when the file changed. */
  bytesRead: number;
}

/** Streams the whole file through SHA-256 from its first byte to wherever its end is now. */
export async function hashFile(handle: FileHandle, signal?: AbortSignal): Promise<FileDigest> {
  const hash = createHash('sha256');
  const buffer = Buffer.allocUnsafe(READ_BYTES);
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
