import { homedir } from 'node:os';
import { join } from 'node:path';

/** The platform's per-user application data folder of MemOS Sync. */
export function appDataRoot(platform = process.platform, env = process.env): string {
  if (platform === 'win32') return join(env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), 'MemOS Sync');
  if (platform === 'darwin') return join(homedir(), 'Library', 'Application Support', 'MemOS Sync');
  return join(env.XDG_DATA_HOME ?? join(homedir(), '.local', 'share'), 'memos-sync');
}

/** Where the built-in server keeps its data by default. */
export function defaultDataDir(platform = process.platform, env = process.env): string {
  return join(appDataRoot(platform, env), 'server');
}
