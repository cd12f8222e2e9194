import CFB from 'cfb';
import { summaryPageCount } from '../../formats/ole-stream.ts';
import { titledSections } from './chunk.ts';
import { readWhole } from './read-whole.ts';
import { ExtractionError, type Extraction } from './types.ts';

const WORD_MAGIC = 0xa5ec;
const FLAG_ENCRYPTED = 0x0100;
const FLAG_TABLE_1 = 0x0200;
const FIRST_WORD_97_FIB = 0x00c1;
const CELL_SEPARATOR = ' | ';

function stream(container: CFB.CFB$Container, name: string): Buffer | undefined {
  const entry = CFB.find(container, name);
  return entry?.content ? Buffer.from(entry.content as Uint8Array) : undefined;
}

interface Fib {
  encrypted: boolean;
  tableStream: '0Table' | '1Table';
  /** Characters of the main document; footnotes, headers and the rest follow it in the text. */
  mainTextLength: number;
  clxOffset: number;
  clxLength: number;
}

/** The File Information Block: where the piece table is and how long the main text is ([MS-DOC] 2.5.1). */
function readFib(word: Buffer): Fib {
  if (word.length < 0x200 || word.readUInt16LE(0) !== WORD_MAGIC) throw new ExtractionError('the file is not a Word document');
  if (word.readUInt16LE(2) < FIRST_WORD_97_FIB) throw new ExtractionError('Word 6 and Word 95 documents are not supported; save it as .docx');
  const flags = word.readUInt16LE(0x0a);
  const wordCount = word.readUInt16LE(32);
  const longsAt = 32 + 2 + wordCount * 2 + 2;
  const longCount = word.readUInt16LE(longsAt - 2);
  const pairsAt = longsAt + longCount * 4 + 2;
  return {
    encrypted: (flags & FLAG_ENCRYPTED) !== 0,
    tableStream: flags & FLAG_TABLE_1 ? '1Table' : '0Table',
    mainTextLength: word.readInt32LE(longsAt + 3 * 4),
    clxOffset: word.readUInt32LE(pairsAt + 33 * 8),
    clxLength: word.readUInt32LE(pairsAt + 33 * 8 + 4),
  };
}

interface Piece {
  cpStart: number;
  cpEnd: number;
  fc: number;
  compressed: boolean;
}

/** The piece table inside the CLX: which file offsets hold which character positions, and in which encoding. */
function readPieces(clx: Buffer): Piece[] {
  let at = 0;
  while (at < clx.length && clx[at] === 0x01) at += 3 + clx.readUInt16LE(at + 1); // skip Prc (formatting)
  if (clx[at] !== 0x02) throw new ExtractionError('the Word document is damaged: no piece table');
  const length = clx.readUInt32LE(at + 1);
  const table = clx.subarray(at + 5, at + 5 + length);
  const count = (length - 4) / 12;
  if (!Number.isInteger(count) || count < 1) throw new ExtractionError('the Word document is damaged: bad piece table');
  const pieces: Piece[] = [];
  for (let i = 0; i < count; i++) {
    const descriptor = (count + 1) * 4 + i * 8;
    const fcValue = table.readUInt32LE(descriptor + 2);
    const compressed = (fcValue & 0x40000000) !== 0;
    const fc = fcValue & 0x3fffffff;
    pieces.push({ cpStart: table.readUInt32LE(i * 4), cpEnd: table.readUInt32LE(i * 4 + 4), fc: compressed ? fc / 2 : fc, compressed });
  }
  return pieces;
}

const cp1252 = new TextDecoder('windows-1252');
const utf16 = new TextDecoder('utf-16le');

function pieceText(word: Buffer, piece: Piece, limit: number): string {
  const chars = Math.max(0, Math.min(piece.cpEnd, limit) - piece.cpStart);
  if (piece.compressed) return cp1252.decode(word.subarray(piece.fc, piece.fc + chars));
  return utf16.decode(word.subarray(piece.fc, piece.fc + chars * 2));
}

/**
 * Turns Word's special characters into plain text: keeps a field's shown result and drops its
 * code (0x13 code 0x14 result 0x15), ends paragraphs and cells, drops object anchors.
 */
export function cleanWordText(raw: string): string {
  let text = '';
  let afterCellMark = false;
  const fields: boolean[] = []; // per open field: true while inside its code part
  for (const char of raw) {
    const code = char.charCodeAt(0);
    if (code === 0x07) {
      // A cell ends with 0x07; a second 0x07 right after it ends the table row.
      text = afterCellMark ? `${text.slice(0, -CELL_SEPARATOR.length)}\n` : text + CELL_SEPARATOR;
      afterCellMark = !afterCellMark;
      continue;
    }
    afterCellMark = false;
    if (code === 0x13) fields.push(true);
    else if (code === 0x14) fields[fields.length - 1] = false;
    else if (code === 0x15) fields.pop();
    else if (fields.includes(true)) continue;
    else if (code === 0x0d || code === 0x0b || code === 0x0c) text += '\n';
    else if (code === 0x1e) text += '-';
    else if (code === 0xa0) text += ' ';
    else if (code === 0x09 || code >= 0x20) text += char;
  }
  return text
    .split('\n')
    .map((line) => line.replace(/[ ]{2,}/g, ' ').trim())
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/** Extracts the main text of a Word 97-2003 (.doc) document through its piece table. */
export async function extractDoc(path: string, name: string): Promise<Extraction> {
  const bytes = await readWhole(path);
  let container: CFB.CFB$Container;
  try {
    container = CFB.read(bytes, { type: 'buffer' });
  } catch (error) {
    throw new ExtractionError(`the Word document is damaged: ${(error as Error).message}`);
  }
  const word = stream(container, 'WordDocument');
  if (!word) throw new ExtractionError('the file is an Office 97-2003 file but not a Word document');
  const fib = readFib(word);
  if (fib.encrypted) throw new ExtractionError('the Word document is password-protected');
  const table = stream(container, fib.tableStream);
  if (!table || fib.clxOffset + fib.clxLength > table.length || fib.clxLength === 0) throw new ExtractionError('the Word document is damaged: its text table is missing');
  const pieces = readPieces(table.subarray(fib.clxOffset, fib.clxOffset + fib.clxLength));
  const raw = pieces
    .filter((piece) => piece.cpStart < fib.mainTextLength)
    .map((piece) => pieceText(word, piece, fib.mainTextLength))
    .join('');
  const text = cleanWordText(raw);
  if (!text) throw new ExtractionError('the Word document has no text');
  const summary = stream(container, '\u0005SummaryInformation');
  const pageCount = summary ? summaryPageCount(summary) : undefined;
  return { type: 'doc', ...(pageCount !== undefined && pageCount >= 0 ? { pageCount } : {}), sections: titledSections(name, text), meta: {} };
}
