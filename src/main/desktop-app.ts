/**
 * Puts the desktop app together once Electron is ready: settings, the built-in server in a
 * utilityProcess, the app service (engine) in this process, IPC, windows, tray, shortcut and
 * notifications; and takes it apart on Quit (engine stopped cleanly, then the server).
 */
import { join } from 'node:path';
import { app, dialog, session } from 'electron';
import { AppService } from '../service/app-service.ts';
import type { AppEvent, Snapshot } from '../shared/app-api.ts';
import { ElectronDesktopActions } from './desktop-actions.ts';
import { registerIpc, trustedSender } from './ipc.ts';
import { Notifier } from './notifier.ts';
import { ChosenPaths } from './path-policy.ts';
import { rendererLocation } from './renderer-location.ts';
import { SearchShortcut } from './search-shortcut.ts';
import { UtilityServerLauncher } from './server-launcher.ts';
import { ElectronSettingsStore } from './settings-store.ts';
import { resolveLocale, stringsFor } from './strings.ts';
import { trayActions } from './tray-actions.ts';
import { AppTray } from './tray.ts';
import { lockDownSession } from './window-security.ts';
import { AppWindows } from './windows.ts';

const log = {
  warn: (message: string) => console.warn(`memos-sync: ${message}`),
  error: (message: string) => console.error(`memos-sync: ${message}`),
};

export interface DesktopApp {
  windows: AppWindows;
}

/** `hidden`: started at login, so the app starts in the tray without showing its window. */
export function startDesktopApp({ hidden }: { hidden: boolean }): DesktopApp {
  const outDir = join(import.meta.dirname, '..');
  const dataRoot = app.getPath('userData');
  const location = rendererLocation(outDir, process.env.ELECTRON_RENDERER_URL, app.isPackaged);
  lockDownSession(session.defaultSession, location);
  const windows = new AppWindows({ preload: join(outDir, 'preload/index.cjs'), location });

  const settings = new ElectronSettingsStore({ dir: dataRoot, warn: log.warn });
  const locale = () => resolveLocale(settings.load().language, app.getPreferredSystemLanguages());
  const strings = () => stringsFor(locale());
  const paths = new ChosenPaths();
  const shortcut = new SearchShortcut(() => windows.toggleSearch(), log.warn);
  const desktop = new ElectronDesktopActions({ paths, shortcut, parentWindow: () => windows.mainWindow, dialogTitle: () => strings().pickFolderTitle });
  const server = new UtilityServerLauncher({
    entry: join(import.meta.dirname, 'server-process.js'),
    dataDir: join(dataRoot, 'server'),
    log: log.warn,
    // The engine holds the old address: reopened, it takes the new one (the server itself stays up).
    onMoved: () => void service.reconnect(),
  });
  const service = new AppService({ dataRoot, settings, server, desktop, paths, log });

  registerIpc({ service, isTrustedSender: trustedSender(location.isAppPage, (contents) => windows.owns(contents)), onDroppedPath: (path) => paths.remember(path), warn: log.warn });

  const notifier = new Notifier({ enabled: () => settings.load().notifications, strings, onClick: () => windows.showMain('activity') });
  const showSnapshot = (snapshot: Snapshot): void =>
    tray.setStatus({ state: snapshot.engineState, message: snapshot.engineMessage, stats: snapshot.stats, pausedUntil: snapshot.pausedUntil });
  const refreshTray = (): void =>
    void service.call('getSnapshot', {}).then((outcome) => {
      if ('result' in outcome) showSnapshot(outcome.result as Snapshot);
    });
  // The person just asked for this from the tray: the answer cannot wait for (or depend on) notifications.
  const report = (message: string): void => {
    log.warn(message);
    void dialog.showMessageBox({ type: 'warning', title: 'MemOS Sync', message });
  };
  const tray = new AppTray(trayActions({ service, showMain: (view) => windows.showMain(view), report, refresh: refreshTray }), strings(), locale());

  service.onEvent((event: AppEvent) => {
    windows.broadcast(event);
    tray.handle(event);
    notifier.handle(event);
    if (event.type === 'settings') tray.setLanguage(strings(), locale());
  });

  windows.createMain(!hidden);
  app.on('activate', () => windows.showMain());
  const accelerator = settings.load().shortcut;
  if (!shortcut.register(accelerator)) notifier.notifyProblem(strings().shortcutTaken(accelerator));
  void service.start().then(refreshTray, (error: unknown) => log.error(`the sync engine did not start: ${(error as Error).message}`));

  let stopped = false;
  let stopping: Promise<void> | undefined;
  const shutdown = async (): Promise<void> => {
    windows.allowClose();
    shortcut.unregister();
    notifier.dispose();
    await service.stop().catch((error: unknown) => log.error(`stopping the sync engine: ${(error as Error).message}`));
    tray.destroy();
  };
  // Quit waits for the engine to stop cleanly (and the server with it), then quits for real.
  app.on('before-quit', (event) => {
    if (stopped) return;
    event.preventDefault();
    stopping ??= shutdown().finally(() => {
      stopped = true;
      app.quit();
    });
  });

  return { windows };
}
