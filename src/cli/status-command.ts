import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { Ledger } from '../engine/ledger/ledger.ts';
import { FILE_STATES } from '../engine/ledger/types.ts';
import { appDataRoot } from '../server/data-dir.ts';
import { formatBytes, problemSummary } from './progress.ts';
import { defaultUserId, ledgerFileFor } from '../service/ledger-file.ts';
import { TARGET_HELP } from './target.ts';

export const STATUS_USAGE = `memos-sync status [--target T] [--user-id ID] [--data DIR] [--json]
  --target   ${TARGET_HELP}`;

/** `memos-sync status`: what the ledger says, per state and per folder, and what needs attention. */
export async function runStatusCommand(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: { target: { type: 'string', default: 'local' }, 'user-id': { type: 'string' }, data: { type: 'string' }, json: { type: 'boolean', default: false } },
  });
  const file = ledgerFileFor(resolve(values.data ?? appDataRoot()), values.target, values['user-id'] ?? defaultUserId());
  if (!existsSync(file)) {
    process.stdout.write(values.json ? '{"folders":[],"counts":{}}\n' : `Nothing has been synced to ${values.target} yet.\n`);
    return 0;
  }
  const ledger = new Ledger(file);
  try {
    const folders = ledger.folders.all();
    const counts = ledger.files.counts();
    const skipped = ledger.files.list({ states: ['skipped'], limit: 500 });
    const failed = ledger.files.list({ states: ['failed'], limit: 500 });
    if (values.json) {
      process.stdout.write(`${JSON.stringify({ folders, counts, skipped, failed })}\n`);
      return 0;
    }
    process.stdout.write(`Folders:\n${folders.map((folder) => `  ${folder.path}${folder.paused ? ' (paused)' : ''}`).join('\n') || '  none'}\n`);
    process.stdout.write(`Files:\n${FILE_STATES.filter((state) => counts[state].files > 0).map((state) => `  ${state}: ${counts[state].files} (${formatBytes(counts[state].bytes)})`).join('\n') || '  none'}\n`);
    const paths = new Map(folders.map((folder) => [folder.id, folder.path]));
    const summary = problemSummary(skipped, failed, (id) => paths.get(id) ?? id);
    if (summary) process.stdout.write(`${summary}\n`);
    return 0;
  } finally {
    ledger.close();
  }
}
