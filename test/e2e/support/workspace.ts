import { copyFile, mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { ROOT } from './build-renderer.ts';

export const sample = (name: string): string => join(ROOT, 'samples', name);
export const documentFixture = (name: string): string => join(ROOT, 'test/fixtures/documents', name);

/** A file of a test folder: a copy of a sample or fixture, or the given content. */
export type FileSpec = { copyOf: string } | { content: string | Uint8Array };

/** Writes `files` (relative paths, `/`-separated) under `folder`; returns the folder. */
export async function makeFolder(folder: string, files: Record<string, FileSpec>): Promise<string> {
  await mkdir(folder, { recursive: true });
  for (const [relativePath, spec] of Object.entries(files)) {
    const path = join(folder, ...relativePath.split('/'));
    await mkdir(dirname(path), { recursive: true });
    if ('copyOf' in spec) await copyFile(spec.copyOf, path);
    else await writeFile(path, spec.content);
  }
  return folder;
}
