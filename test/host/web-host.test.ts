import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_DROPPED_BYTES } from '../../src/host/drop-routes.ts';
import { hostChecker } from '../../src/host/host-access.ts';
import { startWebHost, type WebHost } from '../../src/host/web-host.ts';
import { waitFor } from '../engine/engine-env.ts';
import { startServiceEnv, type ServiceEnv } from '../service/service-env.ts';
import { apiSocket, type HttpAnswer, openSocket, send, UpgradeRefused } from './web-client.ts';

const PAGE_POLICY = "default-src 'self'; script-src 'self'; connect-src 'self' ws:";
const PAGE = `<!doctype html><html><head><meta http-equiv="Content-Security-Policy" content="${PAGE_POLICY}" /><title>Test window</title></head><body><script src="./assets/app.js"></script></body></html>`;
const SCRIPT = 'document.title = "loaded";\n';
const SECRET = 'a file beside the window that must never be served';

let env: ServiceEnv;
let web: WebHost;
let rendererDir: string;

beforeAll(async () => {
  env = await startServiceEnv();
  rendererDir = join(env.workspace, 'renderer');
  await mkdir(join(rendererDir, 'assets'), { recursive: true });
  await writeFile(join(rendererDir, 'index.html'), PAGE);
  await writeFile(join(rendererDir, 'assets', 'app.js'), SCRIPT);
  await writeFile(join(env.workspace, 'secret.txt'), SECRET);
  web = await startWebHost({ service: env.service, port: 0, rendererDir, dataRoot: env.dataRoot, log: { warn: () => undefined, error: () => undefined } });
});
afterAll(async () => {
  await web?.close();
  await env?.stop();
});

/** How the host answered a WebSocket upgrade: closed at once with a code, or refused with an HTTP status. */
async function upgradeOutcome(options: Parameters<typeof openSocket>[1]): Promise<{ closed: number; reason: string } | { refused: number }> {
  try {
    const { closed } = await openSocket(web.origin, options);
    const { code, reason } = await closed;
    return { closed: code, reason };
  } catch (error) {
    if (error instanceof UpgradeRefused) return { refused: error.status };
    throw error;
  }
}

/** POSTs one dropped file (or finishes a batch) from the host's own page. */
function drop(query: Record<string, string>, body?: string | Buffer, headers: Record<string, string> = { origin: web.origin }, endpoint = '/api/drop'): Promise<HttpAnswer> {
  const search = new URLSearchParams({ token: web.token, ...query });
  return send(web.origin, { method: 'POST', path: `${endpoint}?${search}`, headers, body });
}

describe('the web host serves the window', () => {
  it('with the security headers and the page’s own content policy, framing refused', async () => {
    const page = await send(web.origin, { path: '/' });
    expect(page).toMatchObject({ status: 200, body: PAGE });
    expect(page.headers).toMatchObject({
      'content-type': 'text/html; charset=utf-8',
      'content-security-policy': `${PAGE_POLICY}; frame-ancestors 'none'; base-uri 'none'; form-action 'none'`,
      'x-content-type-options': 'nosniff',
      'x-frame-options': 'DENY',
      'referrer-policy': 'no-referrer',
      'cross-origin-opener-policy': 'same-origin',
    });
    const script = await send(web.origin, { path: '/assets/app.js' });
    expect(script).toMatchObject({ status: 200, body: SCRIPT, headers: { 'content-type': expect.stringContaining('javascript'), 'x-content-type-options': 'nosniff' } });
    expect(await send(web.origin, { method: 'HEAD', path: '/assets/app.js' })).toMatchObject({ status: 200, body: '', headers: { 'content-length': String(SCRIPT.length) } });
    expect(await send(web.origin, { method: 'POST', path: '/', body: 'x' })).toMatchObject({ status: 405, headers: { allow: 'GET, HEAD' } });
    expect((await send(web.origin, { path: '/assets/missing.js' })).status).toBe(404);
    expect((await send(web.origin, { path: '/assets' })).status).toBe(404);
  });

  it('and nothing outside its folder, however the path is spelled', async () => {
    const tricks = ['/../secret.txt', '/..%2fsecret.txt', '/%2e%2e/secret.txt', '/assets/..%2f..%2fsecret.txt', '/assets/..%5c..%5csecret.txt', '/%2e%2e%5csecret.txt', `/${encodeURIComponent(join(env.workspace, 'secret.txt'))}`, '/index.html%00.js', '/%E0%A4%A'];
    for (const path of tricks) {
      const answer = await send(web.origin, { path });
      expect([400, 404], path).toContain(answer.status);
      expect(answer.body, path).not.toContain(SECRET);
    }
  });

  it('not before it is built, and says how to build it', async () => {
    const unbuilt = await mkdtemp(join(tmpdir(), 'unbuilt-'));
    await expect(startWebHost({ service: env.service, port: 0, rendererDir: unbuilt, dataRoot: env.dataRoot })).rejects.toThrow(
      `the window is not built: ${join(unbuilt, 'index.html')} is missing. Build it with "npm run build" in the memos-sync project folder, then start again.`,
    );
    await rm(unbuilt, { recursive: true });
  });
});

describe('the web host’s API socket', () => {
  it('closes at once (4401) without the token or with a wrong one', async () => {
    expect(await upgradeOutcome({})).toEqual({ closed: 4401, reason: 'token required' });
    expect(await upgradeOutcome({ token: `${web.token}x` })).toEqual({ closed: 4401, reason: 'wrong token' });
  });

  it('refuses (403) another site’s page, a page without Origin and a foreign host name (DNS rebinding)', async () => {
    const { port } = new URL(web.origin);
    expect(await upgradeOutcome({ token: web.token, origin: 'http://evil.example' })).toEqual({ refused: 403 });
    expect(await upgradeOutcome({ token: web.token, origin: null })).toEqual({ refused: 403 });
    expect(await upgradeOutcome({ token: web.token, host: `evil.example:${port}`, origin: `http://evil.example:${port}` })).toEqual({ refused: 403 });
    // The same request under another of this host's own names is let in: it was the name that was refused.
    const { socket } = await openSocket(web.origin, { token: web.token, host: `localhost:${port}`, origin: `http://localhost:${port}` });
    socket.close();
  });

  it('closes a socket that sends binary, malformed or broken frames, and goes on serving', async () => {
    const sent = async (data: Buffer | string, binary: boolean): Promise<number> => {
      const { socket, closed } = await openSocket(web.origin, { token: web.token });
      socket.send(data, { binary });
      return (await closed).code;
    };
    expect(await sent(Buffer.from('{"id":1,"method":"getSnapshot","params":{}}'), true)).toBe(1003);
    expect(await sent('{"id":1,"method":', false)).toBe(1008);
    expect(await sent('{"id":-1,"method":"getSnapshot","params":{}}', false)).toBe(1008);
    expect(await sent(Buffer.from([0xff, 0xfe, 0xfd]), false)).toBe(1007);
    expect(await sent('x'.repeat(2 * 1024 * 1024), false)).toBe(1009);

    const api = await apiSocket(web.origin, web.token);
    expect(await api.result('getSnapshot', {})).toMatchObject({ targetLabel: 'the built-in server' });
    api.close();
  });

  it('answers the window’s calls and pushes every event', async () => {
    const api = await apiSocket(web.origin, web.token);
    expect(await api.result('getSnapshot', {})).toMatchObject({ targetLabel: 'the built-in server', capabilities: { pickFolder: false } });

    const folder = await env.makeFolder('over-the-socket', { 'tern.txt': 'Arctic terns zqternsocket fly pole to pole.' });
    const view = await api.result('addFolder', { path: folder });
    expect(view).toMatchObject({ path: folder, mode: 'watch' });
    await waitFor(() => api.events.some((event) => event.type === 'file' && event.file.relativePath === 'tern.txt' && event.file.state === 'done'), 'the file to be pushed as done');
    expect(api.events).toContainEqual({ type: 'activity', entry: expect.objectContaining({ kind: 'added', subject: 'over-the-socket/tern.txt' }) });
    expect(api.events.some((event) => event.type === 'stats')).toBe(true);

    expect(await api.result('listFiles', { filter: 'done', folderId: view.id, offset: 0, limit: 10 })).toEqual({ total: 1, items: [expect.objectContaining({ relativePath: 'tern.txt', state: 'done' })] });
    expect((await api.result('search', { query: 'zqternsocket' })).memory_detail_list.map((memory) => memory.memory_value)).toEqual(['Arctic terns zqternsocket fly pole to pole.']);
    expect(await api.call('search', { query: '' })).toEqual({ error: { code: 'invalid', message: expect.stringMatching(/^query: /) } });
    api.close();
  });
});

describe('the web host’s drop endpoints', () => {
  const dropped = (): Promise<string[]> => readdir(join(env.dataRoot, 'dropped'), { recursive: true }).catch(() => []);

  it('need the token and a request from the host’s own page', async () => {
    const { port } = new URL(web.origin);
    const query = new URLSearchParams({ batch: 'guarded', path: 'a.txt' });
    expect(await send(web.origin, { method: 'POST', path: `/api/drop?${query}`, headers: { origin: web.origin }, body: 'x' })).toMatchObject({ status: 401 });
    expect(await drop({ batch: 'guarded', path: 'a.txt', token: 'wrong' }, 'x')).toMatchObject({ status: 401 });
    expect(await drop({ batch: 'guarded', path: 'a.txt' }, 'x', { origin: 'http://evil.example' })).toMatchObject({ status: 403 });
    expect(await drop({ batch: 'guarded', path: 'a.txt' }, 'x', { origin: `http://evil.example:${port}`, host: `evil.example:${port}` })).toMatchObject({ status: 403 });
    expect(await send(web.origin, { path: `/api/drop?token=${web.token}&batch=guarded&path=a.txt`, headers: { origin: web.origin } })).toMatchObject({ status: 405 });
    expect(await send(web.origin, { method: 'POST', path: `/api/other?token=${web.token}`, headers: { origin: web.origin } })).toMatchObject({ status: 404 });
    expect(await dropped()).not.toContain('guarded');
  });

  it('refuse bad batch ids and paths that could leave the batch (400)', async () => {
    for (const batch of ['', '..', 'a/b', 'with space', 'x'.repeat(65), '批次']) {
      const answer = await drop({ batch, path: 'a.txt' }, 'x');
      expect(answer.status, batch).toBe(400);
      expect(JSON.parse(answer.body), batch).toEqual({ error: { code: 'invalid', message: 'batch: 1 to 64 letters, digits, - or _' } });
    }
    for (const path of ['', '../escaped.txt', 'a/../../escaped.txt', '/etc/escaped.txt', 'C:/escaped.txt', 'a\\escaped.txt', 'a//escaped.txt', './escaped.txt', 'folder/', `${'n'.repeat(256)}.txt`]) {
      const answer = await drop({ batch: 'paths', path }, 'x');
      expect(answer.status, path).toBe(400);
      expect(JSON.parse(answer.body).error.code, path).toBe('invalid');
    }
    expect((await dropped()).filter((name) => name.includes('escaped'))).toEqual([]);
    expect(await drop({ batch: 'never-dropped' }, undefined, undefined, '/api/drop/finish')).toMatchObject({ status: 404 });
  });

  it('refuse a file over 100 MB as it streams in, and keep nothing of it', async () => {
    expect(await sendDeclaringLength(MAX_DROPPED_BYTES + 1)).toMatchObject({ status: 413 });
    const streamed = await streamUntilAnswered('big/huge.txt', MAX_DROPPED_BYTES + 1024 * 1024);
    expect(streamed.status).toBe(413);
    expect(JSON.parse(streamed.body)).toEqual({ error: { code: 'invalid', message: 'the file is larger than 100 MB' } });
    expect((await dropped()).filter((name) => name.includes('huge'))).toEqual([]);
  });

  it('store a drop of several files, then upload it once, to the end', async () => {
    const files = { 'report.txt': 'Quarterly zqdropreport figures.', 'nested/deeper/notes.md': '# Notes\n\nzqdropnotes from a nested folder.', '报告/会议纪要.txt': '会议纪要：海鸥 zqdropchinese' };
    for (const [path, content] of Object.entries(files)) expect(await drop({ batch: 'batch-1', path }, content)).toMatchObject({ status: 204 });
    for (const [path, content] of Object.entries(files)) expect(await readFile(join(env.dataRoot, 'dropped', 'batch-1', ...path.split('/')), 'utf8')).toBe(content);

    const finished = await drop({ batch: 'batch-1' }, undefined, undefined, '/api/drop/finish');
    expect(finished.status).toBe(200);
    expect(JSON.parse(finished.body)).toEqual({ files: 3 });
    for (const path of Object.keys(files)) await env.waitForFile(path, 'done');
    expect((await env.call('getSnapshot', {})).folders).toContainEqual(expect.objectContaining({ path: join(env.dataRoot, 'dropped', 'batch-1'), mode: 'once' }));
    for (const word of ['zqdropreport', 'zqdropnotes', 'zqdropchinese']) expect((await env.call('search', { query: word })).memory_detail_list, word).toHaveLength(1);
  });
});

describe('the host names the web host answers to', () => {
  it('include the port-less form browsers send for port 80, and no foreign name', () => {
    const onPort80 = hostChecker('127.0.0.1', 80);
    expect(['127.0.0.1', '127.0.0.1:80', 'localhost', '[::1]'].map(onPort80)).toEqual([true, true, true, true]);
    expect(['evil.example', 'evil.example:80', '127.0.0.1:81'].map(onPort80)).toEqual([false, false, false]);
    expect(hostChecker('127.0.0.1', 8740)('127.0.0.1')).toBe(false);
  });
});

/** A drop whose Content-Length says it is too big: refused before a byte of it is read. */
function sendDeclaringLength(length: number): Promise<{ status: number }> {
  const search = new URLSearchParams({ token: web.token, batch: 'declared', path: 'huge.txt' });
  return new Promise((resolve, reject) => {
    const outgoing = request(`${web.origin}/api/drop?${search}`, { method: 'POST', headers: { origin: web.origin, 'content-length': length } }, (answer) => {
      answer.resume();
      resolve({ status: answer.statusCode ?? 0 });
      outgoing.destroy();
    });
    outgoing.on('error', (error) => {
      if (!outgoing.destroyed) reject(error);
    });
    outgoing.flushHeaders();
  });
}

/** Streams `bytes` of one dropped file with no Content-Length, as fast as the host reads, until the host answers. */
function streamUntilAnswered(path: string, bytes: number): Promise<HttpAnswer> {
  const search = new URLSearchParams({ token: web.token, batch: 'streamed', path });
  const chunk = Buffer.alloc(1024 * 1024, 'a');
  return new Promise((resolve, reject) => {
    let answered = false;
    let sent = 0;
    const outgoing = request(`${web.origin}/api/drop?${search}`, { method: 'POST', headers: { origin: web.origin } }, (answer) => {
      answered = true;
      const chunks: Buffer[] = [];
      answer.on('data', (data: Buffer) => chunks.push(data));
      answer.on('end', () => resolve({ status: answer.statusCode ?? 0, headers: answer.headers, body: Buffer.concat(chunks).toString() }));
    });
    // The host closes the connection after refusing; only an error before its answer is a failure.
    outgoing.on('error', (error) => {
      if (!answered) reject(error);
    });
    const pump = (): void => {
      while (!answered && sent < bytes) {
        sent += chunk.length;
        if (!outgoing.write(chunk)) {
          outgoing.once('drain', pump);
          return;
        }
      }
      if (!answered) outgoing.end();
    };
    pump();
  });
}
