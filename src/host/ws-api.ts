import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocket, WebSocketServer } from 'ws';
import type { RawData } from 'ws';
import type { AppEvent, WsMessage } from '../shared/app-api.ts';
import { WsRequest } from '../shared/app-api.ts';
import type { AppServiceApi } from '../service/ports.ts';
import { tokenMatches } from './host-access.ts';

/** Close codes the window can tell apart. */
export const CLOSE_BAD_TOKEN = 4401;
const CLOSE_POLICY = 1008;
const CLOSE_UNSUPPORTED = 1003;
const CLOSE_TRY_AGAIN = 1013;

const MAX_MESSAGE_BYTES = 1024 * 1024;
/** A window that reads events slower than the engine makes them is dropped; it reconnects and takes a fresh snapshot. */
const MAX_BUFFERED_BYTES = 16 * 1024 * 1024;

export interface WsApi {
  /** Takes over an upgrade request whose Host and Origin were already checked. */
  handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer, token: string | null): void;
  close(): Promise<void>;
}

function send(socket: WebSocket, message: WsMessage): void {
  if (socket.readyState !== WebSocket.OPEN) return;
  if (socket.bufferedAmount > MAX_BUFFERED_BYTES) {
    socket.close(CLOSE_TRY_AGAIN, 'falling behind; reconnect');
    return;
  }
  socket.send(JSON.stringify(message));
}

/** The app API over a WebSocket: requests in, answers and every event out, all in the shapes of app-api.ts. */
export function createWsApi(service: AppServiceApi, hostToken: string): WsApi {
  const server = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES });
  const stopEvents = service.onEvent((event: AppEvent) => {
    for (const client of server.clients) send(client, { event });
  });

  const onMessage = (socket: WebSocket, data: RawData, isBinary: boolean): void => {
    if (isBinary) {
      socket.close(CLOSE_UNSUPPORTED, 'text messages only');
      return;
    }
    let request: WsRequest;
    try {
      request = WsRequest.parse(JSON.parse(data.toString()));
    } catch {
      // Our window always sends a well-formed request; anything else is not our window.
      socket.close(CLOSE_POLICY, 'not an app API request');
      return;
    }
    void service.call(request.method, request.params).then((outcome) => send(socket, { id: request.id, ...outcome }));
  };

  return {
    handleUpgrade(request, socket, head, token) {
      server.handleUpgrade(request, socket, head, (client) => {
        // A malformed frame (bad UTF-8, over the size limit) is an 'error' ws answers by closing with its code; unheard, it would end the process.
        client.on('error', () => undefined);
        if (!tokenMatches(token, hostToken)) {
          client.close(CLOSE_BAD_TOKEN, token ? 'wrong token' : 'token required');
          return;
        }
        server.emit('connection', client, request);
        client.on('message', (data, isBinary) => onMessage(client, data, isBinary));
      });
    },
    async close() {
      stopEvents();
      for (const client of server.clients) client.terminate();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
