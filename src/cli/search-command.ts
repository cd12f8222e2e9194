import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { MemosClient } from '../memos/client.ts';
import { appDataRoot } from '../server/data-dir.ts';
import { connectTarget, TARGET_HELP } from './target.ts';

export const SEARCH_USAGE = `memos-sync search "QUERY" [--target T] [--user-id ID] [--data DIR] [--limit N] [--json]
  --target   ${TARGET_HELP}`;

const SNIPPET_LENGTH = 160;

/** `memos-sync search`: what MemOS remembers about the query, best first. */
export async function runSearchCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      target: { type: 'string', default: 'local' },
      'user-id': { type: 'string' },
      data: { type: 'string' },
      limit: { type: 'string', default: '9' },
      json: { type: 'boolean', default: false },
    },
  });
  const query = positionals.join(' ').trim();
  if (!query) throw new Error(`give a query\n\n${SEARCH_USAGE}`);
  const limit = Number(values.limit);
  if (!Number.isInteger(limit) || limit < 1 || limit > 25) throw new Error('--limit must be a whole number from 1 to 25');
  const target = await connectTarget({ target: values.target, userId: values['user-id'], dataRoot: resolve(values.data ?? appDataRoot()) });
  const client = new MemosClient(target.profile);
  try {
    const result = await client.searchMemory({ query, memory_limit_number: limit });
    if (values.json) {
      process.stdout.write(`${JSON.stringify(result)}\n`);
      return 0;
    }
    if (result.memory_detail_list.length === 0) process.stdout.write(`Nothing in memory matches "${query}".\n`);
    for (const memory of result.memory_detail_list) {
      const source = memory.info?.source_file ? `  [${memory.info.source_file}${memory.info.page ? `, page ${memory.info.page}` : ''}]` : '';
      const text = memory.memory_value.replace(/\s+/g, ' ').trim();
      process.stdout.write(`${(memory.relativity ?? 0).toFixed(2)}  ${memory.memory_key ?? ''}${source}\n      ${text.length > SNIPPET_LENGTH ? `${text.slice(0, SNIPPET_LENGTH)}…` : text}\n`);
    }
    for (const preference of result.preference_detail_list) process.stdout.write(`preference: ${preference.preference}\n`);
    return 0;
  } finally {
    await client.close();
    await target.release();
  }
}
