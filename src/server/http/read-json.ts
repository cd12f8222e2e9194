import type { IncomingMessage } from 'node:http';
import { badRequest } from './api-error.ts';

const MAX_JSON_BODY = 8 * 1024 * 1024;

/** Reads a small JSON body (every route but add/message, which streams its files). */
export async function readJsonBody(request: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let length = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    length += chunk.length;
    if (length > MAX_JSON_BODY) throw badRequest(`request body is larger than ${MAX_JSON_BODY / 1024 / 1024} MB`);
    chunks.push(chunk);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  if (text.trim() === '') throw badRequest('request body is empty; a JSON object is required');
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw badRequest(`request body is not valid JSON: ${(error as Error).message}`);
  }
}
