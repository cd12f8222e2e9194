import { parseArgs } from 'node:util';
import { defaultDataDir } from '../server/data-dir.ts';
import { startMemosServer } from '../server/server.ts';
import { loadOrCreateToken } from '../server/token.ts';
import { stopSignal } from './stop-signal.ts';

const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost']);

function parsePort(text: string): number {
  const port = Number(text);
  if (!/^\d+$/.test(text) || port > 65_535) throw new Error(`--port must be a whole number from 0 to 65535, not "${text}"`);
  return port;
}

/** `memos-sync server`: runs the built-in MemOS-compatible server in the foreground until SIGINT or SIGTERM. */
export async function runServerCommand(args: string[]): Promise<number> {
  let options;
  try {
    const { values } = parseArgs({
      args,
      options: {
        host: { type: 'string', default: '127.0.0.1' },
        port: { type: 'string', default: '0' },
        data: { type: 'string' },
        token: { type: 'string' },
      },
      strict: true,
    });
    options = { host: values.host, port: parsePort(values.port), dataDir: values.data ?? defaultDataDir(), token: values.token };
  } catch (error) {
    process.stderr.write(`memos-sync server: ${(error as Error).message}\n`);
    return 2;
  }

  const token = options.token ?? loadOrCreateToken(options.dataDir);
  if (!LOOPBACK.has(options.host)) {
    process.stderr.write(`warning: listening on ${options.host}, reachable from other machines; anyone with the token can read and write memories\n`);
  }
  const server = await startMemosServer({
    host: options.host,
    port: options.port,
    dataDir: options.dataDir,
    token,
    log: (line) => process.stdout.write(`${line}\n`),
  });
  // Listening for the signals before saying where we listen: whoever reads that may stop us at once.
  const stop = stopSignal();
  process.stdout.write(`MemOS-compatible server ready\nbase URL: ${server.baseUrl}\ntoken: ${token}\ndata: ${options.dataDir}\n`);

  const signal = await stop;
  process.stdout.write(`stopping (${signal}): finishing or saving running tasks\n`);
  await server.close();
  process.stdout.write('stopped\n');
  return 0;
}
