/**
 * The main side of IPC: one handler for app API calls and one listener for dropped paths, both
 * answering only our own windows' top frames, both validating their payloads with zod.
 */
import { isAbsolute } from 'node:path';
import type { IpcMainEvent, IpcMainInvokeEvent, WebContents } from 'electron';
import { ipcMain } from 'electron';
import { z } from 'zod';
import { IPC_CALL, appMethods, type AppError, type AppMethod } from '../shared/app-api.ts';
import type { AppServiceApi, CallOutcome } from '../service/ports.ts';
import { IPC_DROPPED_PATH } from './ipc-channels.ts';

const CallRequest = z.object({ method: z.enum(Object.keys(appMethods) as [AppMethod, ...AppMethod[]]), params: z.unknown() }).strict();
const DroppedPath = z.string().min(1).max(4096).refine(isAbsolute, 'not an absolute path');

export interface IpcOptions {
  service: Pick<AppServiceApi, 'call'>;
  /** Whether the event comes from the app's own page in one of our windows. */
  isTrustedSender(event: IpcMainEvent | IpcMainInvokeEvent): boolean;
  onDroppedPath(path: string): void;
  warn(message: string): void;
}

const refusal = (code: AppError['code'], message: string): CallOutcome => ({ error: { code, message } });

export function registerIpc(options: IpcOptions): () => void {
  ipcMain.handle(IPC_CALL, async (event, request: unknown): Promise<CallOutcome> => {
    if (!options.isTrustedSender(event)) {
      options.warn(`refused an app call from ${event.senderFrame?.url ?? 'a closed frame'}`);
      return refusal('forbidden', 'Only the app’s own window may call the app.');
    }
    const parsed = CallRequest.safeParse(request);
    if (!parsed.success) return refusal('invalid', 'The call is not one the app knows.');
    const { method, params } = parsed.data;
    const checked = appMethods[method].params.safeParse(params);
    if (!checked.success) return refusal('invalid', `Invalid parameters for ${method}: ${checked.error.issues[0]?.message ?? 'invalid'}`);
    return options.service.call(method, checked.data);
  });

  const onDropped = (event: IpcMainEvent, path: unknown): void => {
    const parsed = DroppedPath.safeParse(path);
    if (options.isTrustedSender(event) && parsed.success) options.onDroppedPath(parsed.data);
    else options.warn('ignored a dropped path that was not valid or not from the app’s window');
  };
  ipcMain.on(IPC_DROPPED_PATH, onDropped);

  return () => {
    ipcMain.removeHandler(IPC_CALL);
    ipcMain.removeListener(IPC_DROPPED_PATH, onDropped);
  };
}

/**
 * Trusted: the top frame of one of our windows, showing the app's own page. A page that was
 * navigated away (navigation is denied, but still) or an embedded frame is answered with nothing.
 */
export function trustedSender(isAppPage: (url: string) => boolean, isOurWindow: (contents: WebContents) => boolean) {
  return (event: IpcMainEvent | IpcMainInvokeEvent): boolean => {
    const frame = event.senderFrame;
    return frame !== null && frame.parent === null && isAppPage(frame.url) && isOurWindow(event.sender);
  };
}
