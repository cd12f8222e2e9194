import { MemosCodeGroup } from '../shared/memos-wire.ts';

export type MemosErrorKind = 'auth' | 'quota' | 'rate_limited' | 'transient' | 'invalid_request' | 'file_rejected' | 'batch_too_large' | 'not_found';

export interface MemosErrorDetails {
  kind: MemosErrorKind;
  endpoint: string;
  message: string;
  code?: number;
  httpStatus?: number;
  retryAfterMs?: number;
  /** The request may have been accepted even though no answer came; re-sending could duplicate memories. */
  maybeAccepted?: boolean;
  cause?: unknown;
}

const RETRYABLE_KINDS: ReadonlySet<MemosErrorKind> = new Set(['rate_limited', 'transient']);

/**
 * Every failure of a MemOS call. `retryable` means it is safe to send the same request again
 * after a pause: false for permanent kinds, and false when the request may already have been
 * accepted (`maybeAccepted`), because MemOS has no idempotency key.
 */
export class MemosError extends Error {
  override name = 'MemosError';
  readonly kind: MemosErrorKind;
  readonly endpoint: string;
  readonly code: number | undefined;
  readonly httpStatus: number | undefined;
  readonly retryAfterMs: number | undefined;
  readonly maybeAccepted: boolean;
  readonly retryable: boolean;
  /** The input is over the token limit (40013, 40305): send it in smaller pieces. */
  readonly needsSplit: boolean;

  constructor(details: MemosErrorDetails) {
    super(details.message, details.cause === undefined ? undefined : { cause: details.cause });
    this.kind = details.kind;
    this.endpoint = details.endpoint;
    this.code = details.code;
    this.httpStatus = details.httpStatus;
    this.retryAfterMs = details.retryAfterMs;
    this.maybeAccepted = details.maybeAccepted ?? false;
    this.retryable = RETRYABLE_KINDS.has(details.kind) && !this.maybeAccepted;
    this.needsSplit = details.code !== undefined && (MemosCodeGroup.inputOverTokenLimit as readonly number[]).includes(details.code);
  }
}

const KIND_BY_GROUP: ReadonlyArray<[readonly number[], MemosErrorKind]> = [
  [MemosCodeGroup.badParameters, 'invalid_request'],
  [MemosCodeGroup.idTooLong, 'invalid_request'],
  [MemosCodeGroup.inputOverTokenLimit, 'invalid_request'],
  [MemosCodeGroup.fileRejected, 'file_rejected'],
  [MemosCodeGroup.authFailed, 'auth'],
  [MemosCodeGroup.rateLimited, 'rate_limited'],
  [MemosCodeGroup.quotaExhausted, 'quota'],
  [MemosCodeGroup.serverFailure, 'transient'],
  [MemosCodeGroup.batchTooLarge, 'batch_too_large'],
  [MemosCodeGroup.taskNotFound, 'not_found'],
];

/** The kind a business code stands for; unknown codes by their class (4xxxx caller, 5xxxx server). */
export function kindOfCode(code: number): MemosErrorKind {
  for (const [codes, kind] of KIND_BY_GROUP) if (codes.includes(code)) return kind;
  return code >= 50000 && code < 60000 ? 'transient' : 'invalid_request';
}

function kindOfHttpStatus(status: number): MemosErrorKind {
  if (status === 429) return 'rate_limited';
  if (status === 401 || status === 403) return 'auth';
  if (status === 404) return 'not_found';
  if (status === 413) return 'batch_too_large';
  if (status === 408 || status >= 500) return 'transient';
  return 'invalid_request';
}

const KIND_SUMMARY: Record<MemosErrorKind, string> = {
  auth: 'MemOS rejected the API key (missing, invalid or expired)',
  quota: 'the MemOS account quota is exhausted',
  rate_limited: 'MemOS asked us to slow down',
  transient: 'MemOS is temporarily unavailable',
  invalid_request: 'MemOS rejected the request as invalid',
  file_rejected: 'MemOS rejected a file (unsupported type or unreadable data)',
  batch_too_large: 'the batch exceeds MemOS limits (too many files or too many bytes)',
  not_found: 'MemOS does not know this item',
};

export interface ResponseFailure {
  endpoint: string;
  httpStatus: number;
  /** Business code from the envelope, when one was readable. */
  code?: number;
  serverMessage?: string;
  retryAfterMs?: number;
  maybeAccepted?: boolean;
}

/** A received answer that is a failure: the business code decides when known, else the HTTP status. */
export function errorFromResponse(failure: ResponseFailure): MemosError {
  const { endpoint, httpStatus, code } = failure;
  let kind = code !== undefined && code !== 0 ? kindOfCode(code) : kindOfHttpStatus(httpStatus);
  if (httpStatus === 429) kind = 'rate_limited';
  const what = code !== undefined && code !== 0 ? `code ${code}, HTTP ${httpStatus}` : `HTTP ${httpStatus}`;
  const detail = failure.serverMessage ? `: ${failure.serverMessage}` : '';
  return new MemosError({
    kind,
    endpoint,
    code,
    httpStatus,
    retryAfterMs: failure.retryAfterMs,
    maybeAccepted: failure.maybeAccepted,
    message: `${endpoint}: ${KIND_SUMMARY[kind]} (${what})${detail}`,
  });
}

const NETWORK_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ECONNABORTED',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ENETUNREACH',
  'EHOSTUNREACH',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
  'UND_ERR_SOCKET',
  'UND_ERR_CLOSED',
]);

function errorCode(error: unknown): string | undefined {
  for (let current: unknown = error, depth = 0; current instanceof Error && depth < 4; current = current.cause, depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && NETWORK_CODES.has(code)) return code;
  }
  return undefined;
}

export function isNetworkFailure(error: unknown): boolean {
  return errorCode(error) !== undefined;
}

/** A request that got no answer: connection refused or reset, timeouts, closed sockets. */
export function errorFromNetwork(endpoint: string, error: unknown, maybeAccepted: boolean): MemosError {
  const code = errorCode(error) ?? 'network failure';
  const after = maybeAccepted ? '; the request was fully sent, so MemOS may have accepted it' : '';
  return new MemosError({
    kind: 'transient',
    endpoint,
    maybeAccepted,
    cause: error,
    message: `${endpoint}: no answer from MemOS (${code})${after}`,
  });
}
