/** A folder-level watch problem in words a person can act on. */
export interface WatchProblem {
  message: string;
  /** What to do about it, when there is something to do. */
  fix?: string;
  /** The system error code, e.g. ENOSPC. */
  code?: string;
}

const errorCode = (error: unknown): string | undefined => (error as NodeJS.ErrnoException | undefined)?.code;

/** Errors meaning "the system will not give us more watchers": polling still works without them. */
export function isWatchLimitError(error: unknown): boolean {
  const code = errorCode(error);
  return code === 'ENOSPC' || code === 'EMFILE';
}

const INOTIFY_FIX =
  'Raise the limit: run `sudo sysctl fs.inotify.max_user_watches=524288`. To keep it after a restart, ' +
  'run `echo fs.inotify.max_user_watches=524288 | sudo tee /etc/sysctl.d/60-memos-sync.conf` and `sudo sysctl --system`. ' +
  'Then pause and resume the folder (or restart MemOS Sync) to watch it instantly again.';

function openFilesFix(platform: NodeJS.Platform): string {
  const then = 'Then pause and resume the folder (or restart MemOS Sync) to watch it instantly again.';
  if (platform === 'darwin') return `Raise the open-file limit, e.g. \`sudo launchctl limit maxfiles 65536 200000\`, or ignore large sub-folders of this folder. ${then}`;
  if (platform === 'win32') return `Close programs holding many files open, or ignore large sub-folders of this folder. ${then}`;
  return `Raise the open-file limit: \`ulimit -n 65536\` in the shell that starts MemOS Sync, or \`LimitNOFILE=65536\` in its systemd unit; or ignore large sub-folders of this folder. ${then}`;
}

/** The problem reported when a folder falls back to polling after hitting a watch limit. */
export function watchLimitProblem(error: unknown, pollingIntervalMs: number, platform: NodeJS.Platform = process.platform): WatchProblem {
  const seconds = pollingIntervalMs / 1000;
  const checked = `so this folder is now checked every ${seconds} s instead of instantly`;
  const code = errorCode(error);
  if (code === 'ENOSPC') {
    return {
      code,
      message: `The system limit on watched folders (inotify watches) was reached, ${checked}.`,
      fix: platform === 'linux' ? INOTIFY_FIX : 'Free some file watchers (close other sync or development tools), or ignore large sub-folders of this folder.',
    };
  }
  return { code, message: `The system limit on open files was reached while watching, ${checked}.`, fix: openFilesFix(platform) };
}

/** Any other watcher error: the folder keeps being watched, the person is told what failed. */
export function otherWatchProblem(error: unknown): WatchProblem {
  const code = errorCode(error);
  if (code === 'EACCES' || code === 'EPERM') {
    const where = (error as NodeJS.ErrnoException).path;
    return { code, message: `A part of this folder cannot be watched (permission denied${where ? `: ${where}` : ''}).`, fix: 'Give your user read access to it, or add it to the ignore rules.' };
  }
  return { code, message: `Watching this folder reported an error: ${(error as Error)?.message ?? String(error)}` };
}
