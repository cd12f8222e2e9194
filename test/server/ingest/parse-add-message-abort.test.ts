import { once } from 'node:events';
import { createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AddMessageParseError, parseAddMessage } from '../../../src/server/ingest/parse-add-message.ts';
import { addMessageBody, filePart, randomBytes, TempDir } from './body-helpers.ts';

const dir = new TempDir();
beforeEach(() => dir.create());
afterEach(() => dir.remove());

const options = (signal?: AbortSignal) => ({ tempDir: dir.path, maxFiles: 20, maxFileBytes: 100 * 1024 * 1024, signal });
// Mid-way through the first file's data, so a temp file is open when the body stops.
const body = addMessageBody([filePart(randomBytes(600_000, 1).toString('base64')), filePart(randomBytes(1000, 2).toString('base64'))]);
const firstHalf = body.subarray(0, body.length / 2);

async function expectAborted(promise: Promise<unknown>): Promise<AddMessageParseError> {
  const error = await promise.then(
    () => undefined,
    (failure: unknown) => failure,
  );
  expect(error).toBeInstanceOf(AddMessageParseError);
  expect((error as AddMessageParseError).kind).toBe('aborted');
  expect(await dir.files()).toEqual([]);
  return error as AddMessageParseError;
}

describe('parseAddMessage when the body stops arriving', () => {
  it('rejects on abort while waiting for a stalled body, and deletes the open temp file', async () => {
    const controller = new AbortController();
    async function* stalled(): AsyncGenerator<Buffer> {
      yield firstHalf;
      controller.abort(new Error('client went away'));
      await new Promise(() => {});
    }
    const error = await expectAborted(parseAddMessage(stalled(), options(controller.signal)));
    expect(error.offset).toBe(firstHalf.length);
    expect(error.message).toContain('client went away');
  });

  it('rejects at once when the signal is already aborted', async () => {
    await expectAborted(parseAddMessage(Readable.from([body]), options(AbortSignal.abort())));
  });

  it('rejects when the body stream errors mid-way', async () => {
    const stream = new Readable({ read() {} });
    stream.push(firstHalf);
    setImmediate(() => stream.destroy(new Error('socket hang up')));
    const error = await expectAborted(parseAddMessage(stream, options()));
    expect(error.message).toContain('socket hang up');
  });

  it('rejects when an HTTP client disconnects in the middle of its request body', async () => {
    let parsing: Promise<unknown> | undefined;
    const server = createServer((incoming) => {
      parsing = parseAddMessage(incoming, options());
      parsing.catch(() => {});
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    try {
      const { port } = server.address() as AddressInfo;
      const client = request({ host: '127.0.0.1', port, method: 'POST', path: '/add/message', headers: { 'content-length': body.length } });
      client.on('error', () => {});
      client.write(firstHalf);
      while (!parsing) await new Promise((resolve) => setImmediate(resolve));
      client.destroy();
      await expectAborted(parsing);
    } finally {
      server.close();
    }
  });
});
