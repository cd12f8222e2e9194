import { MemosError } from './errors.ts';

export interface RetryPolicy {
  /** Total tries, the first one included. */
  maxAttempts: number;
  baseDelayMs: number;
  /** Cap of the exponential backoff window. */
  maxDelayMs: number;
  /** A server-given Retry-After above this is clamped so one answer cannot stall us for hours. */
  maxRetryAfterMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { maxAttempts: 5, baseDelayMs: 500, maxDelayMs: 30_000, maxRetryAfterMs: 5 * 60_000 };

export interface RetryHooks {
  random?: () => number;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  onRetry?: (event: { attempt: number; delayMs: number; error: MemosError }) => void;
}

/** Resolves after `ms`, or rejects with the signal's reason as soon as it aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** Retry-After as delta-seconds or an HTTP date; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | string[] | undefined, now = Date.now()): number | undefined {
  const text = (Array.isArray(value) ? value[0] : value)?.trim();
  if (!text) return undefined;
  if (/^\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000);
  const date = Date.parse(text);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/**
 * Full jitter (a random wait in [0, min(cap, base * 2^retry))) spreads clients that failed
 * together; a Retry-After from the server is a floor, not a suggestion.
 */
export function backoffDelay(retry: number, policy: RetryPolicy, random: () => number = Math.random, retryAfterMs?: number): number {
  const window = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** retry);
  const jittered = Math.floor(random() * window);
  if (retryAfterMs === undefined) return jittered;
  return Math.max(Math.min(retryAfterMs, policy.maxRetryAfterMs), jittered);
}

/**
 * Runs `operation` until it succeeds, fails with a non-retryable error, or runs out of
 * attempts. Only MemosErrors marked `retryable` are retried; everything else propagates.
 */
export async function withRetry<T>(
  operation: (attempt: number) => Promise<T>,
  policy: RetryPolicy,
  signal?: AbortSignal,
  hooks: RetryHooks = {},
): Promise<T> {
  const wait = hooks.sleep ?? sleep;
  for (let attempt = 1; ; attempt++) {
    signal?.throwIfAborted();
    try {
      return await operation(attempt);
    } catch (error) {
      const retryable = error instanceof MemosError && error.retryable && attempt < policy.maxAttempts;
      if (!retryable || signal?.aborted) throw error;
      const delayMs = backoffDelay(attempt - 1, policy, hooks.random, error.retryAfterMs);
      hooks.onRetry?.({ attempt, delayMs, error });
      await wait(delayMs, signal);
    }
  }
}
