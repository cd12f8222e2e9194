import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';

const Instance = z.object({ pid: z.number().int(), baseUrl: z.url() });
export type ServerInstance = z.infer<typeof Instance>;

const fileOf = (dataDir: string): string => join(dataDir, 'server.json');

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The server running on this data folder, if one is. */
export function runningInstance(dataDir: string): ServerInstance | undefined {
  try {
    const instance = Instance.parse(JSON.parse(readFileSync(fileOf(dataDir), 'utf8')));
    return isAlive(instance.pid) ? instance : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Claims a data folder for this process. Two servers on one database would both resume the
 * same tasks, so a second one is refused while the first lives; a stale claim is taken over.
 */
export function claimDataDir(dataDir: string): void {
  const other = runningInstance(dataDir);
  if (other && other.pid !== process.pid) throw new Error(`another MemOS Sync server (pid ${other.pid}, ${other.baseUrl}) is already using ${dataDir}`);
}

export function announceInstance(dataDir: string, baseUrl: string): void {
  writeFileSync(fileOf(dataDir), JSON.stringify({ pid: process.pid, baseUrl } satisfies ServerInstance), { mode: 0o600 });
}

export function releaseDataDir(dataDir: string): void {
  if (runningInstance(dataDir)?.pid === process.pid) rmSync(fileOf(dataDir), { force: true });
}
