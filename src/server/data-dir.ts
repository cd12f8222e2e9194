import { homedir } from 'node:os';
import { join } from 'node:path';

/** The platform's per-user application data folder for the built-in server. */
export function defaultDataDir(platform = process.platform, env = process.env): string {
  if (platform === 'win32') return join(env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), 'MemOS Sync', 'server');
  if (platform === 'darwin') return join(homedir(), 'Library', 'Application Support', 'MemOS Sync', 'server');
  return join(env.XDG_DATA_HOME ?? join(homedir(), '.local', 'share'), 'memos-sync', 'server');
}
