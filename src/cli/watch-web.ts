import { startHeadlessApp } from '../host/headless-app.ts';
import { callService } from '../service/call-service.ts';
import type { AppServiceApi } from '../service/ports.ts';
import { activityLine } from '../shared/activity-line.ts';
import type { AppEvent } from '../shared/app-api.ts';
import { jsonLines, liveStatus } from './event-output.ts';
import type { ListenAddress } from './listen-address.ts';
import { openInBrowser } from './open-browser.ts';
import { problemSummary, progressLine } from './progress.ts';
import { requireApiKey, targetSettings } from './target.ts';
import type { WatchOptions } from './watch-options.ts';

export interface WebOptions extends ListenAddress {
  /** Open the window in the person's browser once it is served. */
  open: boolean;
}

const SUMMARY_LIMIT = 200;

/** What needs a person's eye when the command stops, read before the app goes. */
async function problems(service: AppServiceApi): Promise<string> {
  const { folders } = await callService(service, 'getSnapshot', {});
  const paths = new Map(folders.map((folder) => [folder.id, folder.path]));
  const files = async (filter: 'skipped' | 'failed') => (await callService(service, 'listFiles', { filter, offset: 0, limit: SUMMARY_LIMIT })).items;
  return problemSummary(await files('skipped'), await files('failed'), (id) => paths.get(id) ?? id);
}

/**
 * `memos-sync watch --web`: the whole app (service, engine, built-in server) with its window
 * served to a browser. The terminal shows what the window's activity shows; the window can add
 * folders and change settings, which the next start keeps.
 */
export async function watchWithWebHost(options: WatchOptions, web: WebOptions, stop: Promise<NodeJS.Signals>): Promise<number> {
  if (options.target !== undefined && options.target !== 'local') requireApiKey(options.target);
  const say = (line: string): boolean => process.stderr.write(`${line}\n`);
  const status = liveStatus();
  const render = options.json
    ? jsonLines<AppEvent>()
    : (event: AppEvent): void => {
        if (event.type === 'activity' && event.entry.kind !== 'added') status.note(activityLine(event.entry));
        if (event.type === 'stats') status.draw(progressLine(event.stats));
      };
  const app = await startHeadlessApp({
    dataRoot: options.dataRoot,
    folders: options.folders,
    host: web.host,
    port: web.port,
    settings: { ...(options.target === undefined ? {} : targetSettings(options.target)), ...(options.userId === undefined ? {} : { userId: options.userId }) },
    log: { warn: say, error: say },
    onEvent: render,
  });
  let summary: string;
  try {
    const snapshot = await callService(app.service, 'getSnapshot', {});
    const watched = snapshot.folders.filter((folder) => folder.mode === 'watch').length;
    if (!options.json) say(`Syncing ${watched} folder(s) to ${snapshot.targetLabel} as user "${snapshot.settings.userId}". Press Ctrl+C to stop.`);
    say(`The app's window (the token in it is the key; share it with no one): ${app.web.url}`);
    if (web.open) openInBrowser(app.web.url);
    await stop;
    summary = options.json ? '' : await problems(app.service);
  } finally {
    await app.stop();
  }
  if (!options.json) {
    status.end();
    say(summary || 'Nothing was skipped and nothing failed.');
  }
  return 0;
}
