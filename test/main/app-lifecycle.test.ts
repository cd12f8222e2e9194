import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { runApp } from '../../src/main/app-lifecycle.ts';
import { waitFor } from '../engine/engine-env.ts';
import { TOKEN, type TestServer, startTestServer } from '../server/test-server.ts';
import { BrowserWindow, type FakeUtilityProcess, Tray, app, dialog, globalShortcut, resetElectron, utilityProcess } from './fake-electron.ts';

vi.mock('electron', () => import('./fake-electron.ts'));

let root: string;
let server: TestServer;
/** Whether the server process stops as soon as it is told to; a test may hold it. */
let stopsWhenTold: boolean;

/** Plays server-process.ts over the real built-in server running in this process. */
function playServer(child: FakeUtilityProcess): void {
  child.onParentMessage = (message) => {
    if ((message as { type?: string }).type === 'stop' && stopsWhenTold) queueMicrotask(() => child.exit(0));
  };
  child.report({ type: 'ready', baseUrl: server.server.baseUrl, token: TOKEN });
}

/** Starts the app as Electron would, and waits until its engine has opened on the built-in server. */
async function launch(...args: string[]): Promise<void> {
  runApp(['/usr/bin/memos-sync', ...args]);
  app.becomeReady();
  await waitFor(() => pageWasTold({ type: 'folders' }), 'the engine to announce its folders');
}

const mainWindow = (): BrowserWindow | undefined => BrowserWindow.instances[0];

/** Whether the main window's page was sent an app event with these fields. */
const pageWasTold = (fields: Record<string, string>): boolean =>
  (mainWindow()?.webContents.appEvents() ?? []).some((event) => Object.entries(fields).every(([key, value]) => (event as Record<string, unknown>)[key] === value));
const tray = (): Tray => Tray.instances[0] as Tray;

beforeEach(async () => {
  resetElectron();
  root = await mkdtemp(join(tmpdir(), 'memos-app-'));
  app.userData = join(root, 'user-data');
  server = await startTestServer(join(root, 'server'));
  stopsWhenTold = true;
  utilityProcess.onFork = playServer;
});

afterEach(async () => {
  stopsWhenTold = true;
  app.quit();
  await waitFor(() => app.hasQuit, 'the app to quit');
  await server.stop();
  await rm(root, { recursive: true, force: true });
});

describe('a launch while the app already runs', () => {
  it('quits at once, without windows, tray or server', async () => {
    app.singleInstanceLock = false;
    runApp(['/usr/bin/memos-sync']);
    app.becomeReady();
    await new Promise((resolve) => setImmediate(resolve));
    expect(app.hasQuit).toBe(true);
    expect(BrowserWindow.instances).toEqual([]);
    expect(Tray.instances).toEqual([]);
    expect(utilityProcess.forked).toEqual([]);
  });

  it('is answered by the running app bringing its window up', async () => {
    await launch();
    const window = mainWindow() as BrowserWindow;
    window.close();
    expect(window.isVisible()).toBe(false);

    app.secondInstance(['/usr/bin/memos-sync']);
    expect(window.isVisible()).toBe(true);
    expect(window.isFocused()).toBe(true);
    expect(BrowserWindow.instances).toHaveLength(1);
  });
});

describe('starting', () => {
  it('sandboxes every page, shows the window, puts the icon in the tray and the search shortcut in place', async () => {
    await launch();
    expect(app.sandboxed).toBe(true);
    const window = mainWindow() as BrowserWindow;
    expect(window.options.webPreferences?.sandbox).toBe(true);
    window.finishLoading();
    expect(window.isVisible()).toBe(true);
    expect(tray().toolTip).toBe('MemOS Sync: Up to date');
    expect(utilityProcess.forked).toHaveLength(1);

    globalShortcut.press('CommandOrControl+Shift+K');
    expect(BrowserWindow.alive()).toHaveLength(2);
    expect(BrowserWindow.instances[1]?.isVisible()).toBe(true);
  });

  it('at login stays in the tray until asked for', async () => {
    await launch('--hidden');
    const window = mainWindow() as BrowserWindow;
    window.finishLoading();
    expect(window.isVisible()).toBe(false);

    tray().click();
    expect(window.isVisible()).toBe(true);
  });
});

describe('running in the tray', () => {
  it('does not quit when every window has closed', async () => {
    await launch();
    const quitting = vi.fn();
    app.on('before-quit', quitting);
    app.allWindowsClosed();
    expect(quitting).not.toHaveBeenCalled();
    expect(tray().destroyed).toBe(false);
  });

  it('tells the person at once when something asked for in the tray fails', async () => {
    await launch();
    mainWindow()?.finishLoading();
    const folder = join(root, 'notes');
    await mkdir(folder);
    dialog.answers.push(folder, folder);
    tray().clickMenuItem('add-folder');
    await waitFor(() => pageWasTold({ type: 'navigate', view: 'folders' }), 'the folders view');
    tray().clickMenuItem('add-folder');
    await waitFor(() => dialog.messageBoxes.length === 1, 'the warning');
    expect(dialog.messageBoxes[0]).toMatchObject({ type: 'warning', message: expect.stringContaining(`${folder} is already synced`) });
  });
});

describe('quitting', () => {
  it('waits for the engine and the built-in server to stop, then closes everything', async () => {
    await launch();
    stopsWhenTold = false;
    const [child] = utilityProcess.forked as [FakeUtilityProcess];
    app.quit();
    await waitFor(() => child.received.length > 0, 'the server to be told to stop');
    expect(child.received).toEqual([{ type: 'stop' }]);
    expect(app.hasQuit).toBe(false);
    expect(mainWindow()?.isDestroyed()).toBe(false);

    child.exit(0);
    await waitFor(() => app.hasQuit, 'the app to quit');
    expect(BrowserWindow.alive()).toEqual([]);
    expect(tray().destroyed).toBe(true);
    expect(globalShortcut.registered.size).toBe(0);
  });
});
