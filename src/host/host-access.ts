import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { isIP } from 'node:net';

/** A fresh token: 32 random bytes, base64url. */
export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

/** Compares in constant time; hashing first makes the lengths equal without telling the length. */
export function tokenMatches(given: string | null | undefined, token: string): boolean {
  if (!given) return false;
  const digest = (text: string): Buffer => createHash('sha256').update(text).digest();
  return timingSafeEqual(digest(given), digest(token));
}

export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || host === '[::1]' || /^127\.\d+\.\d+\.\d+$/.test(host);
}

/** A host as it appears in a URL: IPv6 in brackets. */
const urlHost = (host: string): string => (isIP(host) === 6 ? `[${host}]` : host);

/** `host:port` as it appears in a URL. */
export function hostPort(host: string, port: number): string {
  return `${urlHost(host)}:${port}`;
}

/**
 * Which Host headers reach us under a name we answer to. Checking them stops DNS rebinding (a
 * foreign name resolving to us); checking Origin stops other sites' pages. A host bound to every
 * interface (0.0.0.0, ::) cannot know its names, and relies on Origin and the token.
 */
export function hostChecker(host: string, port: number): (hostHeader: string) => boolean {
  if (host === '0.0.0.0' || host === '::') return () => true;
  const names = isLoopback(host) ? [host, '127.0.0.1', 'localhost', '::1'] : [host];
  const allowed = new Set(names.map((name) => hostPort(name, port)));
  // Browsers leave the default port out of Host (and Origin).
  if (port === 80) for (const name of names) allowed.add(urlHost(name));
  return (hostHeader) => allowed.has(hostHeader);
}

/** Whether a request comes from a page of this host: its Host is one of ours and its Origin, when sent, is that host. */
export function sameOrigin(request: IncomingMessage, hostAllowed: (hostHeader: string) => boolean, requireOrigin: boolean): boolean {
  const host = request.headers.host;
  if (!host || !hostAllowed(host)) return false;
  const origin = request.headers.origin;
  if (origin === undefined) return !requireOrigin;
  return origin === `http://${host}`;
}
