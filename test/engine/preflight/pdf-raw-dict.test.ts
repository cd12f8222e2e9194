import { describe, expect, it } from 'vitest';
import { RawDictReader } from '../../../src/engine/preflight/pdf-raw-dict.ts';

const read = (text: string, at = 0): unknown => {
  const reader = new RawDictReader(Buffer.from(text, 'latin1'), at);
  reader.objectHeader();
  return reader.value();
};

describe('RawDictReader', () => {
  it('keeps the bytes of literal strings: escapes, octal, balanced parentheses, line continuations', () => {
    const dict = read('<< /O (a\\(b\\)c\\\\d\\n\\053\\7x(nested)\\\nend) >>') as Map<string, unknown>;
    expect(dict.get('O')).toEqual(Buffer.from('a(b)c\\d\n+\x07x(nested)end', 'latin1'));
  });

  it('reads every byte value written as an escaped literal, as some writers store /O and /U', () => {
    const bytes = Buffer.from(Array.from({ length: 256 }, (_, index) => index));
    const literal = [...bytes].map((byte) => `\\${byte.toString(8).padStart(3, '0')}`).join('');
    expect((read(`<< /U (${literal}) >>`) as Map<string, unknown>).get('U')).toEqual(bytes);
  });

  it('reads hex strings, names, numbers, references, arrays, booleans, null and comments', () => {
    const dict = read('12 0 obj % the encryption dictionary\n<</Filter/Standard/R 6/P -1028/ID[<0A1b 2>(x)]/Encrypt 21 0 R/EncryptMetadata false/N null/CF<</StdCF<</Length 16>>>>>>') as Map<string, unknown>;
    expect(Object.fromEntries(dict)).toEqual({
      Filter: 'Standard',
      R: 6,
      P: -1028,
      ID: [Buffer.from([0x0a, 0x1b, 0x20]), Buffer.from('x')],
      Encrypt: { ref: [21, 0] },
      EncryptMetadata: false,
      N: null,
      CF: new Map([['StdCF', new Map([['Length', 16]])]]),
    });
  });

  it('fails on a value cut off by the end of the window', () => {
    expect(() => read('<< /O (unfinished')).toThrow(/ends inside/);
  });
});
