import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { launchedHidden, setStartAtLogin } from '../../src/main/login-item.ts';
import { app, resetElectron } from './fake-electron.ts';

vi.mock('electron', () => import('./fake-electron.ts'));

/**
 * An Exec value read as the Desktop Entry Specification says: the key file's escapes first
 * (\\ is one backslash), then arguments split on spaces outside double quotes, where a backslash
 * takes the next character literally, then %% as a literal %.
 */
function execArguments(value: string): string[] {
  const unescaped = value.replaceAll('\\\\', '\\');
  const args: string[] = [];
  let current = '';
  let quoted = false;
  for (let index = 0; index < unescaped.length; index++) {
    const char = unescaped[index] as string;
    if (quoted && char === '\\') current += unescaped[++index] ?? '';
    else if (char === '"') quoted = !quoted;
    else if (char === ' ' && !quoted) {
      args.push(current);
      current = '';
    } else current += char;
  }
  return [...args, current].map((arg) => arg.replaceAll('%%', '%'));
}

let configHome: string;
const autostartEntry = () => join(configHome, 'autostart', 'memos-sync.desktop');

beforeEach(async () => {
  resetElectron();
  configHome = await mkdtemp(join(tmpdir(), 'memos-xdg-'));
});

afterEach(() => rm(configHome, { recursive: true, force: true }));

describe.runIf(process.platform === 'linux')('start at login on Linux', () => {
  it('writes an XDG autostart entry that starts the app hidden in the tray', async () => {
    await setStartAtLogin(true, { XDG_CONFIG_HOME: configHome });
    const entry = (await readFile(autostartEntry(), 'utf8')).split('\n');
    expect(entry[0]).toBe('[Desktop Entry]');
    expect(entry).toContain('Type=Application');
    expect(entry).toContain('Name=MemOS Sync');
    expect(entry).toContain(`Exec="${process.execPath}" --hidden`);
    expect(app.loginItem.openAtLogin).toBe(false);
  });

  it('starts the AppImage file itself, not its temporary mount, whatever its name holds', async () => {
    const appImage = '/home/someone/My "Apps" $HOME `x` \\ 100%/MemOS Sync.AppImage';
    await setStartAtLogin(true, { XDG_CONFIG_HOME: configHome, APPIMAGE: appImage });
    const exec = (await readFile(autostartEntry(), 'utf8')).split('\n').find((line) => line.startsWith('Exec='));
    expect(execArguments(exec?.slice('Exec='.length) ?? '')).toEqual([appImage, '--hidden']);
  });

  it('removes the entry when turned off, and turning off twice is fine', async () => {
    await setStartAtLogin(true, { XDG_CONFIG_HOME: configHome });
    await setStartAtLogin(false, { XDG_CONFIG_HOME: configHome });
    await expect(readFile(autostartEntry())).rejects.toMatchObject({ code: 'ENOENT' });
    await setStartAtLogin(false, { XDG_CONFIG_HOME: configHome });
  });

  it('knows a launch from the entry by its --hidden argument', () => {
    expect(launchedHidden(['/usr/bin/memos-sync', '--hidden'])).toBe(true);
    expect(launchedHidden(['/usr/bin/memos-sync'])).toBe(false);
  });
});

describe('start at login on macOS and Windows', () => {
  const platform = Object.getOwnPropertyDescriptor(process, 'platform') as PropertyDescriptor;
  afterEach(() => Object.defineProperty(process, 'platform', platform));

  it.each(['darwin', 'win32'])('is the system’s login item on %s, started with --hidden', async (system) => {
    Object.defineProperty(process, 'platform', { ...platform, value: system });
    await setStartAtLogin(true, { XDG_CONFIG_HOME: configHome });
    expect(app.loginItem).toEqual({ openAtLogin: true, args: ['--hidden'] });
    await setStartAtLogin(false, { XDG_CONFIG_HOME: configHome });
    expect(app.loginItem.openAtLogin).toBe(false);
    await expect(readFile(autostartEntry())).rejects.toMatchObject({ code: 'ENOENT' });
  });
});
