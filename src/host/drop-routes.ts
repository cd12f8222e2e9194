import { createWriteStream } from 'node:fs';
import { mkdir, rm, stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { dirname, join } from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { AppServiceApi } from '../service/ports.ts';
import type { AppError } from '../shared/app-api.ts';

/** MemOS takes files up to 100 MB; anything larger is refused while it streams in. */
export const MAX_DROPPED_BYTES = 100 * 1024 * 1024;
const MAX_PATH_LENGTH = 1024;
const MAX_SEGMENT_LENGTH = 255;
const BATCH_ID = /^[A-Za-z0-9_-]{1,64}$/;

class DropError extends Error {
  readonly status: number;
  readonly code: AppError['code'];

  constructor(status: number, code: AppError['code'], message: string) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

function answer(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8' }).end(JSON.stringify(body));
}

/** A dropped file's path inside its batch: relative, `/`-separated, no `.` or `..`, bounded. */
export function safeRelativePath(path: string | null): string[] {
  const invalid = (why: string): DropError => new DropError(400, 'invalid', `path: ${why}`);
  if (!path) throw invalid('required');
  if (path.length > MAX_PATH_LENGTH) throw invalid(`longer than ${MAX_PATH_LENGTH} characters`);
  if (path.includes('\\') || path.includes('\0') || /^[A-Za-z]:/.test(path)) throw invalid('must be a relative path with / separators');
  const segments = path.split('/');
  for (const segment of segments) {
    if (segment === '' || segment === '.' || segment === '..') throw invalid('must be relative, without empty, . or .. parts');
    if (segment.length > MAX_SEGMENT_LENGTH) throw invalid(`a name is longer than ${MAX_SEGMENT_LENGTH} characters`);
  }
  return segments;
}

function batchFolder(droppedRoot: string, batch: string | null): string {
  if (!batch || !BATCH_ID.test(batch)) throw new DropError(400, 'invalid', 'batch: 1 to 64 letters, digits, - or _');
  return join(droppedRoot, batch);
}

/** Counts bytes as they pass and fails the stream past the limit, so a lying or absent Content-Length cannot fill the disk. */
function byteLimit(limit: number): Transform {
  let seen = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      seen += chunk.length;
      done(seen > limit ? new DropError(413, 'invalid', `the file is larger than ${limit / 1024 / 1024} MB`) : null, chunk);
    },
  });
}

async function receiveFile(request: IncomingMessage, droppedRoot: string, query: URLSearchParams): Promise<void> {
  const folder = batchFolder(droppedRoot, query.get('batch'));
  const file = join(folder, ...safeRelativePath(query.get('path')));
  if (Number(request.headers['content-length'] ?? 0) > MAX_DROPPED_BYTES) throw new DropError(413, 'invalid', 'the file is larger than 100 MB');
  await mkdir(dirname(file), { recursive: true });
  try {
    await pipeline(request, byteLimit(MAX_DROPPED_BYTES), createWriteStream(file));
  } catch (error) {
    await rm(file, { force: true });
    throw error;
  }
}

async function finishBatch(service: AppServiceApi, droppedRoot: string, query: URLSearchParams): Promise<{ status: number; body: unknown }> {
  const folder = batchFolder(droppedRoot, query.get('batch'));
  if (!(await stat(folder).catch(() => undefined))?.isDirectory()) throw new DropError(404, 'not_found', 'no file was dropped in this batch');
  const outcome = await service.call('uploadOnce', { paths: [folder] });
  if ('error' in outcome) return { status: outcome.error.code === 'internal' ? 500 : 400, body: outcome };
  return { status: 200, body: outcome.result };
}

/**
 * Files dropped on the window in a browser: `POST /api/drop?batch=…&path=…` streams one file
 * into `<dropped>/<batch>/<path>`; `POST /api/drop/finish?batch=…` uploads the batch once.
 * The caller has checked the token and the origin.
 */
export async function handleDrop(request: IncomingMessage, response: ServerResponse, pathname: string, query: URLSearchParams, service: AppServiceApi, droppedRoot: string): Promise<void> {
  try {
    if (request.method !== 'POST') throw new DropError(405, 'invalid', 'use POST');
    if (pathname === '/api/drop') {
      await receiveFile(request, droppedRoot, query);
      response.writeHead(204).end();
    } else {
      const { status, body } = await finishBatch(service, droppedRoot, query);
      answer(response, status, body);
    }
  } catch (error) {
    const known = error instanceof DropError ? error : undefined;
    if (!known && request.destroyed) return;
    // The rest of a refused upload is not read; closing stops the browser sending it, and saying so stops it reusing the connection.
    const unread = !request.complete;
    if (unread) response.setHeader('Connection', 'close');
    answer(response, known?.status ?? 500, { error: { code: known?.code ?? 'internal', message: (error as Error).message } });
    if (unread) response.once('finish', () => request.destroy());
  }
}
