/**
 * Entry of the built-in server's utilityProcess: starts the server on loopback and reports
 * where it listens to the main process; stops cleanly when told to. Parsers and OCR run here
 * (and in the server's worker threads), so a crash restarts this process, not the app.
 */
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import type { startMemosServer } from '../server/server.ts';
import type { loadOrCreateToken } from '../server/token.ts';
import { ServerCommand, type ServerReport } from './server-messages.ts';

type ServerModule = { startMemosServer: typeof startMemosServer };
type TokenModule = { loadOrCreateToken: typeof loadOrCreateToken };

const { values } = parseArgs({ options: { data: { type: 'string' }, port: { type: 'string', default: '0' } } });
const report = (message: ServerReport): void => process.parentPort.postMessage(message);

// The server is loaded from the Node build (out/node), as the CLI runs it: its parser workers
// are separate files beside it there, which a bundle of this entry would not have.
const built = (file: string): string => pathToFileURL(join(import.meta.dirname, '../node/server', file)).href;

try {
  if (!values.data) throw new Error('--data is required');
  const { startMemosServer } = (await import(/* @vite-ignore */ built('server.js'))) as ServerModule;
  const { loadOrCreateToken } = (await import(/* @vite-ignore */ built('token.js'))) as TokenModule;
  const token = loadOrCreateToken(values.data);
  const server = await startMemosServer({
    host: '127.0.0.1',
    port: Number(values.port),
    dataDir: values.data,
    token,
    log: (line) => process.stdout.write(`${line}\n`),
  });
  process.parentPort.on('message', ({ data }) => {
    if (!ServerCommand.safeParse(data).success) return;
    void server.close().finally(() => process.exit(0));
  });
  report({ type: 'ready', baseUrl: server.baseUrl, token });
} catch (error) {
  report({ type: 'failed', message: (error as Error).message });
  process.exit(1);
}
