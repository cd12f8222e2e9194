/** Just enough PDF object syntax to read trailers, cross-reference streams and the page tree. */

export interface PdfName {
  kind: 'name';
  value: string;
}
export interface PdfRef {
  kind: 'ref';
  num: number;
  gen: number;
}
export interface PdfString {
  kind: 'string';
}
export type PdfDict = Map<string, PdfValue>;
export type PdfValue = number | boolean | null | PdfName | PdfRef | PdfString | PdfValue[] | PdfDict;

/** The parser reached the end of the bytes it was given; the caller may read more and retry. */
export class NeedMoreBytes extends Error {}
export class PdfSyntaxError extends Error {}

const WHITESPACE = new Set([0x00, 0x09, 0x0a, 0x0c, 0x0d, 0x20]);
const DELIMITERS = new Set([0x28, 0x29, 0x3c, 0x3e, 0x5b, 0x5d, 0x7b, 0x7d, 0x2f, 0x25]);

export const isRef = (value: PdfValue | undefined): value is PdfRef => typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Map) && value.kind === 'ref';
export const isDict = (value: PdfValue | undefined): value is PdfDict => value instanceof Map;
export const nameOf = (value: PdfValue | undefined): string | undefined =>
  typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Map) && value.kind === 'name' ? value.value : undefined;

type Token = { type: 'number'; value: number; integer: boolean } | { type: 'keyword'; value: string } | { type: 'name'; value: string } | { type: 'string' } | { type: 'open'; value: '[' | '<<' } | { type: 'close'; value: ']' | '>>' };

/** Reads PDF tokens and objects from a byte buffer, starting at `position`. */
export class PdfLexer {
  readonly bytes: Uint8Array;
  position: number;
  /** True when `bytes` is everything there is (a decompressed stream), false for a window of a file. */
  readonly complete: boolean;

  constructor(bytes: Uint8Array, position = 0, complete = false) {
    this.bytes = bytes;
    this.position = position;
    this.complete = complete;
  }

  #peek(offset = 0): number {
    const index = this.position + offset;
    if (index >= this.bytes.length) throw new NeedMoreBytes();
    return this.bytes[index] ?? 0;
  }

  skipWhitespace(): void {
    for (;;) {
      const byte = this.#peek();
      if (WHITESPACE.has(byte)) this.position++;
      else if (byte === 0x25) {
        while (this.#peek() !== 0x0a && this.#peek() !== 0x0d) this.position++;
      } else return;
    }
  }

  #regular(): string {
    let text = '';
    while (this.position < this.bytes.length) {
      const byte = this.bytes[this.position] ?? 0;
      if (WHITESPACE.has(byte) || DELIMITERS.has(byte)) return text;
      text += String.fromCharCode(byte);
      this.position++;
    }
    throw new NeedMoreBytes();
  }

  #skipLiteralString(): void {
    let depth = 0;
    for (;;) {
      const byte = this.#peek();
      this.position++;
      if (byte === 0x5c) this.position++;
      else if (byte === 0x28) depth++;
      else if (byte === 0x29 && --depth === 0) return;
    }
  }

  next(): Token {
    this.skipWhitespace();
    const byte = this.#peek();
    if (byte === 0x2f) {
      this.position++;
      const raw = this.#regular();
      return { type: 'name', value: raw.replace(/#([0-9a-fA-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16))) };
    }
    if (byte === 0x28) {
      this.#skipLiteralString();
      return { type: 'string' };
    }
    if (byte === 0x3c) {
      if (this.#peek(1) === 0x3c) {
        this.position += 2;
        return { type: 'open', value: '<<' };
      }
      while (this.#peek() !== 0x3e) this.position++;
      this.position++;
      return { type: 'string' };
    }
    if (byte === 0x3e) {
      if (this.#peek(1) !== 0x3e) throw new PdfSyntaxError('stray ">"');
      this.position += 2;
      return { type: 'close', value: '>>' };
    }
    if (byte === 0x5b || byte === 0x5d) {
      this.position++;
      return byte === 0x5b ? { type: 'open', value: '[' } : { type: 'close', value: ']' };
    }
    if (DELIMITERS.has(byte)) throw new PdfSyntaxError(`unexpected "${String.fromCharCode(byte)}"`);
    const word = this.#regular();
    if (/^[+-]?(\d+\.?\d*|\.\d+)$/.test(word)) return { type: 'number', value: Number(word), integer: /^[+-]?\d+$/.test(word) };
    return { type: 'keyword', value: word };
  }

  /** Parses one object; `n g R` references are recognised by looking ahead two tokens. */
  value(depth = 0): PdfValue {
    if (depth > 64) throw new PdfSyntaxError('objects nested too deeply');
    const token = this.next();
    switch (token.type) {
      case 'number': {
        if (!token.integer) return token.value;
        const saved = this.position;
        try {
          const gen = this.next();
          if (gen.type === 'number' && gen.integer) {
            const r = this.next();
            if (r.type === 'keyword' && r.value === 'R') return { kind: 'ref', num: token.value, gen: gen.value };
          }
        } catch (error) {
          if (error instanceof NeedMoreBytes && !this.complete) throw error;
          if (!(error instanceof NeedMoreBytes) && !(error instanceof PdfSyntaxError)) throw error;
        }
        this.position = saved;
        return token.value;
      }
      case 'name':
        return { kind: 'name', value: token.value };
      case 'string':
        return { kind: 'string' };
      case 'open':
        return token.value === '[' ? this.#array(depth) : this.#dict(depth);
      case 'keyword':
        if (token.value === 'true' || token.value === 'false') return token.value === 'true';
        if (token.value === 'null') return null;
        throw new PdfSyntaxError(`unexpected keyword "${token.value}"`);
      case 'close':
        throw new PdfSyntaxError(`unexpected "${token.value}"`);
    }
  }

  #array(depth: number): PdfValue[] {
    const items: PdfValue[] = [];
    for (;;) {
      this.skipWhitespace();
      if (this.#peek() === 0x5d) {
        this.position++;
        return items;
      }
      items.push(this.value(depth + 1));
    }
  }

  #dict(depth: number): PdfDict {
    const dict: PdfDict = new Map();
    for (;;) {
      const key = this.next();
      if (key.type === 'close' && key.value === '>>') return dict;
      if (key.type !== 'name') throw new PdfSyntaxError('a dictionary key must be a name');
      dict.set(key.value, this.value(depth + 1));
    }
  }

  /** Reads `num gen obj` and returns the object number, or throws. */
  objectHeader(): { num: number; gen: number } {
    const num = this.next();
    const gen = this.next();
    const obj = this.next();
    if (num.type !== 'number' || gen.type !== 'number' || obj.type !== 'keyword' || obj.value !== 'obj') throw new PdfSyntaxError('expected "n g obj"');
    return { num: num.value, gen: gen.value };
  }

  /** After a stream dictionary: the offset where the stream data starts, or undefined when no `stream` keyword follows. */
  streamStart(): number | undefined {
    const saved = this.position;
    const token = this.next();
    if (token.type !== 'keyword' || token.value !== 'stream') {
      this.position = saved;
      return undefined;
    }
    if (this.#peek() === 0x0d) this.position++;
    if (this.#peek() === 0x0a) this.position++;
    return this.position;
  }
}
