import type { Readable } from 'node:stream';
import { request } from 'undici';
import type { Dispatcher } from 'undici';
import type { z } from 'zod';
import { Envelope } from '../shared/memos-wire.ts';
import { MemosError, errorFromNetwork, errorFromResponse, isNetworkFailure } from './errors.ts';
import type { MemosProfile } from './profile.ts';
import { parseRetryAfter } from './retry.ts';
import type { StreamedBody } from './upload-body.ts';

export interface Endpoint<O extends z.ZodType> {
  /** Path under the base URL, e.g. "get/status". */
  endpoint: string;
  method: 'GET' | 'POST';
  jsonBody?: string;
  streamBody?: StreamedBody;
  dataSchema: O;
  /** Sending it twice does no harm; when false, a request that got no answer may have been accepted. */
  idempotent: boolean;
}

export interface SendContext {
  agent: Dispatcher;
  profile: MemosProfile;
  signal?: AbortSignal;
}

const SNIPPET_CHARS = 200;

/** Marks the body complete only once the transport asked for more after the last byte. */
async function* trackCompletion(body: StreamedBody, state: { bodySent: boolean }): AsyncGenerator<Buffer> {
  yield* body.open();
  state.bodySent = true;
}

function endpointLabel(endpoint: string): string {
  return endpoint.startsWith('get/memory/') ? 'get/memory/{id}' : endpoint;
}

function parseEnvelope(text: string): Envelope | undefined {
  try {
    const parsed = Envelope.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/** One HTTP exchange: send, read, classify. Retrying is the caller's business. */
export async function sendOnce<O extends z.ZodType>(spec: Endpoint<O>, context: SendContext): Promise<z.output<O>> {
  const { profile, signal } = context;
  const name = endpointLabel(spec.endpoint);
  const state = { bodySent: spec.streamBody === undefined };
  const headers: Record<string, string> = { authorization: profile.authorization, accept: 'application/json' };
  let body: string | Readable | undefined;
  if (spec.streamBody) {
    headers['content-type'] = 'application/json';
    headers['content-length'] = String(spec.streamBody.contentLength);
    // undici takes async iterables at runtime and pulls the next chunk only once the last was
    // written, which makes `bodySent` exact; its type declarations only list Readable.
    body = trackCompletion(spec.streamBody, state) as unknown as Readable;
  } else if (spec.jsonBody !== undefined) {
    headers['content-type'] = 'application/json';
    body = spec.jsonBody;
  }

  let httpStatus: number;
  let text: string;
  let retryAfterMs: number | undefined;
  try {
    const response = await request(profile.endpointUrl(spec.endpoint), { dispatcher: context.agent, method: spec.method, headers, body, signal });
    httpStatus = response.statusCode;
    retryAfterMs = parseRetryAfter(response.headers['retry-after']);
    state.bodySent = true;
    text = await response.body.text();
  } catch (error) {
    if (signal?.aborted) throw signal.reason;
    if (isNetworkFailure(error)) throw errorFromNetwork(name, error, !spec.idempotent && state.bodySent);
    throw error;
  }

  const envelope = parseEnvelope(text);
  const failed = httpStatus < 200 || httpStatus >= 300 || (envelope !== undefined && envelope.code !== 0);
  if (failed) {
    const serverMessage = envelope ? envelope.message : text.slice(0, SNIPPET_CHARS).trim();
    throw errorFromResponse({ endpoint: name, httpStatus, code: envelope?.code, serverMessage: profile.redact(serverMessage), retryAfterMs });
  }
  const data = envelope === undefined ? undefined : spec.dataSchema.safeParse(envelope.data);
  if (!data?.success) {
    const why = envelope === undefined ? 'not a MemOS envelope' : 'unexpected data';
    throw new MemosError({
      kind: 'transient',
      endpoint: name,
      httpStatus,
      maybeAccepted: !spec.idempotent,
      message: `${name}: MemOS answered HTTP ${httpStatus} but the answer is unreadable (${why})`,
    });
  }
  return data.data;
}
