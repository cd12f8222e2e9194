import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { crc32, deflateSync } from 'node:zlib';
import { makePdf } from '../../test/fixtures/documents/make-pdf.ts';

/** Share of each kind in the mix; the rest are .txt. */
const MIX = { md: 0.3, pdf: 0.15, docx: 0.1, png: 0.05 };
const PER_FOLDER = 100;
const WORDS = ['memory', 'folder', 'budget', 'meeting', 'plan', 'report', 'search', 'note', 'quarter', 'summary', 'project', 'travel', 'invoice', 'recipe', 'garden'];

export interface MadeFiles {
  /** Paths relative to the root, '/'-separated. */
  paths: string[];
  bytes: number;
}

function prose(index: number, words: number): string {
  const out: string[] = [];
  for (let i = 0; i < words; i++) out.push(WORDS[(index * 7 + i * 13 + ((i * i) % 11)) % WORDS.length] as string);
  return `Document ${index}. ${out.join(' ')}.`;
}

function pngChunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}

/** A small grayscale PNG whose pixels depend on `index`, so every copy has different bytes. */
export function makePng(index: number, size = 32): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header.writeUInt8(8, 8);
  const rows = Buffer.alloc(size * (size + 1));
  for (let y = 0; y < size; y++) for (let x = 0; x < size; x++) rows[y * (size + 1) + 1 + x] = (x * y + index * 31) & 255;
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return Buffer.concat([signature, pngChunk('IHDR', header), pngChunk('IDAT', deflateSync(rows)), pngChunk('IEND', Buffer.alloc(0))]);
}

/** The same DOCX with a different zip comment: still a valid package, but distinct bytes (a distinct file to the engine). */
export function distinctDocx(docx: Buffer, index: number): Buffer {
  const comment = Buffer.from(`copy ${index}`, 'latin1');
  const end = docx.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (end < 0 || docx.readUInt16LE(end + 20) !== 0) throw new Error('the DOCX template must end with a comment-less end-of-central-directory record');
  const record = Buffer.from(docx.subarray(end));
  record.writeUInt16LE(comment.length, 20);
  return Buffer.concat([docx.subarray(0, end), record, comment]);
}

function kindOf(index: number, count: number): keyof typeof MIX | 'txt' {
  let edge = 0;
  const position = (index * 7919) % count / count;
  for (const [kind, share] of Object.entries(MIX) as [keyof typeof MIX, number][]) {
    edge += share;
    if (position < edge) return kind;
  }
  return 'txt';
}

/** `count` mixed files (text, Markdown, PDF, DOCX, PNG), each distinct, in folders of a hundred. */
export async function makeMixedFiles(root: string, count: number, docxTemplate: string): Promise<MadeFiles> {
  const docx = await readFile(docxTemplate);
  const paths: string[] = [];
  let bytes = 0;
  for (let index = 0; index < count; index++) {
    const folder = `part-${String(Math.floor(index / PER_FOLDER)).padStart(3, '0')}`;
    if (index % PER_FOLDER === 0) await mkdir(join(root, folder), { recursive: true });
    const kind = kindOf(index, count);
    const text = prose(index, 200 + (index % 400));
    const content =
      kind === 'pdf' ? makePdf([[`Report ${index}`, prose(index, 12)], [prose(index + 1, 12)]])
      : kind === 'docx' ? distinctDocx(docx, index)
      : kind === 'png' ? makePng(index)
      : kind === 'md' ? Buffer.from(`# Notes ${index}\n\n${text}\n`)
      : Buffer.from(`${text}\n`);
    const path = `${folder}/file-${index}.${kind}`;
    await writeFile(join(root, path), content);
    paths.push(path);
    bytes += content.length;
  }
  return { paths, bytes };
}
