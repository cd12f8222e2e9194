import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { ApiError } from './api-error.ts';

/** Checks `Authorization: Token <token>` in constant time; the token itself is never echoed. */
export function checkToken(request: IncomingMessage, expected: string): void {
  const header = request.headers.authorization;
  if (!header) throw new ApiError(40100, 'API key is missing: send the header "Authorization: Token <key>"');
  const match = /^Token\s+(.+)$/i.exec(header.trim());
  if (!match?.[1]) throw new ApiError(40100, 'Authorization header must have the form "Token <key>"');
  const given = Buffer.from(match[1]);
  const wanted = Buffer.from(expected);
  if (given.length !== wanted.length || !timingSafeEqual(given, wanted)) throw new ApiError(40132, 'API key is invalid');
}
