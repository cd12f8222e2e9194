import type { FolderSettings } from '../shared/folder-settings.ts';
import type { FolderStatus } from './engine-events.ts';
import { folderFilter } from './folders/candidates.ts';
import type { ObservedFile } from './ledger/file-ledger.ts';
import { FolderWatcher } from './watch/folder-watcher.ts';
import { FolderUnavailableError, scanFolder } from './watch/scanner.ts';

export interface FolderRuntimeCallbacks {
  onFiles: (files: ObservedFile[]) => void;
  onRemoved: (relativePath: string) => void;
  /** A full scan ended: `seen` is every candidate file; files under `unreadableDirectories` are unknown, not gone. */
  onScanned: (seen: ReadonlySet<string>, unreadableDirectories: readonly string[]) => void;
  onStatus: (status: { status: FolderStatus; message?: string; fix?: string; mode?: 'native' | 'polling' }) => void;
}

export interface FolderRuntimeTiming {
  settleMs?: number;
  /** The slow safety rescan behind the watcher; default 15 minutes. */
  rescanIntervalMs?: number;
}

const SCAN_BATCH = 500;
const DEFAULT_RESCAN_MS = 15 * 60_000;

/**
 * One folder at run time: a watcher for changes as they happen, a scan at start for what
 * changed while nobody watched, and a slow periodic rescan for what the watcher missed.
 */
export class FolderRuntime {
  readonly ready: Promise<void>;
  readonly #settings: FolderSettings;
  readonly #callbacks: FolderRuntimeCallbacks;
  readonly #watcher: FolderWatcher;
  readonly #rescanMs: number;
  readonly #stop = new AbortController();
  #markReady: () => void = () => undefined;
  #scanning: Promise<void> | undefined;
  /** A rescan was asked for during a scan that may already have passed the change: one more follows. */
  #scanAgain = false;
  #timer: NodeJS.Timeout | undefined;

  constructor(settings: FolderSettings, timing: FolderRuntimeTiming, callbacks: FolderRuntimeCallbacks) {
    this.#settings = settings;
    this.#callbacks = callbacks;
    this.#rescanMs = timing.rescanIntervalMs ?? DEFAULT_RESCAN_MS;
    this.ready = new Promise((resolve) => (this.#markReady = resolve));
    const filter = folderFilter(settings);
    this.#watcher = new FolderWatcher(settings, { filter, ...(timing.settleMs === undefined ? {} : { stabilityThresholdMs: timing.settleMs }) });
    this.#watcher.on('file-settled', (file) => callbacks.onFiles([file]));
    this.#watcher.on('file-removed', ({ relativePath }) => callbacks.onRemoved(relativePath));
    this.#watcher.on('problem', (problem) => callbacks.onStatus({ status: 'error', message: problem.message, ...(problem.fix ? { fix: problem.fix } : {}) }));
    this.#watcher.on('mode', ({ mode }) => callbacks.onStatus({ status: this.#idleStatus(), mode }));
    this.#watcher.on('rescan-needed', () => void this.rescan());
  }

  /** Watches first, so nothing written during the first scan is missed, then scans. */
  async start(): Promise<void> {
    try {
      await this.#watcher.start();
    } catch (error) {
      this.#callbacks.onStatus({ status: 'error', message: `cannot watch ${this.#settings.path}: ${(error as Error).message}` });
    }
    await this.rescan();
    this.#markReady();
    this.#schedule();
  }

  async stop(): Promise<void> {
    this.#stop.abort();
    clearTimeout(this.#timer);
    await this.#watcher.close();
    await this.#scanning?.catch(() => undefined);
    this.#markReady();
  }

  /** Reconciles the ledger with the folder; asked during a scan, one more scan follows it (never more than one). */
  rescan(): Promise<void> {
    if (this.#scanning) {
      this.#scanAgain = true;
      return this.#scanning;
    }
    const scanning = (async () => {
      do {
        this.#scanAgain = false;
        await this.#scan();
      } while (this.#scanAgain && !this.#stop.signal.aborted);
    })();
    this.#scanning = scanning.finally(() => (this.#scanning = undefined));
    return this.#scanning;
  }

  #idleStatus(): FolderStatus {
    return this.#settings.paused ? 'paused' : 'watching';
  }

  #schedule(): void {
    if (this.#stop.signal.aborted) return;
    this.#timer = setTimeout(() => void this.rescan().then(() => this.#schedule()), this.#rescanMs);
    this.#timer.unref();
  }

  async #scan(): Promise<void> {
    this.#callbacks.onStatus({ status: 'scanning' });
    const seen = new Set<string>();
    const unreadable: string[] = [];
    let pending: ObservedFile[] = [];
    const flush = (): void => {
      if (pending.length > 0) this.#callbacks.onFiles(pending);
      pending = [];
    };
    try {
      for await (const file of scanFolder(this.#settings, {
        signal: this.#stop.signal,
        onProblem: (relativePath, message, problem) => {
          if (problem.kind === 'unreadable' && problem.isDirectory) unreadable.push(relativePath);
          if (problem.kind !== 'vanished') this.#callbacks.onStatus({ status: this.#idleStatus(), message });
        },
      })) {
        seen.add(file.relativePath);
        pending.push({ relativePath: file.relativePath, size: file.size, mtimeMs: file.mtimeMs });
        if (pending.length >= SCAN_BATCH) flush();
      }
      flush();
      if (this.#stop.signal.aborted) return;
      this.#callbacks.onScanned(seen, unreadable);
      this.#callbacks.onStatus({ status: this.#idleStatus(), mode: this.#watcher.mode });
    } catch (error) {
      if (this.#stop.signal.aborted) return;
      const message = error instanceof FolderUnavailableError ? error.message : `the scan of ${this.#settings.path} failed: ${(error as Error).message}`;
      this.#callbacks.onStatus({ status: 'error', message });
    }
  }
}
