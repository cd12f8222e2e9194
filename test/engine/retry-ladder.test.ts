import { describe, expect, it } from 'vitest';
import type { MemosError } from '../../src/memos/errors.ts';
import { errorFromNetwork, errorFromResponse } from '../../src/memos/errors.ts';
import { FileChangedError } from '../../src/memos/upload-body.ts';
import { DEFAULT_LADDER, classifyForRetry, nextRetryDelay } from '../../src/engine/retry-ladder.ts';
import type { RetryLadder } from '../../src/engine/retry-ladder.ts';

const exact: RetryLadder = { ...DEFAULT_LADDER, jitter: 0 };

describe('nextRetryDelay', () => {
  it('climbs 25 s, 2 min, 10 min, 1 h, 5 h, 24 h, then gives up', () => {
    const delays = [1, 2, 3, 4, 5, 6, 7].map((attempt) => nextRetryDelay(attempt, exact));
    expect(delays).toEqual([25_000, 120_000, 600_000, 3_600_000, 18_000_000, 86_400_000, undefined]);
  });

  it('spreads each step by at most ±10%', () => {
    expect(nextRetryDelay(1, { ...DEFAULT_LADDER, random: () => 0 })).toBe(22_500);
    expect(nextRetryDelay(1, { ...DEFAULT_LADDER, random: () => 0.5 })).toBe(25_000);
    expect(nextRetryDelay(1, { ...DEFAULT_LADDER, random: () => 0.999_999 })).toBe(27_500);
    for (let i = 0; i < 100; i++) {
      const delay = nextRetryDelay(2) ?? 0;
      expect(delay).toBeGreaterThanOrEqual(108_000);
      expect(delay).toBeLessThanOrEqual(132_000);
    }
  });

  it('takes any ladder, in milliseconds for tests and benchmarks', () => {
    const fast: RetryLadder = { delaysMs: [5, 10], jitter: 0 };
    expect([1, 2, 3].map((attempt) => nextRetryDelay(attempt, fast))).toEqual([5, 10, undefined]);
    expect(nextRetryDelay(1, { delaysMs: [], jitter: 0 })).toBeUndefined();
  });

  it('refuses an attempt number that is not a count of failures', () => {
    expect(() => nextRetryDelay(0)).toThrow(RangeError);
    expect(() => nextRetryDelay(1.5)).toThrow(RangeError);
  });
});

const response = (endpoint: string, httpStatus: number, code?: number): MemosError => errorFromResponse({ endpoint, httpStatus, code });

describe('classifyForRetry', () => {
  it.each([
    ['HTTP 429', response('add/message', 429), 'transient', /slow down/],
    ['code 40300', response('add/message', 200, 40300), 'transient', /slow down.*code 40300/],
    ['HTTP 503', response('add/message', 503), 'transient', /temporarily unavailable \(HTTP 503\)/],
    ['code 50004', response('get/status', 200, 50004), 'transient', /temporarily unavailable/],
    ['code 40007', response('add/message', 200, 40007), 'permanent', /rejected the file/],
    ['code 50104', response('add/message', 200, 50104), 'split', /exceeds MemOS limits/],
    ['HTTP 413', response('add/message', 413), 'split', /exceeds MemOS limits/],
    ['code 40305', response('add/message', 200, 40305), 'split', /token limit/],
    ['code 40000', response('add/message', 200, 40000), 'permanent', /invalid/],
    ['code 40132', response('add/message', 200, 40132), 'auth', /API key/],
    ['HTTP 401', response('get/status', 401), 'auth', /API key/],
    ['code 40304', response('add/message', 200, 40304), 'quota', /quota/],
    ['code 50131 on get/status', response('get/status', 200, 50131), 'transient', /task/],
    ['HTTP 404 on add/message', response('add/message', 404), 'permanent', /server address/],
  ] as const)('%s is %s', (_label, error, kind, reason) => {
    const result = classifyForRetry(error);
    expect(result.kind).toBe(kind);
    expect(result.reason).toMatch(reason);
  });

  it('a reset before the body was sent is transient; after, it may have been accepted', () => {
    const reset = Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
    expect(classifyForRetry(errorFromNetwork('add/message', reset, false))).toEqual({ kind: 'transient', reason: 'MemOS could not be reached' });
    expect(classifyForRetry(errorFromNetwork('add/message', reset, true))).toMatchObject({ kind: 'transient', maybeAccepted: true, reason: expect.stringMatching(/may have been received/) });
  });

  it('raw network errors are transient', () => {
    expect(classifyForRetry(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' })).kind).toBe('transient');
  });

  it('a file that changed or vanished during the upload is checked again', () => {
    const changed = new FileChangedError({ path: '/a/b.pdf', name: 'b.pdf', size: 10, category: 'document', mime: 'application/pdf' }, 'it grew');
    expect(classifyForRetry(changed)).toMatchObject({ kind: 'file-changed' });
    expect(classifyForRetry(Object.assign(new Error('gone'), { code: 'ENOENT' }))).toMatchObject({ kind: 'file-changed' });
  });

  it('anything else is permanent, with its message, so a bug cannot loop', () => {
    expect(classifyForRetry(new TypeError('x is not a function'))).toEqual({ kind: 'permanent', reason: 'unexpected error: x is not a function' });
    expect(classifyForRetry('odd')).toEqual({ kind: 'permanent', reason: 'unexpected error: odd' });
  });
});
