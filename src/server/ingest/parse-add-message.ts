import { mkdir } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { FilePartSink } from './file-part-sink.ts';
import type { PartField, PartSinkContext } from './file-part-sink.ts';
import { JsonStreamError } from './json-stream-contract.ts';
import type { JsonPath, StreamedSlots, StringSink } from './json-stream-contract.ts';
import { JsonStreamParser } from './json-stream.ts';
import { AddMessageParseError } from './parsed-add-message.ts';
import type { ParsedAddMessage, PartRef } from './parsed-add-message.ts';
import { SerialIo, TempFile } from './temp-file.ts';

export { AddMessageParseError, cleanupParsed } from './parsed-add-message.ts';
export type { AddMessageParseErrorKind, ParsedAddMessage, PartRef } from './parsed-add-message.ts';

export interface ParseAddMessageOptions {
  /** Where decoded files are written (created if missing). */
  tempDir: string;
  /** File and image parts beyond this many become `over_limit` (MemOS: 20). */
  maxFiles: number;
  /** Decoded bytes per file (MemOS: 100 MB). */
  maxFileBytes: number;
  /** Bytes of JSON outside file data; default 4 MiB. */
  maxJsonBytes?: number;
  /** Bytes of one ordinary string; default 1 MiB. */
  maxStringBytes?: number;
  signal?: AbortSignal;
}

const DEFAULT_MAX_JSON_BYTES = 4 * 1024 * 1024;
const DEFAULT_MAX_STRING_BYTES = 1024 * 1024;
const MAX_DEPTH = 64;
const MAX_VALUES = 100_000;
// Base64 characters decoded per batch; a multiple of 4. Bigger batches mean fewer, larger writes.
const STAGING_BYTES = 256 * 1024;

const ignore = (): void => {};

/** `messages[i].content[j].file.file_data` and `messages[i].content[j].image_url.url`. */
function partField(path: JsonPath): PartField | undefined {
  if (path.length !== 6 || path[0] !== 'messages' || typeof path[1] !== 'number' || path[2] !== 'content' || typeof path[3] !== 'number') return undefined;
  if (path[4] === 'file' && path[5] === 'file_data') return 'file';
  if (path[4] === 'image_url' && path[5] === 'url') return 'image';
  return undefined;
}

/** Hands file values to sinks, counts them, and owns every temp file until parsing ends. */
class PartCollector implements StreamedSlots, PartSinkContext {
  readonly parts: PartRef[] = [];
  readonly staging = Buffer.allocUnsafe(STAGING_BYTES);
  readonly maxFileBytes: number;
  readonly #maxFiles: number;
  readonly #tempDir: string;
  readonly #io = new SerialIo();
  readonly #files: TempFile[] = [];
  #seen = 0;

  constructor(options: ParseAddMessageOptions) {
    this.maxFileBytes = options.maxFileBytes;
    this.#maxFiles = options.maxFiles;
    this.#tempDir = options.tempDir;
    // Queued rather than awaited: the body must be read (and its errors heard) from the first tick.
    this.#io.run(async () => {
      await mkdir(this.#tempDir, { recursive: true });
    });
  }

  matches(path: JsonPath): boolean {
    return partField(path) !== undefined;
  }

  openString(path: JsonPath): StringSink {
    if (++this.#seen > this.#maxFiles) return this.#fixed({ kind: 'over_limit' });
    return new FilePartSink(partField(path) as PartField, this);
  }

  replaceValue(path: JsonPath, _value: unknown): unknown {
    const ref: PartRef = ++this.#seen > this.#maxFiles ? { kind: 'over_limit' } : { kind: 'invalid', reason: `${partField(path) === 'file' ? 'file data' : 'an image URL'} must be a string` };
    this.record(ref);
    return ref;
  }

  createTempFile(): TempFile {
    const file = new TempFile(this.#io, this.#tempDir);
    this.#files.push(file);
    return file;
  }

  record(ref: PartRef): void {
    this.parts.push(ref);
  }

  idle(): Promise<void> {
    return this.#io.idle();
  }

  /** After a failure: lets queued I/O settle, then deletes every temp file. */
  async discard(): Promise<void> {
    await this.#io.idle().catch(ignore);
    await Promise.all(this.#files.map((file) => file.discard()));
  }

  /** A sink that skips the whole string (its bytes are never looked at). */
  #fixed(ref: PartRef): StringSink {
    return { write: ignore, writeEscaped: ignore, end: () => (this.record(ref), ref) };
  }
}

function toBuffer(chunk: unknown): Buffer {
  if (Buffer.isBuffer(chunk)) return chunk;
  if (chunk instanceof Uint8Array) return Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
  if (typeof chunk === 'string') return Buffer.from(chunk, 'utf8');
  throw new TypeError('the request body must yield bytes');
}

/** The next chunk, or a rejection as soon as the signal aborts even if the body has stalled. */
function nextChunk(chunks: AsyncIterator<unknown>, signal: AbortSignal | undefined): Promise<IteratorResult<unknown>> {
  if (!signal) return chunks.next();
  signal.throwIfAborted();
  return new Promise((resolve, reject) => {
    const onAbort = (): void => reject(signal.reason as Error);
    signal.addEventListener('abort', onAbort, { once: true });
    chunks.next().then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

/**
 * Parses an add/message body as it arrives, never holding the body or a file in memory:
 * ordinary JSON is built (bounded), while each file_data / image_url.url string becomes a
 * PartRef, its base64 decoded straight into a temp file under `tempDir`. The next chunk is
 * read only after the previous one's writes finished, so memory stays flat.
 *
 * Per-file problems (bad base64, too large, over the file count) become PartRefs and parsing
 * goes on; the route answers them with their documented codes. Malformed JSON, limits of the
 * ordinary JSON, an abort or a failing body reject with AddMessageParseError; disk errors
 * reject as they are. Either way no temp file is left behind. After a syntax or limit error
 * the rest of the body is left unread for the caller to answer and close the connection.
 */
export async function parseAddMessage(body: AsyncIterable<Buffer> | Readable, options: ParseAddMessageOptions): Promise<ParsedAddMessage> {
  const { signal } = options;
  const collector = new PartCollector(options);
  const parser = new JsonStreamParser(
    { maxJsonBytes: options.maxJsonBytes ?? DEFAULT_MAX_JSON_BYTES, maxStringBytes: options.maxStringBytes ?? DEFAULT_MAX_STRING_BYTES, maxDepth: MAX_DEPTH, maxValues: MAX_VALUES },
    collector,
  );
  const chunks = (body as AsyncIterable<unknown>)[Symbol.asyncIterator]();
  const aborted = (cause: unknown): AddMessageParseError => {
    // Stop the source: a stalled client must not keep the socket (or the generator) alive.
    if (body instanceof Readable) body.destroy();
    else chunks.return?.().catch(ignore);
    const detail = cause instanceof Error ? `: ${cause.message}` : '';
    return new AddMessageParseError('aborted', `the request body stopped after ${parser.offset} bytes${detail}`, parser.offset, { cause });
  };
  try {
    for (;;) {
      let next: IteratorResult<unknown>;
      try {
        next = await nextChunk(chunks, signal);
      } catch (error) {
        throw aborted(error);
      }
      if (next.done) break;
      parser.write(toBuffer(next.value));
      await collector.idle();
      if (signal?.aborted) throw aborted(signal.reason);
    }
    const value = parser.end();
    await collector.idle();
    return { body: value, parts: collector.parts, fileCount: collector.parts.length };
  } catch (error) {
    await collector.discard();
    if (error instanceof JsonStreamError) throw new AddMessageParseError(error.kind, error.message, error.offset, { cause: error });
    throw error;
  }
}
