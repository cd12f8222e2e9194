/**
 * Loopback sink, run as a child process so its memory is not counted as the client's:
 * discards request bodies, reports the bytes of each to the parent, answers an add/message
 * envelope (or HTTP 400 when the body was shorter or longer than its content-length).
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface SinkReport {
  received: number;
  announced: number;
}

const answer = JSON.stringify({ code: 0, message: 'ok', data: { success: true, task_id: 'bench-task', status: 'running' } });

const server = createServer((request, response) => {
  let received = 0;
  request.on('data', (chunk: Buffer) => {
    received += chunk.length;
  });
  request.on('end', () => {
    const announced = Number(request.headers['content-length']);
    process.send?.({ received, announced } satisfies SinkReport);
    response.writeHead(received === announced ? 200 : 400, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(answer) });
    response.end(answer);
  });
});

server.listen(0, '127.0.0.1', () => {
  process.send?.({ port: (server.address() as AddressInfo).port });
});
process.on('disconnect', () => server.close());
