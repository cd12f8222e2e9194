import { createHash } from 'node:crypto';
import { indexTokens } from './segment.ts';

/** Tags the server adds for its own bookkeeping; indexing them would make "fast" or "file" match everything. */
const SYSTEM_TAG = /^(mode|multimodal):/;

/**
 * The user's token in the index's `scope` column: letters and digits only, so the tokenizer
 * keeps it whole. Isolation never relies on it (queries also compare `user_id`); it only lets
 * the index skip other users' rows.
 */
export function scopeToken(userId: string): string {
  return `user${createHash('sha256').update(userId).digest('hex').slice(0, 24)}`;
}

/** The segmented text indexed for a memory: its title (unless it just repeats the text's start), text and user tags. */
export function indexBody(memory: { memory_key: string; memory_value: string; tags: readonly string[] }): string {
  const title = memory.memory_key.replace(/…$/, '');
  const parts = memory.memory_value.startsWith(title) ? [memory.memory_value] : [memory.memory_key, memory.memory_value];
  parts.push(...memory.tags.filter((tag) => !SYSTEM_TAG.test(tag)));
  return indexTokens(parts.join('\n')).join(' ');
}
