import type * as FsPromises from 'node:fs/promises';
import { chmod, mkdir, mkdtemp, rm, symlink, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { FolderUnavailableError, type ScanProblem, type ScanSettings, scanFolder } from '../../../src/engine/watch/scanner.ts';
import { SYNC_FILE_TYPES } from '../../../src/shared/folder-settings.ts';

/** Records every directory the scanner opens and lets a test inject failures, passing through to the real fs otherwise. */
const fsHooks = vi.hoisted(() => ({
  opened: [] as string[],
  failOpen: new Map<string, string>(),
  beforeStat: new Map<string, () => Promise<void>>(),
}));

vi.mock('node:fs/promises', async (importOriginal) => {
  const real = await importOriginal<typeof FsPromises>();
  const errno = (code: string, path: string): NodeJS.ErrnoException => Object.assign(new Error(`${code}: ${path}`), { code, path });
  return {
    ...real,
    opendir: async (path: string, options?: Parameters<typeof real.opendir>[1]) => {
      fsHooks.opened.push(path);
      const code = fsHooks.failOpen.get(path);
      if (code) throw errno(code, path);
      return real.opendir(path, options);
    },
    stat: async (path: string, options?: Parameters<typeof real.stat>[1]) => {
      await fsHooks.beforeStat.get(path)?.();
      return real.stat(path, options);
    },
  };
});

let root: string;

async function put(relativePath: string, content = 'x'): Promise<void> {
  const path = join(root, relativePath);
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, content);
}

function settings(overrides: Partial<ScanSettings> = {}): ScanSettings {
  return { path: root, types: SYNC_FILE_TYPES, ignore: [], followSymlinks: false, ...overrides };
}

async function scan(overrides: Partial<ScanSettings> = {}): Promise<{ paths: string[]; problems: ScanProblem[] }> {
  const problems: ScanProblem[] = [];
  const paths: string[] = [];
  for await (const file of scanFolder(settings(overrides), { onProblem: (_path, _message, problem) => problems.push(problem) })) {
    paths.push(file.relativePath);
  }
  return { paths: paths.sort(), problems };
}

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'scan-'));
  fsHooks.opened.length = 0;
  fsHooks.failOpen.clear();
  fsHooks.beforeStat.clear();
});

afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('scanFolder', () => {
  it('yields candidate files with size and mtime, Chinese and space-filled names included', async () => {
    await put('报告/季度 报告 2024.pdf', 'hello');
    await put('My Notes/  two  spaces .md');
    await put('a/b/c/deep.TXT');
    await put('a/b/script.js');
    await put('a/data.json');
    const files = [];
    for await (const file of scanFolder(settings())) files.push(file);
    expect(files.map((file) => file.relativePath).sort()).toEqual(['My Notes/  two  spaces .md', 'a/b/c/deep.TXT', '报告/季度 报告 2024.pdf']);
    const report = files.find((file) => file.relativePath.endsWith('2024.pdf'));
    expect(report).toMatchObject({ absolutePath: join(root, '报告/季度 报告 2024.pdf'), size: 5 });
    expect(report?.mtimeMs).toBeGreaterThan(0);
  });

  it('never opens ignored directories and skips ignored files', async () => {
    for (let i = 0; i < 50; i++) await put(`node_modules/pkg${i}/README.md`);
    await put('.git/objects/x.txt');
    await put('drafts/plan.pdf');
    await put('kept/~$lock.docx');
    await put('kept/final.docx');
    await put('kept/partial.pdf.part');
    const { paths, problems } = await scan({ ignore: ['drafts/'] });
    expect(paths).toEqual(['kept/final.docx']);
    expect(problems).toEqual([]);
    expect(fsHooks.opened.filter((path) => /node_modules|\.git|drafts/.test(path))).toEqual([]);
  });

  it('reports an unreadable directory and goes on', async () => {
    await put('locked/secret.pdf');
    await put('open/fine.pdf');
    fsHooks.failOpen.set(join(root, 'locked'), 'EACCES');
    const { paths, problems } = await scan();
    expect(paths).toEqual(['open/fine.pdf']);
    expect(problems).toEqual([{ relativePath: 'locked', kind: 'unreadable', isDirectory: true, message: expect.stringMatching(/permission denied/) }]);
  });

  it.skipIf(process.getuid?.() === 0)('reports a directory without read permission on disk', async () => {
    await put('locked/secret.pdf');
    await put('fine.pdf');
    await chmod(join(root, 'locked'), 0o000);
    try {
      const { paths, problems } = await scan();
      expect(paths).toEqual(['fine.pdf']);
      expect(problems).toMatchObject([{ relativePath: 'locked', kind: 'unreadable' }]);
    } finally {
      await chmod(join(root, 'locked'), 0o755);
    }
  });

  it('an ignored unreadable directory is no problem at all', async () => {
    await put('node_modules/x/a.md');
    await put('fine.pdf');
    fsHooks.failOpen.set(join(root, 'node_modules'), 'EACCES');
    expect(await scan()).toEqual({ paths: ['fine.pdf'], problems: [] });
  });

  it('reports a file that vanishes during the scan', async () => {
    await put('stays.pdf');
    await put('goes.pdf');
    const goes = join(root, 'goes.pdf');
    fsHooks.beforeStat.set(goes, () => unlink(goes));
    const { paths, problems } = await scan();
    expect(paths).toEqual(['stays.pdf']);
    expect(problems).toMatchObject([{ relativePath: 'goes.pdf', kind: 'vanished', isDirectory: false }]);
  });

  it('throws FolderUnavailableError when the folder itself is missing', async () => {
    const missing = scanFolder(settings({ path: join(root, 'nope') }));
    await expect(missing.next()).rejects.toBeInstanceOf(FolderUnavailableError);
  });

  describe('symbolic links', () => {
    beforeEach(async () => {
      await put('real/doc.pdf');
      await put('outside-target/elsewhere.md');
      await symlink(join(root, 'real/doc.pdf'), join(root, 'link-to-file.pdf'));
      await symlink(join(root, 'outside-target'), join(root, 'link-to-dir'));
    });

    it('are skipped when followSymlinks is off', async () => {
      expect(await scan({ ignore: ['outside-target/'] })).toEqual({ paths: ['real/doc.pdf'], problems: [] });
    });

    it('are followed when followSymlinks is on', async () => {
      expect(await scan({ followSymlinks: true, ignore: ['outside-target/'] })).toEqual({
        paths: ['link-to-dir/elsewhere.md', 'link-to-file.pdf', 'real/doc.pdf'],
        problems: [],
      });
    });

    it('a loop back to an enclosing folder ends the walk there and is reported', async () => {
      await symlink('..', join(root, 'real/back-up'));
      await symlink('.', join(root, 'real/self'));
      const { paths, problems } = await scan({ followSymlinks: true, ignore: ['outside-target/', 'link-to-dir'] });
      expect(paths).toEqual(['link-to-file.pdf', 'real/doc.pdf']);
      expect(problems.map(({ relativePath, kind }) => ({ relativePath, kind })).sort((a, b) => a.relativePath.localeCompare(b.relativePath))).toEqual([
        { relativePath: 'real/back-up', kind: 'symlink-loop' },
        { relativePath: 'real/self', kind: 'symlink-loop' },
      ]);
      expect(problems[0]?.message).toMatch(/points back to/);
    });

    it('a loop out through one link and back in through another is reported', async () => {
      await symlink(root, join(root, 'outside-target/home'));
      const { paths, problems } = await scan({ followSymlinks: true, ignore: ['/outside-target/'] });
      expect(paths).toEqual(['link-to-dir/elsewhere.md', 'link-to-file.pdf', 'real/doc.pdf']);
      expect(problems).toMatchObject([{ relativePath: 'link-to-dir/home', kind: 'symlink-loop', message: expect.stringMatching(/synced folder itself/) }]);
    });

    it('a broken link with a synced name is reported', async () => {
      await symlink(join(root, 'gone.pdf'), join(root, 'broken.pdf'));
      await symlink(join(root, 'gone'), join(root, 'broken-dir'));
      const { problems } = await scan({ followSymlinks: true });
      expect(problems).toMatchObject([{ relativePath: 'broken.pdf', kind: 'broken-symlink' }]);
    });
  });

  it('stops early without leaking when the consumer breaks off', async () => {
    for (let i = 0; i < 600; i++) await put(`d${i % 7}/f${i}.txt`);
    let seen = 0;
    for await (const _file of scanFolder(settings())) {
      if (++seen === 10) break;
    }
    expect(seen).toBe(10);
  });

  it('honours an abort signal', async () => {
    for (let i = 0; i < 300; i++) await put(`d${i % 5}/f${i}.md`);
    const controller = new AbortController();
    const seen: string[] = [];
    const run = async (): Promise<void> => {
      for await (const file of scanFolder(settings(), { signal: controller.signal })) {
        seen.push(file.relativePath);
        if (seen.length === 5) controller.abort(new Error('stopped by test'));
      }
    };
    await expect(run()).rejects.toThrow('stopped by test');
    expect(seen).toHaveLength(5);
  });

  it('finds every file of a wide tree exactly once, with small buffers', async () => {
    const expected: string[] = [];
    for (let i = 0; i < 400; i++) {
      const path = `g${i % 20}/h${i % 3}/file ${i}.pdf`;
      expected.push(path);
      await put(path);
    }
    const found: string[] = [];
    for await (const file of scanFolder(settings(), { directoryConcurrency: 3 })) found.push(file.relativePath);
    expect(found.sort()).toEqual(expected.sort());
  });
});
