import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { UtilityServerLauncher } from '../../src/main/server-launcher.ts';
import { type FakeUtilityProcess, resetElectron, utilityProcess } from './fake-electron.ts';

vi.mock('electron', () => import('./fake-electron.ts'));

const ENTRY = '/opt/memos-sync/out/main/server-process.js';
const DATA = '/home/someone/.local/share/memos-sync/server';
const TOKEN = 'server-token';
const FIRST_PORT = 41_000;

const baseUrl = (port: number | string) => `http://127.0.0.1:${port}/api/openmem/v1`;

let logged: string[];
let moved: { baseUrl: string; token: string }[];
let launcher: UtilityServerLauncher;
/** Ports in use by someone else: a server asked for one of them fails to start, as it would. */
let taken: Set<string>;
let nextFreePort: number;
let forkedAt: number[];

/** Plays server-process.ts: listens on the port asked for (a free one for 0), stops when told. */
function playServer(child: FakeUtilityProcess): void {
  forkedAt.push(Date.now());
  const asked = child.arg('port') ?? '0';
  if (taken.has(asked)) {
    child.report({ type: 'failed', message: `listen EADDRINUSE: address already in use 127.0.0.1:${asked}` });
    child.exit(1);
    return;
  }
  const port = asked === '0' ? nextFreePort++ : Number(asked);
  child.onParentMessage = (message) => {
    if ((message as { type?: string }).type === 'stop') queueMicrotask(() => child.exit(0));
  };
  child.report({ type: 'ready', baseUrl: baseUrl(port), token: TOKEN });
}

const children = (): FakeUtilityProcess[] => utilityProcess.forked;
const lastChild = (): FakeUtilityProcess => children().at(-1) as FakeUtilityProcess;

beforeEach(() => {
  resetElectron();
  vi.useFakeTimers();
  logged = [];
  moved = [];
  taken = new Set();
  nextFreePort = FIRST_PORT;
  forkedAt = [];
  utilityProcess.onFork = playServer;
  launcher = new UtilityServerLauncher({ entry: ENTRY, dataDir: DATA, log: (message) => logged.push(message), onMoved: (server) => moved.push(server) });
});

afterEach(() => vi.useRealTimers());

describe('starting', () => {
  it('starts the built server entry on its data folder and any port, and tells where it listens', async () => {
    const server = await launcher.start();
    expect(children()).toHaveLength(1);
    expect(lastChild().modulePath).toBe(ENTRY);
    expect(lastChild().args).toEqual(['--data', DATA, '--port', '0']);
    expect(server.baseUrl).toBe(baseUrl(FIRST_PORT));
    expect(server.token).toBe(TOKEN);
  });

  it('fails with the server’s reason when it cannot start', async () => {
    utilityProcess.onFork = (child) => child.report({ type: 'failed', message: 'the data folder is not writable' });
    await expect(launcher.start()).rejects.toThrow('the built-in server could not start: the data folder is not writable');
  });

  it('fails when the server exits while starting', async () => {
    utilityProcess.onFork = (child) => child.exit(3);
    await expect(launcher.start()).rejects.toThrow('the built-in server exited with code 3 while starting');
  });

  it('ignores messages that are not reports, and gives up on a server that never says it is ready', async () => {
    utilityProcess.onFork = (child) => {
      child.report({ type: 'ready', baseUrl: 'not a url', token: TOKEN });
      child.report('ready');
    };
    const starting = launcher.start();
    const failed = expect(starting).rejects.toThrow('the built-in server did not start within 60 s');
    await vi.advanceTimersByTimeAsync(60_000);
    await failed;
    expect(lastChild().killed).toBe(true);
  });
});

describe('a server that dies', () => {
  it('is started again after a second, on the same port, so its address stays valid', async () => {
    const server = await launcher.start();
    lastChild().exit(1);
    expect(logged).toEqual(['the built-in server exited with code 1; restarting']);

    await vi.advanceTimersByTimeAsync(999);
    expect(children()).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(children()).toHaveLength(2);
    expect(lastChild().arg('port')).toBe(String(FIRST_PORT));
    expect(server.baseUrl).toBe(baseUrl(FIRST_PORT));
    expect(moved).toEqual([]);
  });

  it('keeps its port when it dies again soon after a restart', async () => {
    const server = await launcher.start();
    for (let crash = 0; crash < 3; crash++) {
      lastChild().exit(1);
      await vi.advanceTimersByTimeAsync(60_000);
    }
    expect(children()).toHaveLength(4);
    expect(children().map((child) => child.arg('port'))).toEqual(['0', ...Array(3).fill(String(FIRST_PORT))]);
    expect(server.baseUrl).toBe(baseUrl(FIRST_PORT));
    expect(moved).toEqual([]);
  });

  it('moves to another port when its own was taken meanwhile, and says where', async () => {
    const server = await launcher.start();
    taken.add(String(FIRST_PORT));
    lastChild().exit(1);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(children()).toHaveLength(2);
    expect(logged.at(-1)).toMatch(/EADDRINUSE.*; trying again$/);

    await vi.advanceTimersByTimeAsync(2_000);
    expect(children()).toHaveLength(3);
    expect(lastChild().arg('port')).toBe('0');
    expect(server.baseUrl).toBe(baseUrl(FIRST_PORT + 1));
    expect(moved).toEqual([{ baseUrl: baseUrl(FIRST_PORT + 1), token: TOKEN }]);
  });

  it('is tried again less and less often, at most a minute apart, however often it fails', async () => {
    await launcher.start();
    utilityProcess.onFork = (child) => {
      forkedAt.push(Date.now());
      child.exit(1);
    };
    const crashedAt = Date.now();
    lastChild().exit(1);
    await vi.advanceTimersByTimeAsync(10 * 60_000);
    const waits = forkedAt.slice(1).map((at, index) => at - (index === 0 ? crashedAt : (forkedAt[index] as number)));
    expect(waits.slice(0, 7)).toEqual([1_000, 2_000, 5_000, 15_000, 60_000, 60_000, 60_000]);
  });

  it('is restarted quickly again once it had been running well for a while', async () => {
    await launcher.start();
    lastChild().exit(1);
    await vi.advanceTimersByTimeAsync(1_000);
    lastChild().exit(1);
    await vi.advanceTimersByTimeAsync(2_000);
    expect(children()).toHaveLength(3);

    await vi.advanceTimersByTimeAsync(5 * 60_000);
    lastChild().exit(1);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(children()).toHaveLength(4);
  });
});

describe('stopping', () => {
  it('tells the server to stop and waits until it has exited', async () => {
    await launcher.start();
    const child = lastChild();
    child.onParentMessage = undefined;
    let stopped = false;
    const stopping = launcher.stop().then(() => (stopped = true));
    await vi.advanceTimersByTimeAsync(0);
    expect(child.received).toEqual([{ type: 'stop' }]);
    expect(stopped).toBe(false);

    child.exit(0);
    await stopping;
    expect(child.killed).toBe(false);
    expect(children()).toHaveLength(1);
  });

  it('kills a server that does not stop in time', async () => {
    await launcher.start();
    const child = lastChild();
    child.onParentMessage = undefined;
    const stopping = launcher.stop();
    await vi.advanceTimersByTimeAsync(15_000);
    await stopping;
    expect(child.killed).toBe(true);
  });

  it('is immediate while a dead server waits for its restart, and starts nothing after', async () => {
    await launcher.start();
    lastChild().exit(1);
    await launcher.stop();
    await vi.advanceTimersByTimeAsync(10 * 60_000);
    expect(children()).toHaveLength(1);
  });

  it('stops a server whose restart was under way', async () => {
    await launcher.start();
    lastChild().exit(1);
    utilityProcess.onFork = undefined;
    await vi.advanceTimersByTimeAsync(1_000);
    const restarting = lastChild();
    await launcher.stop();
    playServer(restarting);
    await vi.advanceTimersByTimeAsync(0);
    expect(restarting.received).toEqual([{ type: 'stop' }]);
    expect(restarting.pid).toBeUndefined();
    expect(logged).toEqual(['the built-in server exited with code 1; restarting']);
  });
});
