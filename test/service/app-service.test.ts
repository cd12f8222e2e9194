import { readFile, writeFile } from 'node:fs/promises';
import { join, sep } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { AppError } from '../../src/shared/app-api.ts';
import { waitFor } from '../engine/engine-env.ts';
import { startServiceEnv, type ServiceEnv } from './service-env.ts';

/** The error a call answers with; fails the test when the call succeeds. */
async function refusal(env: ServiceEnv, method: string, params: unknown): Promise<AppError> {
  const outcome = await env.service.call(method, params);
  if (!('error' in outcome)) throw new Error(`${method} succeeded with ${JSON.stringify(outcome.result)}`);
  return outcome.error;
}

describe('the app service on the built-in server', () => {
  let env: ServiceEnv;
  beforeAll(async () => {
    env = await startServiceEnv({ proxy: true });
  });
  afterAll(async () => {
    await env?.stop();
  });

  it('starts idle on the built-in server, with no folder and no desktop-only capability', async () => {
    const snapshot = await env.call('getSnapshot', {});
    expect(snapshot).toMatchObject({ engineState: 'idle', targetLabel: 'the built-in server', folders: [], settings: { target: 'local', hasApiKey: false, keyStorage: 'none' } });
    expect(Object.values(snapshot.capabilities)).toEqual([false, false, false, false, false]);
  });

  it('syncs an added folder, lists its files by state, page and text, and finds them in search', async () => {
    const notes = Object.fromEntries(Array.from({ length: 5 }, (_, index) => [`note-${index}.txt`, `Field note ${index} about zqpuffin${'abcde'[index]}.`]));
    const folder = await env.makeFolder('notes', { ...notes, 'empty.txt': '', '报告/会议纪要.md': '# 会议纪要\n\n海鸥在港口上空盘旋。' });
    const added = await env.call('addFolder', { path: folder });
    expect(added).toMatchObject({ path: folder, mode: 'watch', paused: false });
    await env.waitForFile('empty.txt', 'skipped');
    await waitFor(async () => (await env.call('listFiles', { filter: 'done', folderId: added.id, offset: 0, limit: 1 })).total === 6, 'six files in memory');

    const firstPage = await env.call('listFiles', { filter: 'done', folderId: added.id, offset: 0, limit: 4 });
    const lastPage = await env.call('listFiles', { filter: 'done', folderId: added.id, offset: 4, limit: 4 });
    expect(firstPage.total).toBe(6);
    expect([...firstPage.items, ...lastPage.items].map((file) => file.relativePath).sort()).toEqual([...Object.keys(notes), '报告/会议纪要.md'].sort());
    expect((await env.call('listFiles', { filter: 'all', text: 'NOTE-3', offset: 0, limit: 10 })).items.map((file) => file.relativePath)).toEqual(['note-3.txt']);
    expect((await env.call('listFiles', { filter: 'skipped', folderId: added.id, offset: 0, limit: 10 })).items).toEqual([
      expect.objectContaining({ relativePath: 'empty.txt', reason: 'the file is empty' }),
    ]);
    expect((await env.call('listFiles', { filter: 'active', offset: 0, limit: 10 })).total).toBe(0);

    const found = await env.call('search', { query: 'zqpuffinc' });
    expect(found.memory_detail_list.map((memory) => memory.memory_value)).toEqual(['Field note 2 about zqpuffinc.']);
    expect((await env.call('search', { query: '海鸥' })).memory_detail_list[0]?.memory_value).toContain('海鸥在港口上空盘旋');
    const activity = await env.call('listActivity', { text: 'notes/', limit: 100 });
    expect(activity).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ kind: 'added', subject: 'notes/note-0.txt' }),
        expect.objectContaining({ kind: 'skipped', subject: 'notes/empty.txt', detail: 'the file is empty' }),
      ]),
    );
    // Activity is found by the words of its English line too, the verb as well as the reason.
    const skipped = await env.call('listActivity', { text: 'SKIPPED notes/empty.txt: the file', limit: 100 });
    expect(skipped.map((entry) => entry.kind === 'skipped' && entry.subject)).toEqual(['notes/empty.txt']);
  });

  it('tries a failed file again on retry, to the end; a file in memory has nothing to retry', async () => {
    const folder = await env.makeFolder('rejected', { 'refused-once.txt': 'The server refuses this the first time.' });
    env.proxy?.inject({ endpoint: 'add/message', fault: { code: 40007 } });
    await env.call('addFolder', { path: folder });
    const failed = await env.waitForFile('refused-once.txt', 'failed');
    expect(failed.reason).toBe('MemOS rejected the file: unsupported type or unreadable data (code 40007, HTTP 200)');

    expect(await env.call('retryFile', { fileId: failed.id })).toMatchObject({ id: failed.id, state: 'checking', reason: null });
    const done = await env.waitForFile('refused-once.txt', 'done');
    expect(await env.call('retryFile', { fileId: done.id })).toBeNull();
  });

  it('ignores a file: a rule for it joins its folder and it leaves the queue', async () => {
    const folder = await env.makeFolder('ignoring', { 'keep.txt': 'Keep this one.', 'drafts/zero.txt': '' });
    const { id } = await env.call('addFolder', { path: folder });
    const skipped = await env.waitForFile('drafts/zero.txt', 'skipped');

    const view = await env.call('ignoreFile', { fileId: skipped.id });
    expect(view.ignore).toEqual(['/drafts/zero.txt']);
    expect((await env.call('getSnapshot', {})).folders.find((folder) => folder.id === id)?.ignore).toEqual(['/drafts/zero.txt']);
    expect((await env.call('listFiles', { filter: 'all', text: 'zero.txt', offset: 0, limit: 10 })).total).toBe(0);
  });

  it('pauses one folder, and on resume syncs what was written meanwhile', async () => {
    const folder = await env.makeFolder('pausing', { 'before.txt': 'Written before the pause.' });
    const { id } = await env.call('addFolder', { path: folder });
    await env.waitForFile('before.txt', 'done');

    expect(await env.call('updateFolder', { folderId: id, changes: { paused: true } })).toMatchObject({ paused: true, status: 'paused' });
    await writeFile(join(folder, 'during.txt'), 'Written while the folder was paused.');
    expect(await env.call('updateFolder', { folderId: id, changes: { paused: false } })).toMatchObject({ paused: false });
    await env.waitForFile('during.txt', 'done');
  });

  it('holds every upload while paused and until when, and lets them go on resume', async () => {
    const folder = await env.makeFolder('held', {});
    await env.call('addFolder', { path: folder });
    const before = Date.now();
    await env.call('pause', { minutes: 30 });
    await waitFor(async () => (await env.call('getSnapshot', {})).engineState === 'paused', 'the engine to say it is paused');
    const paused = await env.call('getSnapshot', {});
    expect(paused.pausedUntil).toBeGreaterThanOrEqual(before + 30 * 60_000);
    expect(paused.pausedUntil).toBeLessThanOrEqual(Date.now() + 30 * 60_000);

    await writeFile(join(folder, 'waiting.txt'), 'Checked at once, sent after the pause.');
    await env.waitForFile('waiting.txt', 'queued');
    await env.call('resume', {});
    await env.waitForFile('waiting.txt', 'done');
    expect((await env.call('getSnapshot', {})).pausedUntil).toBeUndefined();
    expect(env.events).toContainEqual({ type: 'engine', state: 'paused' });
  });

  it('previews how many files the types and rules would sync and leave out', async () => {
    const folder = await env.makeFolder('preview', {
      'a.txt': 'a',
      'b.md': 'b',
      'sub/c.pdf': 'c',
      'tool.exe': 'x',
      'download.tmp': 'x',
      'node_modules/pkg/readme.txt': 'x',
    });
    expect(await env.call('previewRules', { path: folder, types: ['txt', 'md', 'pdf'], ignore: [] })).toEqual({ candidates: 3, excluded: 3, truncated: false });
    expect(await env.call('previewRules', { path: folder, types: ['txt', 'md', 'pdf'], ignore: ['*.md', 'sub/'] })).toEqual({ candidates: 1, excluded: 5, truncated: false });
    expect(await env.call('previewRules', { path: folder, types: ['txt'], ignore: ['!node_modules/'] })).toEqual({ candidates: 2, excluded: 4, truncated: false });
  });

  it('uploads dropped files once, in a folder that is not watched', async () => {
    const dropped = await env.makeFolder('dropped', { 'one-off.txt': 'Sent once, zqonceonly.', 'deeper/two-off.md': '# Two\n\nAlso sent once.' });
    expect(await env.call('uploadOnce', { paths: [dropped] })).toEqual({ files: 2 });
    await env.waitForFile('one-off.txt', 'done');
    await env.waitForFile('deeper/two-off.md', 'done');
    expect((await env.call('getSnapshot', {})).folders).toContainEqual(expect.objectContaining({ path: dropped, mode: 'once' }));
    expect((await env.call('search', { query: 'zqonceonly' })).memory_detail_list).toHaveLength(1);
  });

  it('forgets a removed folder', async () => {
    const folder = await env.makeFolder('removed', { 'gone.txt': 'This folder will be removed.' });
    const { id } = await env.call('addFolder', { path: folder });
    await env.waitForFile('gone.txt', 'done');
    await env.call('removeFolder', { folderId: id });
    expect((await env.call('getSnapshot', {})).folders.map((view) => view.id)).not.toContain(id);
    const announced = env.events.flatMap((event) => (event.type === 'folders' ? [event.folders.map((view) => view.id)] : []));
    expect(announced.at(-1)).not.toContain(id);
    expect((await env.call('listFiles', { filter: 'all', text: 'gone.txt', offset: 0, limit: 10 })).total).toBe(0);
    expect(await refusal(env, 'removeFolder', { folderId: id })).toEqual({ code: 'not_found', message: `no folder has the id ${id}` });
  });

  it('answers bad calls with what is wrong, in words', async () => {
    expect(await refusal(env, 'deleteEverything', {})).toEqual({ code: 'invalid', message: 'unknown method "deleteEverything"' });
    expect(await refusal(env, 'listFiles', { filter: 'broken', offset: 0, limit: 10 })).toMatchObject({ code: 'invalid', message: expect.stringMatching(/^filter: /) });
    expect(await refusal(env, 'listFiles', { filter: 'all', offset: 0, limit: 0 })).toMatchObject({ code: 'invalid', message: expect.stringMatching(/^limit: /) });
    expect(await refusal(env, 'search', { query: '' })).toMatchObject({ code: 'invalid', message: expect.stringMatching(/^query: /) });
    expect(await refusal(env, 'getSnapshot', { extra: true })).toMatchObject({ code: 'invalid' });
    expect(await refusal(env, 'retryFile', { fileId: 987_654 })).toEqual({ code: 'not_found', message: 'no file has the id 987654' });
    expect(await refusal(env, 'addFolder', { path: join(env.workspace, 'no-such-folder') })).toEqual({ code: 'not_found', message: `${join(env.workspace, 'no-such-folder')} is not a folder that exists` });
    const folder = await env.makeFolder('twice', {});
    await env.call('addFolder', { path: folder });
    expect(await refusal(env, 'addFolder', { path: folder })).toEqual({ code: 'invalid', message: `${folder} is already synced` });
    expect(await refusal(env, 'pickFolder', {})).toMatchObject({ code: 'unsupported' });
    expect(await refusal(env, 'openFile', { fileId: 1 })).toMatchObject({ code: 'unsupported' });
  });
});

describe('the app service settings', () => {
  let env: ServiceEnv;
  beforeAll(async () => {
    env = await startServiceEnv();
  });
  afterAll(async () => {
    await env?.stop();
  });

  it('refuses invalid settings and what only the desktop can do, and keeps no API key headless', async () => {
    expect(await refusal(env, 'updateSettings', { concurrency: 0 })).toMatchObject({ code: 'invalid', message: expect.stringMatching(/^concurrency: /) });
    expect(await refusal(env, 'updateSettings', { target: 'custom', customBaseUrl: 'ftp://memos.example' })).toEqual({
      code: 'invalid',
      message: 'customBaseUrl: MemOS base URL must be http or https, not ftp:',
    });
    expect(await refusal(env, 'updateSettings', { startAtLogin: true })).toMatchObject({ code: 'unsupported' });
    expect(await refusal(env, 'setApiKey', { apiKey: 'sk-123' })).toMatchObject({ code: 'unsupported', message: expect.stringContaining('MEMOS_API_KEY') });
    expect((await env.call('getSnapshot', {})).settings).toMatchObject({ target: 'local', concurrency: 2, hasApiKey: false });
  });

  it('stores a change, announces it, and restarts the engine on the ledger and memory of a new user', async () => {
    const folder = await env.makeFolder('mine', { 'private.txt': 'Only tester remembers zqprivate.' });
    await env.call('addFolder', { path: folder });
    await env.waitForFile('private.txt', 'done');

    const settings = await env.call('updateSettings', { userId: 'someone-else', theme: 'dark' });
    expect(settings).toMatchObject({ userId: 'someone-else', theme: 'dark' });
    expect(env.events).toContainEqual({ type: 'settings', settings });
    expect(JSON.parse(await readFile(join(env.dataRoot, 'settings.json'), 'utf8'))).toMatchObject({ userId: 'someone-else', theme: 'dark' });
    expect((await env.call('getSnapshot', {})).folders).toEqual([]);
    expect((await env.call('search', { query: 'zqprivate' })).memory_detail_list).toEqual([]);

    await env.call('updateSettings', { userId: 'tester' });
    expect((await env.call('getSnapshot', {})).folders.map((view) => view.path)).toEqual([folder]);
    expect((await env.call('search', { query: 'zqprivate' })).memory_detail_list).toHaveLength(1);
  });
});

describe('the app service under a path policy', () => {
  let env: ServiceEnv;
  beforeAll(async () => {
    env = await startServiceEnv({ paths: { allow: (path) => path.split(sep).includes('picked') } });
  });
  afterAll(async () => {
    await env?.stop();
  });

  it('uses only the paths the host allows', async () => {
    const picked = await env.makeFolder('picked', { 'fine.txt': 'Picked by the person.' });
    const other = await env.makeFolder('other', { 'secret.txt': 'Never picked.' });
    expect(await env.call('addFolder', { path: picked })).toMatchObject({ path: picked });
    const refused = { code: 'forbidden', message: `the app was not given ${other}; pick it or drop it on the window` };
    expect(await refusal(env, 'addFolder', { path: other })).toEqual(refused);
    expect(await refusal(env, 'previewRules', { path: other, types: ['txt'], ignore: [] })).toEqual(refused);
    expect(await refusal(env, 'uploadOnce', { paths: [picked, other] })).toEqual(refused);
    expect((await env.call('listFiles', { filter: 'all', text: 'secret', offset: 0, limit: 10 })).total).toBe(0);
  });
});

describe('the app service with an API key', () => {
  const apiKey = 'sk-live-5f0e2b9c7d1a4e3f';
  let env: ServiceEnv;
  afterEach(async () => {
    await env?.stop();
  });

  it('never lets the key out, in an answer, an event or the log', async () => {
    env = await startServiceEnv({ env: { MEMOS_API_KEY: apiKey } });
    const outcomes: unknown[] = [];
    const call = async (method: string, params: unknown): Promise<void> => void outcomes.push(await env.service.call(method, params));
    // The built-in server as a custom target: it refuses this key, as a cloud would refuse a revoked one.
    await call('updateSettings', { target: 'custom', customBaseUrl: env.server.server.baseUrl });
    const folder = await env.makeFolder('keyed', { 'note.txt': 'Sent with a key the server refuses.' });
    await call('addFolder', { path: folder });
    await waitFor(() => env.events.some((event) => event.type === 'engine' && event.state === 'attention'), 'the engine to ask for attention');
    const attention = await env.call('listActivity', { text: 'needs your attention', limit: 10 });
    expect(attention).toEqual([expect.objectContaining({ kind: 'engine', state: 'attention', detail: expect.stringContaining('MemOS rejected the API key') })]);
    await call('getSnapshot', {});
    await call('search', { query: 'note' });
    await call('addFolder', { path: join(env.workspace, apiKey) });

    expect(outcomes.at(0)).toMatchObject({ result: { target: 'custom', hasApiKey: true, keyStorage: 'environment' } });
    expect(outcomes.at(-2)).toMatchObject({ error: { code: 'memos' } });
    expect(outcomes.at(-1)).toEqual({ error: { code: 'not_found', message: `${join(env.workspace, '[redacted]')} is not a folder that exists` } });
    for (const text of [JSON.stringify(outcomes), JSON.stringify(env.events), env.log.join('\n')]) expect(text).not.toContain(apiKey);
  });
});
