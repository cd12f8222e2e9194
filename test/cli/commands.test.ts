import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EngineEvent } from '../../src/engine/engine-events.ts';
import { CLI, startCli } from './cli-process.ts';

const run = promisify(execFile);
let root: string;
let folder: string;
let data: string;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'memos-cli-'));
  folder = join(root, 'notes');
  data = join(root, 'data');
  await mkdir(folder);
  await writeFile(join(folder, 'puffins.txt'), 'Field notes about puffins nesting on the cliffs.');
  await writeFile(join(folder, '海鸥.md'), '# 海鸥\n\n海鸥在港口上空盘旋。');
  await writeFile(join(folder, 'empty.txt'), '');
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

/** Runs `memos-sync watch` until `done` says so, then stops it with SIGINT. */
async function watchUntil(args: string[], done: (output: string) => boolean): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const watch = startCli(['watch', folder, '--data', data, ...args]);
  await watch.until(({ stdout }) => done(stdout), 'watch to finish');
  watch.child.kill('SIGINT');
  const code = await watch.exited;
  return { code, ...watch.output() };
}

describe('memos-sync commands', () => {
  it('watch --json prints one JSON event per line and syncs the folder', async () => {
    const { code, stdout } = await watchUntil(['--json'], (output) => output.includes('"state":"idle"'));
    expect(code).toBe(0);
    const events = stdout.trim().split('\n').map((line) => JSON.parse(line) as EngineEvent);
    const finalStates = new Map(events.flatMap((event) => (event.type === 'file' ? [[event.file.relativePath, event.file.state]] : [])));
    expect(Object.fromEntries(finalStates)).toEqual({ 'puffins.txt': 'done', '海鸥.md': 'done', 'empty.txt': 'skipped' });
  });

  it('status and search read what watch did', async () => {
    const status = JSON.parse((await run(process.execPath, [CLI, 'status', '--data', data, '--json'])).stdout) as { counts: Record<string, { files: number }>; skipped: { relativePath: string; reason: string }[] };
    expect(status.counts.done?.files).toBe(2);
    expect(status.skipped).toEqual([expect.objectContaining({ relativePath: 'empty.txt', reason: 'the file is empty' })]);
    const text = (await run(process.execPath, [CLI, 'status', '--data', data])).stdout;
    expect(text).toContain('done: 2');
    expect(text).toContain(`${folder}/empty.txt: the file is empty`);

    const english = (await run(process.execPath, [CLI, 'search', 'puffins', '--data', data])).stdout;
    expect(english).toMatch(/puffins\.txt/);
    const chinese = (await run(process.execPath, [CLI, 'search', '海鸥', '--data', data])).stdout;
    expect(chinese).toContain('海鸥在港口上空盘旋');
  });

  it('watch on a terminal-less output prints progress lines and, on stop, what was skipped', async () => {
    await writeFile(join(folder, 'cormorants.txt'), 'Cormorants dry their wings in the sun.');
    await writeFile(join(folder, 'broken.pdf'), 'not really a PDF');
    const { code, stdout, stderr } = await watchUntil([], (output) => /3\/3 files in memory · 2 skipped/.test(output));
    expect(code).toBe(0);
    expect(stderr).toContain('Syncing 1 folder(s) to the built-in server');
    expect(stdout).toContain('skipped: broken.pdf: named .pdf but the content is not a PDF');
    expect(stdout).toMatch(/^3\/3 files in memory · 2 skipped/m);
    expect(stderr).toContain(`Skipped (2):\n`);
    expect(stderr).toContain(`  ${folder}/empty.txt: the file is empty`);
  });

  it('explains bad usage', async () => {
    await expect(run(process.execPath, [CLI, 'watch'])).rejects.toMatchObject({ code: 1, stderr: expect.stringContaining('name at least one folder') });
    await expect(run(process.execPath, [CLI, 'watch', folder, '--target', 'cloud-cn', '--data', data], { env: { ...process.env, MEMOS_API_KEY: '' } })).rejects.toMatchObject({
      stderr: expect.stringContaining('set the environment variable MEMOS_API_KEY'),
    });
    await expect(run(process.execPath, [CLI, 'frobnicate'])).rejects.toMatchObject({ code: 2 });
  });
});
