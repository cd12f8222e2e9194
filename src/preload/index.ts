/**
 * The preload: the app API the page gets as `window.memosSync`, and nothing else. Calls and
 * events travel over IPC; no IPC object, Electron module or Node API reaches the page.
 */
import { IPC_CALL, IPC_EVENT, appMethods, type AppApi, type AppEvent, type AppMethod, type AppError, type MethodResult } from '../shared/app-api.ts';
import { IPC_DROPPED_PATH } from '../main/ipc-channels.ts';
import { exposeToPage, invokeMain, onMainMessage, pathForFile, sendToMain } from '../main/preload-bridge.ts';

type Outcome = { result: unknown } | { error: AppError };

async function call<M extends AppMethod>(method: M, params: unknown): Promise<MethodResult<M>> {
  if (typeof method !== 'string' || !Object.hasOwn(appMethods, method)) throw new Error(`Unknown app method: ${String(method)}`);
  const outcome = (await invokeMain(IPC_CALL, { method, params })) as Outcome;
  // Only an Error's message crosses contextBridge, so the words are what the page gets.
  if ('error' in outcome) throw new Error(outcome.error.message);
  return outcome.result as MethodResult<M>;
}

function onEvent(listener: (event: AppEvent) => void): () => void {
  if (typeof listener !== 'function') throw new TypeError('onEvent needs a function');
  return onMainMessage(IPC_EVENT, (event) => listener(event as AppEvent));
}

/**
 * A dropped file's path, also told to main: main lets addFolder and uploadOnce use only paths
 * picked in a dialog or dropped. The message is sent on the same IPC pipe as later calls, so
 * main has it before the call that uses the path.
 */
function pathFor(file: File): string {
  const path = pathForFile(file);
  if (path) sendToMain(IPC_DROPPED_PATH, path);
  return path;
}

const api: AppApi = { call, onEvent, drop: { kind: 'paths', pathFor } };
exposeToPage('memosSync', api);
