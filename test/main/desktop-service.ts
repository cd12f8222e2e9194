/**
 * The real app service as the desktop app builds it (electron-store settings with the key in
 * safeStorage, the chosen-paths policy, the Electron desktop actions), over the real built-in
 * server running in this process. Needs `electron` mocked with ./fake-electron.ts.
 */
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ElectronDesktopActions } from '../../src/main/desktop-actions.ts';
import { ChosenPaths } from '../../src/main/path-policy.ts';
import { SearchShortcut } from '../../src/main/search-shortcut.ts';
import { ElectronSettingsStore } from '../../src/main/settings-store.ts';
import { AppService } from '../../src/service/app-service.ts';
import type { LocalServerLauncher } from '../../src/service/ports.ts';
import { SHORT_TIMINGS } from '../engine/engine-env.ts';
import { TOKEN, startTestServer } from '../server/test-server.ts';

export interface DesktopService {
  service: AppService;
  settings: ElectronSettingsStore;
  paths: ChosenPaths;
  /** The app's data folder (settings file, ledgers, the server's data). */
  dataRoot: string;
  /** What the app logged as warnings and errors. */
  logged: string[];
  /** A new, empty folder outside the data folder. */
  newFolder(name: string): Promise<string>;
  stop(): Promise<void>;
}

/** The built-in server in this process, started the first time the service needs it, as the utilityProcess would be. */
function inProcessServer(dataDir: string): LocalServerLauncher {
  return {
    async start() {
      const server = await startTestServer(dataDir);
      return { baseUrl: server.server.baseUrl, token: TOKEN, stop: server.stop };
    },
  };
}

export async function createDesktopService(): Promise<DesktopService> {
  const root = await mkdtemp(join(tmpdir(), 'memos-main-'));
  const dataRoot = join(root, 'data');
  const logged: string[] = [];
  const log = { warn: (message: string) => logged.push(message), error: (message: string) => logged.push(message) };
  const settings = new ElectronSettingsStore({ dir: dataRoot, warn: log.warn });
  const paths = new ChosenPaths();
  const desktop = new ElectronDesktopActions({
    paths,
    shortcut: new SearchShortcut(() => undefined, log.warn),
    parentWindow: () => undefined,
    dialogTitle: () => 'Choose a folder to keep in memory',
  });
  const { concurrency: _concurrency, ...engine } = SHORT_TIMINGS;
  const service = new AppService({ dataRoot, settings, server: inProcessServer(join(dataRoot, 'server')), desktop, paths, log, engine });
  return {
    service,
    settings,
    paths,
    dataRoot,
    logged,
    newFolder: async (name) => {
      const folder = join(root, 'folders', name);
      await mkdir(folder, { recursive: true });
      return folder;
    },
    stop: async () => {
      await service.stop();
      await rm(root, { recursive: true, force: true });
    },
  };
}
