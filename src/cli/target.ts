import { headlessServerLauncher } from '../host/headless-server.ts';
import { API_KEY_VARIABLE } from '../host/headless-settings.ts';
import { MemosProfile } from '../memos/profile.ts';
import { defaultUserId, ledgerFileFor } from '../service/ledger-file.ts';
import type { StoredSettings } from '../service/ports.ts';
import { TargetKind } from '../shared/app-api.ts';

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
  const apiKey = requireApiKey(options.target, env);
  const profile = new MemosProfile({ baseUrl: options.target, apiKey, userId });
  return { profile, ledgerFile: ledgerFileFor(options.dataRoot, options.target, userId), describe: profile.baseUrl, release: async () => undefined };
}

/** The API key a cloud or custom target needs, from the environment; a clear error without it. */
export function requireApiKey(target: string, env = process.env): string {
  const apiKey = env[API_KEY_VARIABLE]?.trim();
  if (!apiKey) throw new Error(`--target ${target} needs an API key: set the environment variable ${API_KEY_VARIABLE}`);
  return apiKey;
}

const TargetPreset = TargetKind.exclude(['custom']);

/** `--target` as the app's settings: a preset by its name, anything else a custom base URL. */
export function targetSettings(target: string): Pick<StoredSettings, 'target' | 'customBaseUrl'> {
  const preset = TargetPreset.safeParse(target);
  return preset.success ? { target: preset.data } : { target: 'custom', customBaseUrl: target };
}
