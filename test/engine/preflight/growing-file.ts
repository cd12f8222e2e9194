import { appendFile, copyFile } from 'node:fs/promises';
import { join } from 'node:path';
import { preflight, type PreflightResult } from '../../../src/engine/preflight/preflight.ts';

/** Checks a 16 MB file in `dir` while it keeps growing, as a download or a copy still under way. */
export async function checkWhileGrowing(dir: string): Promise<PreflightResult> {
  const path = join(dir, 'growing.txt');
  await copyFile(join(import.meta.dirname, '../../fixtures/documents/guide.md'), path);
  await appendFile(path, Buffer.alloc(16 * 1024 * 1024, 'a'));
  let finished = false;
  const checked = preflight(path, 'growing.txt').finally(() => (finished = true));
  while (!finished) await appendFile(path, 'more text\n');
  return checked;
}
