import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import { ApiError } from './api-error.ts';
import { checkToken } from './auth.ts';
import { sendEnvelope, sendOk } from './respond.ts';

export const API_PREFIX = '/api/openmem/v1/';

export interface Route {
  method: 'GET' | 'POST';
  /** Path under the API prefix; a trailing `/:id` captures one segment. */
  path: string;
  handle: (request: IncomingMessage, params: { id?: string }) => Promise<unknown>;
}

/** Zod failures become the documented codes: ids that are too long have their own. */
function apiErrorFromZod(error: z.ZodError): ApiError {
  const issue = error.issues[0];
  const field = issue?.path.join('.') ?? '';
  if (issue?.code === 'too_big' && (field === 'user_id' || /^user_id\.\d+$/.test(field))) return new ApiError(40010, 'user_id must be at most 100 characters');
  if (issue?.code === 'too_big' && field === 'conversation_id') return new ApiError(40011, 'conversation_id must be at most 100 characters');
  return new ApiError(40000, `invalid parameter${field ? ` "${field}"` : ''}: ${issue?.message ?? 'bad request'}`);
}

function toApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  if (error instanceof z.ZodError) return apiErrorFromZod(error);
  return new ApiError(50000, 'internal server error', 500);
}

function matchRoute(routes: readonly Route[], method: string, path: string): { route?: Route; params: { id?: string }; methodMismatch: boolean } {
  let methodMismatch = false;
  for (const route of routes) {
    const capturesId = route.path.endsWith('/:id');
    const base = capturesId ? route.path.slice(0, -3) : route.path;
    const id = capturesId && path.startsWith(base) ? path.slice(base.length) : undefined;
    const matches = capturesId ? id !== undefined && id !== '' && !id.includes('/') : path === route.path;
    if (!matches) continue;
    if (route.method !== method) {
      methodMismatch = true;
      continue;
    }
    return { route, params: id === undefined ? {} : { id: decodeURIComponent(id) }, methodMismatch };
  }
  return { params: {}, methodMismatch };
}

/**
 * Routes one request: token check, dispatch, envelope. Every failure is answered with a
 * documented code and message, never a stack trace; unexpected errors are logged once.
 */
export async function handleRequest(
  request: IncomingMessage,
  response: ServerResponse,
  routes: readonly Route[],
  token: string,
  log: (line: string) => void,
): Promise<void> {
  const started = performance.now();
  const path = new URL(request.url ?? '/', 'http://local').pathname;
  let code = 0;
  try {
    if (!path.startsWith(API_PREFIX)) throw new ApiError(40000, `no such endpoint: ${path}`, 404);
    const { route, params, methodMismatch } = matchRoute(routes, request.method ?? 'GET', path.slice(API_PREFIX.length));
    if (!route) {
      throw methodMismatch ? new ApiError(40000, `${request.method ?? ''} is not allowed on ${path}`, 405) : new ApiError(40000, `no such endpoint: ${path}`, 404);
    }
    checkToken(request, token);
    sendOk(response, await route.handle(request, params));
  } catch (error) {
    const apiError = toApiError(error);
    code = apiError.code;
    if (apiError.httpStatus >= 500) log(`error ${request.method ?? ''} ${path}: ${(error as Error).stack ?? String(error)}`);
    if (!response.headersSent) sendEnvelope(response, apiError.httpStatus, apiError.code, apiError.message, null);
    // Unread request bodies would otherwise keep the connection busy.
    if (!request.readableEnded) request.resume();
  } finally {
    log(`${new Date().toISOString()} ${request.method ?? ''} ${path} ${response.statusCode} code=${code} ${(performance.now() - started).toFixed(1)}ms`);
  }
}
