import { createHash } from 'node:crypto';
import { MAX_CONVERSATION_ID_LENGTH } from '../../shared/folder-settings.ts';

const PREFIX = 'folder:';
const HASH_LENGTH = 8;
const ELLIPSIS = '…';

/**
 * One spelling per folder: `/` separators, no trailing separator, NFC (macOS may hand us NFD
 * names), an upper-case Windows drive letter. The id must not change between runs.
 */
function canonicalPath(folderPath: string): string {
  let path = folderPath.normalize('NFC').replaceAll('\\', '/');
  while (path.length > 1 && path.endsWith('/') && !/^[A-Za-z]:\/$/.test(path)) path = path.slice(0, -1);
  return path.replace(/^([a-z]):/, (_, drive: string) => `${drive.toUpperCase()}:`);
}

const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/** Cuts `text` to at most `max` UTF-16 units at a grapheme boundary (never inside a surrogate pair or before a combining mark). */
function truncateText(text: string, max: number): string {
  if (text.length <= max) return text;
  let end = 0;
  for (const { index, segment } of graphemes.segment(text)) {
    if (index + segment.length > max) break;
    end = index + segment.length;
  }
  return text.slice(0, end);
}

/**
 * The conversation id a folder's memories go to unless the person chose one:
 * `folder:<parent>/<name>#<hash>`, e.g. `folder:Documents/Reports#3f9a0c12`. The readable part
 * is the last two path segments; the hash of the full path keeps two folders with the same name
 * apart. Long names are cut (with "…") so the id stays within the server's limit.
 */
export function defaultConversationId(folderPath: string): string {
  const path = canonicalPath(folderPath);
  const hash = `#${createHash('sha256').update(path).digest('hex').slice(0, HASH_LENGTH)}`;
  const segments = path.split('/').filter((segment) => segment !== '');
  const label = segments.slice(-2).join('/') || '/';
  const room = MAX_CONVERSATION_ID_LENGTH - PREFIX.length - hash.length;
  if (label.length <= room) return `${PREFIX}${label}${hash}`;
  // Too long: the folder's own name matters most, then its beginning.
  const name = segments.at(-1) ?? label;
  const readable = name.length <= room ? name : `${truncateText(name, room - ELLIPSIS.length)}${ELLIPSIS}`;
  return `${PREFIX}${readable}${hash}`;
}
