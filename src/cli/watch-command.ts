import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { preferSmallHeap } from '../engine/small-heap.ts';
import { appDataRoot } from '../server/data-dir.ts';
import { parseListenAddress } from './listen-address.ts';
import { stopSignal } from './stop-signal.ts';
import { TARGET_HELP } from './target.ts';
import { watchWithEngine } from './watch-engine.ts';
import type { WatchOptions } from './watch-options.ts';
import { watchWithWebHost } from './watch-web.ts';

export const WATCH_USAGE = `memos-sync watch FOLDER... [--target T] [--user-id ID] [--data DIR] [--web HOST:PORT [--open]] [--json]
  --target   ${TARGET_HELP}
  --user-id  whose memory the files go to (default: your login name)
  --data     where MemOS Sync keeps its state (default: ${appDataRoot()})
  --web      also serve the app's window to a browser at HOST:PORT (127.0.0.1:0: any free port);
             the URL printed carries the access token. Without --target and --user-id it uses
             what the window last saved.
  --open     open that URL in your browser, when this system has one
  --json     one JSON event per line instead of live progress
  Cloud targets read the API key from the environment variable MEMOS_API_KEY.`;

/** `memos-sync watch`: syncs folders until SIGINT or SIGTERM, then prints what needs attention. */
export async function runWatchCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      target: { type: 'string' },
      'user-id': { type: 'string' },
      data: { type: 'string' },
      web: { type: 'string' },
      open: { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
    },
  });
  if (positionals.length === 0) throw new Error(`name at least one folder to watch\n\n${WATCH_USAGE}`);
  if (values.open && values.web === undefined) throw new Error('--open needs --web HOST:PORT');
  const web = values.web === undefined ? undefined : { ...parseListenAddress(values.web), open: values.open };
  const options: WatchOptions = {
    folders: positionals.map((path) => resolve(path)),
    target: values.target,
    userId: values['user-id'],
    dataRoot: resolve(values.data ?? appDataRoot()),
    json: values.json,
  };
  mkdirSync(options.dataRoot, { recursive: true });
  preferSmallHeap();
  const stop = stopSignal();
  return web ? watchWithWebHost(options, web, stop) : watchWithEngine(options, stop);
}
