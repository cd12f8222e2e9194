import { decodeStream, MAX_WINDOW, type PdfFile } from './pdf-file.ts';
import { isDict, isRef, nameOf, PdfLexer, PdfSyntaxError, type PdfDict, type PdfValue } from './pdf-syntax.ts';

export type XrefEntry = { type: 0 } | { type: 1; offset: number } | { type: 2; stream: number; index: number };

interface XrefSection {
  entries: [number, XrefEntry][];
  trailer: PdfDict;
}

const TAIL_BYTES = 64 * 1024;
const MAX_SECTIONS = 10_000;

function integer(value: PdfValue | undefined): number | undefined {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 ? value : undefined;
}

function parseTable(lexer: PdfLexer): XrefSection {
  const keyword = lexer.next();
  if (keyword.type !== 'keyword' || keyword.value !== 'xref') throw new PdfSyntaxError('expected "xref"');
  const entries: [number, XrefEntry][] = [];
  for (;;) {
    const token = lexer.next();
    if (token.type === 'keyword' && token.value === 'trailer') {
      const trailer = lexer.value();
      if (!isDict(trailer)) throw new PdfSyntaxError('the trailer is not a dictionary');
      return { entries, trailer };
    }
    const count = lexer.next();
    if (token.type !== 'number' || count.type !== 'number') throw new PdfSyntaxError('bad cross-reference subsection');
    for (let i = 0; i < count.value; i++) {
      const offset = lexer.next();
      lexer.next();
      const kind = lexer.next();
      if (offset.type !== 'number' || kind.type !== 'keyword') throw new PdfSyntaxError('bad cross-reference entry');
      entries.push([token.value + i, kind.value === 'n' ? { type: 1, offset: offset.value } : { type: 0 }]);
    }
  }
}

function parseStreamEntries(dict: PdfDict, data: Buffer): [number, XrefEntry][] {
  const widths = dict.get('W');
  if (!Array.isArray(widths) || widths.length < 3 || !widths.every((w) => integer(w) !== undefined && (w as number) <= 8)) throw new PdfSyntaxError('bad /W in a cross-reference stream');
  const [w0, w1, w2] = widths as number[] as [number, number, number];
  const size = integer(dict.get('Size')) ?? 0;
  const indexValue = dict.get('Index');
  const index = Array.isArray(indexValue) ? indexValue.map((v) => integer(v) ?? 0) : [0, size];
  const rowLength = w0 + w1 + w2;
  const field = (at: number, width: number): number => {
    let value = 0;
    for (let i = 0; i < width; i++) value = value * 256 + (data[at + i] ?? 0);
    return value;
  };
  const entries: [number, XrefEntry][] = [];
  let row = 0;
  for (let pair = 0; pair + 1 < index.length; pair += 2) {
    const first = index[pair] ?? 0;
    const count = index[pair + 1] ?? 0;
    for (let i = 0; i < count && (row + 1) * rowLength <= data.length; i++, row++) {
      const at = row * rowLength;
      const type = w0 === 0 ? 1 : field(at, w0);
      const a = field(at + w0, w1);
      const b = field(at + w0 + w1, w2);
      if (type === 1) entries.push([first + i, { type: 1, offset: a }]);
      else if (type === 2) entries.push([first + i, { type: 2, stream: a, index: b }]);
      else if (type === 0) entries.push([first + i, { type: 0 }]);
    }
  }
  return entries;
}

/** Reads a stream object at `offset` whose /Length is direct: returns its dictionary and decoded data. */
export async function readStreamObject(file: PdfFile, offset: number, resolveLength?: (value: PdfValue) => Promise<PdfValue | undefined>): Promise<{ dict: PdfDict; data: Buffer }> {
  const { dict, start } = await file.parseAt(offset, (lexer) => {
    lexer.objectHeader();
    const value = lexer.value();
    if (!isDict(value)) throw new PdfSyntaxError('a stream object must start with a dictionary');
    const dataStart = lexer.streamStart();
    if (dataStart === undefined) throw new PdfSyntaxError('expected a stream');
    return { dict: value, start: offset + dataStart };
  });
  let length = dict.get('Length');
  if (isRef(length) && resolveLength) length = await resolveLength(length);
  const byteLength = integer(length);
  if (byteLength === undefined || byteLength > MAX_WINDOW) throw new PdfSyntaxError('a stream has no usable /Length');
  const raw = await file.read(start, byteLength);
  return { dict, data: decodeStream(dict, raw) };
}

async function readSection(file: PdfFile, offset: number): Promise<XrefSection> {
  const isTable = await file.parseAt(offset, (lexer) => {
    lexer.skipWhitespace();
    return lexer.bytes[lexer.position] === 0x78; // "xref"
  });
  if (isTable) return file.parseAt(offset, (lexer) => parseTable(lexer));
  const { dict, data } = await readStreamObject(file, offset);
  if (nameOf(dict.get('Type')) !== 'XRef') throw new PdfSyntaxError('startxref does not point at cross-reference data');
  return { entries: parseStreamEntries(dict, data), trailer: dict };
}

async function findStartXref(file: PdfFile): Promise<number> {
  const tailStart = Math.max(0, file.size - TAIL_BYTES);
  const tail = (await file.read(tailStart, TAIL_BYTES)).toString('latin1');
  const at = tail.lastIndexOf('startxref');
  const match = at < 0 ? null : /^startxref\s+(\d+)/.exec(tail.slice(at));
  if (!match?.[1]) throw new PdfSyntaxError('no startxref at the end of the file');
  return Number(match[1]);
}

export interface CrossReference {
  entries: Map<number, XrefEntry>;
  /** The merged trailer: keys from newer revisions win. */
  trailer: PdfDict;
}

/**
 * Walks every revision's cross-reference section, newest first (startxref, then a hybrid
 * file's /XRefStm, then /Prev), so the newest definition of each object wins.
 */
export async function loadCrossReference(file: PdfFile): Promise<CrossReference> {
  const entries = new Map<number, XrefEntry>();
  const trailer: PdfDict = new Map();
  const visited = new Set<number>();
  const queue = [await findStartXref(file)];
  while (queue.length > 0) {
    const offset = queue.shift() as number;
    if (visited.has(offset)) continue;
    if (visited.size >= MAX_SECTIONS) throw new PdfSyntaxError('too many cross-reference sections');
    visited.add(offset);
    const section = await readSection(file, offset);
    for (const [num, entry] of section.entries) if (!entries.has(num)) entries.set(num, entry);
    for (const [key, value] of section.trailer) if (!trailer.has(key) && key !== 'Prev' && key !== 'XRefStm') trailer.set(key, value);
    const next = [integer(section.trailer.get('XRefStm')), integer(section.trailer.get('Prev'))].filter((value): value is number => value !== undefined);
    queue.unshift(...next);
  }
  return { entries, trailer };
}

/** Reads objects by number through the cross-reference data, including objects packed in object streams. */
export class PdfObjects {
  readonly #file: PdfFile;
  readonly #xref: CrossReference;
  readonly #objectStreams = new Map<number, Promise<{ data: Buffer; offsets: Map<number, number> }>>();

  constructor(file: PdfFile, xref: CrossReference) {
    this.#file = file;
    this.#xref = xref;
  }

  /** Follows references until a direct value; an object the file does not define is null, as the spec says. */
  async resolve(value: PdfValue | undefined, depth = 0): Promise<PdfValue | undefined> {
    if (!isRef(value)) return value;
    if (depth > 16) throw new PdfSyntaxError('references nest too deeply');
    const entry = this.#xref.entries.get(value.num);
    if (!entry || entry.type === 0) return null;
    if (entry.type === 1) {
      const resolved = await this.#file.parseAt(entry.offset, (lexer) => {
        lexer.objectHeader();
        return lexer.value();
      });
      return this.resolve(resolved, depth + 1);
    }
    if (this.#xref.trailer.has('Encrypt')) throw new PdfSyntaxError('objects are in encrypted object streams');
    const stream = await this.#objectStream(entry.stream);
    const at = stream.offsets.get(value.num);
    if (at === undefined) throw new PdfSyntaxError(`object ${value.num} is missing from its object stream`);
    return this.resolve(new PdfLexer(stream.data, at, true).value(), depth + 1);
  }

  #objectStream(num: number): Promise<{ data: Buffer; offsets: Map<number, number> }> {
    let cached = this.#objectStreams.get(num);
    if (!cached) {
      cached = this.#loadObjectStream(num);
      this.#objectStreams.set(num, cached);
    }
    return cached;
  }

  async #loadObjectStream(num: number): Promise<{ data: Buffer; offsets: Map<number, number> }> {
    const entry = this.#xref.entries.get(num);
    if (entry?.type !== 1) throw new PdfSyntaxError(`object stream ${num} is not in the file`);
    const { dict, data } = await readStreamObject(this.#file, entry.offset, (length) => this.resolve(length));
    const count = integer(dict.get('N'));
    const first = integer(dict.get('First'));
    if (nameOf(dict.get('Type')) !== 'ObjStm' || count === undefined || first === undefined) throw new PdfSyntaxError(`object ${num} is not an object stream`);
    const header = new PdfLexer(data, 0, true);
    const offsets = new Map<number, number>();
    for (let i = 0; i < count; i++) {
      const objectNumber = header.value();
      const relative = header.value();
      if (typeof objectNumber !== 'number' || typeof relative !== 'number') throw new PdfSyntaxError('bad object stream header');
      offsets.set(objectNumber, first + relative);
    }
    return { data, offsets };
  }
}
