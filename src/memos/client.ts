import { inspect } from 'node:util';
import { Agent } from 'undici';
import type { z } from 'zod';
import {
  AddMessageData,
  AddMessageRequest,
  DeleteMemoryData,
  DeleteMemoryRequest,
  GetMemoriesData,
  GetMemoriesRequest,
  GetMemoryData,
  GetStatusData,
  GetStatusRequest,
  MAX_FILES_PER_MESSAGE,
  MemosCodeGroup,
  SearchMemoryData,
  SearchMemoryRequest,
  UpdateMemoryData,
  UpdateMemoryRequest,
} from '../shared/memos-wire.ts';
import type { Message } from '../shared/memos-wire.ts';
import { MemosError } from './errors.ts';
import type { MemosProfile } from './profile.ts';
import { DEFAULT_RETRY_POLICY, withRetry } from './retry.ts';
import type { RetryHooks, RetryPolicy } from './retry.ts';
import { sendOnce } from './send.ts';
import type { Endpoint } from './send.ts';
import { createAddMessageBody } from './upload-body.ts';
import type { UploadFile } from './upload-body.ts';

export interface MemosClientOptions {
  /** Default 10 s. */
  connectTimeoutMs?: number;
  /** Silence allowed after the request was sent, or while the server stops reading it. Default 120 s. */
  headersTimeoutMs?: number;
  /** Silence allowed between chunks of the answer. Default 60 s. */
  bodyTimeoutMs?: number;
  retry?: Partial<RetryPolicy>;
  retryHooks?: RetryHooks;
}

export interface CallOptions {
  signal?: AbortSignal;
}

export interface AddMessageInput {
  files: readonly UploadFile[];
  conversationId: string;
  /** Messages sent before the files (e.g. a note about the batch). */
  messages?: readonly Message[];
  tags?: string[];
  info?: Record<string, string>;
  asyncMode?: boolean;
  agentId?: string;
  appId?: string;
}

/** Requests that are about the profile's user may leave user_id out. */
type ForUser<T> = Omit<T, 'user_id'> & { user_id?: string };

const MAX_RESPONSE_BYTES = 32 * 1024 * 1024;

function isBadParameters(error: unknown): boolean {
  if (!(error instanceof MemosError)) return false;
  const badCode = error.code !== undefined && (MemosCodeGroup.badParameters as readonly number[]).includes(error.code);
  return error.code === 40000 || (error.httpStatus === 400 && (error.code === undefined || badCode));
}

/**
 * MemOS Cloud API client. Idempotent calls are retried with backoff on transient failures;
 * add/message is re-sent only when it certainly was not accepted (no answer before the body
 * was complete, or an error answer), since MemOS has no idempotency key.
 */
export class MemosClient {
  readonly #profile: MemosProfile;
  readonly #agent: Agent;
  readonly #policy: RetryPolicy;
  readonly #hooks: RetryHooks;

  constructor(profile: MemosProfile, options: MemosClientOptions = {}) {
    this.#profile = profile;
    this.#policy = { ...DEFAULT_RETRY_POLICY, ...options.retry };
    this.#hooks = options.retryHooks ?? {};
    this.#agent = new Agent({
      connectTimeout: options.connectTimeoutMs ?? 10_000,
      headersTimeout: options.headersTimeoutMs ?? 120_000,
      bodyTimeout: options.bodyTimeoutMs ?? 60_000,
      maxResponseSize: MAX_RESPONSE_BYTES,
    });
  }

  get profile(): MemosProfile {
    return this.#profile;
  }

  /**
   * Uploads files (one message each) as one batch. If the server refuses `file.filename`,
   * the batch is sent once more without it and the profile learns not to send it again.
   */
  async addMessage(input: AddMessageInput, options: CallOptions = {}): Promise<AddMessageData> {
    this.#checkFiles(input.files);
    const withFilename = this.#profile.sendFilename && input.files.some((file) => file.category === 'document');
    try {
      return await this.#sendAddMessage(input, withFilename, options.signal);
    } catch (error) {
      if (!withFilename || !isBadParameters(error)) throw error;
    }
    try {
      const data = await this.#sendAddMessage(input, false, options.signal);
      this.#profile.disableFilename();
      return data;
    } catch (error) {
      if (!isBadParameters(error)) this.#profile.disableFilename();
      throw error;
    }
  }

  getStatus(taskId: string, options: CallOptions = {}): Promise<GetStatusData> {
    return this.#postJson('get/status', GetStatusRequest, { task_id: taskId }, GetStatusData, options.signal);
  }

  searchMemory(search: ForUser<SearchMemoryRequest>, options: CallOptions = {}): Promise<SearchMemoryData> {
    const body = search.user_id === undefined && search.agent_id === undefined ? { ...search, user_id: this.#profile.userId } : search;
    return this.#postJson('search/memory', SearchMemoryRequest, body, SearchMemoryData, options.signal);
  }

  getMemories(page: ForUser<GetMemoriesRequest> = {}, options: CallOptions = {}): Promise<GetMemoriesData> {
    return this.#postJson('get/memory', GetMemoriesRequest, { ...page, user_id: page.user_id ?? this.#profile.userId }, GetMemoriesData, options.signal);
  }

  getMemory(memoryId: string, options: CallOptions = {}): Promise<GetMemoryData> {
    if (!memoryId) throw this.#invalid('get/memory', 'memory id is empty');
    const endpoint = `get/memory/${encodeURIComponent(memoryId)}`;
    return withRetry(() => this.#send({ endpoint, method: 'GET', dataSchema: GetMemoryData, idempotent: true }, options.signal), this.#policy, options.signal, this.#hooks);
  }

  /** Deletes the given memories, or with `{user_id}` every memory of that user. */
  deleteMemory(target: DeleteMemoryRequest, options: CallOptions = {}): Promise<z.output<typeof DeleteMemoryData>> {
    return this.#postJson('delete/memory', DeleteMemoryRequest, target, DeleteMemoryData, options.signal);
  }

  updateMemory(update: UpdateMemoryRequest, options: CallOptions = {}): Promise<z.output<typeof UpdateMemoryData>> {
    return this.#postJson('update/memory', UpdateMemoryRequest, update, UpdateMemoryData, options.signal);
  }

  /** Closes pooled connections; pending calls finish first. */
  close(): Promise<void> {
    return this.#agent.close();
  }

  toJSON(): object {
    return { client: 'MemosClient', profile: this.#profile.toJSON() };
  }

  toString(): string {
    return `MemosClient(${this.#profile.toString()})`;
  }

  [inspect.custom](): string {
    return this.toString();
  }

  #checkFiles(files: readonly UploadFile[]): void {
    if (files.length > MAX_FILES_PER_MESSAGE) {
      throw new MemosError({ kind: 'batch_too_large', endpoint: 'add/message', message: `add/message: ${files.length} files in one batch; MemOS accepts at most ${MAX_FILES_PER_MESSAGE}` });
    }
    const empty = files.find((file) => file.size <= 0);
    if (empty) throw new MemosError({ kind: 'file_rejected', endpoint: 'add/message', message: `add/message: "${empty.name}" is empty` });
  }

  async #sendAddMessage(input: AddMessageInput, sendFilename: boolean, signal?: AbortSignal): Promise<AddMessageData> {
    const body = createAddMessageBody({ ...input, userId: this.#profile.userId, sendFilename });
    const checked = AddMessageRequest.safeParse(body.skeleton);
    if (!checked.success) throw this.#invalid('add/message', checked.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; '));
    return withRetry(
      () => this.#send({ endpoint: 'add/message', method: 'POST', streamBody: body, dataSchema: AddMessageData, idempotent: false }, signal),
      this.#policy,
      signal,
      this.#hooks,
    );
  }

  async #postJson<I extends z.ZodType, O extends z.ZodType>(endpoint: string, requestSchema: I, payload: z.input<I>, dataSchema: O, signal?: AbortSignal): Promise<z.output<O>> {
    const checked = requestSchema.safeParse(payload);
    if (!checked.success) throw this.#invalid(endpoint, checked.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; '));
    const json = JSON.stringify(checked.data);
    return withRetry(() => this.#send({ endpoint, method: 'POST', jsonBody: json, dataSchema, idempotent: true }, signal), this.#policy, signal, this.#hooks);
  }

  #send<O extends z.ZodType>(endpoint: Endpoint<O>, signal?: AbortSignal): Promise<z.output<O>> {
    return sendOnce(endpoint, { agent: this.#agent, profile: this.#profile, signal });
  }

  #invalid(endpoint: string, detail: string): MemosError {
    return new MemosError({ kind: 'invalid_request', endpoint, message: `${endpoint}: not sent, the request is invalid (${this.#profile.redact(detail)})` });
  }
}
