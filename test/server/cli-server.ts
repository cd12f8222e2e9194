import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';

const cli = join(import.meta.dirname, '../../src/cli/index.ts');

export interface ServerProcess {
  child: ChildProcess;
  baseUrl: string;
  token: string;
  output: () => string;
  exited: Promise<number | null>;
}

/** Starts `memos-sync server` as its own process and waits for it to print where it listens. */
export function spawnServer(args: string[]): Promise<ServerProcess> {
  const child = spawn(process.execPath, [cli, 'server', '--port', '0', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${output}`)), 20_000);
    const onData = (chunk: Buffer): void => {
      output += chunk.toString();
      const baseUrl = /base URL: (\S+)/.exec(output)?.[1];
      const token = /token: (\S+)/.exec(output)?.[1];
      if (!baseUrl || !token) return;
      clearTimeout(timer);
      resolve({ child, baseUrl, token, output: () => output, exited });
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    void exited.then((code) => reject(new Error(`server exited with ${code}:\n${output}`)));
  });
}
