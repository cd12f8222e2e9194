import { randomUUID } from 'node:crypto';
import { mkdir, rename, rm } from 'node:fs/promises';
import type { IncomingMessage } from 'node:http';
import { basename, join } from 'node:path';
import { sniffFile } from '../../formats/sniff.ts';
import { AddMessageRequest, MAX_FILES_PER_MESSAGE, MemosCode, type Message, type ParsedAddMessageRequest } from '../../shared/memos-wire.ts';
import { ApiError, badRequest } from '../http/api-error.ts';
import type { Route } from '../http/handle-request.ts';
import { AddMessageParseError, cleanupParsed, type ParsedAddMessage, type PartRef } from '../ingest/parsed-add-message.ts';
import { parseAddMessage } from '../ingest/parse-add-message.ts';
import type { AcceptedTask, TaskFile, TaskMessage } from '../tasks/accepted-task.ts';
import { MAX_FILE_BYTES, type TaskProcessor } from '../tasks/processor.ts';

const PLACEHOLDER = '\u0000part:';
const MAX_NAME_LENGTH = 255;

export interface AddMessageDeps {
  processor: TaskProcessor;
  incomingDir: string;
  taskFolder: (taskId: string) => string;
  getStatus: (taskId: string) => 'running' | 'completed' | 'failed';
}

async function receive(request: IncomingMessage, incomingDir: string): Promise<ParsedAddMessage> {
  const aborted = new AbortController();
  const onClose = (): void => {
    if (!request.readableEnded) aborted.abort();
  };
  request.once('close', onClose);
  try {
    return await parseAddMessage(request, { tempDir: incomingDir, maxFiles: MAX_FILES_PER_MESSAGE, maxFileBytes: MAX_FILE_BYTES, signal: aborted.signal });
  } catch (error) {
    if (error instanceof AddMessageParseError) throw badRequest(error.kind === 'syntax' ? `request body is not valid JSON: ${error.message}` : error.message);
    throw error;
  } finally {
    request.off('close', onClose);
  }
}

/** Swaps each file reference for a placeholder string, so the documented schema can validate the rest of the body. */
function withPlaceholders(body: unknown, parts: readonly PartRef[]): unknown {
  return JSON.parse(JSON.stringify(body, (_key, value: unknown) => {
    const index = parts.indexOf(value as PartRef);
    return index >= 0 ? `${PLACEHOLDER}${index}` : value;
  })) as unknown;
}

function partOf(value: string, parts: readonly PartRef[]): PartRef {
  const part = value.startsWith(PLACEHOLDER) ? parts[Number(value.slice(PLACEHOLDER.length))] : undefined;
  // Only the parser writes placeholders, and only at file positions; anything else is the client's text.
  if (!part) throw badRequest('file data must be base64, a data URI or an http(s) URL');
  return part;
}

function textOf(message: Message): string {
  if (typeof message.content === 'string') return message.content;
  return message.content.flatMap((part) => (part.type === 'text' ? [part.text] : [])).join('\n');
}

/** A file's name: its `filename`, else the message's words when they are a short name, else the URL's file name or its position. */
function nameFor(filename: string | undefined, messageText: string, filesInMessage: number, ref: PartRef, position: number): string {
  const candidate = filename?.trim() || (filesInMessage === 1 ? messageText.trim() : '');
  if (candidate && !candidate.includes('\n') && candidate.length <= MAX_NAME_LENGTH) return candidate;
  const urlName = ref.kind === 'url' ? basename(new URL(ref.url).pathname) : '';
  return urlName || `file ${position}`;
}

interface PendingFile {
  file: Omit<TaskFile, 'source'>;
  ref: PartRef;
}

interface PendingMessage {
  text: string;
  files: PendingFile[];
}

function collectMessages(request: ParsedAddMessageRequest, parts: readonly PartRef[]): PendingMessage[] {
  let position = 0;
  return request.messages.map((message) => {
    const text = textOf(message);
    const fileParts = typeof message.content === 'string' ? [] : message.content.filter((part) => part.type !== 'text');
    const files = fileParts.map((part): PendingFile => {
      position++;
      const [kind, ref, filename] =
        part.type === 'image_url' ? (['image_url', partOf(part.image_url.url, parts), undefined] as const) : (['file', partOf(part.file.file_data, parts), part.file.filename] as const);
      return { file: { name: nameFor(filename, text, fileParts.length, ref, position), part: kind }, ref };
    });
    return { text, files };
  });
}

/** Per-file problems known from the bytes alone are answered at once with their documented code; nothing is stored. */
async function checkReceivedFile({ file, ref }: PendingFile): Promise<void> {
  if (ref.kind === 'too_large') throw new ApiError(MemosCode.FILE_TOO_LARGE, `${file.name} is ${(ref.bytes / 1024 / 1024).toFixed(1)} MB; MemOS accepts at most 100 MB per file`);
  if (ref.kind === 'invalid') throw new ApiError(40008, `${file.name}: ${ref.reason}`);
  if (ref.kind !== 'upload') return;
  if (ref.bytes === 0) throw new ApiError(40009, `${file.name}: the file is empty`);
  const sniffed = await sniffFile(ref.tempPath, file.name);
  if (!sniffed.supported) throw new ApiError(MemosCode.UNSUPPORTED_FILE_TYPE, `${file.name}: ${sniffed.reason}; supported are PDF, DOCX, DOC, TXT, MD, JSON, XML and JPEG, PNG, GIF, BMP, WebP images`);
  if (file.part === 'image_url' && sniffed.category !== 'image') throw new ApiError(MemosCode.UNSUPPORTED_FILE_TYPE, `${file.name}: an image_url part must hold an image, but the content is ${sniffed.type.toUpperCase()}`);
}

async function storeFiles(messages: PendingMessage[], folder: string): Promise<TaskMessage[]> {
  await mkdir(folder, { recursive: true });
  let index = 0;
  return Promise.all(
    messages.map(async ({ text, files }) => ({
      text,
      files: await Promise.all(
        files.map(async ({ file, ref }): Promise<TaskFile> => {
          if (ref.kind === 'url') return { ...file, source: { kind: 'url', url: ref.url } };
          if (ref.kind !== 'upload') throw new Error(`file reference of kind ${ref.kind} reached storage`);
          const path = join(folder, `file-${index++}`);
          await rename(ref.tempPath, path);
          return { ...file, source: { kind: 'stored', path, bytes: ref.bytes } };
        }),
      ),
    })),
  );
}

export function addMessageRoute(deps: AddMessageDeps): Route {
  return {
    method: 'POST',
    path: 'add/message',
    handle: async (httpRequest) => {
      const parsed = await receive(httpRequest, deps.incomingDir);
      const taskId = randomUUID();
      try {
        if (parsed.fileCount > MAX_FILES_PER_MESSAGE) {
          throw new ApiError(MemosCode.TOO_MANY_FILES, `a request may carry at most ${MAX_FILES_PER_MESSAGE} files; this one has ${parsed.fileCount}`);
        }
        const request = AddMessageRequest.parse(withPlaceholders(parsed.body, parsed.parts));
        const messages = collectMessages(request, parsed.parts);
        for (const message of messages) for (const file of message.files) await checkReceivedFile(file);
        const [userId, ...otherUsers] = typeof request.user_id === 'string' ? [request.user_id] : request.user_id;
        const task: AcceptedTask = {
          id: taskId,
          userId: userId as string,
          conversationId: request.conversation_id,
          ...(request.agent_id ? { agentId: request.agent_id } : {}),
          ...(request.app_id ? { appId: request.app_id } : {}),
          tags: request.tags ?? [],
          info: { ...request.info, ...(otherUsers.length > 0 ? { other_user_ids: otherUsers.join(',') } : {}) },
          messages: await storeFiles(messages, deps.taskFolder(taskId)),
          createdAt: Date.now(),
        };
        const hasFiles = task.messages.some((message) => message.files.length > 0);
        if (!hasFiles && !request.async_mode) await deps.processor.acceptAndWait(task);
        else deps.processor.accept(task);
        return { success: true, task_id: taskId, status: deps.getStatus(taskId) };
      } catch (error) {
        await cleanupParsed(parsed);
        await rm(deps.taskFolder(taskId), { recursive: true, force: true });
        throw error;
      }
    },
  };
}
