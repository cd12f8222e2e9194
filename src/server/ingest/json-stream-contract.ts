/** What the streaming JSON parser exchanges with its caller. */

/** Keys (object members) and indexes (array items) from the root to a value. */
export type JsonPath = readonly (string | number)[];

/** Receives one string value instead of the parser building it. */
export interface StringSink {
  /** Raw bytes of the string between escapes: no quote, no backslash. */
  write(chunk: Buffer, start: number, end: number): void;
  /** One UTF-16 code unit produced by an escape sequence. */
  writeEscaped(codeUnit: number): void;
  /** The string ended; returns the value stored in its place. */
  end(): unknown;
}

/** Chooses the values that are streamed rather than built, and what replaces them. */
export interface StreamedSlots {
  matches(path: JsonPath): boolean;
  openString(path: JsonPath): StringSink;
  /** A value that is not a string arrived where a streamed string belongs. */
  replaceValue(path: JsonPath, value: unknown): unknown;
}

export interface JsonStreamLimits {
  /** Bytes of the document outside streamed strings. */
  maxJsonBytes: number;
  maxStringBytes: number;
  maxDepth: number;
  /** Values of any kind; bounds the memory of many tiny values (`[[],[],…]`). */
  maxValues: number;
}

export class JsonStreamError extends Error {
  override name = 'JsonStreamError';
  readonly kind: 'syntax' | 'limit';
  readonly offset: number;

  constructor(kind: 'syntax' | 'limit', offset: number, detail: string) {
    super(kind === 'syntax' ? `invalid JSON at byte ${offset}: ${detail}` : `${detail} (at byte ${offset})`);
    this.kind = kind;
    this.offset = offset;
  }
}
