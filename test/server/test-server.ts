import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { request } from 'undici';
import { sniffFile } from '../../src/formats/sniff.ts';
import { MemosClient } from '../../src/memos/client.ts';
import { MemosProfile } from '../../src/memos/profile.ts';
import type { UploadFile } from '../../src/memos/upload-body.ts';
import { type RunningMemosServer, startMemosServer } from '../../src/server/server.ts';
import type { GetStatusData } from '../../src/shared/memos-wire.ts';

export const TOKEN = 'test-token-0123456789';
export const USER = 'tester';
export const fixture = (folder: 'documents' | 'images', name: string): string => join(import.meta.dirname, '../fixtures', folder, name);

export interface TestServer {
  server: RunningMemosServer;
  client: MemosClient;
  dataDir: string;
  log: string[];
  /** POSTs raw JSON (or any text) and returns the HTTP status and the parsed envelope. */
  post: (endpoint: string, body: unknown, token?: string | null) => Promise<{ status: number; envelope: { code: number; message: string; data: unknown } }>;
  stop: () => Promise<void>;
}

export async function startTestServer(dataDir?: string): Promise<TestServer> {
  const folder = dataDir ?? (await mkdtemp(join(tmpdir(), 'memos-server-')));
  const log: string[] = [];
  const server = await startMemosServer({ host: '127.0.0.1', port: 0, dataDir: folder, token: TOKEN, log: (line) => log.push(line), extractWorkers: 1 });
  const client = new MemosClient(new MemosProfile({ baseUrl: server.baseUrl, apiKey: TOKEN, userId: USER }), { retry: { maxAttempts: 1 } });
  const post: TestServer['post'] = async (endpoint, body, token = TOKEN) => {
    const response = await request(`${server.baseUrl}/${endpoint}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token === null ? {} : { authorization: `Token ${token}` }) },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
    return { status: response.statusCode, envelope: (await response.body.json()) as { code: number; message: string; data: unknown } };
  };
  return {
    server,
    client,
    dataDir: folder,
    log,
    post,
    stop: async () => {
      await client.close();
      await server.close();
      if (!dataDir) await rm(folder, { recursive: true, force: true });
    },
  };
}

export async function uploadFile(path: string, name = basename(path)): Promise<UploadFile> {
  const sniffed = await sniffFile(path);
  if (!sniffed.supported) throw new Error(`fixture ${path} is not supported: ${sniffed.reason}`);
  return { path, name, size: (await stat(path)).size, category: sniffed.category, mime: sniffed.mime };
}

/** Polls get/status until the task ends (bounded, so a stuck task fails the test instead of hanging it). */
export async function waitForTask(client: MemosClient, taskId: string, timeoutMs = 60_000): Promise<GetStatusData> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const status = await client.getStatus(taskId);
    if (status.status !== 'running') return status;
    if (Date.now() > deadline) throw new Error(`task ${taskId} still running after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
