import type { Stats } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { countPages } from '../../formats/pages.ts';
import { sniffFile } from '../../formats/sniff.ts';
import type { FileType } from '../../formats/sniff.ts';
import { hashFile } from './hash-file.ts';
import { checkPdfPassword } from './pdf-password.ts';
import { ioOutcome } from './io-outcome.ts';

export const MAX_FILE_BYTES = 100 * 1024 * 1024;
export const MAX_PAGES = 200;

export interface PreflightOptions {
  /** Default 100 MiB, MemOS's per-file limit. */
  maxBytes?: number;
  /** Default 200, MemOS's per-file page limit. */
  maxPages?: number;
  /** Aborting rejects with the signal's reason. */
  signal?: AbortSignal;
}

export type PreflightResult =
  | {
      outcome: 'ok';
      size: number;
      mtimeMs: number;
      /** SHA-256 of the content, lowercase hex: the file's identity. */
      hash: string;
      type: FileType;
      category: 'document' | 'image';
      mime: string;
      /** Absent when the format has no pages (text) or the count could not be read. */
      pages?: number;
      /** Why the page count is unknown or approximate, for a person to read. */
      pagesHint?: string;
    }
  /** Final until the file changes (its size or mtime). */
  | { outcome: 'skip'; reason: string; size?: number; mtimeMs?: number }
  /** The file is being written or is locked: check again later. */
  | { outcome: 'retry'; reason: string }
  /** The file no longer exists: the engine records the deletion. */
  | { outcome: 'gone' };

const STILL_WRITTEN = 'the file is still being written';

export function formatMegabytes(bytes: number): string {
  const megabytes = bytes / (1024 * 1024);
  return `${Number.isInteger(megabytes) ? megabytes : megabytes.toFixed(1)} MB`;
}

/** "the file is 153.2 MB"; just over the limit, where rounding would read as the limit itself, in bytes. */
function sizeOverLimit(size: number, limit: number): string {
  const rounded = formatMegabytes(size);
  const shown = rounded === formatMegabytes(limit) || rounded === `${(limit / (1024 * 1024)).toFixed(1)} MB` ? `${size.toLocaleString('en')} bytes` : rounded;
  return `the file is ${shown}; MemOS accepts at most ${formatMegabytes(limit)} per file`;
}

function sameVersion(before: Stats, after: Stats): boolean {
  return before.size === after.size && before.mtimeMs === after.mtimeMs && before.ino === after.ino && before.dev === after.dev;
}

/**
 * Decides whether a file can go to MemOS, cheapest checks first so a huge or foreign file is
 * never read in full: stat, size, content type, page count, a password check for encrypted
 * PDFs, then the streamed hash.
 * A file that changes while it is checked comes back as `retry`.
 */
export async function preflight(absolutePath: string, name: string, options: PreflightOptions = {}): Promise<PreflightResult> {
  const { maxBytes = MAX_FILE_BYTES, maxPages = MAX_PAGES, signal } = options;
  let before: Stats | undefined;
  const skip = (reason: string): PreflightResult => ({ outcome: 'skip', reason, ...(before ? { size: before.size, mtimeMs: before.mtimeMs } : {}) });
  try {
    signal?.throwIfAborted();
    before = await stat(absolutePath);
    if (!before.isFile()) return skip('not a regular file');
    if (before.size === 0) return skip('the file is empty');
    if (before.size > maxBytes) return skip(sizeOverLimit(before.size, maxBytes));

    signal?.throwIfAborted();
    const sniffed = await sniffFile(absolutePath, name);
    if (!sniffed.supported) return skip(sniffed.reason);

    signal?.throwIfAborted();
    const count = await countPages(absolutePath, sniffed.type);
    if (count.pages !== undefined && count.pages > maxPages) return skip(`the document has ${count.pages} pages; MemOS accepts at most ${maxPages}`);
    if (count.encrypted) {
      const password = await checkPdfPassword(absolutePath);
      if (password === 'needs-password') return skip('the PDF is password-protected');
      if (password === 'unknown') return skip('the PDF is encrypted in a way that cannot be checked; it may need a password');
    }

    const handle = await open(absolutePath, 'r');
    let digest;
    try {
      digest = await hashFile(handle, before.size, signal);
    } finally {
      await handle.close();
    }
    const after = await stat(absolutePath);
    if (!sameVersion(before, after) || digest.bytesRead !== before.size) return { outcome: 'retry', reason: STILL_WRITTEN };

    return {
      outcome: 'ok',
      size: before.size,
      mtimeMs: before.mtimeMs,
      hash: digest.hash,
      type: sniffed.type,
      category: sniffed.category,
      mime: sniffed.mime,
      ...(count.pages === undefined ? {} : { pages: count.pages }),
      ...(count.hint === undefined ? {} : { pagesHint: count.hint }),
    };
  } catch (error) {
    if (signal?.aborted) throw signal.reason;
    const outcome = ioOutcome(error);
    return outcome.outcome === 'skip' ? skip(outcome.reason) : outcome;
  }
}
