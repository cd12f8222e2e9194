import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AppService } from '../service/app-service.ts';
import { callService } from '../service/call-service.ts';
import type { Logger, StoredSettings } from '../service/ports.ts';
import { mergedSettings } from '../service/settings-methods.ts';
import type { AppEvent } from '../shared/app-api.ts';
import { headlessServerLauncher } from './headless-server.ts';
import { headlessSettingsStore } from './headless-settings.ts';
import { startWebHost, type WebHost } from './web-host.ts';

// Run from source (src/host) or from the build (out/node/host): the built window is in out/renderer either way.
export const BUILT_RENDERER_DIR = fileURLToPath(new URL(import.meta.url.endsWith('.ts') ? '../../out/renderer' : '../../renderer', import.meta.url));

export interface HeadlessAppOptions {
  dataRoot: string;
  /** Folders to sync besides those already in the ledger. */
  folders: readonly string[];
  host: string;
  port: number;
  /** Stored in the settings before the engine starts, as if chosen in the window. */
  settings?: Partial<StoredSettings>;
  rendererDir?: string;
  log?: Logger;
  /** Told every app event from before the engine starts until the app stops, like the window. */
  onEvent?: (event: AppEvent) => void;
}

export interface HeadlessApp {
  service: AppService;
  web: WebHost;
  stop(): Promise<void>;
}

/**
 * The app without Electron: the app service over the engine, with the headless settings and
 * built-in server, served to a browser by the web host. The command line and the window share
 * its one engine. The web host listens first, so a missing build or a taken port is reported
 * before the engine scans anything.
 */
export async function startHeadlessApp(options: HeadlessAppOptions): Promise<HeadlessApp> {
  const log = options.log ?? console;
  const settings = headlessSettingsStore(options.dataRoot, { log });
  if (options.settings) settings.save(mergedSettings(settings.load(), options.settings));
  const service = new AppService({ dataRoot: options.dataRoot, settings, server: headlessServerLauncher(options.dataRoot), log });
  const web = await startWebHost({ service, host: options.host, port: options.port, rendererDir: options.rendererDir ?? BUILT_RENDERER_DIR, dataRoot: options.dataRoot, log });
  const stopListening = options.onEvent ? service.onEvent(options.onEvent) : undefined;
  const stop = async (): Promise<void> => {
    stopListening?.();
    await web.close();
    await service.stop();
  };
  try {
    await service.start();
    const snapshot = await callService(service, 'getSnapshot', {});
    const known = new Set(snapshot.folders.map((folder) => folder.path));
    for (const path of options.folders.map((folder) => resolve(folder))) if (!known.has(path)) await callService(service, 'addFolder', { path });
  } catch (error) {
    await stop();
    throw error;
  }
  return { service, web, stop };
}
