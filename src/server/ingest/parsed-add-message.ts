import { rm } from 'node:fs/promises';

/**
 * What the parser puts in place of every `messages[i].content[j].file.file_data` and
 * `messages[i].content[j].image_url.url` value. The parser owns these positions: whatever
 * the client sent there (even an object that looks like a reference) is replaced, so a
 * `tempPath` found at them always names a file the parser wrote.
 */
export type PartRef =
  /** Decoded base64 (bare or data URI) in a temp file; `bytes` may be 0 (the route rejects empty files). */
  | { kind: 'upload'; tempPath: string; bytes: number; mime?: string }
  /** An http(s) URL, kept for the server to download later. */
  | { kind: 'url'; url: string }
  /** Unusable data; `reason` is a sentence for the person (code 40008/40009 for bad base64). */
  | { kind: 'invalid'; reason: string }
  /** Decoded size passed the per-file limit; nothing kept (code 50104). `bytes` is the full decoded size. */
  | { kind: 'too_large'; bytes: number }
  /** A file part after the first `maxFiles`; not read (code 50103). */
  | { kind: 'over_limit' };

export interface ParsedAddMessage {
  /** The request body as JSON.parse would return it, with each file value replaced by its PartRef. */
  body: unknown;
  /** Every PartRef created, in document order (includes any the body no longer holds, e.g. duplicate keys). */
  parts: PartRef[];
  /** How many file and image values the body carried, including those over the limit. */
  fileCount: number;
}

export type AddMessageParseErrorKind = 'syntax' | 'limit' | 'aborted';

/**
 * The body could not be parsed: malformed or truncated JSON ('syntax'), JSON outside the file
 * data over its limits ('limit'), or the body stopped arriving: abort signal, client gone
 * ('aborted'). Temp files are already deleted when this is thrown.
 */
export class AddMessageParseError extends Error {
  override name = 'AddMessageParseError';
  readonly kind: AddMessageParseErrorKind;
  /** Bytes of the body read before the failure. */
  readonly offset: number;

  constructor(kind: AddMessageParseErrorKind, message: string, offset: number, options?: ErrorOptions) {
    super(message, options);
    this.kind = kind;
    this.offset = offset;
  }
}

/** Deletes the temp files of a parsed message (safe to call more than once). */
export async function cleanupParsed(parsed: Pick<ParsedAddMessage, 'parts'>): Promise<void> {
  await Promise.all(parsed.parts.map((part) => (part.kind === 'upload' ? rm(part.tempPath, { force: true }) : undefined)));
}
