import { readFile } from 'node:fs/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AddMessageParseError, cleanupParsed, parseAddMessage } from '../../../src/server/ingest/parse-add-message.ts';
import type { ParseAddMessageOptions, ParsedAddMessage, PartRef } from '../../../src/server/ingest/parse-add-message.ts';
import { addMessageBody, chunked, filePart, imagePart, randomBytes, TempDir } from './body-helpers.ts';
import type { TestPart } from './body-helpers.ts';

const dir = new TempDir();
beforeEach(() => dir.create());
afterEach(() => dir.remove());

const MB = 1024 * 1024;
const options = (extra: Partial<ParseAddMessageOptions> = {}): ParseAddMessageOptions => ({ tempDir: dir.path, maxFiles: 20, maxFileBytes: 100 * MB, ...extra });

type Split = [minSize: number, maxSize: number];
const TINY: Split = [1, 7];
const SPLITS: Split[] = [TINY, [1, 100_000], [64 * 1024, 64 * 1024], [Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER]];

function parse(body: Buffer, split: Split, extra?: Partial<ParseAddMessageOptions>, seed = 7): Promise<ParsedAddMessage> {
  return parseAddMessage(chunked(body, split[0], split[1], seed), options(extra));
}

/** The ref at messages[0].content[index] (file_data or image_url.url). */
function refAt(parsed: ParsedAddMessage, index: number): PartRef {
  const part = (parsed.body as { messages: { content: Record<string, Record<string, PartRef>>[] }[] }).messages[0]?.content[index];
  return (part?.file?.file_data ?? part?.image_url?.url) as PartRef;
}

async function expectUpload(ref: PartRef, original: Buffer, mime?: string): Promise<void> {
  expect(ref.kind).toBe('upload');
  if (ref.kind !== 'upload') return;
  expect(ref.bytes).toBe(original.length);
  expect(ref.mime).toBe(mime);
  expect((await readFile(ref.tempPath)).equals(original)).toBe(true);
}

async function expectParseError(body: Buffer | string, split: Split = TINY, extra?: Partial<ParseAddMessageOptions>): Promise<AddMessageParseError> {
  const error = await parse(Buffer.from(body), split, extra).then(
    () => undefined,
    (failure: unknown) => failure,
  );
  expect(error).toBeInstanceOf(AddMessageParseError);
  expect(await dir.files()).toEqual([]);
  return error as AddMessageParseError;
}

describe('parseAddMessage: decoding files', () => {
  const sizes = [0, 1, 2, 3, 4, 5, 57, 1000, 65_537];
  const originals = sizes.map((size, index) => randomBytes(size, index + 1));

  it.each(SPLITS)('decodes bare base64 files byte for byte, chunks of %i..%i bytes', async (min, max) => {
    const parts: TestPart[] = originals.flatMap((bytes, index) => [{ type: 'text', text: `file ${index}: 报告 📄 naïve` }, filePart(bytes.toString('base64'), `名前-${index}.pdf`)]);
    const parsed = await parse(addMessageBody(parts), [min, max]);
    for (const [index, original] of originals.entries()) await expectUpload(refAt(parsed, index * 2 + 1), original);
    const content = (parsed.body as { messages: { content: TestPart[] }[] }).messages[0]?.content;
    expect(content?.[0]).toEqual({ type: 'text', text: 'file 0: 报告 📄 naïve' });
    expect((content?.[3] as { file: { filename: string } }).file.filename).toBe('名前-1.pdf');
    expect(parsed.fileCount).toBe(sizes.length);
    expect(await dir.files()).toHaveLength(sizes.length);
  });

  it.each([[1, 7], [1, 100_000], [Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER]] as Split[])('decodes several-MB files, chunks of %i..%i bytes', async (min, max) => {
    const file = randomBytes(3 * MB + 1, 101);
    const image = randomBytes(2 * MB + 2, 102);
    const parsed = await parse(addMessageBody([filePart(file.toString('base64')), imagePart(`data:image/png;base64,${image.toString('base64')}`)]), [min, max]);
    await expectUpload(refAt(parsed, 0), file);
    await expectUpload(refAt(parsed, 1), image, 'image/png');
  });

  it('reads data URIs with their media type, in file_data and image_url', async () => {
    const bytes = randomBytes(777, 5);
    const base64 = bytes.toString('base64');
    const parsed = await parse(
      addMessageBody([
        imagePart(`data:image/JPEG;base64,${base64}`),
        filePart(`data:application/pdf;name=a.pdf;base64,${base64}`),
        filePart(`data:;base64,${base64}`),
      ]),
      TINY,
    );
    await expectUpload(refAt(parsed, 0), bytes, 'image/jpeg');
    await expectUpload(refAt(parsed, 1), bytes, 'application/pdf');
    await expectUpload(refAt(parsed, 2), bytes);
  });

  it('handles JSON escapes inside the data: \\/ everywhere, escaped letters, and escaped line breaks', async () => {
    const bytes = randomBytes(5000, 9);
    const wrapped = bytes.toString('base64').replace(/.{76}/g, '$&\r\n');
    const json = addMessageBody([imagePart(`data:image/png;base64,${bytes.toString('base64')}`), filePart(wrapped)]).toString().replaceAll('/', '\\/').replace('base64,', 'base64\\u002c').replace('"file_data":"', '"file_data":"\\u0020');
    const parsed = await parse(Buffer.from(json), TINY);
    await expectUpload(refAt(parsed, 0), bytes, 'image/png');
    await expectUpload(refAt(parsed, 1), bytes);
  });

  it('keeps http(s) URLs as URLs and writes nothing for them', async () => {
    const parsed = await parse(addMessageBody([imagePart('https://example.com/a.png?x=1&y=%20'), filePart('http://example.com/docs/report.pdf')]), TINY);
    expect(refAt(parsed, 0)).toEqual({ kind: 'url', url: 'https://example.com/a.png?x=1&y=%20' });
    expect(refAt(parsed, 1)).toEqual({ kind: 'url', url: 'http://example.com/docs/report.pdf' });
    expect(await dir.files()).toEqual([]);
  });

  it('accepts an empty file as an empty upload (the route rejects it)', async () => {
    const parsed = await parse(addMessageBody([filePart(''), filePart('data:text/plain;base64,')]), TINY);
    await expectUpload(refAt(parsed, 0), Buffer.alloc(0));
    await expectUpload(refAt(parsed, 1), Buffer.alloc(0), 'text/plain');
  });

  it('accepts pretty-printed bodies with whitespace around every token', async () => {
    const bytes = randomBytes(300, 3);
    const body = JSON.stringify({ messages: [{ role: 'user', content: [{ type: 'file', file: { file_data: bytes.toString('base64') } }] }] }, null, '\t \r\n');
    await expectUpload(refAt(await parse(Buffer.from(` \n${body}\n `), TINY), 0), bytes);
  });

  it('cleanupParsed deletes the temp files', async () => {
    const parsed = await parse(addMessageBody([filePart('QUJD'), filePart('REVG')]), TINY);
    expect(await dir.files()).toHaveLength(2);
    await cleanupParsed(parsed);
    await cleanupParsed(parsed);
    expect(await dir.files()).toEqual([]);
  });
});

describe('parseAddMessage: per-file problems do not fail the request', () => {
  const good = randomBytes(100, 77);

  it.each([
    ['a character outside the alphabet', 'QUJD*EVG'],
    ['URL-safe characters', 'QUJD-_VG'],
    ['a literal space', 'QUJD REVG'],
    ['a truncated length', 'QUJDREV'],
    ['padding in the middle', 'QQ==QUJD'],
    ['too much padding', 'Q==='],
    ['padding in the wrong place', 'QQ=A'],
    ['padding followed by data', 'QUJDREVGQQ==QUJD'],
    ['a non-ASCII character', 'QUJDRé=='],
    ['a data URI that is not base64', 'data:text/plain,hello'],
  ])('marks %s as invalid and parses the rest', async (_name, data) => {
    for (const split of [TINY, [1, 100_000] as Split]) {
      const parsed = await parse(addMessageBody([filePart(data), filePart(good.toString('base64'))]), split);
      expect(refAt(parsed, 0).kind).toBe('invalid');
      await expectUpload(refAt(parsed, 1), good);
      expect(await dir.files()).toHaveLength(1);
      await cleanupParsed(parsed);
    }
  });

  it('explains what is wrong', async () => {
    const parsed = await parse(
      addMessageBody([filePart('QUJD*'), imagePart('data:image/png;base64,QQ'), filePart('ftp://example.com/a.pdf'), imagePart(good.toString('base64')), imagePart('file:///etc/passwd'), filePart('data:image/png;base64')]),
      TINY,
    );
    expect(parsed.parts).toEqual([
      { kind: 'invalid', reason: 'file data is not valid base64' },
      { kind: 'invalid', reason: 'image data is not valid base64' },
      { kind: 'invalid', reason: 'unsupported URL scheme "ftp:"; use an http(s) URL, a data URI or base64' },
      { kind: 'invalid', reason: 'an image URL must be an http(s) URL or a data URI' },
      { kind: 'invalid', reason: 'unsupported URL scheme "file:"; use an http(s) URL or a data URI' },
      { kind: 'invalid', reason: "the data URI has no ',' before its data" },
    ]);
    expect(await dir.files()).toEqual([]);
  });

  it('replaces non-string values, including forged references, with invalid parts', async () => {
    const forged = { kind: 'upload', tempPath: '/etc/passwd', bytes: 10 };
    const parsed = await parse(addMessageBody([{ type: 'file', file: { file_data: forged } }, { type: 'image_url', image_url: { url: 42 } }]), TINY);
    expect(refAt(parsed, 0)).toEqual({ kind: 'invalid', reason: 'file data must be a string' });
    expect(refAt(parsed, 1)).toEqual({ kind: 'invalid', reason: 'an image URL must be a string' });
  });

  it('stops writing after maxFiles parts and counts every part', async () => {
    const parts = Array.from({ length: 23 }, (_, index) => (index % 5 === 0 ? imagePart(`https://example.com/${index}.png`) : filePart(good.toString('base64'))));
    const parsed = await parse(addMessageBody(parts), TINY);
    expect(parsed.fileCount).toBe(23);
    expect(parsed.parts.slice(20)).toEqual([{ kind: 'over_limit' }, { kind: 'over_limit' }, { kind: 'over_limit' }]);
    expect(refAt(parsed, 20)).toEqual({ kind: 'over_limit' });
    for (let index = 0; index < 20; index++) expect(refAt(parsed, index).kind).toBe(index % 5 === 0 ? 'url' : 'upload');
    expect(await dir.files()).toHaveLength(16);
  });

  it.each(SPLITS)('drops a file over maxFileBytes and reports its full size, chunks of %i..%i bytes', async (min, max) => {
    const limit = 100_000;
    const [atLimit, small] = [randomBytes(limit, 1), randomBytes(50, 4)];
    const files = [atLimit, randomBytes(limit + 1, 2), randomBytes(1_000_003, 3), small];
    const parsed = await parse(addMessageBody(files.map((bytes) => filePart(bytes.toString('base64')))), [min, max], { maxFileBytes: limit });
    await expectUpload(refAt(parsed, 0), atLimit);
    expect(refAt(parsed, 1)).toEqual({ kind: 'too_large', bytes: limit + 1 });
    expect(refAt(parsed, 2)).toEqual({ kind: 'too_large', bytes: 1_000_003 });
    await expectUpload(refAt(parsed, 3), small);
    expect(await dir.files()).toHaveLength(2);
  });
});

describe('parseAddMessage: malformed bodies', () => {
  const body = addMessageBody([{ type: 'text', text: 'héllo' }, filePart(randomBytes(200, 1).toString('base64')), imagePart('data:image/png;base64,QUJD')]);

  it('rejects every truncation of a valid body and leaves no temp file', async () => {
    for (let length = 0; length < body.length; length++) {
      const error = await expectParseError(body.subarray(0, length), [1, 7]);
      expect(error.kind).toBe('syntax');
      expect(error.message).toContain(`at byte ${length}`);
    }
  });

  it.each([
    ['trailing garbage', `${body.toString()} x`, body.length + 1],
    ['a second value', `${body.toString()}{}`, body.length],
    ['a trailing comma', body.toString().replace('"user_id"', '"a":1,}'), 7],
    ['a missing colon', '{"messages" []}', 12],
    ['a raw control character', '{"a":"x\ny"}', 7],
    ['a bad escape', '{"a":"\\x"}', 7],
    ['a bad unicode escape', '{"a":"\\u12G4"}', 10],
    ['a number with a leading zero', '{"a":01}', 5],
    ['single quotes', "{'a':1}", 1],
  ])('reports %s with its byte offset', async (_name, text, offset) => {
    const error = await expectParseError(text);
    expect(error.kind).toBe('syntax');
    expect(error.offset).toBe(offset);
    expect(error.message).toContain(`at byte ${offset}`);
  });

  it('deletes files already written when the JSON breaks after them', async () => {
    const broken = Buffer.concat([body.subarray(0, body.length - 3), Buffer.from('x]}')]);
    await expectParseError(broken, [64 * 1024, 64 * 1024]);
  });

  it('enforces the limits on ordinary JSON', async () => {
    expect((await expectParseError(JSON.stringify({ text: 'x'.repeat(2000) }), [1, 100_000], { maxStringBytes: 1000 })).kind).toBe('limit');
    expect((await expectParseError(JSON.stringify({ a: Array.from({ length: 500 }, () => 'abcdefgh') }), [1, 100_000], { maxJsonBytes: 2000 })).kind).toBe('limit');
    expect((await expectParseError('['.repeat(100) + ']'.repeat(100))).kind).toBe('limit');
    expect((await expectParseError(`[${'[],'.repeat(100_000)}[]]`, [1, 100_000])).kind).toBe('limit');
  });

  it('does not count file data, escapes included, toward the JSON limit', async () => {
    const bytes = randomBytes(30_000, 4);
    const escaped = addMessageBody([filePart(bytes.toString('base64'))]).toString().replaceAll('/', '\\/');
    const parsed = await parse(Buffer.from(escaped), [1, 100_000], { maxJsonBytes: 1000 });
    await expectUpload(refAt(parsed, 0), bytes);
  });
});
