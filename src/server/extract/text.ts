import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { MEMORY_CHARS, partTitle, splitText } from './chunk.ts';
import { bomEncoding, guessLegacyEncoding, type TextEncoding } from './encoding.ts';
import { checkedSize } from './read-whole.ts';
import { ExtractionError, type ExtractedSection, type Extraction } from './types.ts';

export type TextType = 'txt' | 'md' | 'json' | 'xml';

const CHUNK_BYTES = 1024 * 1024;
const SAMPLE_BYTES = 256 * 1024;
/** Pending text is cut into memories once it reaches this size, so a 100 MB file never sits in one string. */
const FLUSH_CHARS = 8 * MEMORY_CHARS;

/**
 * BOM first; else UTF-8 if the whole file decodes strictly as UTF-8 (checked streaming); else
 * GB18030, Big5 or Windows-1252, judged on a sample that starts at the first non-ASCII byte.
 */
export async function detectEncoding(path: string): Promise<{ encoding: TextEncoding; bomLength: number }> {
  const file = await open(path, 'r');
  try {
    const head = Buffer.alloc(3);
    await file.read(head, 0, 3, 0);
    const bom = bomEncoding(head);
    if (bom) return bom;
    const utf8 = new TextDecoder('utf-8', { fatal: true });
    let firstNonAscii = -1;
    let position = 0;
    let valid = true;
    for await (const chunk of file.createReadStream({ highWaterMark: CHUNK_BYTES, autoClose: false, start: 0 }) as AsyncIterable<Buffer>) {
      if (firstNonAscii < 0) {
        const at = chunk.findIndex((byte) => byte >= 0x80);
        if (at >= 0) firstNonAscii = position + at;
      }
      position += chunk.length;
      try {
        utf8.decode(chunk, { stream: true });
      } catch {
        valid = false;
        break;
      }
    }
    // A sequence cut by the very end of the file does not make a UTF-8 file something else.
    if (valid || firstNonAscii < 0) return { encoding: 'utf-8', bomLength: 0 };
    const sample = Buffer.alloc(SAMPLE_BYTES);
    const { bytesRead } = await file.read(sample, 0, SAMPLE_BYTES, firstNonAscii);
    return { encoding: guessLegacyEncoding(sample.subarray(0, bytesRead)), bomLength: 0 };
  } finally {
    await file.close();
  }
}

/** Collects text into titled memories: Markdown headings start a new title; long runs are cut on natural boundaries. */
class SectionCollector {
  readonly #name: string;
  readonly sections: ExtractedSection[] = [];
  #title: string;
  #part = 0;
  #pending = '';

  constructor(name: string) {
    this.#name = name;
    this.#title = name;
  }

  heading(text: string): void {
    this.flush(true);
    this.#title = `${this.#name} · ${text.slice(0, 120)}`;
    this.#part = 0;
  }

  append(text: string): void {
    this.#pending += text;
    if (this.#pending.length > FLUSH_CHARS) this.flush(false);
  }

  /** Emits the pending text; unless `all`, the last piece is kept to join with what follows. */
  flush(all: boolean): void {
    const pieces = splitText(this.#pending);
    const last = all ? undefined : pieces.pop();
    for (const piece of pieces) this.sections.push({ title: partTitle(this.#title, ++this.#part), text: piece });
    this.#pending = last === undefined ? '' : this.#pending.slice(this.#pending.lastIndexOf(last));
  }
}

const MARKDOWN_HEADING = /^ {0,3}#{1,6}[ \t]+(.+?)(?:[ \t]+#+)?[ \t]*$/;
const FENCE = /^ {0,3}(```|~~~)/;

/** Extracts TXT, Markdown, JSON and XML files, decoding them by their detected encoding. */
export async function extractText(path: string, name: string, type: TextType): Promise<Extraction> {
  await checkedSize(path);
  const { encoding, bomLength } = await detectEncoding(path);
  const decoder = new TextDecoder(encoding);
  const collector = new SectionCollector(name);
  const markdown = type === 'md';
  let carry = '';
  let inFence = false;
  const takeLines = (text: string, final: boolean): void => {
    carry += text;
    if (!markdown) {
      collector.append(carry);
      carry = '';
      return;
    }
    const lines = carry.split('\n');
    carry = final ? '' : (lines.pop() ?? '');
    for (const line of lines) {
      if (FENCE.test(line)) inFence = !inFence;
      const heading = inFence ? null : MARKDOWN_HEADING.exec(line.replace(/\r$/, ''));
      if (heading?.[1]) collector.heading(heading[1]);
      collector.append(`${line}\n`);
    }
    // A line longer than a few memories cannot be a heading: pass it on rather than hold it whole.
    if (carry.length > FLUSH_CHARS) {
      collector.append(carry);
      carry = '';
    }
  };
  for await (const chunk of createReadStream(path, { start: bomLength, highWaterMark: CHUNK_BYTES }) as AsyncIterable<Buffer>) {
    takeLines(decoder.decode(chunk, { stream: true }), false);
  }
  takeLines(decoder.decode(), true);
  collector.flush(true);
  if (collector.sections.length === 0) throw new ExtractionError('the file has no text');
  return { type, sections: collector.sections, meta: { encoding } };
}
