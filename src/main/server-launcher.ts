/**
 * Runs the built-in server in an Electron utilityProcess and keeps it running: when it dies it
 * is started again after a bounded backoff, on the same port when it can be had, so the base
 * URL and token the service holds stay valid; a changed base URL is reported.
 */
import { utilityProcess, type UtilityProcess } from 'electron';
import type { LocalServer, LocalServerLauncher } from '../service/ports.ts';
import { ServerReport, type ServerCommand } from './server-messages.ts';

/** Waits between restarts: quick at first, then at most a minute apart, however often it dies. */
export const RESTART_DELAYS_MS = [1_000, 2_000, 5_000, 15_000, 60_000];
/** A server that stayed up this long counts as healthy again: the next crash restarts quickly. */
const HEALTHY_AFTER_MS = 120_000;
const START_TIMEOUT_MS = 60_000;
/** The server finishes or saves its running tasks within 10 s; a little more before it is killed. */
const STOP_GRACE_MS = 15_000;

export interface UtilityServerOptions {
  /** The built server-process.js. */
  entry: string;
  dataDir: string;
  log(message: string): void;
  /** Told when a restarted server listens somewhere else than before. */
  onMoved?(server: { baseUrl: string; token: string }): void;
}

interface Running {
  child: UtilityProcess;
  baseUrl: string;
  token: string;
  port: number;
  startedAt: number;
}

export class UtilityServerLauncher implements LocalServerLauncher {
  private running: Running | undefined;
  private failures = 0;
  private restartTimer: NodeJS.Timeout | undefined;
  private stopping = false;

  private readonly options: UtilityServerOptions;

  constructor(options: UtilityServerOptions) {
    this.options = options;
  }

  async start(): Promise<LocalServer> {
    this.stopping = false;
    this.running = await this.spawn(0);
    const current = (): Running => this.current();
    return {
      get baseUrl() {
        return current().baseUrl;
      },
      get token() {
        return current().token;
      },
      stop: () => this.stop(),
    };
  }

  async stop(): Promise<void> {
    this.stopping = true;
    clearTimeout(this.restartTimer);
    const running = this.running;
    this.running = undefined;
    // Between a crash and its restart the dead process is still kept (for its address): nothing to stop.
    if (!running || running.child.pid === undefined) return;
    const exited = new Promise<void>((resolve) => running.child.once('exit', () => resolve()));
    running.child.postMessage({ type: 'stop' } satisfies ServerCommand);
    const timer = setTimeout(() => running.child.kill(), STOP_GRACE_MS);
    await exited;
    clearTimeout(timer);
  }

  private current(): Running {
    if (!this.running) throw new Error('the built-in server is not running');
    return this.running;
  }

  /** Starts one server process and resolves once it reports where it listens. */
  private spawn(port: number): Promise<Running> {
    const child = utilityProcess.fork(this.options.entry, ['--data', this.options.dataDir, '--port', String(port)], {
      serviceName: 'MemOS Sync server',
      stdio: 'inherit',
    });
    return new Promise((resolve, reject) => {
      let ready = false;
      const timer = setTimeout(() => {
        child.kill();
        reject(new Error(`the built-in server did not start within ${START_TIMEOUT_MS / 1000} s`));
      }, START_TIMEOUT_MS);
      child.on('message', (message: unknown) => {
        const report = ServerReport.safeParse(message);
        if (!report.success || ready) return;
        clearTimeout(timer);
        if (report.data.type === 'failed') return reject(new Error(`the built-in server could not start: ${report.data.message}`));
        ready = true;
        const { baseUrl, token } = report.data;
        resolve({ child, baseUrl, token, port: Number(new URL(baseUrl).port), startedAt: Date.now() });
      });
      child.once('exit', (code) => {
        clearTimeout(timer);
        if (!ready) return reject(new Error(`the built-in server exited with code ${code} while starting`));
        this.died(child, code);
      });
    });
  }

  private died(child: UtilityProcess, code: number): void {
    const previous = this.running;
    if (this.stopping || previous?.child !== child) return;
    if (Date.now() - previous.startedAt > HEALTHY_AFTER_MS) this.failures = 0;
    this.options.log(`the built-in server exited with code ${code}; restarting`);
    // The same port keeps the base URL the engine holds.
    this.scheduleRestart(previous, previous.port);
  }

  private scheduleRestart(previous: Running, port: number): void {
    const delay = RESTART_DELAYS_MS[Math.min(this.failures, RESTART_DELAYS_MS.length - 1)] ?? 60_000;
    this.failures += 1;
    this.restartTimer = setTimeout(() => void this.restart(previous, port), delay);
  }

  private async restart(previous: Running, port: number): Promise<void> {
    try {
      const next = await this.spawn(port);
      if (this.stopping) {
        next.child.postMessage({ type: 'stop' } satisfies ServerCommand);
        return;
      }
      this.running = next;
      if (next.baseUrl !== previous.baseUrl || next.token !== previous.token) this.options.onMoved?.({ baseUrl: next.baseUrl, token: next.token });
    } catch (error) {
      this.options.log(`${(error as Error).message}; trying again`);
      // The port may have been taken meanwhile: any port does now (the service is told it moved).
      if (!this.stopping) this.scheduleRestart(previous, 0);
    }
  }
}
