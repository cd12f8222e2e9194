import { Base64FileWriter } from './base64-file-writer.ts';
import type { StringSink } from './json-stream-contract.ts';
import type { PartRef } from './parsed-add-message.ts';
import { StringBuilder } from './string-builder.ts';
import type { TempFile } from './temp-file.ts';

/** `file.file_data` may be bare base64; `image_url.url` must be a URL or a data URI. */
export type PartField = 'file' | 'image';

export interface PartSinkContext {
  createTempFile(): TempFile;
  readonly maxFileBytes: number;
  readonly staging: Buffer;
  record(ref: PartRef): void;
}

const MAX_URL_BYTES = 8 * 1024;
const MAX_DATA_HEADER_BYTES = 256;
// Longer than any scheme we answer; base64 shares the scheme alphabet, so stop looking here.
const MAX_SCHEME_CHARS = 32;
const MEDIA_TYPE = /^[a-z0-9!#$&^_.+-]+\/[a-z0-9!#$&^_.+-]+$/;

const SNIFF = 0;
const DATA_HEADER = 1;
const URL_TEXT = 2;
const BASE64 = 3;
const SKIP = 4;

function hasControlCharacter(text: string): boolean {
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if (code < 0x20 || code === 0x7f) return true;
  }
  return false;
}

const isSchemeByte = (byte: number): boolean =>
  (byte >= 0x61 && byte <= 0x7a) || (byte >= 0x41 && byte <= 0x5a) || (byte >= 0x30 && byte <= 0x39) || byte === 0x2b || byte === 0x2d || byte === 0x2e;

/**
 * Receives one file or image string and turns it into a PartRef: the first bytes decide
 * whether it is a URL (kept, bounded), a data URI or bare base64 (decoded into a temp file),
 * or unusable (the rest is skipped without being stored).
 */
export class FilePartSink implements StringSink {
  readonly #field: PartField;
  readonly #context: PartSinkContext;
  #mode = SNIFF;
  /** The scheme while sniffing, then the data URI header. */
  #head = '';
  #url: StringBuilder | undefined;
  #writer: Base64FileWriter | undefined;
  #mime: string | undefined;
  #invalid: PartRef | undefined;

  constructor(field: PartField, context: PartSinkContext) {
    this.#field = field;
    this.#context = context;
  }

  write(chunk: Buffer, start: number, end: number): void {
    while (start < end) {
      if (this.#mode === SNIFF) start = this.#sniff(chunk, start, end);
      else if (this.#mode === DATA_HEADER) start = this.#dataHeader(chunk, start, end);
      else {
        if (this.#mode === BASE64) this.#writer?.write(chunk, start, end);
        else if (this.#mode === URL_TEXT) this.#urlText(chunk, start, end);
        return;
      }
    }
  }

  writeEscaped(codeUnit: number): void {
    const isSchemeLike = codeUnit < 0x80 && (isSchemeByte(codeUnit) || codeUnit === 0x3a);
    if (this.#mode === SNIFF && !isSchemeLike) this.#startBareBase64();
    if (this.#mode === BASE64) return this.#writer?.writeEscaped(codeUnit);
    if (this.#mode === URL_TEXT) {
      this.#url?.writeCodeUnit(codeUnit);
      return this.#checkUrlLength();
    }
    if (this.#mode === SKIP) return;
    // Sniffing or reading the header (e.g. "image\/png" from encoders that escape slashes).
    if (codeUnit >= 0x80) return this.#fail('the data URI header is not ASCII');
    const byte = Buffer.of(codeUnit);
    this.write(byte, 0, 1);
  }

  end(): PartRef {
    const ref = this.#result();
    this.#context.record(ref);
    return ref;
  }

  get #label(): string {
    return this.#field === 'file' ? 'file data' : 'image data';
  }

  #result(): PartRef {
    if (this.#mode === SNIFF) this.#startBareBase64();
    if (this.#mode === DATA_HEADER) this.#fail("the data URI has no ',' before its data");
    if (this.#mode === URL_TEXT) return this.#urlResult((this.#url as StringBuilder).toString());
    if (this.#mode === BASE64) {
      const outcome = (this.#writer as Base64FileWriter).finish();
      if (outcome.kind === 'invalid') return { kind: 'invalid', reason: `${this.#label} is not valid base64` };
      if (outcome.kind === 'too_large' || this.#mime === undefined) return outcome;
      return { ...outcome, mime: this.#mime };
    }
    return this.#invalid as PartRef;
  }

  #sniff(chunk: Buffer, start: number, end: number): number {
    for (let index = start; index < end; index++) {
      const byte = chunk[index] as number;
      if (byte === 0x3a && this.#head.length > 0) {
        this.#schemeFound(this.#head.toLowerCase());
        return index + 1;
      }
      if (!isSchemeByte(byte) || this.#head.length >= MAX_SCHEME_CHARS) {
        this.#startBareBase64();
        return index;
      }
      this.#head += String.fromCharCode(byte);
    }
    return end;
  }

  #schemeFound(scheme: string): void {
    if (scheme === 'data') {
      this.#head = '';
      this.#mode = DATA_HEADER;
    } else if (scheme === 'http' || scheme === 'https') {
      this.#url = new StringBuilder();
      this.#url.write(Buffer.from(`${this.#head}:`, 'latin1'), 0, this.#head.length + 1);
      this.#mode = URL_TEXT;
    } else {
      const allowed = this.#field === 'file' ? 'an http(s) URL, a data URI or base64' : 'an http(s) URL or a data URI';
      this.#fail(`unsupported URL scheme "${scheme}:"; use ${allowed}`);
    }
  }

  #startBareBase64(): void {
    if (this.#field === 'image') return this.#fail('an image URL must be an http(s) URL or a data URI');
    const sniffed = this.#head;
    this.#startBase64(undefined);
    this.#writer?.write(Buffer.from(sniffed, 'latin1'), 0, sniffed.length);
  }

  #startBase64(mime: string | undefined): void {
    this.#mime = mime;
    this.#writer = new Base64FileWriter(this.#context.createTempFile(), this.#context.maxFileBytes, this.#context.staging);
    this.#mode = BASE64;
  }

  #dataHeader(chunk: Buffer, start: number, end: number): number {
    const comma = chunk.subarray(start, end).indexOf(0x2c);
    const stop = comma === -1 ? end : start + comma;
    if (this.#head.length + (stop - start) > MAX_DATA_HEADER_BYTES) {
      this.#fail('the data URI header is too long');
      return end;
    }
    this.#head += chunk.toString('latin1', start, stop);
    if (comma === -1) return end;
    this.#parseDataHeader(this.#head);
    return stop + 1;
  }

  /** `<mime>[;param]*;base64`; an empty media type is allowed (RFC 2397 defaults it). */
  #parseDataHeader(header: string): void {
    const params = header.split(';').map((param) => param.trim().toLowerCase());
    const mime = params[0] as string;
    if (params.length < 2 || params.at(-1) !== 'base64') return this.#fail('the data URI is not base64-encoded');
    if (mime !== '' && !MEDIA_TYPE.test(mime)) return this.#fail(`the data URI has an invalid media type "${mime.slice(0, 64)}"`);
    this.#startBase64(mime === '' ? undefined : mime);
  }

  #urlText(chunk: Buffer, start: number, end: number): void {
    this.#url?.write(chunk, start, end);
    this.#checkUrlLength();
  }

  #checkUrlLength(): void {
    if ((this.#url?.bytes ?? 0) > MAX_URL_BYTES) this.#fail(`the URL is longer than ${MAX_URL_BYTES / 1024} KiB`);
  }

  #urlResult(url: string): PartRef {
    if (hasControlCharacter(url) || !URL.canParse(url)) return { kind: 'invalid', reason: 'the URL is not valid' };
    return { kind: 'url', url };
  }

  #fail(reason: string): void {
    this.#invalid = { kind: 'invalid', reason };
    this.#url = undefined;
    this.#mode = SKIP;
  }
}
