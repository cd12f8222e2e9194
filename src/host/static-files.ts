import { createReadStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, resolve, sep } from 'node:path';
import mime from 'mime-types';

/** Sent with every answer of the web host. */
export function securityHeaders(csp: string): Record<string, string> {
  return {
    'Content-Security-Policy': csp,
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'X-Frame-Options': 'DENY',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Resource-Policy': 'same-origin',
    'Cache-Control': 'no-cache',
  };
}

const STRICT_CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'";

/**
 * The page's own policy (its meta tag), so the browser enforces the same rules as the desktop
 * window; framing is refused too, which only a header can say.
 */
export async function contentSecurityPolicy(rendererDir: string): Promise<string> {
  const page = join(rendererDir, 'index.html');
  let html: string;
  try {
    html = await readFile(page, 'utf8');
  } catch {
    throw new Error(`the window is not built: ${page} is missing. Build it with "npm run build" in the memos-sync project folder, then start again.`);
  }
  // The policy itself holds single quotes ('self'), so the value ends only at the quote that opened it.
  const meta = /<meta\s+http-equiv=["']Content-Security-Policy["']\s+content=(["'])(.*?)\1/is.exec(html)?.[2];
  return `${(meta ?? STRICT_CSP).replace(/;\s*$/, '')}; frame-ancestors 'none'; base-uri 'none'; form-action 'none'`;
}

function fail(response: ServerResponse, status: number, text: string): void {
  response.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8' }).end(`${text}\n`);
}

/** Serves the built renderer: GET and HEAD of files under `rendererDir` only, `/` as index.html, no listings. */
export async function serveStatic(request: IncomingMessage, response: ServerResponse, rendererDir: string, pathname: string): Promise<void> {
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    response.setHeader('Allow', 'GET, HEAD');
    fail(response, 405, 'method not allowed');
    return;
  }
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    fail(response, 400, 'bad path');
    return;
  }
  const root = resolve(rendererDir);
  const wanted = decoded === '/' ? 'index.html' : decoded.slice(1);
  const file = resolve(root, wanted);
  const segments = wanted.split(/[\\/]/);
  if (decoded.includes('\0') || segments.includes('..') || !file.startsWith(root + sep)) {
    fail(response, 404, 'not found');
    return;
  }
  const info = await stat(file).catch(() => undefined);
  if (!info?.isFile()) {
    fail(response, 404, 'not found');
    return;
  }
  response.writeHead(200, { 'Content-Type': mime.contentType(extname(file)) || 'application/octet-stream', 'Content-Length': info.size });
  if (request.method === 'HEAD') {
    response.end();
    return;
  }
  createReadStream(file)
    .on('error', () => response.destroy())
    .pipe(response);
}
