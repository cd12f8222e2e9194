import { createHash } from 'node:crypto';
import { userInfo } from 'node:os';
import { join } from 'node:path';
import { MemosProfile, resolveBaseUrl } from '../memos/profile.ts';
import { runningInstance } from '../server/instance-file.ts';
import { loadOrCreateToken } from '../server/token.ts';
import { type ServerProcess, spawnServer } from './spawn-server.ts';

export const TARGET_HELP = 'local (the built-in server, default), cloud-cn, cloud-intl, or a MemOS base URL';

export interface TargetOptions {
  target: string;
  userId?: string;
  /** The app's data folder: the built-in server's data and the ledgers live under it. */
  dataRoot: string;
}

export interface ConnectedTarget {
  profile: MemosProfile;
  /** The ledger for this target and user: what is "already in memory" depends on both. */
  ledgerFile: string;
  describe: string;
  /** Stops the built-in server if this command started it. */
  release: () => Promise<void>;
}

export function defaultUserId(): string {
  const name = (() => {
    try {
      return userInfo().username;
    } catch {
      return '';
    }
  })();
  return (name || 'memos-sync').slice(0, 100);
}

/** The ledger for a target and user: what is "already in memory" depends on both. */
export function ledgerFileFor(dataRoot: string, target: string, userId = defaultUserId()): string {
  const key = target === 'local' ? 'local' : resolveBaseUrl(target);
  const id = createHash('sha256').update(`${key}\n${userId}`).digest('hex').slice(0, 16);
  return join(dataRoot, `ledger-${id}.sqlite`);
}

/**
 * Resolves `--target` to a profile. The built-in server is used where one already runs on the
 * data folder, and started otherwise; cloud targets take the key from MEMOS_API_KEY.
 */
export async function connectTarget(options: TargetOptions, env = process.env): Promise<ConnectedTarget> {
  const userId = options.userId ?? defaultUserId();
  if (userId.length > 100) throw new Error('--user-id must be at most 100 characters');
  if (options.target === 'local') {
    const serverDir = join(options.dataRoot, 'server');
    const running = runningInstance(serverDir);
    const started = running ? undefined : await spawnServer(['--data', serverDir]);
    const baseUrl = running?.baseUrl ?? (started as ServerProcess).baseUrl;
    const token = started?.token ?? loadOrCreateToken(serverDir);
    return {
      profile: new MemosProfile({ baseUrl, apiKey: token, userId }),
      ledgerFile: ledgerFileFor(options.dataRoot, 'local', userId),
      describe: `the built-in server at ${baseUrl}`,
      release: async () => {
        if (!started) return;
        started.child.kill('SIGTERM');
        await started.exited;
      },
    };
  }
  const apiKey = env.MEMOS_API_KEY?.trim();
  if (!apiKey) throw new Error(`--target ${options.target} needs an API key: set the environment variable MEMOS_API_KEY`);
  const profile = new MemosProfile({ baseUrl: options.target, apiKey, userId });
  return { profile, ledgerFile: ledgerFileFor(options.dataRoot, options.target, userId), describe: profile.baseUrl, release: async () => undefined };
}
