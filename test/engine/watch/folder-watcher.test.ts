import { appendFile, mkdir, mkdtemp, open, rename, rm, symlink, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { type ChokidarOptions, type FSWatcher, watch } from 'chokidar';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type FileSettled, FolderWatcher, type FolderWatcherOptions, type WatchMode, type WatchProblem } from '../../../src/engine/watch/folder-watcher.ts';
import { SYNC_FILE_TYPES } from '../../../src/shared/folder-settings.ts';

let root: string;
let watcher: FolderWatcher | undefined;

interface Recorded {
  settled: FileSettled[];
  removed: string[];
  problems: WatchProblem[];
  modes: WatchMode[];
  rescans: number;
}

/** Waits for `condition` by polling, bounded so a broken watcher fails the test instead of hanging it. */
async function until(condition: () => boolean, what: string, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

const pause = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

async function put(relativePath: string, content = 'x'): Promise<void> {
  const path = join(root, relativePath);
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, content);
}

async function startWatcher(options: FolderWatcherOptions = {}, ignore: string[] = [], followSymlinks = false): Promise<Recorded> {
  const recorded: Recorded = { settled: [], removed: [], problems: [], modes: [], rescans: 0 };
  watcher = new FolderWatcher({ path: root, types: SYNC_FILE_TYPES, ignore, followSymlinks }, { stabilityThresholdMs: 300, ...options });
  watcher.on('file-settled', (event) => recorded.settled.push(event));
  watcher.on('file-removed', ({ relativePath }) => recorded.removed.push(relativePath));
  watcher.on('problem', (problem) => recorded.problems.push(problem));
  watcher.on('mode', ({ mode }) => recorded.modes.push(mode));
  watcher.on('rescan-needed', () => recorded.rescans++);
  await watcher.start();
  return recorded;
}

/** Writes a marker file and waits until it settles: every earlier event has been delivered by then. */
async function drain(recorded: Recorded, name = `marker-${Date.now()}.txt`): Promise<void> {
  await put(name);
  await until(() => recorded.settled.some((event) => event.relativePath === name), `${name} to settle`);
}

const settledPaths = (recorded: Recorded): string[] => recorded.settled.map((event) => event.relativePath).filter((path) => !path.startsWith('marker-'));

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'watch-'));
});

afterEach(async () => {
  await watcher?.close();
  watcher = undefined;
  await rm(root, { recursive: true, force: true });
});

describe('FolderWatcher', () => {
  it('reports a file written in several chunks once, after its writes settle', async () => {
    const recorded = await startWatcher({ stabilityThresholdMs: 1500 });
    const handle = await open(join(root, 'slow 报告.pdf'), 'w');
    for (let chunk = 0; chunk < 5; chunk++) {
      await handle.write(Buffer.alloc(1000, chunk));
      await pause(50);
    }
    await handle.close();
    await until(() => recorded.settled.length > 0, 'the file to settle');
    await drain(recorded);
    expect(settledPaths(recorded)).toEqual(['slow 报告.pdf']);
    expect(recorded.settled[0]).toMatchObject({ relativePath: 'slow 报告.pdf', size: 5000 });
    expect(recorded.modes).toEqual(['native']);
  });

  it('reports changes and removals of files that existed before it started', async () => {
    await put('docs/old.md', 'one');
    await put('docs/gone.txt', 'bye');
    const recorded = await startWatcher();
    await appendFile(join(root, 'docs/old.md'), ' two');
    await unlink(join(root, 'docs/gone.txt'));
    await until(() => recorded.settled.length > 0 && recorded.removed.length > 0, 'change and removal');
    expect(recorded.settled).toMatchObject([{ relativePath: 'docs/old.md', size: 7 }]);
    expect(recorded.removed).toEqual(['docs/gone.txt']);
  });

  it('stays silent about ignored folders, ignored names and other types, and never watches ignored folders', async () => {
    await put('node_modules/pkg/README.md');
    await put('drafts/a.pdf');
    const chokidars: FSWatcher[] = [];
    const recorded = await startWatcher(
      {
        createWatcher: (path: string, options: ChokidarOptions) => {
          const instance = watch(path, options);
          chokidars.push(instance);
          return instance;
        },
      },
      ['drafts/'],
    );
    await put('node_modules/pkg/CHANGELOG.md');
    await put('drafts/b.pdf');
    await put('script.js');
    await put('data.json');
    await put('~$report.docx');
    await put('download.pdf.crdownload');
    await put('real.docx');
    await drain(recorded);
    expect(settledPaths(recorded)).toEqual(['real.docx']);
    const watched = chokidars.map((instance) => instance.getWatched());
    expect(watched.flatMap((byDirectory) => Object.keys(byDirectory)).filter((path) => /node_modules|drafts/.test(path))).toEqual([]);
    const watchedFiles = watched.flatMap((byDirectory) => Object.values(byDirectory).flat());
    expect(watchedFiles).not.toContain('script.js');
    expect(watchedFiles).toContain('real.docx');
  });

  it('watches folders made after it started, and reports files of a folder moved in', async () => {
    const outside = await mkdtemp(join(tmpdir(), 'watch-moved-'));
    try {
      await mkdir(join(outside, 'album/2024'), { recursive: true });
      await writeFile(join(outside, 'album/2024/photo.png'), 'png');
      await writeFile(join(outside, 'album/notes.md'), 'notes');
      const recorded = await startWatcher();
      await put('new/deep/er/report.pdf', 'made later');
      await rename(join(outside, 'album'), join(root, 'album'));
      // A file may be reported twice (by the walk of a new folder and by its watcher): reporting is idempotent.
      const distinct = (): string[] => [...new Set(settledPaths(recorded))].sort();
      await until(() => distinct().length === 3, 'the files of both folders');
      await put('album/2024/later.docx', 'written into the moved folder');
      await drain(recorded);
      expect(distinct()).toEqual(['album/2024/later.docx', 'album/2024/photo.png', 'album/notes.md', 'new/deep/er/report.pdf']);
    } finally {
      await rm(outside, { recursive: true, force: true });
    }
  });

  it('asks for a rescan when a folder is removed, so its files are recorded as deleted', async () => {
    await put('old/inner/a.pdf');
    const recorded = await startWatcher();
    await rm(join(root, 'old'), { recursive: true });
    await until(() => recorded.rescans > 0, 'a rescan request');
    await drain(recorded);
    expect(recorded.problems).toEqual([]);
  });

  it('does not follow symbolic links unless told to', async () => {
    await put('elsewhere/target.pdf');
    const recorded = await startWatcher({}, ['elsewhere/']);
    await symlink(join(root, 'elsewhere/target.pdf'), join(root, 'link.pdf'));
    await drain(recorded);
    expect(settledPaths(recorded)).toEqual([]);
  });

  it('follows links when told to, and a loop back to an enclosing folder neither hangs it nor repeats files', async () => {
    const outside = await mkdtemp(join(tmpdir(), 'watch-outside-'));
    try {
      await put('a/existing.pdf');
      await symlink('..', join(root, 'a/up'));
      await symlink('.', join(root, 'a/self'));
      await symlink(outside, join(root, 'linked'));
      // Out through one link and back in through another: a loop only the whole chain shows.
      await symlink(root, join(outside, 'home'));
      const recorded = await startWatcher({}, [], true);
      await put('a/new.pdf');
      await writeFile(join(outside, 'shared.md'), 'via link');
      await until(() => settledPaths(recorded).includes('linked/shared.md'), 'the file behind the link');
      await drain(recorded);
      expect(settledPaths(recorded).sort()).toEqual(['a/new.pdf', 'linked/shared.md']);
    } finally {
      await rm(outside, { recursive: true, force: true });
    }
  });

  it('falls back to polling after the inotify limit is hit, tells how to fix it, and keeps reporting files', async () => {
    let created = 0;
    const recorded = await startWatcher({
      pollingIntervalMs: 100,
      createWatcher: (path: string, options: ChokidarOptions) => {
        const instance = watch(path, options);
        // The first (native) watcher runs out of inotify watches while it sets up.
        if (created++ === 0) {
          const limit = Object.assign(new Error('ENOSPC: System limit for number of file watchers reached'), { code: 'ENOSPC' });
          process.nextTick(() => instance.emit('error', limit));
        }
        return instance;
      },
    });
    expect(watcher?.mode).toBe('polling');
    expect(recorded.modes).toEqual(['native', 'polling']);
    expect(recorded.problems).toHaveLength(1);
    expect(recorded.problems[0]).toMatchObject({ code: 'ENOSPC', message: expect.stringMatching(/checked every 0.1 s/) });
    if (process.platform === 'linux') expect(recorded.problems[0]?.fix).toMatch(/sysctl fs\.inotify\.max_user_watches=524288/);
    await until(() => recorded.rescans === 1, 'a rescan request');
    await put('after-fallback.pdf', 'still here');
    await until(() => settledPaths(recorded).includes('after-fallback.pdf'), 'the new file through polling');
    expect(recorded.settled.find((event) => event.relativePath === 'after-fallback.pdf')).toMatchObject({ size: 10 });
  });

  it('falls back on EMFILE too, once, even when the error repeats', async () => {
    let created = 0;
    const recorded = await startWatcher({
      pollingIntervalMs: 100,
      createWatcher: (path: string, options: ChokidarOptions) => {
        const instance = watch(path, options);
        if (created++ === 0) {
          instance.once('ready', () => {
            for (let i = 0; i < 3; i++) instance.emit('error', Object.assign(new Error('EMFILE: too many open files'), { code: 'EMFILE' }));
          });
        }
        return instance;
      },
    });
    await until(() => recorded.modes.length === 2, 'the switch to polling');
    expect(recorded.modes).toEqual(['native', 'polling']);
    expect(recorded.problems).toMatchObject([{ code: 'EMFILE', fix: expect.stringMatching(/open-file limit|open/) }]);
    await put('x.md');
    await until(() => settledPaths(recorded).includes('x.md'), 'x.md through polling');
  });

  it('can poll from the start', async () => {
    const recorded = await startWatcher({ forcePolling: true, pollingIntervalMs: 100 });
    expect(recorded.modes).toEqual(['polling']);
    await put('sub/new.png');
    await until(() => settledPaths(recorded).includes('sub/new.png'), 'sub/new.png');
  });

  it('fails to start on a missing folder', async () => {
    watcher = new FolderWatcher({ path: join(root, 'missing'), types: SYNC_FILE_TYPES, ignore: [], followSymlinks: false });
    await expect(watcher.start()).rejects.toMatchObject({ name: 'FolderUnavailableError', code: 'ENOENT', message: expect.stringMatching(/does not exist/) });
  });
});
