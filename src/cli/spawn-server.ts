import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

// Run from source (.ts) or from the build (.js): the CLI entry sits beside this file either way.
const cliEntry = fileURLToPath(new URL(import.meta.url.endsWith('.ts') ? './index.ts' : './index.js', import.meta.url));

export interface ServerProcess {
  child: ChildProcess;
  baseUrl: string;
  token: string;
  /** Everything the server printed so far. */
  output: () => string;
  exited: Promise<number | null>;
}

/**
 * Starts `memos-sync server` as its own process (a parser crash then never takes the caller
 * down) and resolves once it prints where it listens.
 */
export function spawnServer(args: readonly string[], startTimeoutMs = 30_000): Promise<ServerProcess> {
  const child = spawn(process.execPath, [cliEntry, 'server', '--port', '0', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`the built-in server did not start within ${startTimeoutMs / 1000} s:\n${output}`));
    }, startTimeoutMs);
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const baseUrl = /base URL: (\S+)/.exec(output)?.[1];
      const token = /token: (\S+)/.exec(output)?.[1];
      if (!baseUrl || !token) return;
      clearTimeout(timer);
      resolve({ child, baseUrl, token, output: () => output, exited });
    });
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`the built-in server exited with code ${code}:\n${output}`));
    });
  });
}
