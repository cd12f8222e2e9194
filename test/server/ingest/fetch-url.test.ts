import { once } from 'node:events';
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { fetchToTempFile, UrlFetchError } from '../../../src/server/ingest/fetch-url.ts';
import type { FetchToTempFileOptions } from '../../../src/server/ingest/fetch-url.ts';
import { randomBytes, TempDir } from './body-helpers.ts';

const MB = 1024 * 1024;
const payload = randomBytes(300_001, 11);
const routes: Record<string, (request: IncomingMessage, response: ServerResponse) => void> = {
  '/file.pdf': (_request, response) => {
    response.writeHead(200, { 'content-type': 'Application/PDF; charset=binary', 'content-length': payload.length });
    response.end(payload);
  },
  '/empty': (_request, response) => response.end(),
  '/missing': (_request, response) => {
    response.writeHead(404);
    response.end('not here');
  },
  '/r1': (_request, response) => redirect(response, 302, '/r2'),
  '/r2': (_request, response) => redirect(response, 301, 'r3'),
  '/r3': (_request, response) => redirect(response, 307, `${base}/file.pdf`),
  '/loop': (_request, response) => redirect(response, 302, '/loop'),
  '/to-ftp': (_request, response) => redirect(response, 302, 'ftp://example.com/a.pdf'),
  '/no-location': (_request, response) => redirect(response, 302, undefined),
  '/huge-header': (_request, response) => {
    response.writeHead(200, { 'content-length': 200 * MB });
    response.write(payload.subarray(0, 1000));
  },
  '/huge-stream': (_request, response) => {
    response.writeHead(200, { 'content-type': 'application/octet-stream' });
    response.end(payload);
  },
  '/slow-body': (_request, response) => {
    response.writeHead(200, { 'content-length': 1000 });
    response.write(payload.subarray(0, 10));
  },
  '/slow-headers': () => {},
};

function redirect(response: ServerResponse, status: number, location: string | undefined): void {
  response.writeHead(status, location ? { location } : {});
  response.end();
}

let server: Server;
let base = '';
const dir = new TempDir();

beforeAll(async () => {
  server = createServer((request, response) => {
    const route = routes[request.url ?? ''];
    if (route) route(request, response);
    else redirect(response, 500, undefined);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => {
  server.closeAllConnections();
  server.close();
});
beforeEach(() => dir.create());
afterEach(async () => {
  server.closeAllConnections();
  await dir.remove();
});

const options = (extra: Partial<FetchToTempFileOptions> = {}): FetchToTempFileOptions => ({ tempDir: dir.path, maxBytes: 100 * MB, timeoutMs: 30_000, ...extra });

async function expectFailure(url: string, extra?: Partial<FetchToTempFileOptions>): Promise<UrlFetchError> {
  const error = await fetchToTempFile(url, options(extra)).then(
    () => undefined,
    (failure: unknown) => failure,
  );
  expect(error).toBeInstanceOf(UrlFetchError);
  expect(await dir.files()).toEqual([]);
  return error as UrlFetchError;
}

describe('fetchToTempFile', () => {
  it('downloads into a new temp file and reports size and media type', async () => {
    const fetched = await fetchToTempFile(`${base}/file.pdf`, options());
    expect(fetched).toMatchObject({ bytes: payload.length, contentType: 'application/pdf' });
    expect((await readFile(fetched.tempPath)).equals(payload)).toBe(true);
  });

  it('creates a missing temp folder and accepts an empty body', async () => {
    const fetched = await fetchToTempFile(`${base}/empty`, options({ tempDir: join(dir.path, 'a', 'b') }));
    expect(fetched.bytes).toBe(0);
    expect(await readFile(fetched.tempPath)).toHaveLength(0);
  });

  it('follows a chain of redirects (relative and absolute)', async () => {
    const fetched = await fetchToTempFile(`${base}/r1`, options());
    expect((await readFile(fetched.tempPath)).equals(payload)).toBe(true);
  });

  it('reports HTTP errors with their status', async () => {
    const error = await expectFailure(`${base}/missing`);
    expect(error).toMatchObject({ kind: 'http_status', status: 404, message: `could not download ${base}/missing: HTTP 404` });
  });

  it('stops after too many redirects, and at redirects to other schemes', async () => {
    expect(await expectFailure(`${base}/loop`, { maxRedirects: 3 })).toMatchObject({ kind: 'redirects', message: `could not download ${base}/loop: more than 3 redirects` });
    expect((await expectFailure(`${base}/to-ftp`)).kind).toBe('unsupported_url');
    expect(await expectFailure(`${base}/no-location`)).toMatchObject({ kind: 'http_status', status: 302 });
  });

  it('rejects a body declared larger than the limit before reading it', async () => {
    const error = await expectFailure(`${base}/huge-header`);
    expect(error).toMatchObject({ kind: 'too_large', message: `could not download ${base}/huge-header: larger than 100 MB` });
  });

  it('stops a body that grows past the limit and deletes the partial file', async () => {
    const error = await expectFailure(`${base}/huge-stream`, { maxBytes: 100_000 });
    expect(error).toMatchObject({ kind: 'too_large', message: `could not download ${base}/huge-stream: larger than 100000 bytes` });
  });

  it('times out on a server that stalls, before or during the body', async () => {
    expect(await expectFailure(`${base}/slow-headers`, { timeoutMs: 300 })).toMatchObject({ kind: 'timeout', message: `could not download ${base}/slow-headers: timed out after 0.3 s` });
    expect((await expectFailure(`${base}/slow-body`, { timeoutMs: 300 })).kind).toBe('timeout');
  });

  it('can be cancelled', async () => {
    const controller = new AbortController();
    const pending = expectFailure(`${base}/slow-body`, { signal: controller.signal });
    setImmediate(() => controller.abort());
    expect((await pending).kind).toBe('aborted');
  });

  it.each(['ftp://example.com/a.pdf', 'file:///etc/passwd', 'data:text/plain;base64,QQ==', 'not a url'])('refuses %s', async (url) => {
    const error = await expectFailure(url);
    expect(error.kind).toBe('unsupported_url');
    expect(error.message).toMatch(/only http and https URLs can be downloaded$/);
  });

  it('reports a refused connection, without credentials in the message', async () => {
    const closed = createServer();
    closed.listen(0, '127.0.0.1');
    await once(closed, 'listening');
    const { port } = closed.address() as AddressInfo;
    closed.close();
    const error = await expectFailure(`http://user:secret@127.0.0.1:${port}/a.pdf`);
    expect(error.kind).toBe('network');
    expect(error.message).toContain(`could not download http://127.0.0.1:${port}/a.pdf: `);
    expect(error.message).not.toContain('secret');
  });
});
