import { randomUUID } from 'node:crypto';
import { open } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import type { AddMessageRequest, Message, MessagePart } from '../shared/memos-wire.ts';

/** One file to upload; callers take `category` and `mime` from `sniffFile`. */
export interface UploadFile {
  /** Absolute path on disk. */
  path: string;
  /** Relative path shown to MemOS, e.g. "reports/q3.pdf". */
  name: string;
  /** Size in bytes when the batch was planned; the upload fails if the file no longer has it. */
  size: number;
  category: 'document' | 'image';
  mime: string;
}

export interface AddMessageBodyInput {
  userId: string;
  conversationId: string;
  files: readonly UploadFile[];
  /** Messages sent before the files, e.g. a note about the batch. */
  messages?: readonly Message[];
  sendFilename: boolean;
  asyncMode?: boolean;
  tags?: string[];
  info?: Record<string, string>;
  agentId?: string;
  appId?: string;
}

/** A file changed on disk while it was being uploaded: its bytes no longer match the planned size. */
export class FileChangedError extends Error {
  override name = 'FileChangedError';
  readonly path: string;
  readonly fileName: string;
  readonly expectedSize: number;

  constructor(file: UploadFile, detail: string) {
    super(`"${file.name}" changed on disk during the upload (${detail}; expected ${file.size} bytes)`);
    this.path = file.path;
    this.fileName = file.name;
    this.expectedSize = file.size;
  }
}

export interface StreamedBody {
  /** Exact byte length of the JSON body, known before a single file byte is read. */
  contentLength: number;
  /** The request with each file's data replaced by a placeholder: for validation, never sent. */
  skeleton: AddMessageRequest;
  /** A fresh stream of the body each time (a retry reads the files again); its chunks are never reused. */
  open: () => AsyncGenerator<Buffer>;
}

/**
 * Disk reads are big (fewer syscalls) and prefetched while the previous chunk is encoded and
 * sent. Both sizes are multiples of 3, so every piece's base64 has no padding and pieces
 * concatenate. Pieces are encoded through small strings, which die young in V8's new space.
 */
export const READ_CHUNK_BYTES = 3 * 256 * 1024;
export const ENCODE_PIECE_BYTES = 3 * 16 * 1024;

export function base64Length(size: number): number {
  return 4 * Math.ceil(size / 3);
}

/** The text part before each file: its relative path, which is also how the built-in server names it. */
export function fileIntroText(file: UploadFile): string {
  return file.name;
}

function filePart(file: UploadFile, placeholder: string, sendFilename: boolean): MessagePart {
  if (file.category === 'image') return { type: 'image_url', image_url: { url: `data:${file.mime};base64,${placeholder}` } };
  return { type: 'file', file: sendFilename ? { file_data: placeholder, filename: file.name } : { file_data: placeholder } };
}

async function readFull(handle: FileHandle, buffer: Buffer, position: number): Promise<number> {
  let filled = 0;
  while (filled < buffer.length) {
    const { bytesRead } = await handle.read(buffer, filled, buffer.length - filled, position + filled);
    if (bytesRead === 0) break;
    filled += bytesRead;
  }
  return filled;
}

/**
 * Read buffers, one being encoded while the other is prefetched, shared by every file of one
 * stream. Encoded chunks always get a fresh buffer: the HTTP stack may still hold a chunk it
 * was given, so a chunk is never written to again once yielded.
 */
class ReadBuffers {
  readonly read: [Buffer, Buffer];

  constructor(largestFile: number) {
    // One byte more than the largest small file, so growth shows in its first read.
    const length = Math.min(READ_CHUNK_BYTES, largestFile + 1);
    this.read = [Buffer.allocUnsafeSlow(length), Buffer.allocUnsafeSlow(length)];
  }
}

function encode(source: Buffer, length: number): Buffer {
  const output = Buffer.allocUnsafe(base64Length(length));
  for (let offset = 0; offset < length; offset += ENCODE_PIECE_BYTES) {
    output.write(source.toString('base64', offset, Math.min(length, offset + ENCODE_PIECE_BYTES)), (offset / 3) * 4, 'latin1');
  }
  return output;
}

/**
 * Streams one file as base64, so memory does not grow with file size. A read shorter than
 * the buffer ends the file; a buffer sized for a small file is never filled twice, so it
 * need not be a multiple of 3.
 */
async function* encodeFile(file: UploadFile, buffers: ReadBuffers): AsyncGenerator<Buffer> {
  const handle = await open(file.path, 'r');
  const length = Math.min(buffers.read[0].length, file.size + 1);
  let [current, spare] = [buffers.read[0].subarray(0, length), buffers.read[1].subarray(0, length)];
  let pending: Promise<number> | undefined = readFull(handle, current, 0);
  try {
    let position = 0;
    while (pending) {
      const filled = await pending;
      pending = undefined;
      if (position + filled > file.size) throw new FileChangedError(file, 'it grew');
      if (filled === current.length) pending = readFull(handle, spare, position + filled);
      if (filled > 0) yield encode(current, filled);
      position += filled;
      [current, spare] = [spare, current];
    }
    if (position !== file.size) throw new FileChangedError(file, `it now has ${position} bytes`);
  } finally {
    await pending?.catch(() => undefined);
    await handle.close();
  }
}

/**
 * The add/message body as a stream: one user message per file (a text part naming it, then
 * the file), base64 encoded on the fly. The JSON around the file data is produced once by
 * JSON.stringify with placeholders, so escaping is exact and the length is known up front.
 */
export function createAddMessageBody(input: AddMessageBodyInput): StreamedBody {
  const marker = `@@memos-sync-${randomUUID()}-`;
  const placeholders = input.files.map((_, index) => `${marker}${index}@@`);
  const fileMessages: Message[] = input.files.map((file, index) => ({
    role: 'user',
    content: [{ type: 'text', text: fileIntroText(file) }, filePart(file, placeholders[index] as string, input.sendFilename)],
  }));
  const skeleton: AddMessageRequest = {
    user_id: input.userId,
    conversation_id: input.conversationId,
    messages: [...(input.messages ?? []), ...fileMessages],
    async_mode: input.asyncMode ?? true,
    ...(input.agentId === undefined ? {} : { agent_id: input.agentId }),
    ...(input.appId === undefined ? {} : { app_id: input.appId }),
    ...(input.tags === undefined ? {} : { tags: input.tags }),
    ...(input.info === undefined ? {} : { info: input.info }),
  };

  const json = JSON.stringify(skeleton);
  const segments: Buffer[] = [];
  let cursor = 0;
  for (const placeholder of placeholders) {
    const at = json.indexOf(placeholder, cursor);
    segments.push(Buffer.from(json.slice(cursor, at), 'utf8'));
    cursor = at + placeholder.length;
  }
  segments.push(Buffer.from(json.slice(cursor), 'utf8'));

  const fixedBytes = segments.reduce((total, segment) => total + segment.length, 0);
  const contentLength = input.files.reduce((total, file) => total + base64Length(file.size), fixedBytes);

  async function* stream(): AsyncGenerator<Buffer> {
    const buffers = new ReadBuffers(Math.max(0, ...input.files.map((file) => file.size)));
    for (const [index, file] of input.files.entries()) {
      yield segments[index] as Buffer;
      yield* encodeFile(file, buffers);
    }
    yield segments[input.files.length] as Buffer;
  }

  return { contentLength, skeleton, open: stream };
}
