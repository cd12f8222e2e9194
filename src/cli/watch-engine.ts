import type { EngineEvent } from '../engine/engine-events.ts';
import { SyncEngine } from '../engine/sync-engine.ts';
import { MemosClient } from '../memos/client.ts';
import { jsonLines, liveStatus } from './event-output.ts';
import { problemSummary, progressLine } from './progress.ts';
import { connectTarget } from './target.ts';
import type { WatchOptions } from './watch-options.ts';

const SUMMARY_LIMIT = 200;

/** What a terminal shows of the engine's events besides the progress line: problems, as they happen. */
function noteFor(event: EngineEvent): string | undefined {
  if (event.type === 'file' && (event.file.state === 'failed' || event.file.state === 'skipped')) return `${event.file.state}: ${event.file.relativePath}: ${event.file.reason ?? ''}`;
  if (event.type === 'folder' && event.message) return `folder ${event.status}: ${event.message}${event.fix ? ` (${event.fix})` : ''}`;
  if (event.type === 'engine' && event.message) return `${event.state}: ${event.message}`;
  return undefined;
}

/** `memos-sync watch` without --web: the sync engine alone on the named folders, until `stop`. */
export async function watchWithEngine(options: WatchOptions, stop: Promise<NodeJS.Signals>): Promise<number> {
  const say = (line: string): boolean => process.stderr.write(`${line}\n`);
  const target = await connectTarget({ target: options.target ?? 'local', userId: options.userId, dataRoot: options.dataRoot });
  const client = new MemosClient(target.profile);
  try {
    const engine = new SyncEngine({ ledgerFile: target.ledgerFile, client });
    try {
      const known = new Map(engine.folders().map((folder) => [folder.path, folder.id]));
      const ids: string[] = [];
      for (const folder of options.folders) ids.push(known.get(folder) ?? (await engine.addFolder({ path: folder })).id);
      if (!options.json) say(`Syncing ${options.folders.length} folder(s) to ${target.describe} as user "${target.profile.userId}". Press Ctrl+C to stop.`);
      const status = liveStatus();
      const render = options.json
        ? jsonLines<EngineEvent>()
        : (event: EngineEvent): void => {
            const note = noteFor(event);
            if (note) status.note(note);
            if (event.type === 'stats') status.draw(progressLine(event.stats));
          };
      engine.events.on('event', render);
      await engine.start({ only: ids });
      await stop;
      engine.events.off('event', render);
      if (!options.json) {
        status.end();
        const paths = new Map(engine.folders().map((folder) => [folder.id, folder.path]));
        const files = (state: 'skipped' | 'failed') => engine.ledger.files.list({ states: [state], limit: SUMMARY_LIMIT });
        say(problemSummary(files('skipped'), files('failed'), (id) => paths.get(id) ?? id) || 'Nothing was skipped and nothing failed.');
      }
      return 0;
    } finally {
      await engine.stop();
    }
  } finally {
    await client.close();
    await target.release();
  }
}
