import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Ledger } from '../../src/engine/ledger/ledger.ts';
import { uploadBatch } from '../../src/engine/upload-batch.ts';
import { FolderSettings } from '../../src/shared/folder-settings.ts';
import { startTestServer, type TestServer } from '../server/test-server.ts';

let server: TestServer;
let folder: string;
let ledger: Ledger;

beforeAll(async () => {
  server = await startTestServer();
  folder = await mkdtemp(join(tmpdir(), 'memos-upload-batch-'));
  ledger = new Ledger(join(folder, '.ledger.sqlite'));
});
afterAll(async () => {
  ledger.close();
  await server.stop();
  await rm(folder, { recursive: true, force: true });
});

describe('uploadBatch', () => {
  it('sends the batch and returns its task, or names the file that vanished so it is checked again', async () => {
    const settings = FolderSettings.parse({ id: 'f', path: folder });
    ledger.folders.save(settings);
    for (const name of ['stays.txt', 'vanishes.txt']) {
      const content = `content of ${name}`;
      await writeFile(join(folder, name), content);
      const seen = ledger.files.observe('f', { relativePath: name, size: content.length, mtimeMs: 1 });
      ledger.files.recordCheck(seen?.id ?? 0, { outcome: 'ok', size: content.length, mtimeMs: 1, hash: name, category: 'document', mime: 'text/plain' });
    }
    const planned = ledger.batches.plan({ maxFiles: 20, maxBytes: 1_000_000 }, new Set());
    if (!planned) throw new Error('nothing planned');
    await rm(join(folder, 'vanishes.txt'));
    const outcome = await uploadBatch(planned, { client: server.client, folder: settings, conversationId: 'c' });
    const vanished = planned.files.find((file) => file.relativePath === 'vanishes.txt');
    expect(outcome).toEqual({ accepted: false, failure: { kind: 'changed', fileIds: [vanished?.id] } });

    await writeFile(join(folder, 'vanishes.txt'), 'content of vanishes.txt');
    const accepted = await uploadBatch(planned, { client: server.client, folder: settings, conversationId: 'c' });
    expect(accepted).toMatchObject({ accepted: true, taskId: expect.any(String) });
  });
});
