import { readFile, stat } from 'node:fs/promises';
import { ExtractionError } from './types.ts';

/** MemOS accepts files up to 100 MB; the extractors refuse to load anything larger into memory. */
export const MAX_EXTRACT_BYTES = 100 * 1024 * 1024;

/** Checks a file is neither empty nor over the limit; returns its size. */
export async function checkedSize(path: string): Promise<number> {
  const { size } = await stat(path);
  if (size === 0) throw new ExtractionError('the file is empty');
  if (size > MAX_EXTRACT_BYTES) throw new ExtractionError(`the file is larger than ${MAX_EXTRACT_BYTES / 1024 / 1024} MB`);
  return size;
}

/** Reads a whole file for parsers that need random access (PDF, OLE), after the size checks. */
export async function readWhole(path: string): Promise<Uint8Array> {
  await checkedSize(path);
  const buffer = await readFile(path);
  return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
}
