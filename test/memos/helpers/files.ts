import { createHash, randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { sniffFile } from '../../../src/formats/sniff.ts';
import type { UploadFile } from '../../../src/memos/upload-body.ts';

export interface TempFiles {
  dir: string;
  files: UploadFile[];
  digests: Map<string, string>;
  cleanup: () => Promise<void>;
}

export const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

/** Writes `contents` (relative name -> bytes) into a fresh temp folder and describes them as sniffed upload files. */
export async function makeFiles(contents: Record<string, Uint8Array>): Promise<TempFiles> {
  const dir = await mkdtemp(join(tmpdir(), 'memos-client-'));
  const files: UploadFile[] = [];
  const digests = new Map<string, string>();
  for (const [name, bytes] of Object.entries(contents)) {
    const path = join(dir, name);
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, bytes);
    const sniffed = await sniffFile(path);
    if (!sniffed.supported) throw new Error(`${name}: ${sniffed.reason}`);
    files.push({ path, name, size: bytes.length, category: sniffed.category, mime: sniffed.mime });
    digests.set(name, sha256(bytes));
  }
  return { dir, files, digests, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

export const withHeader = (header: number[] | string, size: number): Buffer => {
  const head = typeof header === 'string' ? Buffer.from(header, 'latin1') : Buffer.from(header);
  return Buffer.concat([head, randomBytes(size - head.length)]);
};

export const PNG_HEADER = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
export const JPEG_HEADER = [0xff, 0xd8, 0xff, 0xe0];
