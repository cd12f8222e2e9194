import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MemosClient } from '../../src/memos/client.ts';
import { MemosProfile } from '../../src/memos/profile.ts';
import { type ServerProcess, spawnServer } from '../../src/cli/spawn-server.ts';
import { fixture, uploadFile, waitForTask } from './test-server.ts';

let dataDir: string;
const running: ServerProcess[] = [];

beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'memos-restart-'));
});
afterEach(async () => {
  for (const server of running.splice(0)) server.child.kill('SIGKILL');
  await rm(dataDir, { recursive: true, force: true });
});

async function start(): Promise<{ server: ServerProcess; client: MemosClient }> {
  const server = await spawnServer(['--data', dataDir]);
  running.push(server);
  return { server, client: new MemosClient(new MemosProfile({ baseUrl: server.baseUrl, apiKey: server.token, userId: 'restart' }), { retry: { maxAttempts: 1 } }) };
}

async function batch(): Promise<Awaited<ReturnType<typeof uploadFile>>[]> {
  return Promise.all([
    uploadFile(fixture('images', 'text-zh-en.png'), 'scan.png'),
    uploadFile(fixture('documents', 'english-2-pages.pdf'), 'english.pdf'),
    uploadFile(fixture('documents', 'report.docx'), 'report.docx'),
  ]);
}

describe('memos-sync server as a process', () => {
  it('keeps its generated token in the data folder and refuses a bad port', async () => {
    const first = await start();
    expect((await readFile(join(dataDir, 'token'), 'utf8')).trim()).toBe(first.server.token);
    first.server.child.kill('SIGTERM');
    expect(await first.server.exited).toBe(0);
    expect(first.server.output()).toContain('stopped');
    const second = await start();
    expect(second.server.token).toBe(first.server.token);
    await expect(spawnServer(['--data', dataDir, '--port', 'http'])).rejects.toThrow(/--port must be a whole number/);
  });

  it('resumes a task after being killed mid-task, and writes its memories once', async () => {
    const first = await start();
    const accepted = await first.client.addMessage({ files: await batch(), conversationId: 'crash' });
    first.server.child.kill('SIGKILL');
    await first.server.exited;
    await first.client.close();

    const second = await start();
    expect(second.server.output()).toMatch(/resuming 1 unfinished task/);
    const status = await waitForTask(second.client, accepted.task_id);
    expect(status).toMatchObject({ status: 'completed' });
    const page = await second.client.getMemories({ size: 50 });
    expect(page.total).toBe((status.memory_views?.added as string[]).length);
    expect(page.memory_detail_list.every((memory) => memory.tags.includes('mode:fine'))).toBe(true);
    const hits = await second.client.searchMemory({ query: '会议纪要', relativity: 0 });
    expect(hits.memory_detail_list.map((memory) => memory.info?.source_file)).toContain('scan.png');
    await second.client.close();
  });

  it('stops on SIGTERM with nothing lost: the task is done or resumed on the next start', async () => {
    const first = await start();
    const accepted = await first.client.addMessage({ files: await batch(), conversationId: 'term' });
    first.server.child.kill('SIGTERM');
    expect(await first.server.exited).toBe(0);
    await first.client.close();
    const second = await start();
    expect((await waitForTask(second.client, accepted.task_id)).status).toBe('completed');
    await second.client.close();
  });
});
