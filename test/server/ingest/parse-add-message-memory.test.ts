import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { cleanupParsed, parseAddMessage } from '../../../src/server/ingest/parse-add-message.ts';
import type { PartRef } from '../../../src/server/ingest/parse-add-message.ts';
import { randomBytes, TempDir } from './body-helpers.ts';

const dir = new TempDir();
beforeEach(() => dir.create());
afterEach(() => dir.remove());

const MB = 1024 * 1024;
// A random 48 KiB block is 64 KiB of base64 without padding, so repeating it stays valid base64.
const BLOCK = randomBytes(48 * 1024, 42);
const BLOCK_BASE64 = Buffer.from(BLOCK.toString('base64'));
const BLOCKS_PER_FILE = 1600; // 75 MiB decoded, 100 MiB of base64
const FILES = 3;

function collectGarbage(): () => void {
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
}

const retained = (): number => {
  const usage = process.memoryUsage();
  return usage.heapUsed + usage.arrayBuffers;
};

/** ~300 MB of add/message JSON made on the fly, sampling retained memory as it is consumed. */
async function* generatedBody(samples: number[], gc: () => void): AsyncGenerator<Buffer> {
  yield Buffer.from('{"user_id":"u","conversation_id":"c","messages":[{"role":"user","content":[');
  for (let file = 0; file < FILES; file++) {
    yield Buffer.from(`${file === 0 ? '' : ','}{"type":"text","text":"file ${file}"},{"type":"image_url","image_url":{"url":"data:image/png;base64,`);
    for (let block = 0; block < BLOCKS_PER_FILE; block++) {
      if (block % 256 === 0) {
        gc();
        samples.push(retained());
      }
      yield BLOCK_BASE64;
    }
    yield Buffer.from('"}}');
  }
  yield Buffer.from(']}]}');
}

async function sha256OfFile(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

it('parses a ~300 MB body with flat memory: the body and the files never sit in memory', async () => {
  const gc = collectGarbage();
  gc();
  const baseline = retained();
  const samples: number[] = [];
  const parsed = await parseAddMessage(generatedBody(samples, gc), { tempDir: dir.path, maxFiles: 20, maxFileBytes: 100 * MB });
  gc();
  samples.push(retained());

  expect(Math.max(...samples) - baseline).toBeLessThan(64 * MB);
  const expected = createHash('sha256');
  for (let block = 0; block < BLOCKS_PER_FILE; block++) expected.update(BLOCK);
  const digest = expected.digest('hex');
  expect(parsed.parts).toHaveLength(FILES);
  for (const part of parsed.parts as Extract<PartRef, { kind: 'upload' }>[]) {
    expect(part).toMatchObject({ kind: 'upload', bytes: BLOCK.length * BLOCKS_PER_FILE, mime: 'image/png' });
    expect(await sha256OfFile(part.tempPath)).toBe(digest);
  }
  await cleanupParsed(parsed);
}, 300_000);
