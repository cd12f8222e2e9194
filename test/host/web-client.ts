import { request, type IncomingHttpHeaders } from 'node:http';
import { WebSocket } from 'ws';
import { type AppEvent, type AppMethod, appMethods, type MethodParams, type MethodResult, WsMessage } from '../../src/shared/app-api.ts';

export interface HttpAnswer {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

export interface RawRequest {
  method?: string;
  /** Sent exactly as given: not normalised, not encoded. */
  path: string;
  headers?: Record<string, string | number>;
  body?: string | Buffer;
}

/** One HTTP request to `origin` exactly as a hostile or careless client could send it. */
export function send(origin: string, raw: RawRequest): Promise<HttpAnswer> {
  const { hostname, port } = new URL(origin);
  return new Promise((resolve, reject) => {
    const outgoing = request({ host: hostname, port, method: raw.method ?? 'GET', path: raw.path, headers: raw.headers }, (answer) => {
      const chunks: Buffer[] = [];
      answer.on('data', (chunk: Buffer) => chunks.push(chunk));
      answer.on('end', () => resolve({ status: answer.statusCode ?? 0, headers: answer.headers, body: Buffer.concat(chunks).toString() }));
    });
    outgoing.on('error', reject);
    outgoing.end(raw.body);
  });
}

export interface SocketOptions {
  /** Sent as `?token=`; absent sends none. */
  token?: string;
  /** The Origin header: the host's own by default, null for none. */
  origin?: string | null;
  /** The Host header, to play a name that resolves to the host (DNS rebinding). */
  host?: string;
}

export interface OpenedSocket {
  socket: WebSocket;
  /** How the host closed it. */
  closed: Promise<{ code: number; reason: string }>;
}

/** The HTTP status of an upgrade the host refused before it became a WebSocket. */
export class UpgradeRefused extends Error {
  readonly status: number;

  constructor(status: number) {
    super(`the WebSocket upgrade was refused with HTTP ${status}`);
    this.status = status;
  }
}

/** Opens the web host's API socket as a browser page would (or as told not to). */
export function openSocket(origin: string, options: SocketOptions = {}): Promise<OpenedSocket> {
  const url = new URL('/api/ws', origin.replace(/^http/, 'ws'));
  if (options.token !== undefined) url.searchParams.set('token', options.token);
  const pageOrigin = options.origin === undefined ? origin : options.origin;
  const socket = new WebSocket(url, { headers: { ...(pageOrigin === null ? {} : { origin: pageOrigin }), ...(options.host ? { host: options.host } : {}) } });
  const closed = new Promise<{ code: number; reason: string }>((resolve) => socket.once('close', (code, reason) => resolve({ code, reason: reason.toString() })));
  return new Promise((resolve, reject) => {
    socket.once('open', () => resolve({ socket, closed }));
    socket.once('unexpected-response', (_request, response) => {
      reject(new UpgradeRefused(response.statusCode ?? 0));
      socket.terminate();
    });
    socket.once('error', reject);
  });
}

/** What a call answered over the socket. */
export type WsAnswer = { result: unknown } | { error: { code: string; message: string } };

export interface ApiSocket {
  /** The answer as it came. */
  call<M extends AppMethod>(method: M, params: MethodParams<M>): Promise<WsAnswer>;
  /** The result, checked against the method's schema; an error answer is thrown. */
  result<M extends AppMethod>(method: M, params: MethodParams<M>): Promise<MethodResult<M>>;
  /** Every event pushed so far, oldest first. */
  events: AppEvent[];
  close(): void;
}

/** The app API over the web host's socket, as the window in a browser uses it; every message is checked against the contract. */
export async function apiSocket(origin: string, token: string): Promise<ApiSocket> {
  const { socket } = await openSocket(origin, { token });
  const events: AppEvent[] = [];
  const waiting = new Map<number, (answer: WsAnswer) => void>();
  let nextId = 1;
  socket.on('message', (data: Buffer) => {
    const message = WsMessage.parse(JSON.parse(data.toString()));
    if ('event' in message) events.push(message.event);
    else waiting.get(message.id)?.('error' in message ? { error: message.error } : { result: message.result });
  });
  const call = <M extends AppMethod>(method: M, params: MethodParams<M>): Promise<WsAnswer> =>
    new Promise((resolve) => {
      const id = nextId++;
      waiting.set(id, resolve);
      socket.send(JSON.stringify({ id, method, params }));
    });
  return {
    call,
    async result(method, params) {
      const answer = await call(method, params);
      if ('error' in answer) throw new Error(`${method} failed: ${answer.error.message}`);
      return appMethods[method].result.parse(answer.result) as MethodResult<typeof method>;
    },
    events,
    close: () => socket.close(),
  };
}
