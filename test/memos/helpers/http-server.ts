import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface TestServer {
  /** Base URL shaped like the cloud's, on 127.0.0.1. */
  baseUrl: string;
  /** Requests received so far, counted as they arrive. */
  readonly requests: number;
  close: () => Promise<void>;
}

export type Handler = (request: IncomingMessage, response: ServerResponse, index: number) => void | Promise<void>;

export const API_PATH = '/api/openmem/v1';

/** A real HTTP server on loopback; `handler` gets each request with its 0-based number. */
export async function startServer(handler: Handler): Promise<TestServer> {
  let count = 0;
  const server = createServer((request, response) => {
    const index = count++;
    void Promise.resolve(handler(request, response, index)).catch((error: unknown) => {
      response.destroy(error instanceof Error ? error : new Error(String(error)));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}${API_PATH}`,
    get requests() {
      return count;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export async function readBody(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

export function sendJson(response: ServerResponse, payload: unknown, status = 200, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(payload);
  response.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), ...headers });
  response.end(text);
}

export const ok = (data: unknown): object => ({ code: 0, message: 'ok', data });
export const failure = (code: number, message = 'failed'): object => ({ code, message, data: null });
export const accepted = (taskId = 'task-1'): object => ok({ success: true, task_id: taskId, status: 'running' });
