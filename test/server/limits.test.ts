import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { copyFile, mkdtemp, open, rm, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MemosError } from '../../src/memos/errors.ts';
import { makeNumberedPdf } from '../fixtures/documents/make-pdf.ts';
import { fixture, startTestServer, type TestServer, uploadFile, USER, waitForTask } from './test-server.ts';

let t: TestServer;
let scratch: string;
let files: Server;
let filesUrl: string;

beforeAll(async () => {
  t = await startTestServer();
  scratch = await mkdtemp(join(tmpdir(), 'memos-limits-'));
  files = createServer((request, response) => {
    if (request.url === '/notes.txt') response.end('Remote notes about lighthouses and tides.');
    else response.writeHead(404).end();
  });
  await new Promise<void>((resolve) => files.listen(0, '127.0.0.1', resolve));
  filesUrl = `http://127.0.0.1:${(files.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((resolve) => files.close(resolve));
  await t.stop();
  await rm(scratch, { recursive: true, force: true });
});

const filePart = (data: string, filename?: string) => ({ type: 'file', file: { file_data: data, ...(filename ? { filename } : {}) } });
const message = (...parts: object[]) => ({ user_id: USER, conversation_id: 'limits', messages: [{ role: 'user', content: parts }] });

async function stillServing(): Promise<void> {
  expect((await t.post('search/memory', { user_id: USER, query: 'still serving' })).envelope.code).toBe(0);
}

async function failedReason(upload: Awaited<ReturnType<typeof uploadFile>>): Promise<string> {
  const accepted = await t.client.addMessage({ files: [upload], conversationId: 'limits' });
  expect(accepted.status).toBe('running');
  const status = await waitForTask(t.client, accepted.task_id);
  expect(status.status).toBe('failed');
  return status.error ?? '';
}

describe('limits and bad input answered at once with documented codes', () => {
  it('rejects truncated base64 with 40008', async () => {
    const { envelope } = await t.post('add/message', message(filePart('SGVsbG8gd29ybGQ', 'hello.txt')));
    expect(envelope.code).toBe(40008);
    expect(envelope.message).toContain('hello.txt');
    await stillServing();
  });

  it('rejects a zero-byte file with 40009', async () => {
    const { envelope } = await t.post('add/message', message(filePart('', 'empty.txt')));
    expect(envelope.code).toBe(40009);
    expect(envelope.message).toBe('empty.txt: the file is empty');
  });

  it('rejects 21 files with 50103 and nothing is stored', async () => {
    const parts = Array.from({ length: 21 }, (_, index) => filePart(Buffer.from(`note ${index}`).toString('base64'), `note-${index}.txt`));
    const { envelope } = await t.post('add/message', message(...parts));
    expect(envelope).toMatchObject({ code: 50103, message: 'a request may carry at most 20 files; this one has 21' });
    const hits = await t.client.searchMemory({ query: 'note-3.txt', relativity: 0 });
    expect(hits.memory_detail_list).toHaveLength(0);
  });

  it('rejects content that is not a supported type with 40007, whatever its name', async () => {
    const binary = Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x01, 0x00, 0x00, 0x00]).toString('base64');
    const { envelope } = await t.post('add/message', message(filePart(binary, 'program.txt')));
    expect(envelope.code).toBe(40007);
    expect(envelope.message).toContain('program.txt');
  });

  it('rejects a file over 100 MB with 50104 while streaming, keeping nothing', async () => {
    const big = join(scratch, 'big.txt');
    const handle = await open(big, 'w');
    await handle.truncate(100 * 1024 * 1024 + 1);
    await handle.close();
    const upload = await uploadFile(fixture('documents', 'notes-gbk.txt'), 'big.txt');
    const error = await t.client.addMessage({ files: [{ ...upload, path: big, size: 100 * 1024 * 1024 + 1 }], conversationId: 'limits' }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(MemosError);
    expect(error).toMatchObject({ code: 50104, kind: 'batch_too_large' });
    await stillServing();
  }, 120_000);
});

describe('problems found while reading fail the task with a reason in get/status', () => {
  it('fails a password-protected PDF', async () => {
    expect(await failedReason(await uploadFile(fixture('documents', 'encrypted-password.pdf')))).toMatch(/encrypted-password\.pdf: .*password/);
  });

  it('fails a damaged PDF', async () => {
    const damaged = join(scratch, 'damaged.pdf');
    await copyFile(fixture('documents', 'english-2-pages.pdf'), damaged);
    await truncate(damaged, 3000);
    expect(await failedReason(await uploadFile(damaged))).toMatch(/^damaged\.pdf: /);
  });

  it('fails a PDF of 201 pages, naming the limit', async () => {
    const long = join(scratch, 'long.pdf');
    await writeFile(long, makeNumberedPdf(201));
    expect(await failedReason(await uploadFile(long))).toBe('long.pdf has 201 pages; MemOS accepts at most 200 pages per file');
  });

  it('reads a 200-page PDF', async () => {
    const limit = join(scratch, 'limit.pdf');
    await writeFile(limit, makeNumberedPdf(200));
    const accepted = await t.client.addMessage({ files: [await uploadFile(limit)], conversationId: 'limits' });
    expect((await waitForTask(t.client, accepted.task_id)).status).toBe('completed');
  });

  it('downloads URL parts, and fails the task when a URL cannot be fetched', async () => {
    const ok = await t.post('add/message', message({ type: 'text', text: 'remote.txt' }, filePart(`${filesUrl}/notes.txt`)));
    expect((await waitForTask(t.client, (ok.envelope.data as { task_id: string }).task_id)).status).toBe('completed');
    const hits = await t.client.searchMemory({ query: 'lighthouses', relativity: 0 });
    expect(hits.memory_detail_list[0]?.info?.source_file).toBe('remote.txt');

    const missing = await t.post('add/message', message(filePart(`${filesUrl}/missing.pdf`, 'missing.pdf')));
    const status = await waitForTask(t.client, (missing.envelope.data as { task_id: string }).task_id);
    expect(status).toMatchObject({ status: 'failed', error: expect.stringContaining('404') });
    await stillServing();
  });
});
