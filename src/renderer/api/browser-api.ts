import { z } from 'zod';
import { AppError, WsMessage, appMethods, type AppApi, type AppEvent, type AppMethod, type DropHandover, type MethodResult } from '../../shared/app-api.ts';
import { AppCallError } from './app-call-error.ts';
import { reconnectingSocket } from './reconnecting-socket.ts';

interface Pending {
  method: AppMethod;
  resolve: (result: unknown) => void;
  reject: (error: Error) => void;
}

export interface BrowserApiOptions {
  /** e.g. `http://127.0.0.1:8740` */
  origin: string;
  /** The web host's token, from the URL it printed (`#token=…`). */
  token: string;
}

/** The app API over the web host's WebSocket (`/api/ws`), with drops uploaded over HTTP. */
export function browserApi({ origin, token }: BrowserApiOptions): AppApi {
  const listeners = new Set<(event: AppEvent) => void>();
  const pending = new Map<number, Pending>();
  const outbox: string[] = [];
  let nextId = 1;

  const emit = (event: AppEvent): void => {
    for (const listener of listeners) listener(event);
  };

  const settle = (text: string): void => {
    let message: WsMessage;
    try {
      message = WsMessage.parse(JSON.parse(text));
    } catch {
      return;
    }
    if ('event' in message) return emit(message.event);
    const request = pending.get(message.id);
    if (!request) return;
    pending.delete(message.id);
    if ('error' in message) return request.reject(new AppCallError(message.error.code, message.error.message));
    const result = appMethods[request.method].result.safeParse(message.result);
    if (result.success) request.resolve(result.data);
    else request.reject(new AppCallError('internal', `The host answered ${request.method} with data the window does not understand.`));
  };

  const wsUrl = new URL('/api/ws', origin);
  wsUrl.protocol = wsUrl.protocol === 'https:' ? 'wss:' : 'ws:';
  wsUrl.searchParams.set('token', token);

  const socket = reconnectingSocket(wsUrl.href, {
    onOpen: (reconnected) => {
      for (const text of outbox.splice(0)) socket.send(text);
      // Events sent while the socket was down are lost: a fresh snapshot brings the window up to date.
      if (reconnected) void resync();
    },
    onClose: () => {
      for (const [id, request] of pending) {
        pending.delete(id);
        request.reject(new AppCallError('internal', 'The connection to the host was lost.'));
      }
      emit({ type: 'engine', state: 'offline' });
    },
    onText: settle,
  });

  const call = <M extends AppMethod>(method: M, params: unknown): Promise<MethodResult<M>> =>
    new Promise((resolve, reject) => {
      const id = nextId++;
      pending.set(id, { method, resolve: resolve as (result: unknown) => void, reject });
      const text = JSON.stringify({ id, method, params });
      if (!socket.send(text)) outbox.push(text);
    });

  const resync = async (): Promise<void> => {
    try {
      const snapshot = await call('getSnapshot', {});
      emit({ type: 'engine', state: snapshot.engineState, message: snapshot.engineMessage });
      emit({ type: 'stats', stats: snapshot.stats });
      emit({ type: 'folders', folders: snapshot.folders });
      emit({ type: 'settings', settings: snapshot.settings });
    } catch {
      // The socket closed again; the next reconnection tries once more.
    }
  };

  return {
    call,
    onEvent: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    drop: uploadHandover(origin, token),
  };
}

const FinishResult = z.object({ files: z.int().nonnegative() });

/** Dropped files travel by content: each one is posted to the host, then the batch is finished. */
function uploadHandover(origin: string, token: string): DropHandover {
  let batch: string | undefined;
  const post = async (path: string, query: Record<string, string>, body?: Blob): Promise<unknown> => {
    const url = new URL(path, origin);
    url.searchParams.set('token', token);
    for (const [name, value] of Object.entries(query)) url.searchParams.set(name, value);
    const response = await fetch(url, { method: 'POST', body });
    const data: unknown = await response.json().catch(() => null);
    if (response.ok) return data;
    const error = AppError.safeParse((data as { error?: unknown } | null)?.error ?? data);
    throw error.success ? new AppCallError(error.data.code, error.data.message) : new AppCallError('internal', `The host answered ${response.status}.`);
  };
  return {
    kind: 'upload',
    upload: async (file, relativePath) => {
      batch ??= dropBatchName(new Date());
      await post('/api/drop', { batch, path: relativePath }, file);
    },
    finish: async () => {
      const finished = batch;
      batch = undefined;
      if (!finished) return { files: 0 };
      return FinishResult.parse(await post('/api/drop/finish', { batch: finished }));
    },
  };
}

/**
 * The folder a drop is kept in on the host, shown as the files' folder in the queue: when it was
 * dropped, so a person recognises it, plus a random part, so two drops never share it.
 * getRandomValues works outside secure contexts too (a host reached over plain http on a LAN).
 */
export function dropBatchName(at: Date): string {
  const pad = (value: number): string => String(value).padStart(2, '0');
  const when = `${at.getFullYear()}-${pad(at.getMonth() + 1)}-${pad(at.getDate())}_${pad(at.getHours())}-${pad(at.getMinutes())}-${pad(at.getSeconds())}`;
  const random = Array.from(crypto.getRandomValues(new Uint8Array(3)), (byte) => byte.toString(16).padStart(2, '0')).join('');
  return `dropped-${when}-${random}`;
}
