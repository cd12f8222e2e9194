import { once } from 'node:events';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import type { AppServiceApi, Logger } from '../service/ports.ts';
import { handleDrop } from './drop-routes.ts';
import { hostChecker, hostPort, isLoopback, newToken, sameOrigin, tokenMatches } from './host-access.ts';
import { contentSecurityPolicy, securityHeaders, serveStatic } from './static-files.ts';
import { createWsApi } from './ws-api.ts';

export interface WebHostOptions {
  service: AppServiceApi;
  /** Default 127.0.0.1; anything but loopback exposes the app to the network, and is warned about. */
  host?: string;
  /** 0 picks a free port. */
  port: number;
  /** The built renderer (`npm run build` puts it in out/renderer). */
  rendererDir: string;
  /** Where dropped files are kept until they are uploaded: `<dataRoot>/dropped/<batch>/…`. */
  dataRoot: string;
  /** Default: 32 random bytes, base64url. */
  token?: string;
  log?: Logger;
}

export interface WebHost {
  /** Open this: the token rides in the fragment, which the browser never sends to any server. */
  url: string;
  origin: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

function refuse(response: ServerResponse, status: number, code: string, message: string): void {
  response.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8' }).end(JSON.stringify({ error: { code, message } }));
}

/**
 * The app in a browser: the built renderer over HTTP and the app API over a WebSocket at
 * `/api/ws?token=…`, with the drop endpoints beside it. Every API request needs the token and
 * must come from a page of this host.
 */
export async function startWebHost(options: WebHostOptions): Promise<WebHost> {
  const host = options.host ?? '127.0.0.1';
  const token = options.token ?? newToken();
  const log = options.log ?? console;
  const rendererDir = resolve(options.rendererDir);
  const headers = securityHeaders(await contentSecurityPolicy(rendererDir));
  const droppedRoot = join(resolve(options.dataRoot), 'dropped');
  const api = createWsApi(options.service, token);
  let hosts: (hostHeader: string) => boolean = () => false;

  const handle = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    for (const [name, value] of Object.entries(headers)) response.setHeader(name, value);
    const url = new URL(request.url ?? '/', 'http://host.invalid');
    if (!url.pathname.startsWith('/api/')) {
      await serveStatic(request, response, rendererDir, url.pathname);
      return;
    }
    if (url.pathname !== '/api/drop' && url.pathname !== '/api/drop/finish') return refuse(response, 404, 'not_found', 'no such API');
    if (!sameOrigin(request, hosts, false)) return refuse(response, 403, 'forbidden', 'requests must come from this app’s own page');
    if (!tokenMatches(url.searchParams.get('token'), token)) return refuse(response, 401, 'forbidden', 'a valid token is required');
    await handleDrop(request, response, url.pathname, url.searchParams, options.service, droppedRoot);
  };

  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      log.error(`web host: ${(error as Error).message}`);
      if (!response.headersSent) refuse(response, 500, 'internal', 'the web host failed');
      else response.destroy();
    });
  });
  server.on('upgrade', (request, socket, head) => {
    const url = new URL(request.url ?? '/', 'http://host.invalid');
    // Browsers always send Origin on a WebSocket; without it or from another site, the upgrade is refused (cross-site WebSocket hijacking).
    if (url.pathname !== '/api/ws' || !sameOrigin(request, hosts, true)) {
      socket.end(`HTTP/1.1 ${url.pathname === '/api/ws' ? '403 Forbidden' : '404 Not Found'}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
      return;
    }
    api.handleUpgrade(request, socket, head, url.searchParams.get('token'));
  });

  server.listen(options.port, host);
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  hosts = hostChecker(host, port);
  if (!isLoopback(host)) log.warn(`web host: listening on ${host}, not only on this computer: anyone who can reach it and has the token controls the app`);
  const origin = `http://${hostPort(host, port)}`;
  return {
    url: `${origin}/#token=${token}`,
    origin,
    port,
    token,
    async close() {
      await api.close();
      server.closeAllConnections();
      await new Promise<void>((done) => server.close(() => done()));
    },
  };
}
