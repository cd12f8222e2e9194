import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A small deterministic generator, so a failing random split can be reproduced. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let mixed = Math.imul(state ^ (state >>> 15), 1 | state);
    mixed = (mixed + Math.imul(mixed ^ (mixed >>> 7), 61 | mixed)) ^ mixed;
    return ((mixed ^ (mixed >>> 14)) >>> 0) / 4294967296;
  };
}

export function randomBytes(size: number, seed: number): Buffer {
  const random = seededRandom(seed);
  const bytes = Buffer.alloc(size);
  for (let index = 0; index < size; index++) bytes[index] = Math.floor(random() * 256);
  return bytes;
}

/** Yields the body in pieces of minSize..maxSize bytes, each a fresh copy. */
export async function* chunked(body: Buffer, minSize: number, maxSize: number, seed = 1): AsyncGenerator<Buffer> {
  const random = seededRandom(seed);
  for (let start = 0; start < body.length; ) {
    const size = minSize + Math.floor(random() * (maxSize - minSize + 1));
    yield Buffer.from(body.subarray(start, start + size));
    start += size;
  }
}

export type TestPart =
  | { type: 'text'; text: string }
  | { type: 'file'; file: { file_data: unknown; filename?: string } }
  | { type: 'image_url'; image_url: { url: unknown } };

export function addMessageBody(parts: TestPart[], extra: Record<string, unknown> = {}): Buffer {
  return Buffer.from(JSON.stringify({ user_id: 'user-1', conversation_id: 'c-1', messages: [{ role: 'user', content: parts }], ...extra }), 'utf8');
}

export const filePart = (data: string, filename?: string): TestPart => ({ type: 'file', file: { file_data: data, ...(filename ? { filename } : {}) } });
export const imagePart = (url: string): TestPart => ({ type: 'image_url', image_url: { url } });

export class TempDir {
  path = '';

  async create(): Promise<string> {
    this.path = await mkdtemp(join(tmpdir(), 'memos-ingest-test-'));
    return this.path;
  }

  async files(): Promise<string[]> {
    return readdir(this.path);
  }

  async remove(): Promise<void> {
    if (this.path) await rm(this.path, { recursive: true, force: true });
  }
}
