import type { TempFile } from './temp-file.ts';

export type Base64Outcome = { kind: 'upload'; tempPath: string; bytes: number } | { kind: 'invalid' } | { kind: 'too_large'; bytes: number };

const DECODING = 0;
const INVALID = 1;
const TOO_LARGE = 2;

const EQUALS = 0x3d;
const PADDED_QUAD = /^[A-Za-z0-9+/]{2}(?:==|[A-Za-z0-9+/]=)$/;
const oneByte = Buffer.alloc(1);

/**
 * Decodes strict base64 arriving in arbitrary slices into a temp file.
 *
 * Accepted: the standard alphabet (A-Z a-z 0-9 + /), length a multiple of 4, '=' padding
 * only in the last quad. Whitespace is ignored only when it arrives as a JSON escape
 * (\n \r \t \u0020), as MIME line-wrapped encoders produce it; a literal space, the URL-safe
 * alphabet or any other character makes the data invalid. Non-zero bits after the last
 * character are tolerated, as Node's decoder does.
 *
 * Slices are copied into a staging buffer and decoded in bulk: Node's decoder silently skips
 * characters outside its alphabet, so a decoded length short of 3 bytes per 4 characters
 * proves an invalid character; '-' and '_' (which Node accepts) are looked for separately.
 */
export class Base64FileWriter {
  readonly #file: TempFile;
  readonly #maxBytes: number;
  readonly #staging: Buffer;
  #staged = 0;
  #state = DECODING;
  #written = 0;
  /** The last quad once an '=' was seen; only its own remaining characters may follow. */
  #tail: string | undefined;
  // Once too large: bytes decoded before, then characters and '=' signs only counted.
  #decodedBefore = 0;
  #countedChars = 0;
  #countedPads = 0;

  /** `staging` is reused between writers (one string streams at a time); its length must be a multiple of 4. */
  constructor(file: TempFile, maxBytes: number, staging: Buffer) {
    this.#file = file;
    this.#maxBytes = maxBytes;
    this.#staging = staging;
  }

  write(chunk: Buffer, start: number, end: number): void {
    while (start < end && this.#state === DECODING && this.#tail === undefined) {
      const take = Math.min(end - start, this.#staging.length - this.#staged);
      chunk.copy(this.#staging, this.#staged, start, start + take);
      this.#staged += take;
      start += take;
      if (this.#staged === this.#staging.length) this.#decodeStaged();
    }
    if (start === end) return;
    if (this.#state === TOO_LARGE) this.#count(chunk, start, end);
    else if (this.#state === DECODING) this.#extendTail(chunk, start, end);
  }

  writeEscaped(codeUnit: number): void {
    if (codeUnit === 0x0a || codeUnit === 0x0d || codeUnit === 0x09 || codeUnit === 0x20) return;
    if (codeUnit > 0x7f) {
      if (this.#state === DECODING) this.#fail();
      return;
    }
    // Fast path for encoders that escape every '/': no native call for one byte.
    if (this.#state === DECODING && this.#tail === undefined) {
      this.#staging[this.#staged++] = codeUnit;
      if (this.#staged === this.#staging.length) this.#decodeStaged();
      return;
    }
    oneByte[0] = codeUnit;
    this.write(oneByte, 0, 1);
  }

  finish(): Base64Outcome {
    if (this.#state === DECODING && this.#staged > 0) {
      this.#decodeStaged();
      // Characters left over are not a whole quad: the data was cut short.
      if (this.#state === DECODING && this.#staged > 0) this.#fail();
    }
    if (this.#state === DECODING && this.#tail !== undefined) {
      if (PADDED_QUAD.test(this.#tail)) this.#decode(this.#tail, this.#tail[2] === '=' ? 1 : 2);
      else this.#fail();
    }
    if (this.#state === TOO_LARGE) return { kind: 'too_large', bytes: this.#decodedBefore + Math.floor(((this.#countedChars - this.#countedPads) * 3) / 4) };
    if (this.#state === INVALID) return { kind: 'invalid' };
    this.#file.close();
    return { kind: 'upload', tempPath: this.#file.path, bytes: this.#written };
  }

  #decodeStaged(): void {
    const length = this.#staged;
    const padAt = this.#staging.subarray(0, length).indexOf(EQUALS);
    let whole = length - (length % 4);
    if (padAt !== -1) {
      whole = padAt - (padAt % 4);
      if (length - whole > 4) return this.#fail();
      this.#tail = this.#staging.toString('latin1', whole, length);
    }
    if (whole > 0) {
      const quads = this.#staging.subarray(0, whole);
      if (quads.indexOf(0x2d) !== -1 || quads.indexOf(0x5f) !== -1) return this.#fail();
      this.#decode(quads.toString('latin1'), (whole / 4) * 3);
    }
    if (this.#state === INVALID) return;
    if (this.#state === TOO_LARGE) {
      this.#count(this.#staging, whole, length);
      this.#tail = undefined;
      this.#staged = 0;
    } else if (this.#tail === undefined) {
      this.#staging.copy(this.#staging, 0, whole, length);
      this.#staged = length - whole;
    } else {
      this.#staged = 0;
    }
  }

  #decode(text: string, expectedBytes: number): void {
    const decoded = Buffer.from(text, 'base64');
    if (decoded.length !== expectedBytes) return this.#fail();
    if (this.#written + decoded.length > this.#maxBytes) {
      this.#state = TOO_LARGE;
      this.#decodedBefore = this.#written + decoded.length;
      this.#file.remove();
      return;
    }
    this.#written += decoded.length;
    if (decoded.length > 0) this.#file.write(decoded);
  }

  #extendTail(chunk: Buffer, start: number, end: number): void {
    const tail = this.#tail as string;
    if (tail.length + (end - start) > 4) return this.#fail();
    this.#tail = tail + chunk.toString('latin1', start, end);
  }

  #count(chunk: Buffer, start: number, end: number): void {
    this.#countedChars += end - start;
    const slice = chunk.subarray(start, end);
    for (let at = slice.indexOf(EQUALS); at !== -1; at = slice.indexOf(EQUALS, at + 1)) this.#countedPads++;
  }

  #fail(): void {
    this.#state = INVALID;
    this.#tail = undefined;
    this.#staged = 0;
    this.#file.remove();
  }
}
