import { randomFill } from 'node:crypto';
import { mkdtemp, open, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const fillRandom = (buffer: Buffer, length: number): Promise<void> =>
  new Promise((resolve, reject) => randomFill(buffer, 0, length, (error) => (error ? reject(error) : resolve())));
export const MiB = 1024 * 1024;

/** Runs `work` with a fresh temp folder that is removed afterwards, also on failure. */
export async function withTempDir<T>(prefix: string, work: (dir: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(join(tmpdir(), `${prefix}-`));
  try {
    return await work(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Writes `bytes` random bytes in bounded chunks, so writing big files needs little memory. */
export async function writeRandomFile(path: string, bytes: number, chunkBytes = 4 * MiB): Promise<void> {
  const handle = await open(path, 'w');
  try {
    const chunk = Buffer.allocUnsafe(Math.min(chunkBytes, Math.max(bytes, 1)));
    for (let written = 0; written < bytes; ) {
      const length = Math.min(chunk.length, bytes - written);
      await fillRandom(chunk, length);
      await handle.write(chunk, 0, length, written);
      written += length;
    }
  } finally {
    await handle.close();
  }
}
