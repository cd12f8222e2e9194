import { appendFile } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MemosClient } from '../../src/memos/client.ts';
import { MemosProfile } from '../../src/memos/profile.ts';
import { FileChangedError, createAddMessageBody } from '../../src/memos/upload-body.ts';
import { scanJsonBody } from './helpers/body-scanner.ts';
import type { LongString, ScannedBody } from './helpers/body-scanner.ts';
import { JPEG_HEADER, PNG_HEADER, makeFiles, sha256, withHeader } from './helpers/files.ts';
import type { TempFiles } from './helpers/files.ts';
import { accepted, readBody, sendJson, startServer } from './helpers/http-server.ts';

const KEY = 'sk-upload-test-key';

interface FilePartWire {
  type: 'file';
  file: { file_data: string; filename?: string };
}
interface ImagePartWire {
  type: 'image_url';
  image_url: { url: string };
}
interface AddMessageWire {
  user_id: string;
  conversation_id: string;
  async_mode: boolean;
  tags?: string[];
  info?: Record<string, string>;
  messages: { role: string; content: [{ type: 'text'; text: string }, FilePartWire | ImagePartWire] }[];
}

/** The received value of a file's data, whether the scanner kept it inline or hashed it on the fly. */
function received(value: string, scanned: ScannedBody): LongString {
  const long = /^@@LONG(\d+)@@$/.exec(value);
  if (long) return scanned.longStrings[Number(long[1])] as LongString;
  const comma = value.startsWith('data:') ? value.indexOf(',') + 1 : 0;
  const bytes = Buffer.from(value.slice(comma), 'base64');
  expect(bytes.toString('base64')).toBe(value.slice(comma));
  return { prefix: value.slice(0, comma), sha256: sha256(bytes), decodedBytes: bytes.length };
}

describe('add/message upload body', () => {
  let temp: TempFiles;

  beforeAll(async () => {
    temp = await makeFiles({
      'notes/a.txt': Buffer.from('a'),
      'notes/ab.txt': Buffer.from('ab'),
      'notes/abc.txt': Buffer.from('abc'),
      'notes/abcd.txt': Buffer.from('abcd'),
      '报告/第 三 季度.pdf': withHeader('%PDF-1.7\n', 196_607),
      'big data/"quoted" large\\file.pdf': withHeader('%PDF-1.4\n', 3 * 1024 * 1024 + 1),
      'pics/photo 1.png': withHeader(PNG_HEADER, 5_001),
      'pics/照片.jpg': withHeader(JPEG_HEADER, 70_001),
      'pics/scan large.png': withHeader(PNG_HEADER, 2 * 1024 * 1024 + 2),
    });
  });
  afterAll(() => temp.cleanup());

  it('streams exactly the JSON that JSON.stringify would produce, with the announced length', async () => {
    const small = temp.files.filter((file) => file.size < 100);
    const body = createAddMessageBody({ userId: 'u', conversationId: 'c', files: small, sendFilename: true, tags: ['t'] });
    const chunks: Buffer[] = [];
    for await (const chunk of body.open()) chunks.push(Buffer.from(chunk));
    const streamed = Buffer.concat(chunks);
    const expected = {
      user_id: 'u',
      conversation_id: 'c',
      messages: small.map((file, index) => ({
        role: 'user',
        content: [
          { type: 'text', text: file.name },
          { type: 'file', file: { file_data: Buffer.from('abcd'.slice(0, index + 1)).toString('base64'), filename: file.name } },
        ],
      })),
      async_mode: true,
      tags: ['t'],
    };
    expect(streamed.toString('utf8')).toBe(JSON.stringify(expected));
    expect(streamed.length).toBe(body.contentLength);
  });

  it('sends every file byte for byte, one message per file, with an exact content-length', async () => {
    let scanned: ScannedBody | undefined;
    let announced = -1;
    const server = await startServer(async (request, response) => {
      announced = Number(request.headers['content-length']);
      expect(request.headers.authorization).toBe(`Token ${KEY}`);
      scanned = await scanJsonBody(request);
      sendJson(response, accepted('task-42'));
    });
    const client = new MemosClient(new MemosProfile({ baseUrl: server.baseUrl, apiKey: KEY, userId: 'person-1' }));
    try {
      const result = await client.addMessage({ files: temp.files, conversationId: 'folder-sync', tags: ['memos-sync'], info: { scene: 'upload' } });
      expect(result).toEqual({ success: true, task_id: 'task-42', status: 'running' });
    } finally {
      await client.close();
      await server.close();
    }

    if (!scanned) throw new Error('nothing received');
    expect(scanned.receivedBytes).toBe(announced);
    const wire = scanned.skeleton as AddMessageWire;
    expect(wire).toMatchObject({ user_id: 'person-1', conversation_id: 'folder-sync', async_mode: true, tags: ['memos-sync'], info: { scene: 'upload' } });
    expect(wire.messages).toHaveLength(temp.files.length);
    for (const [index, file] of temp.files.entries()) {
      const message = wire.messages[index];
      expect(message?.role).toBe('user');
      expect(message?.content[0]).toEqual({ type: 'text', text: file.name });
      const part = message?.content[1];
      const data = part?.type === 'file' ? part.file.file_data : part?.image_url.url;
      const got = received(data ?? '', scanned);
      expect({ name: file.name, sha256: got.sha256, bytes: got.decodedBytes }).toEqual({ name: file.name, sha256: temp.digests.get(file.name), bytes: file.size });
      if (file.category === 'image') {
        expect(part?.type).toBe('image_url');
        expect(got.prefix).toBe(`data:${file.mime};base64,`);
      } else {
        expect(part).toMatchObject({ type: 'file', file: { filename: file.name } });
        expect(got.prefix).toBe('');
      }
    }
    expect(temp.files.find((file) => file.name.endsWith('.png'))?.mime).toBe('image/png');
    expect(temp.files.find((file) => file.name.endsWith('.jpg'))?.mime).toBe('image/jpeg');
  });

  it('stays byte-exact through a slow reader, with big and small files interleaved', async () => {
    const mixed = await makeFiles({
      'mix/one.pdf': withHeader('%PDF-1.5\n', 3 * 1024 * 1024 + 5),
      'mix/tiny.txt': Buffer.from('tiny file\n'),
      'mix/two.pdf': withHeader('%PDF-1.5\n', 2 * 1024 * 1024),
      'mix/small.txt': Buffer.from('s'.repeat(5000)),
      'mix/three.png': withHeader(PNG_HEADER, 1_500_000),
    });
    async function* slowly(request: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
      for await (const chunk of request) {
        await new Promise((resolve) => setTimeout(resolve, 1));
        yield chunk;
      }
    }
    let scanned: ScannedBody | undefined;
    const server = await startServer(async (request, response) => {
      scanned = await scanJsonBody(Readable.from(slowly(request)));
      sendJson(response, accepted());
    });
    const client = new MemosClient(new MemosProfile({ baseUrl: server.baseUrl, apiKey: KEY, userId: 'u' }));
    try {
      await client.addMessage({ files: mixed.files, conversationId: 'c' });
      const wire = scanned?.skeleton as AddMessageWire;
      const digests = wire.messages.map((message) => {
        const part = message.content[1];
        return received(part.type === 'file' ? part.file.file_data : part.image_url.url, scanned as ScannedBody).sha256;
      });
      expect(digests).toEqual(mixed.files.map((file) => mixed.digests.get(file.name)));
    } finally {
      await client.close();
      await server.close();
      await mixed.cleanup();
    }
  });

  it.each([
    ['grew', 1],
    ['shrank', -1],
  ])('aborts the request with FileChangedError naming the file when it %s', async (_how, delta) => {
    const changing = await makeFiles({ 'drafts/live notes.txt': Buffer.from('x'.repeat(300_000)) });
    const server = await startServer(async (request, response) => {
      await readBody(request);
      sendJson(response, accepted());
    });
    const client = new MemosClient(new MemosProfile({ baseUrl: server.baseUrl, apiKey: KEY, userId: 'u' }), { retry: { baseDelayMs: 1, maxDelayMs: 2 } });
    const [file] = changing.files;
    if (!file) throw new Error('no file');
    try {
      if (delta > 0) await appendFile(file.path, 'more');
      const declared = delta > 0 ? file : { ...file, size: file.size + 7 };
      const failure = await client.addMessage({ files: [declared], conversationId: 'c' }).catch((error: unknown) => error);
      expect(failure).toBeInstanceOf(FileChangedError);
      expect((failure as FileChangedError).message).toContain('drafts/live notes.txt');
      expect(server.requests).toBe(1);
    } finally {
      await client.close();
      await server.close();
      await changing.cleanup();
    }
  });
});
