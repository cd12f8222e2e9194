import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { headlessSettingsStore } from '../../src/host/headless-settings.ts';
import { AppService } from '../../src/service/app-service.ts';
import { callService } from '../../src/service/call-service.ts';
import type { PathPolicy } from '../../src/service/ports.ts';
import { mergedSettings } from '../../src/service/settings-methods.ts';
import type { AppEvent, AppMethod, FileView, MethodParams, MethodResult } from '../../src/shared/app-api.ts';
import { SHORT_TIMINGS, waitFor } from '../engine/engine-env.ts';
import { startFaultProxy, type FaultProxy } from '../engine/fault-proxy.ts';
import { startTestServer, TOKEN, USER, type TestServer } from '../server/test-server.ts';

export interface ServiceEnvOptions {
  /** Put a fault proxy between the engine and the server. */
  proxy?: boolean;
  /** The environment the headless settings read (MEMOS_API_KEY); empty by default. */
  env?: NodeJS.ProcessEnv;
  paths?: PathPolicy;
}

export interface ServiceEnv {
  service: AppService;
  /** The real built-in server, in this process. */
  server: TestServer;
  proxy: FaultProxy | undefined;
  dataRoot: string;
  /** A temporary folder for the test's own folders and files. */
  workspace: string;
  /** Every event the service emitted, oldest first. */
  events: AppEvent[];
  /** What the service logged. */
  log: string[];
  /** A call as the window makes it, its error thrown. */
  call<M extends AppMethod>(method: M, params: MethodParams<M>): Promise<MethodResult<M>>;
  /** Writes files (relative path → content) under `workspace/name` and returns the folder's path. */
  makeFolder(name: string, files: Record<string, string | Buffer>): Promise<string>;
  /** Waits until the file whose path contains `text` is in `state`, and returns it. */
  waitForFile(text: string, state: FileView['state']): Promise<FileView>;
  stop(): Promise<void>;
}

/**
 * The app service as a host runs it, with the headless settings store, in a temporary data
 * folder, against the real built-in server (started in this process as the local target), with
 * engine timings short enough for tests. Started, with no folder yet.
 */
export async function startServiceEnv(options: ServiceEnvOptions = {}): Promise<ServiceEnv> {
  const root = await mkdtemp(join(tmpdir(), 'memos-service-'));
  const dataRoot = join(root, 'data');
  const workspace = join(root, 'workspace');
  await mkdir(workspace);
  const server = await startTestServer(join(root, 'server'));
  const proxy = options.proxy ? await startFaultProxy(server.server.baseUrl) : undefined;
  const log: string[] = [];
  const logger = { warn: (line: string) => log.push(`warn: ${line}`), error: (line: string) => log.push(`error: ${line}`) };
  const settings = headlessSettingsStore(dataRoot, { env: options.env ?? {}, log: logger });
  settings.save(mergedSettings(settings.load(), { userId: USER }));
  const { concurrency: _budgetFromSettings, ...timings } = SHORT_TIMINGS;
  const service = new AppService({
    dataRoot,
    settings,
    server: { start: async () => ({ baseUrl: proxy?.baseUrl ?? server.server.baseUrl, token: TOKEN, stop: async () => undefined }) },
    paths: options.paths,
    log: logger,
    engine: timings,
  });
  const events: AppEvent[] = [];
  service.onEvent((event) => events.push(event));
  await service.start();
  const call = <M extends AppMethod>(method: M, params: MethodParams<M>): Promise<MethodResult<M>> => callService(service, method, params);
  const findFile = async (text: string): Promise<FileView | undefined> => (await call('listFiles', { filter: 'all', text, offset: 0, limit: 1 })).items[0];
  return {
    service,
    server,
    proxy,
    dataRoot,
    workspace,
    events,
    log,
    call,
    async makeFolder(name, files) {
      const folder = join(workspace, name);
      await mkdir(folder, { recursive: true });
      for (const [relativePath, content] of Object.entries(files)) {
        await mkdir(dirname(join(folder, relativePath)), { recursive: true });
        await writeFile(join(folder, relativePath), content);
      }
      return folder;
    },
    async waitForFile(text, state) {
      let last: FileView | undefined;
      try {
        await waitFor(async () => (last = await findFile(text))?.state === state, `a file matching "${text}" to be ${state}`);
      } catch (error) {
        throw new Error(`${(error as Error).message}; it is ${last ? `${last.state} ${last.reason ?? ''}` : 'not listed'}`);
      }
      return last as FileView;
    },
    async stop() {
      await service.stop();
      await proxy?.close();
      await server.stop();
      await rm(root, { recursive: true, force: true });
    },
  };
}
