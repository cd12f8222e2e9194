import type { Stats } from 'node:fs';
import { realpath, stat } from 'node:fs/promises';

/** The folder itself cannot be read: nothing can be concluded about its files (they are not deleted). */
export class FolderUnavailableError extends Error {
  readonly code: string | undefined;
  constructor(message: string, code: string | undefined) {
    super(message);
    this.name = 'FolderUnavailableError';
    this.code = code;
  }
}

function unavailable(root: string, error: unknown): FolderUnavailableError {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return new FolderUnavailableError(`The folder ${root} does not exist (was it moved, renamed, or is its drive disconnected?).`, code);
  if (code === 'EACCES' || code === 'EPERM') return new FolderUnavailableError(`The folder ${root} cannot be read (permission denied).`, code);
  return new FolderUnavailableError(`The folder ${root} cannot be read: ${(error as Error).message}`, code);
}

/** Stats of the folder a person chose, or a FolderUnavailableError saying why it cannot be used. */
export async function folderRootStats(root: string): Promise<Stats> {
  let stats: Stats;
  try {
    stats = await stat(root);
  } catch (error) {
    throw unavailable(root, error);
  }
  if (!stats.isDirectory()) throw new FolderUnavailableError(`${root} is not a folder.`, 'ENOTDIR');
  return stats;
}

/** The folder's real path (links resolved), or a FolderUnavailableError. */
export async function folderRealPath(root: string): Promise<string> {
  await folderRootStats(root);
  try {
    return await realpath(root);
  } catch (error) {
    throw unavailable(root, error);
  }
}
