import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';

/** A long JSON string seen while streaming: its first characters and a digest of its base64 payload. */
export interface LongString {
  prefix: string;
  sha256: string;
  decodedBytes: number;
}

export interface ScannedBody {
  receivedBytes: number;
  /** The JSON with each long string replaced by "@@LONG<n>@@": small enough to JSON.parse. */
  skeleton: unknown;
  longStrings: LongString[];
}

const LONG_THRESHOLD = 1024;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/** Decodes base64 as it arrives (after an optional data-URI prefix) into a hash, never holding it whole. */
class StreamingBase64Digest {
  prefix = '';
  #pending = '';
  #hash = createHash('sha256');
  #bytes = 0;
  #prefixDone = false;

  push(text: string): void {
    this.#pending += text;
    if (!this.#prefixDone) {
      if (this.#pending.length < 64) return;
      this.#splitPrefix();
    }
    const usable = this.#pending.length - (this.#pending.length % 4);
    this.#digest(this.#pending.slice(0, usable));
    this.#pending = this.#pending.slice(usable);
  }

  finish(): LongString {
    if (!this.#prefixDone) this.#splitPrefix();
    if (this.#pending.length % 4 !== 0) throw new Error(`base64 length is not a multiple of 4 (${this.#pending.length} left over)`);
    this.#digest(this.#pending);
    return { prefix: this.prefix, sha256: this.#hash.digest('hex'), decodedBytes: this.#bytes };
  }

  #splitPrefix(): void {
    this.#prefixDone = true;
    const comma = this.#pending.startsWith('data:') ? this.#pending.indexOf(',') + 1 : 0;
    this.prefix = this.#pending.slice(0, comma);
    this.#pending = this.#pending.slice(comma);
  }

  #digest(base64: string): void {
    if (!/^[A-Za-z0-9+/]*={0,2}$/.test(base64)) throw new Error('invalid base64 characters');
    const bytes = Buffer.from(base64, 'base64');
    this.#bytes += bytes.length;
    this.#hash.update(bytes);
  }
}

/**
 * Stream-parses a JSON request body: bytes outside long strings are kept, long strings
 * (file data) are decoded and hashed on the fly. Byte-level scanning is safe for UTF-8
 * because quote and backslash never occur inside multi-byte sequences.
 */
export async function scanJsonBody(stream: Readable): Promise<ScannedBody> {
  const kept: Buffer[] = [];
  const longStrings: LongString[] = [];
  let receivedBytes = 0;
  let inString = false;
  let escaped = false;
  let stringBytes: Buffer[] = [];
  let stringLength = 0;
  let long: StreamingBase64Digest | undefined;

  const flushString = (): void => {
    const text = Buffer.concat(stringBytes).toString('latin1');
    stringBytes = [];
    if (long) long.push(text);
  };

  for await (const chunk of stream as AsyncIterable<Buffer>) {
    receivedBytes += chunk.length;
    let start = 0;
    for (let index = 0; index < chunk.length; index++) {
      const byte = chunk[index];
      if (!inString) {
        if (byte === QUOTE) {
          kept.push(chunk.subarray(start, index + 1));
          inString = true;
          stringLength = 0;
          long = undefined;
          start = index + 1;
        }
        continue;
      }
      if (escaped) escaped = false;
      else if (byte === BACKSLASH) escaped = true;
      else if (byte === QUOTE) {
        stringBytes.push(chunk.subarray(start, index));
        stringLength += index - start;
        if (!long && stringLength > LONG_THRESHOLD) long = new StreamingBase64Digest();
        if (long) {
          flushString();
          longStrings.push(long.finish());
          kept.push(Buffer.from(`@@LONG${longStrings.length - 1}@@"`));
        } else {
          kept.push(Buffer.concat(stringBytes), Buffer.from('"'));
          stringBytes = [];
        }
        inString = false;
        start = index + 1;
      }
    }
    if (inString) {
      const tail = chunk.subarray(start);
      stringBytes.push(Buffer.from(tail));
      stringLength += tail.length;
      if (!long && stringLength > LONG_THRESHOLD) long = new StreamingBase64Digest();
      if (long) flushString();
    } else {
      kept.push(Buffer.from(chunk.subarray(start)));
    }
  }
  return { receivedBytes, skeleton: JSON.parse(Buffer.concat(kept).toString('utf8')), longStrings };
}
