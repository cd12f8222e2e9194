import { randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Agent, request } from 'undici';
import type { Dispatcher } from 'undici';

export interface FetchToTempFileOptions {
  /** Where the download is written (created if missing). */
  tempDir: string;
  maxBytes: number;
  /** For the whole download: connecting, every redirect, headers and body. */
  timeoutMs: number;
  /** Default: 10 s, or timeoutMs when shorter. */
  connectTimeoutMs?: number;
  /** Default: 5. */
  maxRedirects?: number;
  signal?: AbortSignal;
}

export interface FetchedFile {
  tempPath: string;
  bytes: number;
  /** The media type the server declared, without parameters (e.g. "application/pdf"). */
  contentType?: string;
}

export type UrlFetchErrorKind = 'unsupported_url' | 'http_status' | 'too_large' | 'timeout' | 'redirects' | 'network' | 'aborted';

/** A download that failed; the message is a sentence for the person, e.g. "could not download https://…: HTTP 404". */
export class UrlFetchError extends Error {
  override name = 'UrlFetchError';
  readonly kind: UrlFetchErrorKind;
  readonly url: string;
  /** The HTTP status, for kind 'http_status'. */
  readonly status: number | undefined;

  constructor(kind: UrlFetchErrorKind, url: string, message: string, status?: number, options?: ErrorOptions) {
    super(message, options);
    this.kind = kind;
    this.url = url;
    this.status = status;
  }
}

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);
const UNDICI_TIMEOUTS = new Set(['UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT']);
const DEFAULT_CONNECT_TIMEOUT_MS = 10_000;
const DEFAULT_MAX_REDIRECTS = 5;

const isHttp = (url: URL): boolean => url.protocol === 'http:' || url.protocol === 'https:';
const firstHeader = (value: string | string[] | undefined): string | undefined => (Array.isArray(value) ? value[0] : value);
const formatSeconds = (ms: number): string => `${Number((ms / 1000).toFixed(1))} s`;

function formatBytes(bytes: number): string {
  const mebibytes = bytes / (1024 * 1024);
  return Number.isInteger(mebibytes) ? `${mebibytes} MB` : `${bytes} bytes`;
}

/** The URL as shown in messages: without credentials, and not endlessly long. */
function displayUrl(url: string): string {
  const parsed = URL.parse(url);
  if (parsed) {
    parsed.username = '';
    parsed.password = '';
  }
  const text = parsed?.href ?? url;
  return text.length > 200 ? `${text.slice(0, 200)}…` : text;
}

function mediaType(contentType: string | undefined): string | undefined {
  const type = contentType?.split(';')[0]?.trim().toLowerCase();
  return type === '' ? undefined : type;
}

/** Writes the body to a new file, stopping as soon as it passes maxBytes. */
async function save(body: Dispatcher.ResponseData['body'], path: string, maxBytes: number, signal: AbortSignal, tooLarge: () => Error): Promise<number> {
  let bytes = 0;
  await pipeline(
    body,
    async function* (source: AsyncIterable<Buffer>) {
      for await (const chunk of source) {
        bytes += chunk.length;
        if (bytes > maxBytes) throw tooLarge();
        yield chunk;
      }
    },
    createWriteStream(path, { flags: 'wx', mode: 0o600 }),
    { signal },
  );
  return bytes;
}

/**
 * Downloads an http(s) URL into a new file under tempDir, bounded in time, size and
 * redirects (each followed only to http or https). Never leaves a partial file behind.
 */
export async function fetchToTempFile(url: string, options: FetchToTempFileOptions): Promise<FetchedFile> {
  const { maxBytes, timeoutMs } = options;
  const maxRedirects = options.maxRedirects ?? DEFAULT_MAX_REDIRECTS;
  const connectTimeoutMs = options.connectTimeoutMs ?? Math.min(DEFAULT_CONNECT_TIMEOUT_MS, timeoutMs);
  const fail = (kind: UrlFetchErrorKind, reason: string, status?: number, cause?: unknown): UrlFetchError =>
    new UrlFetchError(kind, url, `could not download ${displayUrl(url)}: ${reason}`, status, { cause });
  const tooLarge = (): UrlFetchError => fail('too_large', `larger than ${formatBytes(maxBytes)}`);

  let current = URL.parse(url);
  if (!current || !isHttp(current)) throw fail('unsupported_url', 'only http and https URLs can be downloaded');

  const timeout = AbortSignal.timeout(timeoutMs);
  const signal = options.signal ? AbortSignal.any([timeout, options.signal]) : timeout;
  const agent = new Agent({ connect: { timeout: connectTimeoutMs } });
  await mkdir(options.tempDir, { recursive: true });
  const tempPath = join(options.tempDir, `download-${randomUUID()}`);
  try {
    for (let redirects = 0; ; redirects++) {
      const response = await request(current, { method: 'GET', dispatcher: agent, signal, headersTimeout: timeoutMs, bodyTimeout: timeoutMs });
      const status = response.statusCode;
      if (REDIRECT_STATUSES.has(status)) {
        await response.body.dump();
        const location = firstHeader(response.headers.location);
        if (!location) throw fail('http_status', `HTTP ${status} without a Location header`, status);
        if (redirects >= maxRedirects) throw fail('redirects', `more than ${maxRedirects} redirects`);
        const target = URL.parse(location, current.href);
        if (!target || !isHttp(target)) throw fail('unsupported_url', 'redirected to a URL that is not http or https');
        current = target;
        continue;
      }
      if (status < 200 || status > 299) {
        await response.body.dump();
        throw fail('http_status', `HTTP ${status}`, status);
      }
      const declared = Number(firstHeader(response.headers['content-length']) ?? Number.NaN);
      if (declared > maxBytes) {
        response.body.destroy();
        throw tooLarge();
      }
      const bytes = await save(response.body, tempPath, maxBytes, signal, tooLarge);
      return { tempPath, bytes, contentType: mediaType(firstHeader(response.headers['content-type'])) };
    }
  } catch (error) {
    await rm(tempPath, { force: true });
    if (error instanceof UrlFetchError) throw error;
    if (timeout.aborted) throw fail('timeout', `timed out after ${formatSeconds(timeoutMs)}`, undefined, error);
    if (options.signal?.aborted) throw fail('aborted', 'cancelled', undefined, error);
    const code = (error as { code?: unknown }).code;
    if (typeof code === 'string' && UNDICI_TIMEOUTS.has(code)) {
      const limit = code === 'UND_ERR_CONNECT_TIMEOUT' ? connectTimeoutMs : timeoutMs;
      throw fail('timeout', `timed out after ${formatSeconds(limit)}`, undefined, error);
    }
    throw fail('network', (error as Error).message, undefined, error);
  } finally {
    await agent.destroy();
  }
}
