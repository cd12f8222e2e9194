import { MemosError, isNetworkFailure } from '../memos/errors.ts';
import { FileChangedError } from '../memos/upload-body.ts';

/**
 * The per-file retry ladder for transient failures, like Nextcloud's: each step waits longer,
 * and after the last the file is `failed` until a person retries it. The client's own quick
 * retries happen inside one attempt; this ladder spaces attempts over a day.
 */
export interface RetryLadder {
  /** Wait before each retry: the first entry after the first failure. */
  delaysMs: readonly number[];
  /** Spread as a fraction of the delay: 0.1 waits anywhere in ±10%. */
  jitter: number;
  /** Defaults to Math.random; tests pass a fixed value. */
  random?: () => number;
}

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;

export const DEFAULT_LADDER: RetryLadder = {
  delaysMs: [25 * SECOND, 2 * MINUTE, 10 * MINUTE, HOUR, 5 * HOUR, 24 * HOUR],
  jitter: 0.1,
};

/**
 * How long to wait after `attempt` failures (1 = the first failure), or undefined once the
 * ladder is exhausted: give up, mark the file failed, offer a manual retry. Jitter keeps files
 * that failed together from coming back together.
 */
export function nextRetryDelay(attempt: number, ladder: RetryLadder = DEFAULT_LADDER): number | undefined {
  if (!Number.isInteger(attempt) || attempt < 1) throw new RangeError(`attempt must be a positive integer, got ${attempt}`);
  const delay = ladder.delaysMs[attempt - 1];
  if (delay === undefined) return undefined;
  const random = ladder.random ?? Math.random;
  return Math.max(0, Math.round(delay * (1 + ladder.jitter * (2 * random() - 1))));
}

export type RetryKind =
  /** Try again per the ladder. */
  | 'transient'
  /** This file will never be accepted as it is: failed, with the reason, and a manual retry. */
  | 'permanent'
  /** Send the batch in smaller pieces to find what MemOS refuses. */
  | 'split'
  /** The API key is wrong: pause everything and ask the person. */
  | 'auth'
  /** The account is out of quota: pause everything and tell the person. */
  | 'quota'
  /** The file changed on disk or went away: check it again from scratch. */
  | 'file-changed';

export interface RetryClassification {
  kind: RetryKind;
  /** A sentence a person can read. */
  reason: string;
  /** add/message may have been accepted although no answer came: re-sending could duplicate memories. */
  maybeAccepted?: true;
}

/** File-system errors while the upload reads the file: the file must be checked again. */
const FILE_CODES = new Set(['ENOENT', 'ENOTDIR', 'EACCES', 'EPERM', 'EBUSY', 'EISDIR']);

function detail(error: MemosError): string {
  const parts = [error.code === undefined ? undefined : `code ${error.code}`, error.httpStatus === undefined ? undefined : `HTTP ${error.httpStatus}`];
  const known = parts.filter((part) => part !== undefined);
  return known.length > 0 ? ` (${known.join(', ')})` : '';
}

function classifyMemosError(error: MemosError): RetryClassification {
  const why = detail(error);
  switch (error.kind) {
    case 'rate_limited':
      return { kind: 'transient', reason: `MemOS asked us to slow down${why}` };
    case 'transient': {
      const noAnswer = error.httpStatus === undefined && error.code === undefined;
      const unreachable = error.maybeAccepted ? 'no answer from MemOS after the upload was sent; it may have been received' : 'MemOS could not be reached';
      const reason = noAnswer ? unreachable : `MemOS is temporarily unavailable${why}`;
      return { kind: 'transient', reason, ...(error.maybeAccepted ? { maybeAccepted: true } : {}) };
    }
    case 'file_rejected':
      return { kind: 'permanent', reason: `MemOS rejected the file: unsupported type or unreadable data${why}` };
    case 'batch_too_large':
      return { kind: 'split', reason: `the batch exceeds MemOS limits (too many files or bytes)${why}` };
    case 'invalid_request':
      if (error.needsSplit) return { kind: 'split', reason: `the input is over MemOS's token limit${why}` };
      return { kind: 'permanent', reason: `MemOS rejected the request as invalid${why}` };
    case 'auth':
      return { kind: 'auth', reason: `MemOS rejected the API key (missing, invalid or expired); check it in the settings${why}` };
    case 'quota':
      return { kind: 'quota', reason: `the MemOS account quota is exhausted${why}` };
    case 'not_found':
      // A task MemOS does not know yet is worth asking about again; anything else means a wrong base URL.
      if (error.endpoint === 'get/status') return { kind: 'transient', reason: `MemOS does not know this task yet${why}` };
      return { kind: 'permanent', reason: `MemOS has no ${error.endpoint} here; check the server address${why}` };
  }
}

/** What a failed upload or task poll means for the file(s) involved, and what to tell the person. */
export function classifyForRetry(error: unknown): RetryClassification {
  if (error instanceof FileChangedError) return { kind: 'file-changed', reason: 'the file changed during the upload; it will be checked again' };
  if (error instanceof MemosError) return classifyMemosError(error);
  if (isNetworkFailure(error)) return { kind: 'transient', reason: 'MemOS could not be reached' };
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && FILE_CODES.has(code)) return { kind: 'file-changed', reason: 'the file could not be read during the upload; it will be checked again' };
  const message = error instanceof Error ? error.message : String(error);
  return { kind: 'permanent', reason: `unexpected error: ${message}` };
}
