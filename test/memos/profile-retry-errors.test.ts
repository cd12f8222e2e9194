import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { errorFromResponse, kindOfCode } from '../../src/memos/errors.ts';
import { MemosProfile, PRESET_BASE_URLS } from '../../src/memos/profile.ts';
import { DEFAULT_RETRY_POLICY, backoffDelay, parseRetryAfter, sleep } from '../../src/memos/retry.ts';

describe('MemosProfile', () => {
  it('resolves presets and custom URLs, and builds the Token header', () => {
    const cn = new MemosProfile({ baseUrl: 'cloud-cn', apiKey: 'secret-key', userId: 'u' });
    expect(cn.baseUrl).toBe(PRESET_BASE_URLS['cloud-cn']);
    expect(new MemosProfile({ baseUrl: 'cloud-intl', apiKey: 'k', userId: 'u' }).endpointUrl('add/message')).toBe('https://api.memt.ai/platform/api/openmem/v1/add/message');
    expect(new MemosProfile({ baseUrl: 'http://127.0.0.1:8080/api/openmem/v1/', apiKey: 'k', userId: 'u' }).baseUrl).toBe('http://127.0.0.1:8080/api/openmem/v1');
    expect(cn.authorization).toBe('Token secret-key');
    expect(() => new MemosProfile({ baseUrl: 'ftp://x', apiKey: 'k', userId: 'u' })).toThrow(/http/);
    expect(() => new MemosProfile({ baseUrl: 'cloud-cn', apiKey: '', userId: 'u' })).toThrow(/empty/);
  });

  it('keeps the key out of every rendering', () => {
    const profile = new MemosProfile({ baseUrl: 'cloud-cn', apiKey: 'sk-live-ABC', userId: 'u', sendFilename: false });
    for (const shown of [String(profile), `${profile}`, JSON.stringify(profile), inspect(profile, { showHidden: true, depth: 9 }), JSON.stringify({ ...profile })]) {
      expect(shown).not.toContain('sk-live-ABC');
    }
    expect(JSON.parse(JSON.stringify(profile))).toEqual({ baseUrl: PRESET_BASE_URLS['cloud-cn'], userId: 'u', sendFilename: false });
    expect(profile.redact('echo sk-live-ABC twice sk-live-ABC')).toBe('echo [redacted] twice [redacted]');
  });
});

describe('retry', () => {
  it('reads Retry-After as seconds or as an HTTP date', () => {
    const now = Date.parse('2025-01-01T00:00:00Z');
    expect(parseRetryAfter('3', now)).toBe(3000);
    expect(parseRetryAfter('Wed, 01 Jan 2025 00:00:10 GMT', now)).toBe(10_000);
    expect(parseRetryAfter('Tue, 31 Dec 2024 00:00:10 GMT', now)).toBe(0);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter(undefined, now)).toBeUndefined();
  });

  it('uses full jitter under a cap, and treats Retry-After as a floor', () => {
    const policy = { ...DEFAULT_RETRY_POLICY, baseDelayMs: 100, maxDelayMs: 1000 };
    expect(backoffDelay(0, policy, () => 0)).toBe(0);
    expect(backoffDelay(0, policy, () => 0.999)).toBe(99);
    expect(backoffDelay(3, policy, () => 0.999)).toBe(799);
    expect(backoffDelay(10, policy, () => 0.999)).toBe(999);
    expect(backoffDelay(0, policy, () => 0.5, 5000)).toBe(5000);
    expect(backoffDelay(0, policy, () => 0.5, 60 * 60_000)).toBe(policy.maxRetryAfterMs);
  });

  it('sleep rejects with the abort reason', async () => {
    const controller = new AbortController();
    const pending = sleep(60_000, controller.signal);
    controller.abort(new Error('stop'));
    await expect(pending).rejects.toThrow('stop');
  });
});

describe('error classes', () => {
  it.each([
    [40000, 'invalid_request'],
    [40010, 'invalid_request'],
    [40013, 'invalid_request'],
    [40007, 'file_rejected'],
    [50107, 'file_rejected'],
    [40103, 'auth'],
    [40309, 'rate_limited'],
    [40304, 'quota'],
    [50143, 'transient'],
    [50105, 'batch_too_large'],
    [50131, 'not_found'],
    [40499, 'invalid_request'],
    [50999, 'transient'],
  ])('code %i is %s', (code, kind) => {
    expect(kindOfCode(code)).toBe(kind);
  });

  it('classifies by HTTP status when no code came, and flags inputs to split', () => {
    expect(errorFromResponse({ endpoint: 'x', httpStatus: 401 }).kind).toBe('auth');
    expect(errorFromResponse({ endpoint: 'x', httpStatus: 403 }).kind).toBe('auth');
    expect(errorFromResponse({ endpoint: 'x', httpStatus: 502 })).toMatchObject({ kind: 'transient', retryable: true });
    expect(errorFromResponse({ endpoint: 'x', httpStatus: 429, code: 50000 }).kind).toBe('rate_limited');
    expect(errorFromResponse({ endpoint: 'x', httpStatus: 200, code: 40305 })).toMatchObject({ kind: 'invalid_request', needsSplit: true, retryable: false });
    expect(errorFromResponse({ endpoint: 'x', httpStatus: 200, code: 40304 }).message).toContain('quota');
  });
});
