import { createHash } from 'node:crypto';
import { userInfo } from 'node:os';
import { join } from 'node:path';
import { resolveBaseUrl } from '../memos/profile.ts';

export function defaultUserId(): string {
  const name = (() => {
    try {
      return userInfo().username;
    } catch {
      return '';
    }
  })();
  return (name || 'memos-sync').slice(0, 100);
}

/** The ledger for a target ('local', a preset or a base URL) and user: what is "already in memory" depends on both. */
export function ledgerFileFor(dataRoot: string, target: string, userId = defaultUserId()): string {
  const key = target === 'local' ? 'local' : resolveBaseUrl(target);
  const id = createHash('sha256').update(`${key}\n${userId}`).digest('hex').slice(0, 16);
  return join(dataRoot, `ledger-${id}.sqlite`);
}
