import { Agent, type IncomingMessage, type ServerResponse, createServer, request as httpRequest } from 'node:http';
import type { Socket } from 'node:net';
import { pipeline } from 'node:stream/promises';

/**
 * A fault-injecting HTTP proxy for tests: it sits on 127.0.0.1 in front of a real MemOS(-compatible)
 * server, forwards every request with bodies streamed both ways (100 MB uploads are never held
 * in memory), and answers scripted requests with a fault instead.
 */
export type Fault =
  | { http: 429; retryAfterSeconds?: number }
  | { http: 500 | 503 }
  /** HTTP 200 with a MemOS envelope carrying this business code. */
  | { code: number }
  /**
   * Resets the connection: `before-body` as soon as the request arrives, `mid-body` once half
   * the request body has arrived (the upload certainly was not accepted), `before-answer` after
   * forwarding the whole request and getting the target's answer, which is dropped (the upload
   * may well have been accepted: the lost-answer case).
   */
  | { reset: 'before-body' | 'mid-body' | 'before-answer' }
  /** Waits, then forwards. */
  | { delayMs: number }
  /** Reads the request and never answers. */
  | { hang: true };

export interface FaultRule {
  /** Path under the base URL ("add/message", "get/status", ...) or "*" for any. */
  endpoint: string;
  /** How many matching requests get the fault; default 1. */
  times?: number;
  fault: Fault;
}

export interface FaultProxy {
  /** The target's base URL with the proxy's host and port. */
  baseUrl: string;
  /** Queues a rule; rules apply in the order they were injected, each to its next `times` matching requests. */
  inject: (rule: FaultRule) => void;
  /** Requests seen for an endpoint ("*" or nothing for all), faulted or not. */
  count: (endpoint?: string) => number;
  /** Rules not yet used up. */
  pending: () => number;
  close: () => Promise<void>;
}

const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'upgrade', 'host', 'te', 'trailer']);

function forwardableHeaders(headers: IncomingMessage['headers']): Record<string, string | string[]> {
  const result: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(headers)) if (value !== undefined && !HOP_BY_HOP.has(name)) result[name] = value;
  return result;
}

function sendJson(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  response.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), ...headers });
  response.end(text);
}

/** Reads and discards the request body, so the client finishes sending and then sees the answer. */
async function drain(request: IncomingMessage): Promise<void> {
  for await (const _chunk of request);
}

function resetOnHalfBody(request: IncomingMessage): void {
  const declared = Number(request.headers['content-length'] ?? 0);
  const half = Math.max(1, Math.floor(declared / 2));
  let received = 0;
  const reset = (): void => {
    if (!request.socket.destroyed) request.socket.resetAndDestroy();
  };
  request.on('data', (chunk: Buffer) => {
    received += chunk.length;
    if (received >= half) reset();
  });
  request.on('end', reset);
}

export async function startFaultProxy(targetBaseUrl: string): Promise<FaultProxy> {
  const target = new URL(targetBaseUrl);
  const prefix = target.pathname.replace(/\/+$/, '');
  const rules: Array<{ endpoint: string; remaining: number; fault: Fault }> = [];
  const counts = new Map<string, number>();
  const sockets = new Set<Socket>();
  const timers = new Set<NodeJS.Timeout>();
  const upstreamAgent = new Agent({ keepAlive: true });

  const endpointOf = (url: string): string => {
    const path = new URL(url, 'http://proxy').pathname;
    return (path.startsWith(`${prefix}/`) ? path.slice(prefix.length + 1) : path.replace(/^\//, '')).replace(/\/+$/, '');
  };

  const takeFault = (endpoint: string): Fault | undefined => {
    const rule = rules.find((candidate) => candidate.remaining > 0 && (candidate.endpoint === '*' || candidate.endpoint === endpoint));
    if (!rule) return undefined;
    rule.remaining--;
    if (rule.remaining === 0) rules.splice(rules.indexOf(rule), 1);
    return rule.fault;
  };

  const wait = (ms: number): Promise<void> =>
    new Promise((resolve) => {
      const timer = setTimeout(() => {
        timers.delete(timer);
        resolve();
      }, ms);
      timers.add(timer);
    });

  /** Streams the request to the target and hands its answer to `onAnswer`. */
  const forward = (request: IncomingMessage, onAnswer: (answer: IncomingMessage) => void, onFailure: (error: Error) => void): void => {
    const upstream = httpRequest(
      { host: target.hostname, port: target.port, method: request.method, path: request.url, headers: { ...forwardableHeaders(request.headers), host: target.host }, agent: upstreamAgent },
      onAnswer,
    );
    upstream.on('error', onFailure);
    pipeline(request, upstream).catch(onFailure);
  };

  const passThrough = (request: IncomingMessage, response: ServerResponse): void => {
    forward(
      request,
      (answer) => {
        response.writeHead(answer.statusCode ?? 502, forwardableHeaders(answer.headers));
        pipeline(answer, response).catch(() => response.destroy());
      },
      (error) => {
        if (response.headersSent) response.destroy();
        else sendJson(response, 502, { code: 50000, message: `fault proxy could not reach the target: ${error.message}`, data: null });
      },
    );
  };

  const applyFault = async (fault: Fault, request: IncomingMessage, response: ServerResponse): Promise<void> => {
    if ('reset' in fault) {
      if (fault.reset === 'before-body') request.socket.resetAndDestroy();
      else if (fault.reset === 'mid-body') resetOnHalfBody(request);
      else
        forward(
          request,
          (answer) => {
            answer.resume();
            answer.on('end', () => request.socket.resetAndDestroy());
          },
          () => request.socket.resetAndDestroy(),
        );
      return;
    }
    if ('delayMs' in fault) {
      await wait(fault.delayMs);
      passThrough(request, response);
      return;
    }
    await drain(request);
    if ('hang' in fault) return;
    if ('code' in fault) {
      sendJson(response, 200, { code: fault.code, message: `injected by the fault proxy (code ${fault.code})`, data: null });
      return;
    }
    if (fault.http === 429) {
      const headers: Record<string, string> = fault.retryAfterSeconds === undefined ? {} : { 'retry-after': String(fault.retryAfterSeconds) };
      sendJson(response, 429, { code: 40300, message: 'injected by the fault proxy: too many requests', data: null }, headers);
      return;
    }
    // Gateways answer 5xx with a page, not an envelope.
    response.writeHead(fault.http, { 'content-type': 'text/plain' });
    response.end(fault.http === 503 ? 'Service Unavailable' : 'Internal Server Error');
  };

  const server = createServer((request, response) => {
    const endpoint = endpointOf(request.url ?? '/');
    counts.set(endpoint, (counts.get(endpoint) ?? 0) + 1);
    const fault = takeFault(endpoint);
    if (!fault) {
      passThrough(request, response);
      return;
    }
    applyFault(fault, request, response).catch(() => request.socket.destroy());
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('fault proxy has no TCP address');

  return {
    baseUrl: `http://127.0.0.1:${address.port}${prefix}`,
    inject: (rule) => {
      const times = rule.times ?? 1;
      if (!Number.isInteger(times) || times < 1) throw new RangeError(`times must be a positive integer, got ${times}`);
      rules.push({ endpoint: rule.endpoint, remaining: times, fault: rule.fault });
    },
    count: (endpoint = '*') => (endpoint === '*' ? [...counts.values()].reduce((sum, value) => sum + value, 0) : (counts.get(endpoint) ?? 0)),
    pending: () => rules.length,
    close: async () => {
      for (const timer of timers) clearTimeout(timer);
      for (const socket of sockets) socket.destroy();
      upstreamAgent.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
