import { contextBridge, ipcRenderer, webUtils } from 'electron';

/**
 * Runs in the sandboxed preload, not in the main process. It lives here because every import
 * of 'electron' stays in src/main; src/preload only decides what the page may see. None of
 * these hands the page an Electron object: only plain data and functions cross over.
 */
export function exposeToPage(name: string, api: object): void {
  contextBridge.exposeInMainWorld(name, api);
}

export function invokeMain(channel: string, payload: unknown): Promise<unknown> {
  return ipcRenderer.invoke(channel, payload);
}

export function sendToMain(channel: string, payload: unknown): void {
  ipcRenderer.send(channel, payload);
}

/** Listens to one channel; the page's listener gets the payload only, never the IPC event. */
export function onMainMessage(channel: string, listener: (payload: unknown) => void): () => void {
  const relay = (_event: unknown, payload: unknown): void => listener(payload);
  ipcRenderer.on(channel, relay);
  return () => void ipcRenderer.removeListener(channel, relay);
}

/** The file's path on disk; empty for files that are not on disk (made by the page). */
export function pathForFile(file: File): string {
  return webUtils.getPathForFile(file);
}
