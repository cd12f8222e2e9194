import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { rendererLocation } from '../../src/main/renderer-location.ts';
import { stringsFor } from '../../src/main/strings.ts';
import { trayActions } from '../../src/main/tray-actions.ts';
import { AppTray, type TrayActions } from '../../src/main/tray.ts';
import { AppWindows } from '../../src/main/windows.ts';
import { type EngineState, FileState, type Snapshot, type Stats } from '../../src/shared/app-api.ts';
import { waitFor } from '../engine/engine-env.ts';
import { createDesktopService, type DesktopService } from './desktop-service.ts';
import { BrowserWindow, type FakeNativeImage, Tray, app, dialog, resetElectron } from './fake-electron.ts';

vi.mock('electron', () => import('./fake-electron.ts'));

const en = stringsFor('en');

function statsWith(files: Partial<Record<FileState, number>>): Stats {
  const counts = Object.fromEntries(FileState.options.map((state) => [state, { files: files[state] ?? 0, bytes: 0 }])) as Stats['counts'];
  return { counts, pendingBytes: 0, bytesPerSecond: 0, longRunningTasks: 0 };
}

const doNothing: TrayActions = { open() {}, search() {}, pause() {}, resume() {}, addFolder() {}, openActivity() {}, quit() {} };

function shownTray(): Tray {
  const [tray] = Tray.instances;
  if (!tray) throw new Error('no tray icon');
  return tray;
}

/** The colour family of a 16 px icon's disc, read left of the centre where no state draws its mark. */
function discColour(image: FakeNativeImage): 'green' | 'blue' | 'grey' | 'amber' | 'red' {
  const pixels = image.bitmap(1);
  const at = (8 * 16 + 2) * 4;
  const [b = 0, g = 0, r = 0] = pixels.subarray(at, at + 3);
  if (Math.max(r, g, b) - Math.min(r, g, b) < 30) return 'grey';
  if (b === Math.max(r, g, b)) return 'blue';
  if (g === Math.max(r, g, b)) return 'green';
  return g > 100 ? 'amber' : 'red';
}

/** The opacity of the icon's centre pixel. */
const centreAlpha = (image: FakeNativeImage): number => image.bitmap(1)[(8 * 16 + 8) * 4 + 3] ?? 0;

describe('the tray icon', () => {
  beforeEach(() => resetElectron());

  it.each([
    ['idle', 'green', 'MemOS Sync: Up to date'],
    ['syncing', 'blue', 'MemOS Sync: Syncing 0 of 0 files'],
    ['paused', 'grey', 'MemOS Sync: Paused'],
    ['offline', 'grey', 'MemOS Sync: Offline: waiting for MemOS'],
    ['attention', 'amber', 'MemOS Sync: Needs your attention'],
    ['error', 'red', 'MemOS Sync: Something went wrong'],
  ] as const)('shows the %s state in %s with “%s”', (state, colour, tooltip) => {
    new AppTray(doNothing, en, 'en').handle({ type: 'engine', state });
    const tray = shownTray();
    expect(discColour(tray.image)).toBe(colour);
    expect(tray.image.bitmap(2)).toHaveLength(32 * 32 * 4);
    expect(tray.toolTip).toBe(tooltip);
  });

  it('draws every state differently: offline is a hollow ring, the rest are discs', () => {
    const tray = new AppTray(doNothing, en, 'en');
    const images = new Map<EngineState, FakeNativeImage>();
    for (const state of ['idle', 'syncing', 'paused', 'offline', 'attention', 'error'] as const) {
      tray.handle({ type: 'engine', state });
      images.set(state, shownTray().image);
    }
    const bitmaps = new Set([...images.values()].map((image) => image.bitmap(1).toString('base64')));
    expect(bitmaps.size).toBe(6);
    for (const [state, image] of images) expect(centreAlpha(image) === 0, state).toBe(state === 'offline');
  });

  it('counts the files of this round of syncing, not everything ever synced', () => {
    const tray = new AppTray(doNothing, en, 'en');
    tray.setStatus({ state: 'idle', stats: statsWith({ done: 100 }) });
    tray.handle({ type: 'engine', state: 'syncing' });
    tray.handle({ type: 'stats', stats: statsWith({ done: 112, checking: 10, queued: 300, uploading: 10, processing: 8 }) });
    expect(shownTray().toolTip).toBe('MemOS Sync: Syncing 12 of 340 files');

    tray.handle({ type: 'stats', stats: statsWith({ done: 450 }) });
    tray.handle({ type: 'engine', state: 'idle' });
    tray.handle({ type: 'engine', state: 'syncing' });
    tray.handle({ type: 'stats', stats: statsWith({ done: 452, queued: 3 }) });
    expect(shownTray().toolTip).toBe('MemOS Sync: Syncing 2 of 5 files');
  });

  it('says what needs the person in the engine’s own words', () => {
    const tray = new AppTray(doNothing, en, 'en');
    tray.handle({ type: 'engine', state: 'attention', message: 'MemOS Cloud rejected the API key' });
    expect(shownTray().toolTip).toBe('MemOS Sync: Needs your attention: MemOS Cloud rejected the API key');
    tray.handle({ type: 'engine', state: 'error', message: 'the ledger is locked' });
    expect(shownTray().toolTip).toBe('MemOS Sync: Something went wrong: the ledger is locked');
  });

  it('says until when it is paused, and forgets the time once the engine runs again', () => {
    const tray = new AppTray(doNothing, en, 'en');
    tray.setStatus({ state: 'paused', pausedUntil: new Date(2030, 0, 1, 14, 30).getTime() });
    expect(shownTray().toolTip).toMatch(/^MemOS Sync: Paused until 02:30\sPM$/);
    tray.handle({ type: 'engine', state: 'paused' });
    expect(shownTray().toolTip).toMatch(/Paused until 02:30\sPM$/);

    tray.handle({ type: 'engine', state: 'idle' });
    tray.handle({ type: 'engine', state: 'paused' });
    expect(shownTray().toolTip).toBe('MemOS Sync: Paused');
  });

  it('offers pausing while running and resuming while paused, in the app’s language', () => {
    const tray = new AppTray(doNothing, en, 'en');
    expect(shownTray().menuLabels()).toEqual(['Open MemOS Sync', 'Search…', 'Pause for 1 hour', 'Pause until resumed', 'Add folder…', 'Open activity', 'Quit']);
    tray.handle({ type: 'engine', state: 'paused' });
    expect(shownTray().menuLabels()).toEqual(['Open MemOS Sync', 'Search…', 'Resume', 'Add folder…', 'Open activity', 'Quit']);

    tray.setLanguage(stringsFor('zh-CN'), 'zh-CN');
    expect(shownTray().menuLabels()).toEqual(['打开 MemOS Sync', '搜索…', '恢复', '添加文件夹…', '打开动态', '退出']);
    expect(shownTray().toolTip).toBe('MemOS Sync: 已暂停');
  });

  it('keeps an open menu as it is while only the numbers change', () => {
    const tray = new AppTray(doNothing, en, 'en');
    tray.handle({ type: 'engine', state: 'syncing' });
    const menu = shownTray().contextMenu;
    tray.handle({ type: 'stats', stats: statsWith({ queued: 5 }) });
    tray.handle({ type: 'stats', stats: statsWith({ queued: 4, done: 1 }) });
    expect(shownTray().contextMenu).toBe(menu);
  });
});

describe('the tray menu’s actions, against the app service', () => {
  let desktop: DesktopService;
  let windows: AppWindows;
  let reported: string[];
  let refreshes: number;
  let stopListening: () => void;

  beforeAll(async () => {
    desktop = await createDesktopService();
    await desktop.service.start();
  });

  afterAll(() => desktop.stop());

  beforeEach(() => {
    resetElectron();
    reported = [];
    refreshes = 0;
    windows = new AppWindows({ preload: '/opt/memos-sync/out/preload/index.cjs', location: rendererLocation('/opt/memos-sync/out', undefined, true) });
    windows.createMain(false);
    BrowserWindow.instances[0]?.finishLoading();
    const tray = new AppTray(
      trayActions({ service: desktop.service, showMain: (view) => windows.showMain(view), report: (message) => reported.push(message), refresh: () => void (refreshes += 1) }),
      en,
      'en',
    );
    stopListening = desktop.service.onEvent((event) => tray.handle(event));
  });

  afterEach(() => stopListening());

  const snapshot = async (): Promise<Snapshot> => {
    const outcome = await desktop.service.call('getSnapshot', {});
    if (!('result' in outcome)) throw new Error(outcome.error.message);
    return outcome.result as Snapshot;
  };
  const mainWindow = (): BrowserWindow => BrowserWindow.instances[0] as BrowserWindow;
  const viewsAsked = (): unknown[] => mainWindow().webContents.appEvents();

  it('pauses for an hour, then resumes', async () => {
    const before = Date.now();
    shownTray().clickMenuItem('pause-hour');
    await waitFor(() => refreshes === 1, 'the tray to refresh after pausing');
    const paused = await snapshot();
    expect(paused.engineState).toBe('paused');
    expect(paused.pausedUntil).toBeGreaterThanOrEqual(before + 60 * 60_000);
    expect(shownTray().menuLabels()).toContain('Resume');

    shownTray().clickMenuItem('resume');
    await waitFor(() => refreshes === 2, 'the tray to refresh after resuming');
    const resumed = await snapshot();
    expect(resumed.engineState).not.toBe('paused');
    expect(resumed.pausedUntil).toBeUndefined();
    expect(shownTray().menuLabels()).toContain('Pause for 1 hour');
  });

  it('pauses until resumed', async () => {
    shownTray().clickMenuItem('pause');
    await waitFor(() => refreshes === 1, 'the tray to refresh after pausing');
    const paused = await snapshot();
    expect(paused.engineState).toBe('paused');
    expect(paused.pausedUntil).toBeUndefined();
    expect(shownTray().toolTip).toBe('MemOS Sync: Paused');

    shownTray().clickMenuItem('resume');
    await waitFor(() => refreshes === 2, 'the tray to refresh after resuming');
    expect((await snapshot()).engineState).not.toBe('paused');
  });

  it('adds the folder the person picks and shows the folders', async () => {
    const folder = await desktop.newFolder('picked-in-the-tray');
    dialog.answers.push(folder);
    shownTray().clickMenuItem('add-folder');
    await waitFor(() => viewsAsked().length > 0, 'the window to be asked for a view');
    expect(viewsAsked()).toEqual([{ type: 'navigate', view: 'folders' }]);
    expect(mainWindow().isVisible()).toBe(true);
    expect((await snapshot()).folders.map((view) => view.path)).toContain(folder);
    expect(dialog.openDialogs[0]?.options).toMatchObject({ properties: ['openDirectory', 'createDirectory'] });
  });

  it('reports a folder it could not add, and shows nothing', async () => {
    const folder = await desktop.newFolder('picked-twice');
    dialog.answers.push(folder, folder);
    shownTray().clickMenuItem('add-folder');
    await waitFor(() => viewsAsked().length === 1, 'the first folder to be added');
    shownTray().clickMenuItem('add-folder');
    await waitFor(() => reported.length === 1, 'the refusal to be reported');
    expect(reported[0]).toContain(`${folder} is already synced`);
    expect(viewsAsked()).toHaveLength(1);
  });

  it('does nothing when the person cancels the folder dialog', async () => {
    const folders = (await snapshot()).folders.length;
    shownTray().clickMenuItem('add-folder');
    await waitFor(() => dialog.openDialogs.length === 1, 'the folder dialog');
    await new Promise((resolve) => setImmediate(resolve));
    expect((await snapshot()).folders).toHaveLength(folders);
    expect(viewsAsked()).toEqual([]);
    expect(reported).toEqual([]);
  });

  it.each([
    ['open', undefined],
    ['search', 'search'],
    ['activity', 'activity'],
  ] as const)('“%s” brings the window up on the right view', (item, view) => {
    shownTray().clickMenuItem(item);
    expect(mainWindow().isVisible()).toBe(true);
    expect(viewsAsked()).toEqual(view ? [{ type: 'navigate', view }] : []);
  });

  it('a click on the icon brings the window up', () => {
    shownTray().click();
    expect(mainWindow().isVisible()).toBe(true);
  });

  it('asks the app to quit', () => {
    const quitting = vi.fn();
    app.on('before-quit', quitting);
    shownTray().clickMenuItem('quit');
    expect(quitting).toHaveBeenCalledOnce();
  });
});
