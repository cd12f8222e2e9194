/**
 * Start at login, off until the person turns it on. macOS and Windows keep login items
 * themselves; Linux desktops read an autostart entry (XDG), which Electron does not write.
 * Either way the app is started with --hidden, so it starts in the tray.
 */
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { app } from 'electron';

export const HIDDEN_ARG = '--hidden';

/** Whether this launch came from the login item: it then stays in the tray, no window. */
export function launchedHidden(argv: readonly string[]): boolean {
  return argv.includes(HIDDEN_ARG) || (process.platform === 'darwin' && app.getLoginItemSettings().wasOpenedAtLogin);
}

/**
 * A path as one argument of a desktop entry's Exec key: quoted, with " ` $ \ escaped by a
 * backslash, then every backslash doubled (the key file unescapes values first), and % doubled
 * (it starts field codes).
 */
function execArgument(path: string): string {
  return `"${path.replace(/["`$\\]/g, '\\$&')}"`.replaceAll('\\', '\\\\').replaceAll('%', '%%');
}

function autostartFile(env: NodeJS.ProcessEnv): string {
  return join(env.XDG_CONFIG_HOME || join(homedir(), '.config'), 'autostart', 'memos-sync.desktop');
}

export async function setStartAtLogin(on: boolean, env: NodeJS.ProcessEnv = process.env): Promise<void> {
  if (process.platform !== 'linux') {
    app.setLoginItemSettings({ openAtLogin: on, args: [HIDDEN_ARG] });
    return;
  }
  const file = autostartFile(env);
  if (!on) return rm(file, { force: true });
  // An AppImage runs from a temporary mount: the entry must start the AppImage file itself.
  const executable = env.APPIMAGE || process.execPath;
  const entry = ['[Desktop Entry]', 'Type=Application', 'Name=MemOS Sync', `Exec=${execArgument(executable)} ${HIDDEN_ARG}`, 'X-GNOME-Autostart-enabled=true', ''];
  await mkdir(join(file, '..'), { recursive: true });
  await writeFile(file, entry.join('\n'));
}
