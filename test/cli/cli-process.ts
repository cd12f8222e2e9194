import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';

export const CLI = join(import.meta.dirname, '../../src/cli/index.ts');

export interface CliOutput {
  stdout: string;
  stderr: string;
}

export interface CliProcess {
  child: ChildProcess;
  /** Everything printed so far. */
  output(): CliOutput;
  /** Resolves once `done` holds for the output; rejects when the command exits first or `timeoutMs` passes. */
  until(done: (output: CliOutput) => boolean, what: string, timeoutMs?: number): Promise<void>;
  /** The exit code (null when a signal ended it). */
  exited: Promise<number | null>;
}

/** Starts `memos-sync` from source as a person would, with `env` added to this environment. */
export function startCli(args: readonly string[], env: NodeJS.ProcessEnv = {}): CliProcess {
  const child = spawn(process.execPath, [CLI, ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
  const output: CliOutput = { stdout: '', stderr: '' };
  const listeners = new Set<() => void>();
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  child.stdout?.on('data', (chunk: Buffer) => {
    output.stdout += chunk.toString();
    for (const listener of listeners) listener();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    output.stderr += chunk.toString();
    for (const listener of listeners) listener();
  });
  return {
    child,
    output: () => ({ ...output }),
    exited,
    until: (done, what, timeoutMs = 25_000) =>
      new Promise<void>((resolve, reject) => {
        const finish = (error?: Error): void => {
          listeners.delete(check);
          clearTimeout(timer);
          if (error) reject(error);
          else resolve();
        };
        const check = (): void => {
          if (done(output)) finish();
        };
        const timer = setTimeout(() => finish(new Error(`timed out after ${timeoutMs} ms waiting for ${what}:\n${output.stdout}\n${output.stderr}`)), timeoutMs);
        void exited.then((code) => finish(new Error(`the command exited with ${code} before ${what}:\n${output.stdout}\n${output.stderr}`)));
        listeners.add(check);
        check();
      }),
  };
}
