import { BACKSLASH, describe, hexDigit, isNumberByte, isWhitespace, LITERALS, MAX_NUMBER_CHARS, NUMBER_PATTERN, QUOTE, setMember, SIMPLE_ESCAPES } from './json-bytes.ts';
import { JsonStreamError } from './json-stream-contract.ts';
import type { JsonStreamLimits, StreamedSlots, StringSink } from './json-stream-contract.ts';
import { StringBuilder } from './string-builder.ts';

interface Frame {
  container: unknown[] | Record<string, unknown>;
  isArray: boolean;
}

// Parser states. Structural states skip whitespace; the others consume their token's bytes.
const VALUE = 0;
const VALUE_OR_END = 1;
const KEY_OR_END = 2;
const KEY = 3;
const COLON = 4;
const AFTER_VALUE = 5;
const DONE = 6;
const STRING = 7;
const STREAM = 8;
const NUMBER = 9;
const LITERAL = 10;

const NO_ESCAPE = 0;
const ESCAPE_START = 1;
const ESCAPE_HEX = 2;

/**
 * A push parser over raw body bytes: write() each chunk, then end() returns the value.
 * Ordinary JSON is built in memory under the limits; strings at the slots' paths go to a
 * sink, and inside them the parser jumps between quotes and backslashes with indexOf
 * instead of visiting every byte.
 */
export class JsonStreamParser {
  readonly #limits: JsonStreamLimits;
  readonly #slots: StreamedSlots | undefined;
  #state = VALUE;
  #frames: Frame[] = [];
  #path: (string | number)[] = [];
  #root: unknown;
  #values = 0;
  #offset = 0;
  #streamedBytes = 0;
  #builder: StringBuilder | undefined;
  #stringIsKey = false;
  #sink: StringSink | undefined;
  #escape = NO_ESCAPE;
  #hexLeft = 0;
  #hexValue = 0;
  #number = '';
  #literal = '';
  #literalValue: unknown;
  #literalMatched = 0;
  // Positions of the next quote and backslash in the current chunk, found once per scan.
  #quoteAt = -1;
  #backslashAt = -1;

  constructor(limits: JsonStreamLimits, slots?: StreamedSlots) {
    this.#limits = limits;
    this.#slots = slots;
  }

  /** Bytes consumed so far. */
  get offset(): number {
    return this.#offset;
  }

  write(chunk: Buffer): void {
    this.#quoteAt = -1;
    this.#backslashAt = -1;
    let index = 0;
    while (index < chunk.length) {
      if (this.#state === STREAM) index = this.#streamString(chunk, index);
      else if (this.#state === STRING) index = this.#plainString(chunk, index);
      else if (this.#state === NUMBER) index = this.#numberChars(chunk, index);
      else if (this.#state === LITERAL) index = this.#literalChars(chunk, index);
      else index = this.#structure(chunk, index);
    }
    this.#offset += chunk.length;
    if (this.#offset - this.#streamedBytes > this.#limits.maxJsonBytes) {
      throw new JsonStreamError('limit', this.#offset, `the JSON outside file data is larger than ${this.#limits.maxJsonBytes} bytes`);
    }
  }

  end(): unknown {
    if (this.#state === NUMBER) this.#finishNumber(this.#offset);
    if (this.#state === DONE) return this.#root;
    const empty = this.#state === VALUE && this.#frames.length === 0;
    throw new JsonStreamError('syntax', this.#offset, empty ? 'the body holds no JSON value' : 'the body ended before the JSON value was complete');
  }

  #syntax(at: number, detail: string): JsonStreamError {
    return new JsonStreamError('syntax', this.#offset + at, detail);
  }

  #structure(chunk: Buffer, index: number): number {
    for (; index < chunk.length; index++) {
      const byte = chunk[index] as number;
      if (isWhitespace(byte)) continue;
      const top = this.#frames.at(-1);
      switch (this.#state) {
        case VALUE_OR_END:
          if (byte === 0x5d) {
            this.#close();
            continue;
          }
          return this.#startValue(chunk, index);
        case VALUE:
          return this.#startValue(chunk, index);
        case KEY_OR_END:
          if (byte === 0x7d) {
            this.#close();
            continue;
          }
          if (byte !== QUOTE) throw this.#syntax(index, `unexpected ${describe(byte)}, expected a property name or '}'`);
          this.#startString(true);
          return index + 1;
        case KEY:
          if (byte !== QUOTE) throw this.#syntax(index, `unexpected ${describe(byte)}, expected a property name in double quotes`);
          this.#startString(true);
          return index + 1;
        case COLON:
          if (byte !== 0x3a) throw this.#syntax(index, `unexpected ${describe(byte)}, expected ':'`);
          this.#state = VALUE;
          continue;
        case AFTER_VALUE: {
          const isArray = top?.isArray === true;
          if (byte === 0x2c) {
            this.#state = isArray ? VALUE : KEY;
            continue;
          }
          if (byte === (isArray ? 0x5d : 0x7d)) {
            this.#close();
            continue;
          }
          throw this.#syntax(index, `unexpected ${describe(byte)}, expected ',' or '${isArray ? ']' : '}'}'`);
        }
        default:
          throw this.#syntax(index, `unexpected ${describe(byte)} after the end of the JSON value`);
      }
    }
    return index;
  }

  #startValue(chunk: Buffer, index: number): number {
    const byte = chunk[index] as number;
    if (++this.#values > this.#limits.maxValues) throw new JsonStreamError('limit', this.#offset + index, `the JSON holds more than ${this.#limits.maxValues} values`);
    const top = this.#frames.at(-1);
    if (top?.isArray) this.#path[this.#path.length - 1] = (top.container as unknown[]).length;
    if (byte === 0x7b || byte === 0x5b) {
      if (this.#frames.length >= this.#limits.maxDepth) throw new JsonStreamError('limit', this.#offset + index, `the JSON is nested deeper than ${this.#limits.maxDepth} levels`);
      const isArray = byte === 0x5b;
      this.#frames.push({ container: isArray ? [] : {}, isArray });
      this.#path.push(isArray ? 0 : '');
      this.#state = isArray ? VALUE_OR_END : KEY_OR_END;
      return index + 1;
    }
    if (byte === QUOTE) {
      if (this.#slots?.matches(this.#path)) {
        this.#sink = this.#slots.openString(this.#path);
        this.#state = STREAM;
      } else {
        this.#startString(false);
      }
      return index + 1;
    }
    if (byte === 0x2d || (byte >= 0x30 && byte <= 0x39)) {
      this.#number = '';
      this.#state = NUMBER;
      return index;
    }
    const literal = LITERALS[byte];
    if (!literal) throw this.#syntax(index, `unexpected ${describe(byte)}, expected a value`);
    [this.#literal, this.#literalValue] = literal;
    this.#literalMatched = 0;
    this.#state = LITERAL;
    return index;
  }

  #startString(isKey: boolean): void {
    this.#builder = new StringBuilder();
    this.#stringIsKey = isKey;
    this.#state = STRING;
  }

  #close(): void {
    const frame = this.#frames.pop() as Frame;
    this.#path.pop();
    this.#store(frame.container, false);
  }

  #store(value: unknown, fromSink: boolean): void {
    const top = this.#frames.at(-1);
    if (!top) {
      this.#root = value;
      this.#state = DONE;
      return;
    }
    const stored = !fromSink && this.#slots?.matches(this.#path) ? this.#slots.replaceValue(this.#path, value) : value;
    if (top.isArray) (top.container as unknown[]).push(stored);
    else setMember(top.container as Record<string, unknown>, this.#path.at(-1) as string, stored);
    this.#state = AFTER_VALUE;
  }

  /** Consumes one byte of an escape; returns the code unit once complete, else -1. */
  #escapeByte(byte: number, index: number): number {
    if (this.#escape === ESCAPE_START) {
      const simple = SIMPLE_ESCAPES[byte] as number;
      if (simple >= 0) {
        this.#escape = NO_ESCAPE;
        return simple;
      }
      if (byte !== 0x75) throw this.#syntax(index, `invalid escape sequence '\\' followed by ${describe(byte)}`);
      this.#escape = ESCAPE_HEX;
      this.#hexLeft = 4;
      this.#hexValue = 0;
      return -1;
    }
    const digit = hexDigit(byte);
    if (digit < 0) throw this.#syntax(index, `unexpected ${describe(byte)} in a \\u escape, expected a hex digit`);
    this.#hexValue = this.#hexValue * 16 + digit;
    if (--this.#hexLeft > 0) return -1;
    this.#escape = NO_ESCAPE;
    return this.#hexValue;
  }

  #plainString(chunk: Buffer, index: number): number {
    const builder = this.#builder as StringBuilder;
    while (index < chunk.length) {
      if (this.#escape !== NO_ESCAPE) {
        const codeUnit = this.#escapeByte(chunk[index] as number, index);
        if (codeUnit >= 0) builder.writeCodeUnit(codeUnit);
        index++;
        continue;
      }
      let stop = index;
      while (stop < chunk.length) {
        const byte = chunk[stop] as number;
        if (byte === QUOTE || byte === BACKSLASH || byte < 0x20) break;
        stop++;
      }
      if (stop > index) builder.write(chunk, index, stop);
      if (builder.bytes > this.#limits.maxStringBytes) throw new JsonStreamError('limit', this.#offset + stop, `a string is longer than ${this.#limits.maxStringBytes} bytes`);
      if (stop === chunk.length) return stop;
      const byte = chunk[stop] as number;
      if (byte === BACKSLASH) {
        this.#escape = ESCAPE_START;
        index = stop + 1;
        continue;
      }
      if (byte !== QUOTE) throw this.#syntax(stop, `unescaped control character ${describe(byte)} in a string`);
      this.#finishPlainString(builder.toString());
      return stop + 1;
    }
    return index;
  }

  #finishPlainString(text: string): void {
    this.#builder = undefined;
    if (!this.#stringIsKey) {
      this.#store(text, false);
      return;
    }
    this.#path[this.#path.length - 1] = text;
    this.#state = COLON;
  }

  /** Big strings: hand whole runs between quotes and backslashes to the sink. */
  #streamString(chunk: Buffer, index: number): number {
    const sink = this.#sink as StringSink;
    const start = index;
    while (index < chunk.length) {
      if (this.#escape !== NO_ESCAPE) {
        const codeUnit = this.#escapeByte(chunk[index] as number, index);
        if (codeUnit >= 0) sink.writeEscaped(codeUnit);
        index++;
        continue;
      }
      if (this.#quoteAt < index) this.#quoteAt = indexOrLength(chunk, QUOTE, index);
      if (this.#backslashAt < index) this.#backslashAt = indexOrLength(chunk, BACKSLASH, index);
      const stop = Math.min(this.#quoteAt, this.#backslashAt);
      if (stop > index) sink.write(chunk, index, stop);
      if (stop === chunk.length) {
        index = stop;
        break;
      }
      if (stop === this.#backslashAt) {
        this.#escape = ESCAPE_START;
        index = stop + 1;
        continue;
      }
      this.#streamedBytes += stop - start;
      this.#sink = undefined;
      this.#store(sink.end(), true);
      return stop + 1;
    }
    this.#streamedBytes += index - start;
    return index;
  }

  #numberChars(chunk: Buffer, index: number): number {
    let stop = index;
    while (stop < chunk.length && isNumberByte(chunk[stop] as number)) stop++;
    this.#number += chunk.toString('latin1', index, stop);
    if (this.#number.length > MAX_NUMBER_CHARS) throw new JsonStreamError('limit', this.#offset + stop, `a number is longer than ${MAX_NUMBER_CHARS} characters`);
    if (stop < chunk.length) this.#finishNumber(this.#offset + stop);
    return stop;
  }

  #finishNumber(endOffset: number): void {
    if (!NUMBER_PATTERN.test(this.#number)) {
      throw new JsonStreamError('syntax', endOffset - this.#number.length, `'${this.#number}' is not a valid number`);
    }
    this.#store(Number(this.#number), false);
  }

  #literalChars(chunk: Buffer, index: number): number {
    for (; index < chunk.length && this.#literalMatched < this.#literal.length; index++) {
      const byte = chunk[index] as number;
      if (byte !== this.#literal.charCodeAt(this.#literalMatched)) throw this.#syntax(index, `unexpected ${describe(byte)}, expected '${this.#literal}'`);
      this.#literalMatched++;
    }
    if (this.#literalMatched === this.#literal.length) this.#store(this.#literalValue, false);
    return index;
  }
}

function indexOrLength(chunk: Buffer, byte: number, from: number): number {
  const found = chunk.indexOf(byte, from);
  return found === -1 ? chunk.length : found;
}
