import { EventEmitter } from 'node:events';
import type { Stats } from 'node:fs';
import { realpathSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { dirname, resolve, sep } from 'node:path';
import { type ChokidarOptions, type FSWatcher, watch } from 'chokidar';
import type { FolderSettings } from '../../shared/folder-settings.ts';
import { type FolderFilter, folderFilter } from '../folders/candidates.ts';
import { folderRealPath } from './folder-root.ts';
import { scanFolder } from './scanner.ts';
import { isWatchLimitError, otherWatchProblem, type WatchProblem, watchLimitProblem } from './watch-problems.ts';

export type { WatchProblem } from './watch-problems.ts';
export type WatchMode = 'native' | 'polling';

export interface FileSettled {
  /** Folder-relative, `/` separators. */
  relativePath: string;
  size: number;
  mtimeMs: number;
}

export interface FolderWatcherEvents {
  /** A candidate file was added or changed and its writes have settled. */
  'file-settled': [FileSettled];
  'file-removed': [{ relativePath: string }];
  problem: [WatchProblem];
  mode: [{ mode: WatchMode }];
  /** Changes may have been missed (the watcher was replaced): reconcile the folder with a scan. */
  'rescan-needed': [{ reason: string }];
}

export type WatcherFactory = (root: string, options: ChokidarOptions) => FSWatcher;

export interface FolderWatcherOptions {
  /** How long a file's size must stay unchanged before it counts as written. Modest, for the 1.5 s upload latency target. */
  stabilityThresholdMs?: number;
  /** How often a file being written is checked for that. */
  settlePollIntervalMs?: number;
  /** Stat interval once the folder is polled instead of watched natively. */
  pollingIntervalMs?: number;
  /** Start in polling mode (network drives, or to test the fallback). */
  forcePolling?: boolean;
  /** Replaces chokidar's `watch` (called once per directory), for tests. */
  createWatcher?: WatcherFactory;
  /** Defaults to the folder's own filter; pass one to share it with the scanner. */
  filter?: FolderFilter;
}

export type WatchSettings = Pick<FolderSettings, 'path' | 'types' | 'ignore' | 'followSymlinks'>;

const DEFAULTS = { stabilityThresholdMs: 500, settlePollIntervalMs: 100, pollingIntervalMs: 1000 };
/**
 * Directories whose watchers start at once. chokidar reads and stats a directory's entries as
 * its watcher starts; left to recurse on its own it starts every directory of a tree at once,
 * which for 100,000 files holds hundreds of MB. A few at a time keep memory flat.
 */
const DIRECTORIES_AT_ONCE = 2;

/**
 * chokidar's close() drops every listener, yet operations still in flight may emit 'error';
 * an EventEmitter without an error listener throws that, which would crash the app.
 */
function closeQuietly(watcher: FSWatcher): Promise<void> {
  const closing = watcher.close();
  watcher.on('error', () => {});
  return closing;
}

/** Chokidar joins paths natively; on Windows compare with `/` everywhere. */
const toSlashes = sep === '\\' ? (path: string): string => path.replaceAll('\\', '/') : (path: string): string => path;

/**
 * Whether the link at `path` leads back to a folder it sits in (seen through any links followed
 * on the way), which chokidar would follow forever. Only asked for links, which are rare, so
 * synchronous calls are acceptable here. The scan reports such loops; the watcher just skips them.
 */
function pointsToEnclosingFolder(root: string, path: string): boolean {
  let target: string;
  try {
    target = realpathSync.native(path);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ELOOP';
  }
  for (let folder = dirname(path); ; folder = dirname(folder)) {
    try {
      if (realpathSync.native(folder) === target) return true;
    } catch {
      return false;
    }
    if (toSlashes(folder) === root || dirname(folder) === folder) return false;
  }
}

/**
 * Watches one folder with chokidar, one watcher per directory (depth 0) opened by a bounded walk:
 * ignored directories are never entered, files of other types are never watched, and a file is
 * reported only once its writes settle. A directory that appears later is walked the same way
 * and its files reported; one that disappears asks for a rescan, which records its files as
 * deleted. When the system runs out of watchers (ENOSPC, EMFILE) the folder is re-watched by
 * polling and a problem with the fix is emitted: the folder never goes silent.
 */
export class FolderWatcher extends EventEmitter<FolderWatcherEvents> {
  readonly #settings: WatchSettings;
  readonly #options: Required<Omit<FolderWatcherOptions, 'filter'>>;
  readonly #filter: FolderFilter;
  #root = '';
  /** By folder-relative directory ('' is the folder itself). */
  readonly #watchers = new Map<string, FSWatcher>();
  /** Ends the wait for a watcher's 'ready', for watchers closed before they got there. */
  readonly #readyWaits = new Map<FSWatcher, () => void>();
  #mode: WatchMode = 'native';
  #fallback: Promise<void> | undefined;
  #closed = false;

  constructor(settings: WatchSettings, options: FolderWatcherOptions = {}) {
    super();
    this.#settings = settings;
    this.#filter = options.filter ?? folderFilter(settings);
    this.#options = {
      stabilityThresholdMs: options.stabilityThresholdMs ?? DEFAULTS.stabilityThresholdMs,
      settlePollIntervalMs: options.settlePollIntervalMs ?? DEFAULTS.settlePollIntervalMs,
      pollingIntervalMs: options.pollingIntervalMs ?? DEFAULTS.pollingIntervalMs,
      forcePolling: options.forcePolling ?? false,
      createWatcher: options.createWatcher ?? watch,
    };
  }

  get mode(): WatchMode {
    return this.#mode;
  }

  /** Resolves when the folder is watched (also after a fallback to polling during start); rejects with FolderUnavailableError. */
  async start(): Promise<void> {
    // The real path: chokidar would take a folder that is a symbolic link for a single link.
    this.#root = toSlashes(await folderRealPath(resolve(this.#settings.path)));
    if (this.#closed) return;
    this.#mode = this.#options.forcePolling ? 'polling' : 'native';
    this.emit('mode', { mode: this.#mode });
    await this.#watchTree('', { reportFiles: false });
    await this.#fallback;
  }

  async close(): Promise<void> {
    this.#closed = true;
    await this.#closeWatchers(() => true);
  }

  /**
   * Opens a watcher for every directory at and below `from` that the rules keep, each before it
   * is read; `reportFiles` reports the candidate files found, for a directory that appeared.
   */
  async #watchTree(from: string, { reportFiles }: { reportFiles: boolean }): Promise<void> {
    const files = scanFolder(this.#settings, {
      filter: this.#filter,
      from,
      directoryConcurrency: DIRECTORIES_AT_ONCE,
      onDirectory: (relativePath) => this.#watchDirectory(relativePath),
    });
    for await (const file of files) {
      if (this.#closed) return;
      if (reportFiles) this.emit('file-settled', { relativePath: file.relativePath, size: file.size, mtimeMs: file.mtimeMs });
    }
  }

  async #watchDirectory(relativeDir: string): Promise<void> {
    if (this.#closed || this.#watchers.has(relativeDir)) return;
    const polling = this.#mode === 'polling';
    const watcher = this.#options.createWatcher(relativeDir === '' ? this.#root : `${this.#root}/${relativeDir}`, {
      depth: 0,
      ignored: (path, stats) => this.#ignored(path, stats),
      ignoreInitial: true,
      followSymlinks: this.#settings.followSymlinks,
      awaitWriteFinish: { stabilityThreshold: this.#options.stabilityThresholdMs, pollInterval: this.#options.settlePollIntervalMs },
      // Editors that save by writing a temp file and renaming it produce a change, not unlink + add.
      atomic: !polling,
      usePolling: polling,
      interval: this.#options.pollingIntervalMs,
      binaryInterval: this.#options.pollingIntervalMs,
      ignorePermissionErrors: false,
    });
    this.#watchers.set(relativeDir, watcher);
    const ready = this.#whenReady(watcher);
    watcher.on('add', (path, stats) => void this.#settled(path, stats));
    watcher.on('change', (path, stats) => void this.#settled(path, stats));
    watcher.on('unlink', (path) => {
      const relativePath = this.#relative(path);
      if (relativePath) this.emit('file-removed', { relativePath });
    });
    watcher.on('addDir', (path) => void this.#directoryAdded(path));
    watcher.on('unlinkDir', (path) => void this.#directoryRemoved(path));
    watcher.on('error', (error) => this.#onError(watcher, error));
    await ready;
  }

  #whenReady(watcher: FSWatcher): Promise<void> {
    return new Promise((resolveReady) => {
      const release = (): void => {
        this.#readyWaits.delete(watcher);
        resolveReady();
      };
      this.#readyWaits.set(watcher, release);
      watcher.once('ready', release);
    });
  }

  async #closeWatchers(which: (relativeDir: string) => boolean): Promise<void> {
    const closing: FSWatcher[] = [];
    for (const [relativeDir, watcher] of this.#watchers) {
      if (!which(relativeDir)) continue;
      this.#watchers.delete(relativeDir);
      this.#readyWaits.get(watcher)?.();
      closing.push(watcher);
    }
    await Promise.all(closing.map(closeQuietly));
  }

  async #directoryAdded(path: string): Promise<void> {
    const relativeDir = this.#relative(path);
    if (!relativeDir || this.#closed || this.#watchers.has(relativeDir)) return;
    if (this.#settings.followSymlinks && pointsToEnclosingFolder(this.#root, path)) return;
    try {
      await this.#watchTree(relativeDir, { reportFiles: true });
    } catch {
      // Gone again already; the watcher of its parent reports that.
    }
  }

  async #directoryRemoved(path: string): Promise<void> {
    const relativeDir = this.#relative(path);
    if (!relativeDir || this.#closed) return;
    await this.#closeWatchers((watched) => watched === relativeDir || watched.startsWith(`${relativeDir}/`));
    if (!this.#closed) this.emit('rescan-needed', { reason: `The folder ${relativeDir} was removed or moved away; its files are looked for again.` });
  }

  #onError(watcher: FSWatcher, error: unknown): void {
    if (this.#closed || ![...this.#watchers.values()].includes(watcher)) return;
    if (this.#mode === 'native' && isWatchLimitError(error)) {
      this.#fallback ??= this.#fallBackToPolling(error);
      return;
    }
    this.emit('problem', otherWatchProblem(error));
  }

  async #fallBackToPolling(error: unknown): Promise<void> {
    this.#mode = 'polling';
    this.emit('mode', { mode: 'polling' });
    this.emit('problem', watchLimitProblem(error, this.#options.pollingIntervalMs));
    await this.#closeWatchers(() => true);
    await this.#watchTree('', { reportFiles: false });
    if (!this.#closed) this.emit('rescan-needed', { reason: 'The folder switched to polling; changes made during the switch may have been missed.' });
  }

  async #settled(path: string, stats: Stats | undefined): Promise<void> {
    const relativePath = this.#relative(path);
    if (!relativePath) return;
    let info = stats;
    if (!info) {
      try {
        info = await stat(path);
      } catch {
        return; // gone again before it could be reported; its unlink follows
      }
    }
    if (!this.#closed && info.isFile()) this.emit('file-settled', { relativePath, size: info.size, mtimeMs: info.mtimeMs });
  }

  /** Folder-relative path with `/`; '' for the folder itself, undefined outside it. */
  #relative(path: string): string | undefined {
    const normalized = toSlashes(path);
    if (normalized === this.#root) return '';
    const prefix = this.#root.endsWith('/') ? this.#root : `${this.#root}/`;
    return normalized.startsWith(prefix) ? normalized.slice(prefix.length) : undefined;
  }

  /** chokidar asks first without stats (type unknown), then with them. */
  #ignored(path: string, stats: Stats | undefined): boolean {
    const relativePath = this.#relative(path);
    if (!relativePath) return false;
    if (stats?.isSymbolicLink()) return !this.#settings.followSymlinks || pointsToEnclosingFolder(this.#root, path);
    if (stats?.isDirectory()) return this.#filter.skipsDirectory(relativePath);
    if (stats?.isFile()) return !this.#filter.acceptsFile(relativePath);
    if (stats) return true;
    return !this.#filter.acceptsFile(relativePath) && this.#filter.skipsDirectory(relativePath);
  }
}
