import type { FileHandle } from 'node:fs/promises';
import { PdfFile } from './pdf-file.ts';
import { isDict, nameOf, PdfLexer, type PdfValue } from './pdf-syntax.ts';
import { loadCrossReference, PdfObjects } from './pdf-xref.ts';

export type PdfPageCount =
  | { pages: number; encrypted: boolean; hint?: string }
  | { pages: undefined; encrypted: boolean; hint: string };

const SCAN_CHUNK = 1024 * 1024;
const SCAN_OVERLAP = 4096;
const SCAN_LIMIT = 128 * 1024 * 1024;

const count = (value: PdfValue | undefined): number | undefined => (typeof value === 'number' && Number.isInteger(value) && value >= 0 ? value : undefined);

/**
 * Last resort for a file whose cross-reference data is broken: the page tree's root is the
 * `/Type /Pages` dictionary without a /Parent; the last one in the file is the newest revision.
 * Objects hidden in compressed object streams cannot be found this way.
 */
async function scanForPageTreeRoot(file: PdfFile): Promise<number | undefined> {
  let found: number | undefined;
  const limit = Math.min(file.size, SCAN_LIMIT);
  for (let start = 0; start < limit; start += SCAN_CHUNK) {
    const chunk = await file.read(start, SCAN_CHUNK + SCAN_OVERLAP);
    const text = chunk.toString('latin1');
    for (const match of text.matchAll(/\d+\s+\d+\s+obj\s*<</g)) {
      if (match.index >= SCAN_CHUNK && start + SCAN_CHUNK < limit) break; // the next chunk sees it whole
      const lexer = new PdfLexer(chunk, match.index, false);
      try {
        lexer.objectHeader();
        const dict = lexer.value();
        if (!isDict(dict) || dict.has('Parent')) continue;
        const pages = count(dict.get('Count'));
        if (pages !== undefined && nameOf(dict.get('Type')) === 'Pages') found = pages;
      } catch {
        // A dictionary cut by the chunk end or by damage: skip it.
      }
    }
  }
  return found;
}

/** Counts a PDF's pages from its trailer, Catalog and page tree, reading only the objects on that path. */
export async function countPdfPages(handle: FileHandle, size: number): Promise<PdfPageCount> {
  const file = new PdfFile(handle, size);
  let encrypted = false;
  try {
    const xref = await loadCrossReference(file);
    encrypted = xref.trailer.has('Encrypt');
    const objects = new PdfObjects(file, xref);
    const catalog = await objects.resolve(xref.trailer.get('Root'));
    if (!isDict(catalog)) throw new Error('the trailer has no /Root catalog');
    const pageTree = await objects.resolve(catalog.get('Pages'));
    if (!isDict(pageTree)) throw new Error('the catalog has no /Pages tree');
    const pages = count(await objects.resolve(pageTree.get('Count')));
    if (pages === undefined) throw new Error('the page tree has no /Count');
    return { pages, encrypted };
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    if (encrypted) return { pages: undefined, encrypted, hint: `the page count of this encrypted PDF could not be read (${reason})` };
    const scanned = await scanForPageTreeRoot(file);
    if (scanned !== undefined) return { pages: scanned, encrypted, hint: `the PDF's cross-reference data is damaged (${reason}); the count comes from its page tree` };
    return { pages: undefined, encrypted, hint: `the page count could not be read: the PDF looks damaged (${reason})` };
  }
}
