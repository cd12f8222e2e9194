import { fileURLToPath } from 'node:url';
import { AppService } from '../service/app-service.ts';
import type { Logger, StoredSettings } from '../service/ports.ts';
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
}

export interface HeadlessApp {
  service: AppService;
  web: WebHost;
  stop(): Promise<void>;
}

/** Throws the window's error as an Error, for a command line. */
async function called(service: AppService, method: string, params: unknown): Promise<unknown> {
  const outcome = await service.call(method, params);
  if ('error' in outcome) throw new Error(outcome.error.message);
  return outcome.result;
}

/**
 * The app without Electron: the app service over the engine, with the headless settings and
 * built-in server, served to a browser by the web host. The command line and the window share
 * its one engine.
 */
export async function startHeadlessApp(options: HeadlessAppOptions): Promise<HeadlessApp> {
  const log = options.log ?? console;
  const settings = headlessSettingsStore(options.dataRoot, { log });
  if (options.settings) settings.save({ ...settings.load(), ...options.settings });
  const service = new AppService({ dataRoot: options.dataRoot, settings, server: headlessServerLauncher(options.dataRoot), log });
  let web: WebHost | undefined;
  try {
    await service.start();
    const snapshot = (await called(service, 'getSnapshot', {})) as { folders: { path: string }[] };
    const known = new Set(snapshot.folders.map((folder) => folder.path));
    for (const path of options.folders) if (!known.has(path)) await called(service, 'addFolder', { path });
    web = await startWebHost({ service, host: options.host, port: options.port, rendererDir: options.rendererDir ?? BUILT_RENDERER_DIR, dataRoot: options.dataRoot, log });
  } catch (error) {
    await service.stop();
    throw error;
  }
  const host = web;
  return {
    service,
    web: host,
    async stop() {
      await host.close();
      await service.stop();
    },
  };
}

/** What a terminal shows of the app's events: problems and state changes, not every added file. */
export function activityLine(event: AppEvent): string | undefined {
  if (event.type !== 'activity' || event.entry.kind === 'added') return undefined;
  return `${event.entry.kind}: ${event.entry.text}`;
}
