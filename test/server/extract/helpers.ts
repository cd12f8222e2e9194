import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';

export const fixture = (name: string): string => join(import.meta.dirname, '../../fixtures/documents', name);

/** A temporary folder for files built in a test, removed after the file's tests. */
export function useTempDir(): (name: string, bytes: Uint8Array | string) => Promise<string> {
  let dir = '';
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'extract-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });
  return async (name, bytes) => {
    const path = join(dir, name);
    await writeFile(path, bytes);
    return path;
  };
}
