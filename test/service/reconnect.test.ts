import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { headlessSettingsStore } from '../../src/host/headless-settings.ts';
import { AppService } from '../../src/service/app-service.ts';
import { callService } from '../../src/service/call-service.ts';
import { mergedSettings } from '../../src/service/settings-methods.ts';
import { SHORT_TIMINGS, waitFor } from '../engine/engine-env.ts';
import { startTestServer, TOKEN, USER, type TestServer } from '../server/test-server.ts';

const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
});

it('reconnects the engine to the built-in server at its new address, keeping its folders and files', async () => {
  const root = await mkdtemp(join(tmpdir(), 'memos-reconnect-'));
  cleanup.push(() => rm(root, { recursive: true, force: true }));
  const folder = join(root, 'notes');
  await mkdir(folder);
  await writeFile(join(folder, 'before.txt'), 'written while the first server ran');

  let server: TestServer = await startTestServer(join(root, 'server-a'));
  cleanup.push(() => server.stop());
  const settings = headlessSettingsStore(join(root, 'data'), { env: {} });
  settings.save(mergedSettings(settings.load(), { userId: USER }));
  // As the desktop's launcher does: one LocalServer whose address follows the running process.
  const local = { get baseUrl() { return server.server.baseUrl; }, token: TOKEN, stop: async () => undefined };
  const { concurrency: _fromSettings, ...timings } = SHORT_TIMINGS;
  const service = new AppService({ dataRoot: join(root, 'data'), settings, server: { start: async () => local }, engine: timings });
  cleanup.push(() => service.stop());
  await service.start();
  const stateOf = async (name: string): Promise<string | undefined> =>
    (await callService(service, 'listFiles', { filter: 'all', text: name, offset: 0, limit: 1 })).items[0]?.state;

  await callService(service, 'addFolder', { path: folder });
  await waitFor(async () => (await stateOf('before.txt')) === 'done', 'before.txt to be done');

  const first = server;
  server = await startTestServer(join(root, 'server-b'));
  await first.stop();
  expect(server.server.baseUrl).not.toBe(first.server.baseUrl);
  await service.reconnect();

  await writeFile(join(folder, 'after.txt'), 'written once the server had moved');
  await waitFor(async () => (await stateOf('after.txt')) === 'done', 'after.txt to be done on the moved server');
  const snapshot = await callService(service, 'getSnapshot', {});
  expect(snapshot.folders.map((known) => known.path)).toEqual([folder]);
  expect(await stateOf('before.txt')).toBe('done');
  const found = await server.client.searchMemory({ query: 'moved' });
  expect(found.memory_detail_list.some((memory) => memory.memory_value.includes('written once the server had moved'))).toBe(true);
});
