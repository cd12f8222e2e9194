import type { Dirent, Stats } from 'node:fs';
import { lstat, opendir, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { FolderSettings } from '../../shared/folder-settings.ts';
import { type FolderFilter, folderFilter } from '../folders/candidates.ts';
import { AsyncChannel } from './async-channel.ts';
import { folderRootStats } from './folder-root.ts';

export { FolderUnavailableError } from './folder-root.ts';

export interface ScannedFile {
  /** Folder-relative, `/` separators. */
  relativePath: string;
  absolutePath: string;
  size: number;
  mtimeMs: number;
  ino?: number;
  dev?: number;
}

export type ScanProblemKind = 'unreadable' | 'vanished' | 'symlink-loop' | 'broken-symlink';

/** Something the scan had to skip; the files under an unreadable folder are unknown, not deleted. */
export interface ScanProblem {
  relativePath: string;
  /** A sentence a person can read. */
  message: string;
  kind: ScanProblemKind;
  isDirectory: boolean;
}

export interface ScanOptions {
  signal?: AbortSignal;
  onProblem?: (relativePath: string, message: string, problem: ScanProblem) => void;
  /** Directories read at the same time. */
  directoryConcurrency?: number;
  /** Defaults to the folder's own filter; pass one to share it with a watcher. */
  filter?: FolderFilter;
  /** A folder-relative directory to walk instead of the whole folder; paths stay relative to the folder. */
  from?: string;
  /** Awaited before each directory is read, so a watcher opened here misses nothing the read does not see. */
  onDirectory?: (relativePath: string, absolutePath: string) => Promise<void>;
}

export type ScanSettings = Pick<FolderSettings, 'path' | 'types' | 'ignore' | 'followSymlinks'>;

/** Directories on the way from the root, by device and inode, to recognise a symbolic link pointing back up. */
interface Ancestry {
  key: string;
  relativePath: string;
  parent: Ancestry | undefined;
}

interface PendingDirectory {
  relativePath: string;
  absolutePath: string;
  ancestry: Ancestry | undefined;
}

const BUFFERED_FILES = 256;
const errorCode = (error: unknown): string | undefined => (error as NodeJS.ErrnoException | undefined)?.code;
const identity = (stats: Stats): string => `${stats.dev}:${stats.ino}`;
const childPath = (parent: string, name: string): string => (parent === '' ? name : `${parent}/${name}`);

function findAncestor(ancestry: Ancestry | undefined, key: string): Ancestry | undefined {
  for (let node = ancestry; node; node = node.parent) if (node.key === key) return node;
  return undefined;
}

function describeDirectoryError(error: unknown): { kind: ScanProblemKind; message: string } {
  const code = errorCode(error);
  if (code === 'EACCES' || code === 'EPERM') {
    return { kind: 'unreadable', message: 'This folder cannot be read (permission denied), so its files are not synced. Give your user read access to it.' };
  }
  if (code === 'ENOENT' || code === 'ENOTDIR') return { kind: 'vanished', message: 'This folder disappeared while it was being scanned.' };
  return { kind: 'unreadable', message: `This folder could not be read: ${(error as Error).message}` };
}

/**
 * Walks a folder and yields its candidate files with their size and modification time. Ignored
 * directories are pruned before they are opened; only a bounded number of directories are read
 * at once and at most a few hundred found files wait for the consumer, so memory stays flat.
 * Symbolic links are skipped unless `followSymlinks`, and then a link back to an enclosing
 * directory is reported as a loop instead of followed. Problems are reported and skipped; the
 * scan goes on. Throws FolderUnavailableError when the folder itself cannot be read.
 */
export async function* scanFolder(settings: ScanSettings, options: ScanOptions = {}): AsyncGenerator<ScannedFile> {
  const { signal, onProblem } = options;
  signal?.throwIfAborted();
  const start = options.from ? join(resolve(settings.path), ...options.from.split('/')) : resolve(settings.path);
  const rootInfo = await folderRootStats(start);
  const filter = options.filter ?? folderFilter(settings);
  const follow = settings.followSymlinks;
  const concurrency = Math.max(1, options.directoryConcurrency ?? 4);
  const channel = new AsyncChannel<ScannedFile>(BUFFERED_FILES);
  const pending: PendingDirectory[] = [];
  let active = 0;

  const report = (relativePath: string, kind: ScanProblemKind, message: string, isDirectory: boolean): void => {
    onProblem?.(relativePath, message, { relativePath, message, kind, isDirectory });
  };

  const emitFile = (relativePath: string, absolutePath: string, stats: Stats): Promise<boolean> =>
    channel.push({ relativePath, absolutePath, size: stats.size, mtimeMs: stats.mtimeMs, ino: stats.ino, dev: stats.dev });

  const enqueueDirectory = (relativePath: string, absolutePath: string, parent: PendingDirectory, stats: Stats | undefined): void => {
    if (filter.skipsDirectory(relativePath)) return;
    let ancestry = parent.ancestry;
    if (follow && stats) {
      const key = identity(stats);
      const ancestor = findAncestor(ancestry, key);
      if (ancestor) {
        const target = ancestor.relativePath === '' ? 'the synced folder itself' : `its enclosing folder "${ancestor.relativePath}"`;
        report(relativePath, 'symlink-loop', `This symbolic link points back to ${target}; it is not followed, as that would never end.`, true);
        return;
      }
      ancestry = { key, relativePath, parent: ancestry };
    }
    pending.push({ relativePath, absolutePath, ancestry });
  };

  /** Looks at a link or an entry of unknown type; links are followed only when following is on. */
  const handleOther = async (relativePath: string, absolutePath: string, directory: PendingDirectory): Promise<boolean> => {
    let own: Stats;
    let target: Stats;
    try {
      own = await lstat(absolutePath);
    } catch {
      return true; // gone already: nothing to sync, nothing to say
    }
    if (own.isSymbolicLink() && !follow) return true;
    try {
      target = own.isSymbolicLink() ? await stat(absolutePath) : own;
    } catch (error) {
      const code = errorCode(error);
      // Only a name that would be synced is worth a word.
      if ((code === 'ENOENT' || code === 'ELOOP') && filter.acceptsFile(relativePath)) {
        report(relativePath, 'broken-symlink', 'This symbolic link points to something that does not exist.', false);
      } else if (code !== 'ENOENT' && code !== 'ELOOP') {
        report(relativePath, 'unreadable', `This symbolic link could not be followed: ${(error as Error).message}`, false);
      }
      return true;
    }
    if (target.isDirectory()) enqueueDirectory(relativePath, absolutePath, directory, target);
    else if (target.isFile() && filter.acceptsFile(relativePath)) return emitFile(relativePath, absolutePath, target);
    return true;
  };

  const handleFile = async (relativePath: string, absolutePath: string): Promise<boolean> => {
    if (!filter.acceptsFile(relativePath)) return true;
    let stats: Stats;
    try {
      stats = await stat(absolutePath);
    } catch (error) {
      const code = errorCode(error);
      if (code === 'ENOENT') report(relativePath, 'vanished', 'This file disappeared while the folder was being scanned.', false);
      else report(relativePath, 'unreadable', code === 'EACCES' ? 'This file cannot be read (permission denied).' : `This file could not be read: ${(error as Error).message}`, false);
      return true;
    }
    return stats.isFile() ? emitFile(relativePath, absolutePath, stats) : true;
  };

  const readDirectory = async (directory: PendingDirectory): Promise<void> => {
    await options.onDirectory?.(directory.relativePath, directory.absolutePath);
    if (channel.closed) return;
    let entries;
    try {
      entries = await opendir(directory.absolutePath, { bufferSize: 64 });
    } catch (error) {
      const problem = describeDirectoryError(error);
      report(directory.relativePath, problem.kind, problem.message, true);
      return;
    }
    try {
      for await (const entry of entries) {
        if (channel.closed) return;
        const relativePath = childPath(directory.relativePath, entry.name);
        const absolutePath = join(directory.absolutePath, entry.name);
        let keepGoing = true;
        if (entry.isFile()) keepGoing = await handleFile(relativePath, absolutePath);
        else if (entry.isDirectory()) {
          // Skipped folders are not even stat'ed; their identity only matters for following links.
          if (!filter.skipsDirectory(relativePath)) enqueueDirectory(relativePath, absolutePath, directory, follow ? await statOrUndefined(absolutePath) : undefined);
        }
        else if (entry.isSymbolicLink() ? follow : isUnknownType(entry)) keepGoing = await handleOther(relativePath, absolutePath, directory);
        if (!keepGoing) return;
        schedule();
      }
    } catch (error) {
      const problem = describeDirectoryError(error);
      report(directory.relativePath, problem.kind, problem.message, true);
    }
  };

  const schedule = (): void => {
    while (active < concurrency && pending.length > 0 && !channel.closed) {
      const directory = pending.pop() as PendingDirectory;
      active++;
      readDirectory(directory)
        .catch((error: unknown) => channel.fail(error))
        .finally(() => {
          active--;
          if (active === 0 && pending.length === 0) channel.close();
          else schedule();
        });
    }
  };

  const onAbort = (): void => channel.fail(signal?.reason);
  signal?.addEventListener('abort', onAbort, { once: true });
  const startPath = options.from ?? '';
  const rootKey = follow ? { key: identity(rootInfo), relativePath: startPath, parent: undefined } : undefined;
  pending.push({ relativePath: startPath, absolutePath: start, ancestry: rootKey });
  try {
    schedule();
    yield* channel;
  } finally {
    signal?.removeEventListener('abort', onAbort);
    // The consumer stopped early or failed: walkers see the closed channel and stop.
    channel.close();
  }
}

/** Some file systems do not report entry types; those entries are looked at with lstat. */
function isUnknownType(entry: Dirent): boolean {
  return !(entry.isFile() || entry.isDirectory() || entry.isSymbolicLink() || entry.isFIFO() || entry.isSocket() || entry.isBlockDevice() || entry.isCharacterDevice());
}

/** A directory that vanished before its identity was read is still queued: opening it reports the problem. */
async function statOrUndefined(path: string): Promise<Stats | undefined> {
  try {
    return await stat(path);
  } catch {
    return undefined;
  }
}
