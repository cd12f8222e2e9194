import { headlessServerLauncher } from '../host/headless-server.ts';
import { MemosProfile } from '../memos/profile.ts';
import { defaultUserId, ledgerFileFor } from '../service/ledger-file.ts';

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

/**
 * Resolves `--target` to a profile. The built-in server is used where one already runs on the
 * data folder, and started otherwise; cloud targets take the key from MEMOS_API_KEY.
 */
export async function connectTarget(options: TargetOptions, env = process.env): Promise<ConnectedTarget> {
  const userId = options.userId ?? defaultUserId();
  if (userId.length > 100) throw new Error('--user-id must be at most 100 characters');
  if (options.target === 'local') {
    const server = await headlessServerLauncher(options.dataRoot).start();
    return {
      profile: new MemosProfile({ baseUrl: server.baseUrl, apiKey: server.token, userId }),
      ledgerFile: ledgerFileFor(options.dataRoot, 'local', userId),
      describe: `the built-in server at ${server.baseUrl}`,
      release: server.stop,
    };
  }
  const apiKey = env.MEMOS_API_KEY?.trim();
  if (!apiKey) throw new Error(`--target ${options.target} needs an API key: set the environment variable MEMOS_API_KEY`);
  const profile = new MemosProfile({ baseUrl: options.target, apiKey, userId });
  return { profile, ledgerFile: ledgerFileFor(options.dataRoot, options.target, userId), describe: profile.baseUrl, release: async () => undefined };
}
