import { once } from 'node:events';
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { MemosClient } from '../memos/client.ts';
import type { EngineEvent } from '../engine/engine-events.ts';
import { SyncEngine } from '../engine/sync-engine.ts';
import { appDataRoot } from '../server/data-dir.ts';
import { problemSummary, progressLine } from './progress.ts';
import { connectTarget, TARGET_HELP } from './target.ts';

export const WATCH_USAGE = `memos-sync watch FOLDER... [--target T] [--user-id ID] [--data DIR] [--json]
  --target   ${TARGET_HELP}
  --user-id  whose memory the files go to (default: your login name)
  --data     where MemOS Sync keeps its state (default: ${appDataRoot()})
  --json     one JSON event per line instead of live progress
  Cloud targets read the API key from the environment variable MEMOS_API_KEY.`;

const PROGRESS_INTERVAL_MS = 500;

/** `memos-sync watch`: syncs folders until SIGINT or SIGTERM, then prints what needs attention. */
export async function runWatchCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      target: { type: 'string', default: 'local' },
      'user-id': { type: 'string' },
      data: { type: 'string' },
      json: { type: 'boolean', default: false },
    },
  });
  if (positionals.length === 0) throw new Error(`name at least one folder to watch\n\n${WATCH_USAGE}`);
  const dataRoot = resolve(values.data ?? appDataRoot());
  mkdirSync(dataRoot, { recursive: true });
  const target = await connectTarget({ target: values.target, userId: values['user-id'], dataRoot });
  const engine = new SyncEngine({ ledgerFile: target.ledgerFile, client: new MemosClient(target.profile) });
  const say = (line: string): boolean => process.stderr.write(`${line}\n`);
  try {
    const known = new Map(engine.folders().map((folder) => [folder.path, folder.id]));
    const ids: string[] = [];
    for (const folder of positionals.map((path) => resolve(path))) {
      ids.push(known.get(folder) ?? (await engine.addFolder({ path: folder })).id);
    }
    if (!values.json) say(`Syncing ${positionals.length} folder(s) to ${target.describe} as user "${target.profile.userId}". Press Ctrl+C to stop.`);
    const render = values.json ? jsonLines() : liveProgress(engine);
    engine.events.on('event', render);
    await engine.start({ only: ids });
    await Promise.race([once(process, 'SIGINT'), once(process, 'SIGTERM')]);
    engine.events.off('event', render);
    if (!values.json) {
      process.stdout.write('\n');
      const paths = new Map(engine.folders().map((folder) => [folder.id, folder.path]));
      const summary = problemSummary(engine.ledger.files.list({ states: ['skipped'], limit: 200 }), engine.ledger.files.list({ states: ['failed'], limit: 200 }), (id) => paths.get(id) ?? id);
      say(summary || 'Nothing was skipped and nothing failed.');
    }
    return 0;
  } finally {
    await engine.stop();
    await target.release();
  }
}

/** One JSON event per line; stats at most twice a second. */
function jsonLines(): (event: EngineEvent) => void {
  let lastStatsAt = 0;
  return (event) => {
    if (event.type === 'stats') {
      const now = Date.now();
      if (now - lastStatsAt < PROGRESS_INTERVAL_MS) return;
      lastStatsAt = now;
    }
    process.stdout.write(`${JSON.stringify(event)}\n`);
  };
}

/** Live progress on a terminal: one line redrawn, problems and state changes printed above it. */
function liveProgress(engine: SyncEngine): (event: EngineEvent) => void {
  const interactive = process.stdout.isTTY === true;
  let lastLine = '';
  let lastDrawn = 0;
  return (event) => {
    if (event.type === 'file' && (event.file.state === 'failed' || event.file.state === 'skipped')) {
      process.stdout.write(`${interactive ? '\r\u001b[2K' : ''}${event.file.state}: ${event.file.relativePath}: ${event.file.reason ?? ''}\n`);
    } else if (event.type === 'folder' && event.message) {
      process.stdout.write(`${interactive ? '\r\u001b[2K' : ''}folder ${event.status}: ${event.message}${event.fix ? ` (${event.fix})` : ''}\n`);
    } else if (event.type === 'engine' && event.message) {
      process.stdout.write(`${interactive ? '\r\u001b[2K' : ''}${event.state}: ${event.message}\n`);
    }
    const now = Date.now();
    if (now - lastDrawn < PROGRESS_INTERVAL_MS && event.type !== 'engine') return;
    const line = progressLine(engine.stats(now));
    if (line === lastLine && event.type !== 'engine') return;
    lastDrawn = now;
    lastLine = line;
    process.stdout.write(interactive ? `\r\u001b[2K${line}` : `${line}\n`);
  };
}
