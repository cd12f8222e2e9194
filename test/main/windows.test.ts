import type { WebContents } from 'electron';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { rendererLocation } from '../../src/main/renderer-location.ts';
import { AppWindows } from '../../src/main/windows.ts';
import { IPC_EVENT } from '../../src/shared/app-api.ts';
import { BrowserWindow, resetElectron, screen, shell } from './fake-electron.ts';

vi.mock('electron', () => import('./fake-electron.ts'));

const PRELOAD = '/opt/memos-sync/out/preload/index.cjs';
const APP_PAGE = 'file:///opt/memos-sync/out/renderer/index.html';

let windows: AppWindows;

/** Both of the app's windows, created as the app creates them. */
function openBoth(): { main: BrowserWindow; search: BrowserWindow } {
  windows.createMain(true);
  windows.toggleSearch();
  const [main, search] = BrowserWindow.instances;
  if (!main || !search) throw new Error('expected the main and the search window');
  return { main, search };
}

beforeEach(() => {
  resetElectron();
  windows = new AppWindows({ preload: PRELOAD, location: rendererLocation('/opt/memos-sync/out', undefined, true) });
});

describe.each(['main', 'search'] as const)('the %s window', (which) => {
  it('runs its page sandboxed, isolated, without Node and without webviews', () => {
    const window = openBoth()[which];
    expect(window.options.webPreferences).toMatchObject({
      preload: PRELOAD,
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      nodeIntegrationInSubFrames: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
    });
    expect(window.webContents.mainFrame.url.startsWith(APP_PAGE)).toBe(true);
  });

  it('cannot navigate, be redirected or embed a webview', () => {
    const { webContents } = openBoth()[which];
    expect(webContents.tryNavigation('will-navigate', 'https://evil.example/')).toBe(false);
    expect(webContents.tryNavigation('will-navigate', `${APP_PAGE}#elsewhere`)).toBe(false);
    expect(webContents.tryNavigation('will-redirect', 'file:///etc/passwd')).toBe(false);
    expect(webContents.tryAttachWebview()).toBe(false);
  });

  it('opens no window: an https link goes to the browser, anything else nowhere', () => {
    const { webContents } = openBoth()[which];
    for (const url of ['https://memos-docs.openmem.net/', 'http://example.com/', 'file:///etc/passwd', 'javascript:alert(1)', 'memos-sync://x']) {
      expect(webContents.windowOpen(url), url).toBe('deny');
    }
    expect(shell.openedExternally).toEqual(['https://memos-docs.openmem.net/']);
  });

  it('hides instead of closing until the app allows closing', () => {
    const window = openBoth()[which];
    window.close();
    expect(window.isDestroyed()).toBe(false);
    expect(window.isVisible()).toBe(false);

    windows.allowClose();
    window.close();
    expect(window.isDestroyed()).toBe(true);
  });
});

describe('the main window', () => {
  it('shows once its page is ready, unless started hidden', () => {
    const shown = windows.createMain(true) as unknown as BrowserWindow;
    expect(shown.isVisible()).toBe(false);
    shown.finishLoading();
    expect(shown.isVisible()).toBe(true);

    resetElectron();
    const hidden = windows.createMain(false) as unknown as BrowserWindow;
    hidden.finishLoading();
    expect(hidden.isVisible()).toBe(false);
  });

  it('comes back from the tray restored and focused, and asks its page for a view once the page has loaded', () => {
    const window = windows.createMain(false) as unknown as BrowserWindow;
    window.minimize();
    windows.showMain('activity');
    expect(window.isVisible()).toBe(true);
    expect(window.isMinimized()).toBe(false);
    expect(window.isFocused()).toBe(true);
    expect(window.webContents.sent).toEqual([]);

    window.finishLoading();
    expect(window.webContents.sent).toEqual([{ channel: IPC_EVENT, payload: { type: 'navigate', view: 'activity' } }]);
    windows.showMain('folders');
    expect(window.webContents.sent.at(-1)).toEqual({ channel: IPC_EVENT, payload: { type: 'navigate', view: 'folders' } });
  });

  it('is created again when it was really closed', () => {
    windows.createMain(true);
    windows.allowClose();
    BrowserWindow.instances[0]?.close();
    expect(windows.mainWindow).toBeUndefined();

    windows.showMain();
    expect(BrowserWindow.alive()).toHaveLength(1);
    expect(windows.mainWindow).toBe(BrowserWindow.instances[1]);
  });
});

describe('the search window', () => {
  it('opens frameless and on top, centred on the display under the cursor, and toggles', () => {
    screen.workArea = { x: 1920, y: 0, width: 2560, height: 1440 };
    windows.toggleSearch();
    const [search] = BrowserWindow.alive();
    expect(search?.options).toMatchObject({ frame: false, alwaysOnTop: true, skipTaskbar: true, show: false });
    expect(search?.webContents.mainFrame.url).toBe(`${APP_PAGE}#view=search&compact=1`);
    expect(search?.bounds).toEqual({ x: 1920 + (2560 - 640) / 2, y: 1440 / 5, width: 640, height: 440 });
    expect(search?.isVisible()).toBe(true);

    windows.toggleSearch();
    expect(search?.isVisible()).toBe(false);
    windows.toggleSearch();
    expect(BrowserWindow.instances).toHaveLength(1);
    expect(search?.isVisible()).toBe(true);
  });

  it('hides when it loses the focus', () => {
    windows.toggleSearch();
    const [search] = BrowserWindow.alive();
    search?.blur();
    expect(search?.isVisible()).toBe(false);
  });
});

describe('which contents are ours', () => {
  it('owns the contents of its live windows only, and tells events to each of them', () => {
    const { main, search } = openBoth();
    const stranger = new BrowserWindow({});
    expect(windows.owns(main.webContents as unknown as WebContents)).toBe(true);
    expect(windows.owns(search.webContents as unknown as WebContents)).toBe(true);
    expect(windows.owns(stranger.webContents as unknown as WebContents)).toBe(false);

    windows.broadcast({ type: 'engine', state: 'offline' });
    for (const window of [main, search]) expect(window.webContents.sent).toEqual([{ channel: IPC_EVENT, payload: { type: 'engine', state: 'offline' } }]);
    expect(stranger.webContents.sent).toEqual([]);

    windows.allowClose();
    search.close();
    expect(windows.owns(search.webContents as unknown as WebContents)).toBe(false);
  });
});
