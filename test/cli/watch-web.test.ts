import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runningInstance } from '../../src/server/instance-file.ts';
import { AppEvent } from '../../src/shared/app-api.ts';
import { ensureRendererBuilt } from '../e2e/support/build-renderer.ts';
import { apiSocket } from '../host/web-client.ts';
import { CLI, startCli } from './cli-process.ts';

const run = promisify(execFile);
const WINDOW_URL = /http:\/\/127\.0\.0\.1:\d+\/#token=[A-Za-z0-9_-]+/;
let root: string;
let folder: string;
let data: string;
/** A PATH with no browser opener on it, so --open finds none whatever this machine has. */
let noOpeners: string;

beforeAll(async () => {
  await ensureRendererBuilt();
  root = await mkdtemp(join(tmpdir(), 'memos-cli-web-'));
  folder = join(root, 'notes');
  data = join(root, 'data');
  noOpeners = join(root, 'bin');
  await mkdir(folder);
  await mkdir(noOpeners);
  await writeFile(join(folder, 'gannets.txt'), 'Gannets dive into the sea from thirty metres.');
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('memos-sync watch --web', () => {
  it('serves the window at a URL holding the token, answers over its socket, and stops cleanly on SIGTERM', async () => {
    // A desktop without any opener: --open must not stop the command.
    const watch = startCli(['watch', folder, '--data', data, '--web', '127.0.0.1:0', '--open'], { DISPLAY: ':99', PATH: noOpeners });
    await watch.until(({ stderr }) => WINDOW_URL.test(stderr), 'the window URL');
    const url = new URL(WINDOW_URL.exec(watch.output().stderr)?.[0] ?? '');
    const token = new URLSearchParams(url.hash.slice(1)).get('token') ?? '';
    expect(token).toHaveLength(43);

    const page = await fetch(url.origin);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('<div id="root">');
    const assets = [...html.matchAll(/(?:src|href)="\.?(\/assets\/[^"]+)"/g)].map((match) => match[1] ?? '');
    expect(assets.length).toBeGreaterThan(0);
    for (const asset of assets) expect((await fetch(new URL(asset, url.origin))).status, asset).toBe(200);

    const api = await apiSocket(url.origin, token);
    const snapshot = await api.result('getSnapshot', {});
    expect(snapshot.folders.map((view) => view.path)).toEqual([folder]);
    expect(snapshot.targetLabel).toBe('the built-in server');
    await watch.until(({ stdout }) => stdout.includes('1/1 files in memory'), 'the file to be in memory');
    api.close();

    watch.child.kill('SIGTERM');
    expect(await watch.exited).toBe(0);
    expect(watch.output().stderr).toContain('Syncing 1 folder(s) to the built-in server');
    expect(watch.output().stderr).toMatch(/Nothing was skipped and nothing failed\.\n$/);
    await expect(fetch(url.origin)).rejects.toThrow();
    expect(runningInstance(join(data, 'server'))).toBeUndefined();
  });

  it('stops cleanly on a signal that comes while it starts', async () => {
    const watch = startCli(['watch', folder, '--data', data, '--web', '127.0.0.1:0']);
    // Progress is drawn from the first scan on, before the window's URL is printed.
    await watch.until(({ stdout, stderr }) => stdout.length > 0 || stderr.length > 0, 'any output');
    watch.child.kill('SIGTERM');
    expect(await watch.exited).toBe(0);
    expect(runningInstance(join(data, 'server'))).toBeUndefined();
  });

  it('with --json prints the app’s events, one per line', async () => {
    await writeFile(join(folder, 'empty.txt'), '');
    const watch = startCli(['watch', folder, '--data', data, '--web', '127.0.0.1:0', '--json']);
    const events = (): AppEvent[] => watch.output().stdout.split('\n').flatMap((line) => (line.endsWith('}') ? [AppEvent.parse(JSON.parse(line))] : []));
    await watch.until(() => events().some((event) => event.type === 'file' && event.file.relativePath === 'empty.txt' && event.file.state === 'skipped'), 'the empty file to be skipped');
    watch.child.kill('SIGINT');
    expect(await watch.exited).toBe(0);
    expect(watch.output().stdout.trim().split('\n')).toHaveLength(events().length);
    expect(events()).toContainEqual({ type: 'activity', entry: expect.objectContaining({ kind: 'skipped', subject: 'notes/empty.txt', detail: 'the file is empty' }) });
    expect(watch.output().stderr).toMatch(WINDOW_URL);
  });

  it('prints the window’s activity on the terminal, in English', async () => {
    await writeFile(join(folder, 'blank.txt'), '');
    const watch = startCli(['watch', folder, '--data', data, '--web', '127.0.0.1:0']);
    await watch.until(({ stdout }) => stdout.includes('Skipped notes/blank.txt: the file is empty\n'), 'the skipped file’s activity line');
    watch.child.kill('SIGINT');
    expect(await watch.exited).toBe(0);
  });

  it('explains a bad address', async () => {
    const refused = (args: string[]) => run(process.execPath, [CLI, 'watch', folder, '--data', data, ...args]);
    await expect(refused(['--web', '127.0.0.1'])).rejects.toMatchObject({ code: 1, stderr: expect.stringContaining('--web takes HOST:PORT (e.g. 127.0.0.1:8740, [::1]:8740') });
    await expect(refused(['--web', '[127.0.0.1]:8740'])).rejects.toMatchObject({ stderr: expect.stringContaining('"127.0.0.1" in brackets is not an IPv6 address') });
    await expect(refused(['--web', '::1:8740'])).rejects.toMatchObject({ stderr: expect.stringContaining('--web takes HOST:PORT') });
    await expect(refused(['--web', '127.0.0.1:70000'])).rejects.toMatchObject({ stderr: expect.stringContaining('the port must be from 0 to 65535, not 70000') });
    await expect(refused(['--open'])).rejects.toMatchObject({ stderr: expect.stringContaining('--open needs --web HOST:PORT') });
  });
});
