import type { EngineEvent } from '../engine/engine-events.ts';
import { resolveBaseUrl } from '../memos/profile.ts';
import { type AppEvent, FileState, type MethodResult, type Stats } from '../shared/app-api.ts';
import { AppServiceError } from './app-error.ts';
import { dispatch, type Handlers } from './dispatch.ts';
import { type EngineSession, openEngineSession, targetBase } from './engine-session.ts';
import { fileMethods } from './file-methods.ts';
import { folderMethods } from './folder-methods.ts';
import type { AppServiceApi, AppServiceOptions, CallOutcome, LocalServer, Logger, StoredSettings } from './ports.ts';
import { ServiceEvents } from './service-events.ts';
import type { ServiceContext } from './service-context.ts';
import { publicSettings, settingsMethods } from './settings-methods.ts';
import { toStats } from './views.ts';

const NO_STATS: Stats = {
  counts: Object.fromEntries(FileState.options.map((state) => [state, { files: 0, bytes: 0 }])) as Stats['counts'],
  pendingBytes: 0,
  bytesPerSecond: 0,
  longRunningTasks: 0,
};

function labelFor(settings: StoredSettings): string {
  if (settings.target === 'local') return 'the built-in server';
  try {
    return resolveBaseUrl(targetBase(settings));
  } catch {
    return settings.target;
  }
}

/**
 * The app API implemented once over the sync engine, for any host: the Electron main process
 * carries it over IPC, the web host over a WebSocket. Hosts give it their ports (settings,
 * built-in server, desktop actions, path policy) and pass calls and events through unchanged.
 */
export class AppService implements AppServiceApi {
  readonly #options: AppServiceOptions;
  readonly #log: Logger;
  readonly #events: ServiceEvents;
  readonly #handlers: Handlers;
  /** Session changes run one after another; calls wait for the one under way. */
  #lifecycle: Promise<void> = Promise.resolve();
  #session: EngineSession | undefined;
  #sessionError: string | undefined;
  /** The engine's first scans: calls do not wait for them, `start()` does. */
  #starting: Promise<void> = Promise.resolve();
  #detach: (() => void) | undefined;
  #localServer: Promise<LocalServer> | undefined;
  #pausedUntil: number | undefined;

  constructor(options: AppServiceOptions) {
    this.#options = options;
    this.#log = options.log ?? console;
    this.#events = new ServiceEvents(this.#log);
    const context: ServiceContext = {
      session: () => this.#currentSession(),
      desktop: options.desktop,
      checkPath: (path) => {
        if (options.paths && !options.paths.allow(path)) throw new AppServiceError('forbidden', `the app was not given ${path}; pick it or drop it on the window`);
      },
      events: this.#events,
    };
    this.#handlers = {
      ...fileMethods(context),
      ...folderMethods(context),
      ...settingsMethods({
        store: options.settings,
        desktop: options.desktop,
        restartEngine: () => this.#replaceSession(),
        announce: (settings) => this.#events.emit({ type: 'settings', settings }),
      }),
      getSnapshot: () => this.#snapshot(),
      pause: async ({ minutes }) => {
        const { engine } = await this.#currentSession();
        engine.pause(minutes === undefined ? undefined : minutes * 60_000);
        this.#pausedUntil = minutes === undefined ? undefined : Date.now() + minutes * 60_000;
        return null;
      },
      resume: async () => {
        const { engine, blocked } = await this.#currentSession();
        if (blocked) throw new AppServiceError('memos', blocked);
        engine.resume();
        this.#pausedUntil = undefined;
        return null;
      },
      search: async ({ query, limit }) => {
        const { client, blocked } = await this.#currentSession();
        if (blocked) throw new AppServiceError('memos', blocked);
        return client.searchMemory({ query, ...(limit === undefined ? {} : { memory_limit_number: limit }) });
      },
      listActivity: async ({ text, limit }) => this.#events.activity.list({ text, limit }),
    };
  }

  /** Opens the engine on the target the settings name and waits for its first scans. */
  async start(): Promise<void> {
    await this.#replaceSession();
    await this.#starting;
  }

  /** Opens the engine again on the same target: the built-in server came back at another address. */
  reconnect(): Promise<void> {
    return this.#replaceSession();
  }

  async stop(): Promise<void> {
    await this.#lifecycle;
    await this.#closeSession();
    const server = this.#localServer;
    this.#localServer = undefined;
    await server?.then((running) => running.stop(), () => undefined);
  }

  call(method: string, params: unknown): Promise<CallOutcome> {
    return dispatch(this.#handlers, method, params, (text) => this.#redact(text), this.#log);
  }

  onEvent(listener: (event: AppEvent) => void): () => void {
    return this.#events.on(listener);
  }

  #redact(text: string): string {
    const key = this.#options.settings.apiKey();
    return key ? text.split(key).join('[redacted]') : text;
  }

  async #currentSession(): Promise<EngineSession> {
    await this.#lifecycle;
    if (!this.#session) throw new AppServiceError('internal', `the sync engine is not running: ${this.#sessionError ?? 'it has not started'}`);
    return this.#session;
  }

  #replaceSession(): Promise<void> {
    this.#lifecycle = this.#lifecycle.then(async () => {
      await this.#closeSession();
      await this.#openSession();
    });
    return this.#lifecycle;
  }

  async #closeSession(): Promise<void> {
    this.#detach?.();
    this.#detach = undefined;
    const session = this.#session;
    this.#session = undefined;
    this.#pausedUntil = undefined;
    await session?.close();
    await this.#starting;
  }

  async #openSession(): Promise<void> {
    const settings = this.#options.settings.load();
    let session: EngineSession;
    try {
      session = await openEngineSession({
        dataRoot: this.#options.dataRoot,
        settings,
        apiKey: this.#options.settings.apiKey(),
        localServer: () => (this.#localServer ??= this.#startLocalServer()),
        engine: this.#options.engine,
      });
    } catch (error) {
      this.#sessionError = this.#redact((error as Error).message);
      this.#log.error(`app service: could not open the sync engine: ${this.#sessionError}`);
      this.#events.setState('error', this.#sessionError);
      return;
    }
    const { engine } = session;
    this.#events.attach(session.blocked);
    const listener = (event: EngineEvent): void => this.#events.fromEngine(event, engine);
    engine.events.on('event', listener);
    this.#detach = () => engine.events.off('event', listener);
    this.#session = session;
    this.#sessionError = undefined;
    this.#events.setState(session.blocked ? 'paused' : engine.state);
    this.#events.announceFolders(engine);
    this.#starting = engine.start().catch((error: unknown) => {
      if (this.#session !== session) return;
      this.#log.error(`app service: the sync engine failed to start: ${(error as Error).message}`);
      this.#events.setState('error', this.#redact((error as Error).message));
    });
  }

  /** Started once, on first need, and kept across engine sessions; a failed start is tried again next time. */
  #startLocalServer(): Promise<LocalServer> {
    const starting = this.#options.server.start();
    starting.catch(() => {
      if (this.#localServer === starting) this.#localServer = undefined;
    });
    return starting;
  }

  async #snapshot(): Promise<MethodResult<'getSnapshot'>> {
    await this.#lifecycle;
    const session = this.#session;
    const settings = publicSettings(this.#options.settings);
    const desktop = this.#options.desktop !== undefined;
    const pausedUntil = this.#pausedUntil !== undefined && this.#pausedUntil > Date.now() ? this.#pausedUntil : undefined;
    return {
      engineState: this.#events.state,
      ...(this.#events.message ? { engineMessage: this.#events.message } : {}),
      stats: session ? toStats(session.engine.stats()) : NO_STATS,
      folders: session ? this.#events.folders(session.engine) : [],
      settings,
      capabilities: { pickFolder: desktop, revealFile: desktop, openFile: desktop, startAtLogin: desktop, shortcut: desktop },
      targetLabel: session?.targetLabel ?? labelFor(settings),
      ...(pausedUntil ? { pausedUntil } : {}),
    };
  }
}
