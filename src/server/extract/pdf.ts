import { createRequire } from 'node:module';
import { dirname, join, sep } from 'node:path';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import type { TextContent, TextItem } from 'pdfjs-dist/types/src/display/api.d.ts';
import { readWhole } from './read-whole.ts';
import { ExtractionError, type ExtractedSection, type Extraction } from './types.ts';

/** pdfjs reads CMaps and font data from disk in Node; these folders ship inside the package, so nothing touches the network. */
const pdfjsRoot = dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json'));
const assetFolder = (name: string): string => join(pdfjsRoot, name) + sep;

const CJK = /[\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff\uff00-\uffef\u3000-\u303f]/u;

function needsSpace(before: string | undefined, after: string | undefined): boolean {
  if (!before || !after || /\s/.test(before) || /\s/.test(after)) return false;
  return !(CJK.test(before) && CJK.test(after));
}

/** Joins text items in content order: a new line when the baseline moves, a space for visible gaps except between two CJK characters. */
export function joinTextItems(items: TextContent['items']): string {
  let text = '';
  let previous: { y: number; end: number; height: number } | undefined;
  for (const item of items) {
    if (!('str' in item)) continue;
    const { str, transform, width, hasEOL } = item as TextItem;
    const x = transform[4] ?? 0;
    const y = transform[5] ?? 0;
    const height = Math.abs(item.height) || Math.hypot(transform[2] ?? 0, transform[3] ?? 0) || 1;
    if (str && previous) {
      const lineHeight = Math.max(previous.height, height);
      const drop = Math.abs(y - previous.y);
      if (drop > lineHeight * 0.5) {
        if (!text.endsWith('\n')) text += '\n';
        if (drop > lineHeight * 2.2 && !text.endsWith('\n\n')) text += '\n';
      } else if (x - previous.end > height * 0.15 && needsSpace(text.at(-1), str[0])) {
        text += ' ';
      }
    }
    text += str;
    if (hasEOL && !text.endsWith('\n')) text += '\n';
    if (str) previous = { y, end: x + width, height };
  }
  return text
    .split('\n')
    .map((line) => line.replace(/[ \t]+/g, ' ').trim())
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

function describe(error: unknown): ExtractionError {
  const name = error instanceof Error ? error.name : '';
  if (name === 'PasswordException') return new ExtractionError('the PDF is password-protected');
  const message = error instanceof Error ? error.message : String(error);
  return new ExtractionError(`the PDF is damaged: ${message}`);
}

/** Extracts the text of every page with pdfjs; one section per page that has text. */
export async function extractPdf(path: string, name: string): Promise<Extraction> {
  const data = await readWhole(path);
  const task = getDocument({
    data,
    cMapUrl: assetFolder('cmaps'),
    cMapPacked: true,
    standardFontDataUrl: assetFolder('standard_fonts'),
    wasmUrl: assetFolder('wasm'),
    iccUrl: assetFolder('iccs'),
    disableFontFace: true,
    isEvalSupported: false,
    useSystemFonts: false,
    stopAtErrors: false,
    verbosity: 0,
  });
  try {
    const document = await task.promise.catch((error: unknown) => {
      throw describe(error);
    });
    const sections: ExtractedSection[] = [];
    for (let number = 1; number <= document.numPages; number++) {
      const page = await document.getPage(number);
      const text = joinTextItems((await page.getTextContent()).items);
      page.cleanup();
      if (text) sections.push({ title: `${name} · page ${number}`, text, page: number });
    }
    if (sections.length === 0) throw new ExtractionError('the PDF has no text layer (its pages may be scanned images)');
    return { type: 'pdf', pageCount: document.numPages, sections, meta: {} };
  } catch (error) {
    throw error instanceof ExtractionError ? error : describe(error);
  } finally {
    await task.destroy();
  }
}
