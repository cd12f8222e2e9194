import { join } from 'node:path';
import { spawnServer } from '../cli/spawn-server.ts';
import { runningInstance } from '../server/instance-file.ts';
import { loadOrCreateToken } from '../server/token.ts';
import type { LocalServer, LocalServerLauncher } from '../service/ports.ts';

/**
 * The built-in server without Electron: the one already running on the data folder (another
 * `memos-sync` started it), or a child process this launcher starts and stops.
 */
export function headlessServerLauncher(dataRoot: string): LocalServerLauncher {
  return {
    async start(): Promise<LocalServer> {
      const serverDir = join(dataRoot, 'server');
      const running = runningInstance(serverDir);
      if (running) return { baseUrl: running.baseUrl, token: loadOrCreateToken(serverDir), stop: async () => undefined };
      const started = await spawnServer(['--data', serverDir]);
      return {
        baseUrl: started.baseUrl,
        token: started.token,
        stop: async () => {
          started.child.kill('SIGTERM');
          await started.exited;
        },
      };
    },
  };
}
