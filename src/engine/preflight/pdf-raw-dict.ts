/**
 * A small PDF value reader that keeps string bytes, which the page counter's lexer drops: the
 * password check needs /O, /U and /ID. It reads one dictionary from a bounded window.
 */
export interface RawRef {
  ref: [number, number];
}
export type RawValue = number | boolean | null | string | Buffer | RawRef | RawValue[] | Map<string, RawValue>;

const WHITESPACE = new Set([0x00, 0x09, 0x0a, 0x0c, 0x0d, 0x20]);
const DELIMITERS = new Set([0x28, 0x29, 0x3c, 0x3e, 0x5b, 0x5d, 0x7b, 0x7d, 0x2f, 0x25]);
const ESCAPES: Record<string, number> = { n: 0x0a, r: 0x0d, t: 0x09, b: 0x08, f: 0x0c };

/** Names come back as strings ("Standard"), strings as Buffers, `n g R` as RawRef. */
export class RawDictReader {
  readonly #bytes: Buffer;
  #at: number;

  constructor(bytes: Buffer, at = 0) {
    this.#bytes = bytes;
    this.#at = at;
  }

  #byte(): number {
    const byte = this.#bytes[this.#at];
    if (byte === undefined) throw new Error('the PDF ends inside a value');
    return byte;
  }

  #skipSpace(): void {
    for (;;) {
      const byte = this.#byte();
      if (WHITESPACE.has(byte)) this.#at++;
      else if (byte === 0x25) while (this.#byte() !== 0x0a && this.#byte() !== 0x0d) this.#at++;
      else return;
    }
  }

  #regular(): string {
    const start = this.#at;
    while (this.#at < this.#bytes.length && !WHITESPACE.has(this.#byte()) && !DELIMITERS.has(this.#byte())) this.#at++;
    return this.#bytes.toString('latin1', start, this.#at);
  }

  #literalString(): Buffer {
    const out: number[] = [];
    let depth = 1;
    this.#at++;
    for (;;) {
      const byte = this.#byte();
      this.#at++;
      if (byte === 0x28) depth++;
      if (byte === 0x29 && --depth === 0) return Buffer.from(out);
      if (byte !== 0x5c) {
        out.push(byte);
        continue;
      }
      const next = String.fromCharCode(this.#byte());
      this.#at++;
      if (next in ESCAPES) out.push(ESCAPES[next] as number);
      else if (next >= '0' && next <= '7') {
        let octal = next;
        while (octal.length < 3 && this.#byte() >= 0x30 && this.#byte() <= 0x37) octal += String.fromCharCode(this.#bytes[this.#at++] as number);
        out.push(parseInt(octal, 8) & 0xff);
      } else if (next === '\r') {
        if (this.#byte() === 0x0a) this.#at++;
      } else if (next !== '\n') out.push(next.charCodeAt(0));
    }
  }

  #hexString(): Buffer {
    const end = this.#bytes.indexOf(0x3e, this.#at);
    if (end < 0) throw new Error('the PDF ends inside a hex string');
    const digits = this.#bytes.toString('latin1', this.#at + 1, end).replace(/[^0-9a-fA-F]/g, '');
    this.#at = end + 1;
    return Buffer.from(digits.length % 2 === 0 ? digits : `${digits}0`, 'hex');
  }

  /** Skips an `n g obj` header if there is one. */
  objectHeader(): void {
    this.#skipSpace();
    const match = /^\d+\s+\d+\s+obj/.exec(this.#bytes.toString('latin1', this.#at, this.#at + 40));
    if (match) this.#at += match[0].length;
  }

  value(): RawValue {
    this.#skipSpace();
    const byte = this.#byte();
    if (byte === 0x28) return this.#literalString();
    if (byte === 0x2f) {
      this.#at++;
      return this.#regular();
    }
    if (byte === 0x3c && this.#bytes[this.#at + 1] === 0x3c) return this.#dict();
    if (byte === 0x3c) return this.#hexString();
    if (byte === 0x5b) return this.#array();
    const word = this.#regular();
    if (word === 'true' || word === 'false') return word === 'true';
    if (word === 'null') return null;
    if (!/^[+-]?(\d+\.?\d*|\.\d+)$/.test(word)) throw new Error(`unexpected "${word || String.fromCharCode(byte)}" in a PDF value`);
    const reference = /^\s+(\d+)\s+R(?![^\s<>[\]()/%])/.exec(this.#bytes.toString('latin1', this.#at, this.#at + 24));
    if (reference?.[1] !== undefined && /^\d+$/.test(word)) {
      this.#at += reference[0].length;
      return { ref: [Number(word), Number(reference[1])] };
    }
    return Number(word);
  }

  #array(): RawValue[] {
    this.#at++;
    const items: RawValue[] = [];
    for (this.#skipSpace(); this.#byte() !== 0x5d; this.#skipSpace()) items.push(this.value());
    this.#at++;
    return items;
  }

  #dict(): Map<string, RawValue> {
    this.#at += 2;
    const dict = new Map<string, RawValue>();
    for (this.#skipSpace(); this.#byte() !== 0x3e; this.#skipSpace()) {
      const key = this.value();
      if (typeof key !== 'string') throw new Error('a PDF dictionary key is not a name');
      dict.set(key, this.value());
    }
    this.#at += 2;
    return dict;
  }
}

export const isRawRef = (value: RawValue | undefined): value is RawRef => typeof value === 'object' && value !== null && 'ref' in value;
export const isRawDict = (value: RawValue | undefined): value is Map<string, RawValue> => value instanceof Map;
