import type { ServerResponse } from 'node:http';

export function sendEnvelope(response: ServerResponse, httpStatus: number, code: number, message: string, data: unknown): void {
  const body = JSON.stringify({ code, message, data });
  response.writeHead(httpStatus, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(body),
    'cache-control': 'no-store',
  });
  response.end(body);
}

export function sendOk(response: ServerResponse, data: unknown): void {
  sendEnvelope(response, 200, 0, 'ok', data);
}
