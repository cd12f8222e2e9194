import { open } from 'node:fs/promises';
import { readZipEntry } from '../../formats/zip-entry.ts';
import { titledSections } from './chunk.ts';
import { checkedSize } from './read-whole.ts';
import { ExtractionError, type ExtractedSection, type Extraction } from './types.ts';
import { attribute, xmlTokens } from './xml-tokens.ts';

const XML_LIMIT = 512 * 1024 * 1024;
const HEADING_NAME = /^(heading|标题|標題|title|见出し|見出し)\s*[1-9]?$/i;

interface Paragraph {
  text: string;
  heading: boolean;
}

/** Paragraph style ids that are headings, from styles.xml: by name ("heading 1", "标题 1") or by outline level. */
function headingStyles(stylesXml: string | undefined): Set<string> {
  const headings = new Set<string>();
  if (!stylesXml) return headings;
  let styleId: string | undefined;
  for (const token of xmlTokens(stylesXml)) {
    if (token.kind === 'open' && token.name === 'w:style') styleId = attribute(token.attributes, 'w:styleId');
    else if (token.kind === 'close' && token.name === 'w:style') styleId = undefined;
    else if (token.kind === 'open' && styleId !== undefined) {
      const value = attribute(token.attributes, 'w:val') ?? '';
      if ((token.name === 'w:name' && HEADING_NAME.test(value)) || (token.name === 'w:outlineLvl' && Number(value) < 9)) headings.add(styleId);
    }
  }
  return headings;
}

/** Walks document.xml: paragraphs with their text (tabs and breaks kept), table rows as one line of cells. */
function paragraphs(documentXml: string, headingStyleIds: Set<string>): Paragraph[] {
  const result: Paragraph[] = [];
  const rows: string[][] = [];
  const cells: string[][] = [];
  let text = '';
  let heading = false;
  let inText = false;
  let inProperties = false;
  let skipDepth = 0;
  for (const token of xmlTokens(documentXml)) {
    if (token.kind === 'text') {
      if (inText && skipDepth === 0) text += token.text;
      continue;
    }
    const { name } = token;
    if (token.kind === 'close') {
      if (name === 'mc:Fallback' || name === 'w:del') skipDepth--;
      else if (name === 'w:t') inText = false;
      else if (name === 'w:pPr') inProperties = false;
      else if (name === 'w:p' && skipDepth === 0) {
        const cell = cells.at(-1);
        if (cell) cell.push(text.trim());
        else result.push({ text: text.trim(), heading });
        text = '';
        heading = false;
      } else if (name === 'w:tc') rows.at(-1)?.push((cells.pop() ?? []).filter(Boolean).join(' '));
      else if (name === 'w:tr') {
        const row = (rows.pop() ?? []).filter(Boolean).join(' | ');
        const outerCell = cells.at(-1);
        if (outerCell) outerCell.push(row);
        else result.push({ text: row, heading: false });
      }
      continue;
    }
    // Alternate content repeats itself in the fallback branch; deleted revisions are not the text.
    if ((name === 'mc:Fallback' || name === 'w:del') && !token.selfClosing) skipDepth++;
    else if (name === 'w:t' && !token.selfClosing) inText = true;
    else if (name === 'w:pPr' && !token.selfClosing) inProperties = true;
    else if (name === 'w:tr' && !token.selfClosing) rows.push([]);
    else if (name === 'w:tc' && !token.selfClosing) cells.push([]);
    else if (skipDepth > 0) continue;
    else if (name === 'w:pStyle' && inProperties) heading ||= headingStyleIds.has(attribute(token.attributes, 'w:val') ?? '') || HEADING_NAME.test(attribute(token.attributes, 'w:val') ?? '');
    else if (name === 'w:outlineLvl' && inProperties) heading ||= Number(attribute(token.attributes, 'w:val')) < 9;
    else if (name === 'w:tab' && !inProperties) text += '\t';
    else if (name === 'w:br' || name === 'w:cr') text += '\n';
  }
  return result;
}

/** Sections split at headings: "<name> · <heading>"; text before the first heading is titled with the name alone. */
function sectionsOf(name: string, items: Paragraph[]): ExtractedSection[] {
  const sections: ExtractedSection[] = [];
  let title = name;
  let body: string[] = [];
  const flush = (): void => {
    const text = body.join('\n').trim();
    if (text) sections.push(...titledSections(title, text));
    body = [];
  };
  for (const paragraph of items) {
    if (!paragraph.text) continue;
    if (paragraph.heading) {
      flush();
      title = `${name} · ${paragraph.text.replace(/\s+/g, ' ').slice(0, 120)}`;
    }
    body.push(paragraph.text);
  }
  flush();
  return sections;
}

/** Extracts a Word (.docx) document's paragraphs and tables, split into sections at its headings. */
export async function extractDocx(path: string, name: string): Promise<Extraction> {
  const size = await checkedSize(path);
  const file = await open(path, 'r');
  let documentXml: Buffer | undefined;
  let stylesXml: Buffer | undefined;
  let appXml: Buffer | undefined;
  try {
    documentXml = await readZipEntry(file, size, 'word/document.xml', XML_LIMIT);
    stylesXml = await readZipEntry(file, size, 'word/styles.xml', XML_LIMIT);
    appXml = await readZipEntry(file, size, 'docProps/app.xml', 1024 * 1024);
  } catch (error) {
    throw new ExtractionError(`the Word document is damaged: ${(error as Error).message}`);
  } finally {
    await file.close();
  }
  if (!documentXml) throw new ExtractionError('the Word document has no word/document.xml');
  const sections = sectionsOf(name, paragraphs(documentXml.toString('utf8'), headingStyles(stylesXml?.toString('utf8'))));
  if (sections.length === 0) throw new ExtractionError('the Word document has no text');
  const pages = /<(?:\w+:)?Pages>\s*(\d+)\s*</.exec(appXml?.toString('utf8') ?? '')?.[1];
  return { type: 'docx', ...(pages ? { pageCount: Number(pages) } : {}), sections, meta: {} };
}
