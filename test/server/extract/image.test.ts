import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { crc32 } from 'node:zlib';
import type { Worker as ThreadWorker } from 'node:worker_threads';
import type * as Tesseract from 'tesseract.js';
import { createWorker } from 'tesseract.js';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ImageType } from '../../../src/formats/sniff.ts';
import { closeOcr, extractImage } from '../../../src/server/extract/image.ts';
import { tidyOcrText } from '../../../src/server/extract/ocr.ts';
import { ExtractionError } from '../../../src/server/extract/types.ts';

const faults = vi.hoisted(() => ({ failNextRecognize: false }));

// The real engine, counted, with a switch to make one recognition fail like a broken worker.
vi.mock('tesseract.js', async (importOriginal) => {
  const actual = await importOriginal<typeof Tesseract>();
  const createWorker = vi.fn(async (...args: Parameters<typeof actual.createWorker>) => {
    const worker = await actual.createWorker(...args);
    const recognize = worker.recognize.bind(worker);
    worker.recognize = (...call) => {
      if (!faults.failNextRecognize) return recognize(...call);
      faults.failNextRecognize = false;
      return Promise.reject(new Error('simulated engine fault'));
    };
    return worker;
  });
  return { ...actual, createWorker };
});

const FIXTURES = join(import.meta.dirname, '../../fixtures/images');
const fixture = (name: string): string => join(FIXTURES, name);
const HAN_SPACE_HAN = /\p{Script=Han} +\p{Script=Han}/u;

let scratch: string;

beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'image-extract-test-'));
});

afterAll(async () => {
  await closeOcr();
  await rm(scratch, { recursive: true, force: true });
});

async function scratchFile(name: string, bytes: Uint8Array): Promise<string> {
  const path = join(scratch, name);
  await writeFile(path, bytes);
  return path;
}

function pngChunk(type: string, data: Buffer): Buffer {
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/** A structurally whole PNG that claims the given size (no pixel data is needed to read it). */
function pngClaiming(width: number, height: number): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 0, 0, 0, 0], 8);
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return Buffer.concat([signature, pngChunk('IHDR', header), pngChunk('IEND', Buffer.alloc(0))]);
}

describe('extractImage', () => {
  it('reads printed English and Chinese text, without spaces between Chinese characters', async () => {
    const result = await extractImage(fixture('text-zh-en.png'), 'text-zh-en.png', 'png');

    expect(result.type).toBe('png');
    expect(result.meta).toMatchObject({ width: '689', height: '179', ocr: 'text found' });
    expect(result.sections).toHaveLength(1);
    const [section] = result.sections;
    expect(section?.title).toBe('text-zh-en.png · image');
    expect(section?.text.startsWith('Image 689×179 PNG.')).toBe(true);
    for (const word of ['MemOS', 'Meeting', '会议', '记忆']) expect(section?.text).toContain(word);
    expect(section?.text).not.toMatch(HAN_SPACE_HAN);
  });

  it('keeps the date taken and the camera from EXIF, with the facts as text when the photo has no words', async () => {
    const result = await extractImage(fixture('photo-exif.jpg'), 'photo.jpg', 'jpeg');

    expect(result.meta).toEqual({
      width: '96',
      height: '64',
      taken_at: '2024-05-01T10:30:00',
      camera: 'MemOS Test Camera X1',
      ocr: 'no text found',
    });
    expect(result.sections[0]?.text).toBe('Image 96×64 JPEG, taken 2024-05-01 10:30, camera MemOS Test Camera X1.');
  });

  it.each<[string, ImageType, string, string]>([
    ['small.gif', 'gif', '233', '86'],
    ['small.bmp', 'bmp', '253', '86'],
    ['small.webp', 'webp', '277', '86'],
  ])('reads size and text from %s', async (name, type, width, height) => {
    const result = await extractImage(fixture(name), name, type);

    expect(result.meta).toMatchObject({ width, height, ocr: 'text found' });
    expect(result.sections[0]?.text).toContain('Hello');
  });

  it('keeps the facts and says so when OCR cannot decode the format (animated WebP)', async () => {
    const result = await extractImage(fixture('animated.webp'), 'animated.webp', 'webp');

    expect(result.meta).toEqual({ width: '233', height: '86', ocr: 'unsupported format' });
    expect(result.sections[0]?.text).toBe('Image 233×86 WebP.');
  });

  it('skips OCR above the pixel limit and keeps the facts', async () => {
    const path = await scratchFile('huge.png', pngClaiming(10_000, 5_000));
    const result = await extractImage(path, 'huge.png', 'png');

    expect(result.meta).toEqual({ width: '10000', height: '5000', ocr: 'skipped: image too large for OCR' });
    expect(result.sections[0]?.text).toBe('Image 10000×5000 PNG.');
  });

  it('rejects an empty file', async () => {
    const path = await scratchFile('empty.png', new Uint8Array());
    await expect(extractImage(path, 'empty.png', 'png')).rejects.toThrow(new ExtractionError('the image is empty'));
  });

  it('rejects a PNG cut short, even though its header is intact', async () => {
    const whole = await readFile(fixture('text-zh-en.png'));
    const path = await scratchFile('truncated.png', whole.subarray(0, Math.floor(whole.length / 2)));
    await expect(extractImage(path, 'truncated.png', 'png')).rejects.toThrow(new ExtractionError('the image is damaged or not a PNG'));
  });

  it('rejects bytes that are not the image they claim to be', async () => {
    const path = await scratchFile('not-really.jpg', Buffer.from([0xff, 0xd8, 0xff, 0x00, 0x01, 0x02]));
    await expect(extractImage(path, 'not-really.jpg', 'jpeg')).rejects.toThrow(new ExtractionError('the image is damaged or not a JPEG'));
  });
});

describe('OCR worker', () => {
  const created = vi.mocked(createWorker);

  beforeEach(async () => {
    await closeOcr();
    created.mockClear();
  });

  it('creates one worker lazily and reuses it for sequential and concurrent calls', async () => {
    expect(created).not.toHaveBeenCalled();
    await extractImage(fixture('small.gif'), 'a.gif', 'gif');
    const [first, second] = await Promise.all([
      extractImage(fixture('small.bmp'), 'b.bmp', 'bmp'),
      extractImage(fixture('small.webp'), 'c.webp', 'webp'),
    ]);

    expect(created).toHaveBeenCalledTimes(1);
    expect(first.sections[0]?.text).toContain('BMP');
    expect(second.sections[0]?.text).toContain('WEBP');
  });

  it('closeOcr ends the worker thread, and a later call starts a new worker', async () => {
    await extractImage(fixture('small.gif'), 'a.gif', 'gif');
    const worker = await created.mock.results[0]?.value;
    const thread = (worker as { worker: ThreadWorker }).worker;
    const exited = new Promise((resolve) => thread.once('exit', resolve));

    await closeOcr();
    await exited;

    const again = await extractImage(fixture('small.gif'), 'a.gif', 'gif');
    expect(again.meta.ocr).toBe('text found');
    expect(created).toHaveBeenCalledTimes(2);
  });

  it('replaces a worker whose call failed, so later calls still read text', async () => {
    faults.failNextRecognize = true;
    const failed = await extractImage(fixture('small.gif'), 'a.gif', 'gif');
    expect(failed.meta.ocr).toBe('failed: OCR failed (simulated engine fault)');
    expect(failed.sections[0]?.text).toBe('Image 233×86 GIF.');

    const recovered = await extractImage(fixture('small.gif'), 'a.gif', 'gif');
    expect(recovered.meta.ocr).toBe('text found');
    expect(created).toHaveBeenCalledTimes(2);
  });

  it('lets a process exit on its own after closeOcr, leaving no files behind', async () => {
    const work = await mkdtemp(join(scratch, 'child-'));
    const script = `
      import { extractImage, closeOcr } from ${JSON.stringify(new URL('../../../src/server/extract/image.ts', import.meta.url).href)};
      const result = await extractImage(${JSON.stringify(fixture('small.gif'))}, 'a.gif', 'gif');
      await closeOcr();
      console.log(result.meta.ocr);
    `;
    // TMPDIR and cwd point into an empty folder: whatever the engine writes there would show.
    const { stdout } = await promisify(execFile)(process.execPath, ['--input-type=module', '-e', script], {
      cwd: work,
      env: { ...process.env, TMPDIR: work },
      timeout: 25_000,
    });

    expect(stdout.trim()).toBe('text found');
    expect(await readdir(work)).toEqual([]);
  });
});

describe('tidyOcrText', () => {
  it('joins Chinese characters and keeps spaces around Latin words', () => {
    expect(tidyOcrText('MemOS Sync 记 忆 同步 测试\n\n\n\nMeeting notes 会 议 纪要 ， 好\n')).toBe('MemOS Sync 记忆同步测试\n\nMeeting notes 会议纪要，好');
  });
});
