import { randomUUID } from 'node:crypto';
import { open } from 'node:fs/promises';
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
  /** A fresh stream of the body each time (a retry reads the files again). */
  open: () => AsyncGenerator<Buffer>;
}

/** A multiple of 3 so each chunk's base64 has no padding and the encodings concatenate. */
export const READ_CHUNK_BYTES = 3 * 512 * 1024;

export function base64Length(size: number): number {
  return 4 * Math.ceil(size / 3);
}

export function fileIntroText(file: UploadFile): string {
  return `File: ${file.name}`;
}

function filePart(file: UploadFile, placeholder: string, sendFilename: boolean): MessagePart {
  if (file.category === 'image') return { type: 'image_url', image_url: { url: `data:${file.mime};base64,${placeholder}` } };
  return { type: 'file', file: sendFilename ? { file_data: placeholder, filename: file.name } : { file_data: placeholder } };
}

/** Streams one file as base64, reading big chunks into one reused buffer so memory does not grow with file size. */
async function* encodeFile(file: UploadFile): AsyncGenerator<Buffer> {
  const handle = await open(file.path, 'r');
  try {
    // A small file gets a buffer one byte larger than it, so growth shows in the first read;
    // that buffer is never filled twice, so it need not be a multiple of 3.
    const chunk = Buffer.allocUnsafe(Math.min(READ_CHUNK_BYTES, file.size + 1));
    let position = 0;
    for (;;) {
      let filled = 0;
      while (filled < chunk.length) {
        const { bytesRead } = await handle.read(chunk, filled, chunk.length - filled, position + filled);
        if (bytesRead === 0) break;
        filled += bytesRead;
      }
      if (position + filled > file.size) throw new FileChangedError(file, 'it grew');
      if (filled > 0) yield Buffer.from(chunk.toString('base64', 0, filled), 'latin1');
      position += filled;
      if (filled < chunk.length) break;
    }
    if (position !== file.size) throw new FileChangedError(file, `it now has ${position} bytes`);
  } finally {
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
    for (const [index, file] of input.files.entries()) {
      yield segments[index] as Buffer;
      yield* encodeFile(file);
    }
    yield segments[input.files.length] as Buffer;
  }

  return { contentLength, skeleton, open: stream };
}
