import { join } from 'node:path';
import type { IpcMainInvokeEvent } from 'electron';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { IPC_DROPPED_PATH } from '../../src/main/ipc-channels.ts';
import { registerIpc, trustedSender } from '../../src/main/ipc.ts';
import { rendererLocation } from '../../src/main/renderer-location.ts';
import { AppWindows } from '../../src/main/windows.ts';
import { IPC_CALL, type Snapshot } from '../../src/shared/app-api.ts';
import { createDesktopService, type DesktopService } from './desktop-service.ts';
import { BrowserWindow, type FakeIpcEvent, type FakeWebContents, ipcEventFrom, ipcMain, resetElectron } from './fake-electron.ts';

vi.mock('electron', () => import('./fake-electron.ts'));

const location = rendererLocation('/opt/memos-sync/out', undefined, true);

let desktop: DesktopService;
let windows: AppWindows;
let main: FakeWebContents;
let warnings: string[];
let unregister: () => void;

beforeAll(async () => {
  desktop = await createDesktopService();
  await desktop.service.start();
});

afterAll(() => desktop.stop());

beforeEach(() => {
  resetElectron();
  warnings = [];
  windows = new AppWindows({ preload: '/opt/memos-sync/out/preload/index.cjs', location });
  main = (windows.createMain(true) as unknown as BrowserWindow).webContents;
  unregister = registerIpc({
    service: desktop.service,
    isTrustedSender: trustedSender(location.isAppPage, (contents) => windows.owns(contents)),
    onDroppedPath: (path) => desktop.paths.remember(path),
    warn: (message) => warnings.push(message),
  });
});

afterEach(() => {
  unregister();
  vi.restoreAllMocks();
});

const call = (event: FakeIpcEvent, request: unknown) => ipcMain.invoke(IPC_CALL, event, request);
const drop = (event: FakeIpcEvent, path: unknown) => ipcMain.emit(IPC_DROPPED_PATH, event, path);

describe('app calls from the app’s own windows', () => {
  it('reach the service and answer with its result', async () => {
    const outcome = (await call(ipcEventFrom(main), { method: 'getSnapshot', params: {} })) as { result: Snapshot };
    expect(outcome.result).toMatchObject({ engineState: 'idle', targetLabel: 'the built-in server', folders: [] });
    expect(outcome.result.settings.target).toBe('local');
  });

  it('pass the validated parameters on, from the main and the search window alike', async () => {
    const reached = vi.spyOn(desktop.service, 'call');
    windows.toggleSearch();
    const search = BrowserWindow.instances[1]?.webContents as FakeWebContents;

    const before = Date.now();
    expect(await call(ipcEventFrom(search), { method: 'pause', params: { minutes: 30 } })).toEqual({ result: null });
    expect(reached).toHaveBeenCalledWith('pause', { minutes: 30 });
    const { result: paused } = (await call(ipcEventFrom(main), { method: 'getSnapshot', params: {} })) as { result: Snapshot };
    expect(paused.pausedUntil).toBeGreaterThanOrEqual(before + 30 * 60_000);

    expect(await call(ipcEventFrom(main), { method: 'resume', params: {} })).toEqual({ result: null });
    const { result: resumed } = (await call(ipcEventFrom(main), { method: 'getSnapshot', params: {} })) as { result: Snapshot };
    expect(resumed.pausedUntil).toBeUndefined();
  });
});

describe('app calls from anyone else', () => {
  const change = { method: 'updateSettings', params: { notifications: true } };

  const strangers: [string, () => FakeIpcEvent][] = [
    ['another window’s page', () => ipcEventFrom(new BrowserWindow({}).webContents)],
    ['a frame inside the app’s page', () => ipcEventFrom(main, { url: location.url, parent: main.mainFrame })],
    ['the app’s window showing another page', () => ipcEventFrom(main, { url: 'https://evil.example/', parent: null })],
    ['a frame that has gone', () => ipcEventFrom(main, null)],
  ];

  it.each(strangers)('are refused as forbidden from %s, and never reach the service', async (_who, event) => {
    const reached = vi.spyOn(desktop.service, 'call');
    const outcome = (await call(event(), change)) as { error: { code: string } };
    expect(outcome.error.code).toBe('forbidden');
    expect(reached).not.toHaveBeenCalled();
    expect(desktop.settings.load().notifications).toBe(false);
    expect(warnings).toHaveLength(1);
  });

  it('are refused from a window of ours that has closed', async () => {
    windows.allowClose();
    BrowserWindow.instances[0]?.close();
    expect(((await call(ipcEventFrom(main), change)) as { error: { code: string } }).error.code).toBe('forbidden');
    expect(desktop.settings.load().notifications).toBe(false);
  });
});

describe('app calls the app does not know', () => {
  const malformed: [string, unknown][] = [
    ['not an object', 'getSnapshot'],
    ['null', null],
    ['no method', { params: {} }],
    ['an unknown method', { method: 'deleteEverything', params: {} }],
    ['an inherited name', { method: 'constructor', params: {} }],
    ['an extra key beside method and params', { method: 'getSnapshot', params: {}, as: 'admin' }],
    ['a parameter of the wrong type', { method: 'pause', params: { minutes: '30' } }],
    ['a parameter out of range', { method: 'search', params: { query: 'x', limit: 1000 } }],
    ['an extra parameter', { method: 'pause', params: { minutes: 30, force: true } }],
    ['parameters that are not an object', { method: 'listActivity', params: [1000] }],
  ];

  it.each(malformed)('are refused as invalid: %s', async (_what, request) => {
    const reached = vi.spyOn(desktop.service, 'call');
    const outcome = (await call(ipcEventFrom(main), request)) as { error: { code: string } };
    expect(outcome.error.code).toBe('invalid');
    expect(reached).not.toHaveBeenCalled();
  });
});

describe('dropped paths', () => {
  const addFolder = async (path: string) => (await call(ipcEventFrom(main), { method: 'addFolder', params: { path } })) as { result?: { path: string }; error?: { code: string } };

  it('let the window add a folder the person dropped, and only that one', async () => {
    const dropped = await desktop.newFolder('dropped');
    const other = await desktop.newFolder('not-dropped');
    expect((await addFolder(dropped)).error?.code).toBe('forbidden');

    drop(ipcEventFrom(main), dropped);
    expect((await addFolder(dropped)).result?.path).toBe(dropped);
    expect((await addFolder(other)).error?.code).toBe('forbidden');
    expect(warnings).toEqual([]);
  });

  it('are ignored from anyone but the app’s own page', async () => {
    const folder = await desktop.newFolder('from-a-stranger');
    drop(ipcEventFrom(new BrowserWindow({}).webContents), folder);
    drop(ipcEventFrom(main, { url: location.url, parent: main.mainFrame }), folder);
    expect(desktop.paths.allow(folder)).toBe(false);
    expect(warnings).toHaveLength(2);
  });

  it('are ignored when they are not absolute paths of a sensible length', async () => {
    const folder = await desktop.newFolder('malformed');
    for (const path of ['', 'relative/folder', `${folder}/${'x'.repeat(4096)}`, 42, { path: folder }, [folder]]) drop(ipcEventFrom(main), path);
    expect(desktop.paths.allow(folder)).toBe(false);
    expect(desktop.paths.allow(join(folder, 'x'.repeat(4096)))).toBe(false);
    expect(warnings).toHaveLength(6);
  });

  it('stop being heard once IPC is unregistered', async () => {
    unregister();
    expect(ipcMain.listenerCount(IPC_DROPPED_PATH)).toBe(0);
    await expect(call(ipcEventFrom(main), { method: 'getSnapshot', params: {} })).rejects.toThrow(/No handler/);
    unregister = () => undefined;
  });
});

describe('trustedSender', () => {
  it('needs the top frame, the app’s page and one of our windows together', () => {
    const isTrusted = trustedSender(location.isAppPage, (contents) => windows.owns(contents));
    const asEvent = (event: FakeIpcEvent) => event as unknown as IpcMainInvokeEvent;
    main.mainFrame.url = `${location.url}#view=queue`;
    expect(isTrusted(asEvent(ipcEventFrom(main)))).toBe(true);
    main.mainFrame.url = 'file:///opt/memos-sync/out/renderer/index.html.evil';
    expect(isTrusted(asEvent(ipcEventFrom(main)))).toBe(false);
  });
});
