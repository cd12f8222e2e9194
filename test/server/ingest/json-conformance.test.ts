import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AddMessageParseError, parseAddMessage } from '../../../src/server/ingest/parse-add-message.ts';
import { chunked, TempDir } from './body-helpers.ts';

const dir = new TempDir();
beforeEach(() => dir.create());
afterEach(() => dir.remove());

const nested = (depth: number): string => '['.repeat(depth) + '{"k":[1,"x"]}' + ']'.repeat(depth);

const VALID = [
  '{}',
  '[]',
  '0',
  '-0',
  '1.5e10',
  '-1E-5',
  '123456789012345678901234567890',
  '0.1e+2',
  '"plain"',
  'true',
  ' \t\r\n null \t\r\n ',
  '{"a":[1,{"b":"\\u00e9\\ud83d\\ude00\\n\\t\\\\\\"\\/\\b\\f\\r"}],"c":{"d":[]},"e":false}',
  '"lone \\ud800 high and \\udc00 low surrogates"',
  '"raw unicode: 日本語 😀 é"',
  '{"__proto__":{"polluted":true},"constructor":1}',
  '{"a":1,"a":2}',
  '[ 1 , [ 2 , [ ] ] , { } , "" ]',
  nested(60),
  JSON.stringify({ messages: [{ role: 'user', content: 'a string, not parts' }, { content: [{ type: 'text', text: 'x' }] }] }),
  JSON.stringify({ messages: { 0: { content: [{ file: { file_data: 'QUJD' } }] } } }),
];

const INVALID = ['', '   ', '{', '{"a"}', '{"a":}', '{"a":1,}', '[1,]', '[,1]', '[1 2]', '01', '1.', '.5', '-', '+1', '1e', '1e+', 'tru', 'nul', 'falsey', '"abc', '"\\x"', '"\\u12G4"', '"\\u12"', '"a\u0001b"', '{} {}', '{}x', '[}', '{]', '{\'a\':1}', 'NaN', 'Infinity', '{"a" 1}', '"\\', '[1]]', '{"a":1}}', '\u00a0{}'];

async function parseText(text: string, maxChunk: number): Promise<unknown> {
  const parsed = await parseAddMessage(chunked(Buffer.from(text), 1, maxChunk, text.length), { tempDir: dir.path, maxFiles: 20, maxFileBytes: 1000 });
  return parsed.body;
}

describe('the streaming parser accepts exactly what JSON.parse accepts', () => {
  it.each(VALID)('builds the same value as JSON.parse: %s', async (text) => {
    for (const maxChunk of [1, 3, 1000]) {
      const value = await parseText(text, maxChunk);
      expect(value).toEqual(JSON.parse(text));
      expect(Object.is(value, JSON.parse(text)) || typeof value === 'object').toBe(true);
    }
  });

  it('keeps "__proto__" as an own property, never as the prototype', async () => {
    const value = (await parseText('{"__proto__":{"polluted":true}}', 2)) as Record<string, unknown>;
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
    expect(Object.keys(value)).toEqual(['__proto__']);
    expect((value as { polluted?: unknown }).polluted).toBeUndefined();
  });

  it.each(INVALID)('rejects what JSON.parse rejects: %j', async (text) => {
    expect(() => JSON.parse(text)).toThrow();
    for (const maxChunk of [1, 1000]) await expect(parseText(text, maxChunk)).rejects.toBeInstanceOf(AddMessageParseError);
  });
});
