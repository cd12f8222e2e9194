import { contextBridge } from 'electron';

/**
 * Runs in the sandboxed preload, not in the main process. It lives here because every import
 * of 'electron' stays in src/main; src/preload only decides what the page may see.
 */
export function exposeToPage(name: string, api: Record<string, unknown>): void {
  contextBridge.exposeInMainWorld(name, api);
}
