import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import '../../src/preload/index.ts';
import { registerIpc, trustedSender } from '../../src/main/ipc.ts';
import { rendererLocation } from '../../src/main/renderer-location.ts';
import { AppWindows } from '../../src/main/windows.ts';
import type { AppApi, AppEvent } from '../../src/shared/app-api.ts';
import { createDesktopService, type DesktopService } from './desktop-service.ts';
import { type BrowserWindow, contextBridge, ipcRenderer, resetElectron, webUtils } from './fake-electron.ts';

vi.mock('electron', () => import('./fake-electron.ts'));

/** What the preload exposed when it ran, before any test reset the fakes. */
const exposed = new Map(contextBridge.exposed);
const api = exposed.get('memosSync') as AppApi;
const location = rendererLocation('/opt/memos-sync/out', undefined, true);

let desktop: DesktopService;
let windows: AppWindows;
let unregister: () => void;

beforeAll(async () => {
  desktop = await createDesktopService();
});

afterAll(() => desktop.stop());

beforeEach(() => {
  resetElectron();
  windows = new AppWindows({ preload: '/opt/memos-sync/out/preload/index.cjs', location });
  ipcRenderer.page = (windows.createMain(true) as unknown as BrowserWindow).webContents;
  unregister = registerIpc({
    service: desktop.service,
    isTrustedSender: trustedSender(location.isAppPage, (contents) => windows.owns(contents)),
    onDroppedPath: (path) => desktop.paths.remember(path),
    warn: () => undefined,
  });
});

afterEach(() => {
  unregister();
  vi.restoreAllMocks();
});

it('gives the page the app API as window.memosSync, and nothing else', () => {
  expect([...exposed.keys()]).toEqual(['memosSync']);
  expect(Object.keys(api).sort()).toEqual(['call', 'drop', 'onEvent']);
  expect(api.drop.kind).toBe('paths');
});

describe('calls', () => {
  it('travel to the app and bring its answer back', async () => {
    const snapshot = await api.call('getSnapshot', {});
    expect(snapshot.settings.target).toBe('local');
    expect(snapshot.capabilities.pickFolder).toBe(true);
  });

  it('fail with the app’s words when the app refuses them', async () => {
    await expect(api.call('pause', { minutes: -5 })).rejects.toThrow(/^Invalid parameters for pause/);
  });

  it('to methods the app does not have fail in the page, without a message to the app', async () => {
    const invoke = vi.spyOn(ipcRenderer, 'invoke');
    for (const method of ['deleteEverything', 'constructor', '__proto__']) {
      await expect(api.call(method as 'getSnapshot', {})).rejects.toThrow(`Unknown app method: ${method}`);
    }
    expect(invoke).not.toHaveBeenCalled();
  });
});

describe('events', () => {
  it('reach the page’s listener as the event alone, until it stops listening', () => {
    const heard: unknown[][] = [];
    const stop = api.onEvent((...args: unknown[]) => heard.push(args));
    const event: AppEvent = { type: 'engine', state: 'syncing' };
    windows.broadcast(event);
    stop();
    windows.broadcast({ type: 'engine', state: 'idle' });
    expect(heard).toEqual([[event]]);
  });

  it('need a function to call', () => {
    expect(() => api.onEvent('listener' as unknown as () => void)).toThrow(TypeError);
  });
});

describe('dropped files', () => {
  it('give the page their path and let the app use it', async () => {
    const folder = await desktop.newFolder('dropped-on-the-window');
    const file = new File([], 'dropped-on-the-window');
    webUtils.paths.set(file, folder);
    expect(api.drop.kind === 'paths' && api.drop.pathFor(file)).toBe(folder);
    expect(desktop.paths.allow(folder)).toBe(true);
  });

  it('that are not on disk have no path, and tell the app nothing', () => {
    const send = vi.spyOn(ipcRenderer, 'send');
    expect(api.drop.kind === 'paths' && api.drop.pathFor(new File(['made by the page'], 'note.txt'))).toBe('');
    expect(send).not.toHaveBeenCalled();
  });
});
