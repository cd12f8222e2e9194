import { open, type FileHandle } from 'node:fs/promises';
import { readOleStream, summaryPageCount } from './ole-stream.ts';
import { countPdfPages } from './pdf-pages.ts';
import type { FileType } from './sniff.ts';
import { readZipEntry } from './zip-entry.ts';

/**
 * A page count, or why there is none. `hint` (a sentence a person can read) says why the count
 * is unknown or was recovered from a damaged file; plain text has no pages and gets no hint.
 * An unknown count is never a reason to reject a file.
 */
export type PageCount =
  | { pages: number; hint?: string; encrypted?: boolean }
  | { pages: undefined; hint?: string; encrypted?: boolean };

const APP_XML_LIMIT = 1024 * 1024;
const SUMMARY_LIMIT = 256 * 1024;

async function countDocxPages(file: FileHandle, size: number): Promise<PageCount> {
  try {
    const appXml = await readZipEntry(file, size, 'docProps/app.xml', APP_XML_LIMIT);
    if (!appXml) return { pages: undefined, hint: 'the document does not record its page count (no docProps/app.xml)' };
    const match = /<(?:\w+:)?Pages>\s*(\d+)\s*<\/(?:\w+:)?Pages>/.exec(appXml.toString('utf8'));
    if (!match?.[1]) return { pages: undefined, hint: 'the document does not record its page count' };
    return { pages: Number(match[1]) };
  } catch (error) {
    return { pages: undefined, hint: `the page count could not be read (${(error as Error).message})` };
  }
}

async function countDocPages(file: FileHandle, size: number): Promise<PageCount> {
  try {
    const summary = await readOleStream(file, size, '\u0005SummaryInformation', SUMMARY_LIMIT);
    const pages = summary ? summaryPageCount(summary) : undefined;
    if (pages === undefined || pages < 0) return { pages: undefined, hint: 'the document does not record its page count' };
    return { pages };
  } catch (error) {
    return { pages: undefined, hint: `the page count could not be read (${(error as Error).message})` };
  }
}

/**
 * Counts pages with bounded reads, without parsing the whole document. Format problems become
 * hints; only I/O errors (a missing or unreadable file) are thrown.
 */
export async function countPages(path: string, type: FileType): Promise<PageCount> {
  switch (type) {
    case 'txt':
    case 'md':
    case 'json':
    case 'xml':
      return { pages: undefined };
    case 'jpeg':
    case 'png':
    case 'gif':
    case 'bmp':
    case 'webp':
      return { pages: 1 };
    case 'pdf':
    case 'docx':
    case 'doc':
      break;
  }
  const file = await open(path, 'r');
  try {
    const { size } = await file.stat();
    if (size === 0) return { pages: undefined, hint: 'the file is empty' };
    if (type === 'pdf') return await countPdfPages(file, size);
    if (type === 'docx') return await countDocxPages(file, size);
    return await countDocPages(file, size);
  } finally {
    await file.close();
  }
}
