/**
 * What the app service needs from the host it runs in (the Electron main process or the web
 * host), as small interfaces the host implements. The service itself never knows which it is.
 */
import type { AppError, AppEvent, PublicSettings } from '../shared/app-api.ts';
import type { EngineOptions } from '../engine/sync-engine.ts';

/** Settings as stored: what the window sees, minus what is derived from the key store. */
export type StoredSettings = Omit<PublicSettings, 'hasApiKey' | 'keyStorage'>;
export type KeyStorage = PublicSettings['keyStorage'];

/** Where settings and the API key live: electron-store + safeStorage on the desktop, a JSON file + MEMOS_API_KEY headless. */
export interface SettingsStore {
  /** Never throws: a missing or corrupt store gives the defaults. */
  load(): StoredSettings;
  save(settings: StoredSettings): void;
  /** The key itself; stays in the process that runs the service. */
  apiKey(): string | undefined;
  /** `null` clears it. A store that cannot keep keys throws an AppServiceError with code `unsupported`. */
  setApiKey(key: string | null): void;
  keyStorage(): KeyStorage;
}

/** The built-in MemOS-compatible server, running on loopback with its own token. */
export interface LocalServer {
  baseUrl: string;
  token: string;
  stop(): Promise<void>;
}

/** Starts the built-in server: a child process headless, a utilityProcess on the desktop. */
export interface LocalServerLauncher {
  start(): Promise<LocalServer>;
}

/** What only a desktop can do. Absent in the web host: capabilities say false and the methods answer `unsupported`. */
export interface DesktopActions {
  /** The folder the person picked in a dialog, or null when they cancelled. */
  pickFolder(): Promise<string | null>;
  /** Shows the file in its folder (file manager). */
  revealPath(path: string): Promise<void>;
  /** Opens the file with its default application. */
  openPath(path: string): Promise<void>;
  setStartAtLogin(on: boolean): Promise<void>;
  /** Registers the global shortcut for the search window; false when the system refuses it (taken, malformed). */
  registerShortcut(accelerator: string): Promise<boolean>;
}

/**
 * Whether a path the window sent (addFolder, uploadOnce, previewRules) may be used. The desktop
 * allows only paths the person picked in a dialog or dropped; the web host allows what the token
 * holder typed. Absent means allowed. A refusal answers `forbidden`.
 */
export interface PathPolicy {
  allow(path: string): boolean;
}

export interface Logger {
  warn(message: string): void;
  error(message: string): void;
}

export interface AppServiceOptions {
  /** The app's data folder: ledgers (one per target and user) and dropped files live under it. */
  dataRoot: string;
  settings: SettingsStore;
  server: LocalServerLauncher;
  desktop?: DesktopActions;
  paths?: PathPolicy;
  /** Defaults to console. */
  log?: Logger;
  /** Engine tuning (tests shorten the settle time); concurrency and batch budget come from the settings. */
  engine?: Omit<Partial<EngineOptions>, 'ledgerFile' | 'client' | 'concurrency' | 'batchMaxBytes'>;
}

/** What a call answers: exactly one of a result (valid for the method's schema) or an AppError. */
export type CallOutcome = { result: unknown } | { error: AppError };

/** The app service as a host uses it; see AppService. */
export interface AppServiceApi {
  /** Starts the engine on the target the settings name. */
  start(): Promise<void>;
  /** Stops the engine and the built-in server, if this service started it. */
  stop(): Promise<void>;
  /** Never throws: unknown methods, bad params and failures come back as `{ error }`. */
  call(method: string, params: unknown): Promise<CallOutcome>;
  /** Every AppEvent, already valid for the schema. Returns a function that stops listening. */
  onEvent(listener: (event: AppEvent) => void): () => void;
}
