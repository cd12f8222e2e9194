import { type FileHandle, open } from 'node:fs/promises';
import { extname } from 'node:path';
import { hasOleStream } from './ole-stream.ts';

/** Every file type MemOS accepts, identified by content (extension only for plain text). */
export type DocumentType = 'pdf' | 'docx' | 'doc' | 'txt' | 'md' | 'json' | 'xml';
export type ImageType = 'jpeg' | 'png' | 'gif' | 'bmp' | 'webp';
export type FileType = DocumentType | ImageType;

export interface SupportedFile {
  supported: true;
  type: FileType;
  category: 'document' | 'image';
  mime: string;
}

export interface UnsupportedFile {
  supported: false;
  /** A sentence a person can read, e.g. "content is a ZIP archive, not a Word document". */
  reason: string;
}

export type SniffResult = SupportedFile | UnsupportedFile;

const MIME: Record<FileType, string> = {
  pdf: 'application/pdf',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  doc: 'application/msword',
  txt: 'text/plain',
  md: 'text/markdown',
  json: 'application/json',
  xml: 'application/xml',
  jpeg: 'image/jpeg',
  png: 'image/png',
  gif: 'image/gif',
  bmp: 'image/bmp',
  webp: 'image/webp',
};

/** What a file named with these extensions should be, to say so when its content is something else. */
const EXPECTED_CONTENT: Record<string, string> = {
  '.pdf': 'a PDF',
  '.docx': 'a Word (.docx) document',
  '.doc': 'a Word 97-2003 document',
  '.jpg': 'a JPEG image',
  '.jpeg': 'a JPEG image',
  '.png': 'a PNG image',
  '.gif': 'a GIF image',
  '.bmp': 'a BMP image',
  '.webp': 'a WebP image',
};

const TEXT_EXTENSIONS: Record<string, DocumentType> = { '.txt': 'txt', '.md': 'md', '.markdown': 'md', '.json': 'json', '.xml': 'xml' };

const HEAD_BYTES = 8192;
const ZIP_TAIL_BYTES = 65_557; // largest end-of-central-directory record plus its comment
const ZIP_DIRECTORY_LIMIT = 4 * 1024 * 1024;

export function mimeOf(type: FileType): string {
  return MIME[type];
}

const DOCUMENT_TYPES: ReadonlySet<FileType> = new Set<DocumentType>(['pdf', 'docx', 'doc', 'txt', 'md', 'json', 'xml']);

function supported(type: FileType): SupportedFile {
  return { supported: true, type, category: DOCUMENT_TYPES.has(type) ? 'document' : 'image', mime: MIME[type] };
}

function startsWith(bytes: Uint8Array, signature: readonly number[], offset = 0): boolean {
  if (bytes.length < offset + signature.length) return false;
  return signature.every((byte, index) => bytes[offset + index] === byte);
}

const ascii = (text: string): number[] => [...text].map((char) => char.charCodeAt(0));

/** Identifies binary formats from the first bytes of a file. Returns undefined when no signature matches. */
export function sniffSignature(head: Uint8Array): FileType | 'zip' | 'ole' | undefined {
  if (startsWith(head, ascii('%PDF-'))) return 'pdf';
  if (startsWith(head, [0xff, 0xd8, 0xff])) return 'jpeg';
  if (startsWith(head, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'png';
  if (startsWith(head, ascii('GIF87a')) || startsWith(head, ascii('GIF89a'))) return 'gif';
  if (startsWith(head, ascii('BM')) && head.length >= 26) return 'bmp';
  if (startsWith(head, ascii('RIFF')) && startsWith(head, ascii('WEBP'), 8)) return 'webp';
  if (startsWith(head, [0x50, 0x4b, 0x03, 0x04])) return 'zip';
  if (startsWith(head, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])) return 'ole';
  return undefined;
}

/** PDFs may carry up to 1 KiB of junk before the header; readers accept that, so do we. */
function findPdfHeader(head: Uint8Array): boolean {
  const window = Buffer.from(head.subarray(0, 1024)).toString('latin1');
  return window.includes('%PDF-');
}

function looksLikeText(head: Uint8Array): boolean {
  if (head.length === 0) return true;
  const hasUtf16Bom = startsWith(head, [0xff, 0xfe]) || startsWith(head, [0xfe, 0xff]);
  if (hasUtf16Bom) return true;
  let controls = 0;
  for (const byte of head) {
    if (byte === 0) return false;
    if (byte < 0x09 || (byte > 0x0d && byte < 0x20 && byte !== 0x1b)) controls++;
  }
  return controls / head.length < 0.01;
}

/** Names of the entries in a ZIP archive, read from its central directory (bounded reads). */
async function zipEntryNames(file: FileHandle, size: number): Promise<string[] | undefined> {
  const tailLength = Math.min(size, ZIP_TAIL_BYTES);
  const tail = Buffer.alloc(tailLength);
  await file.read(tail, 0, tailLength, size - tailLength);
  const eocd = tail.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (eocd < 0 || eocd + 22 > tail.length) return undefined;
  const entryCount = tail.readUInt16LE(eocd + 10);
  const directorySize = tail.readUInt32LE(eocd + 12);
  const directoryOffset = tail.readUInt32LE(eocd + 16);
  if (directorySize > ZIP_DIRECTORY_LIMIT || directoryOffset + directorySize > size) return undefined;
  const directory = Buffer.alloc(directorySize);
  await file.read(directory, 0, directorySize, directoryOffset);
  const names: string[] = [];
  let position = 0;
  for (let entry = 0; entry < entryCount && position + 46 <= directory.length; entry++) {
    if (directory.readUInt32LE(position) !== 0x02014b50) break;
    const nameLength = directory.readUInt16LE(position + 28);
    const extraLength = directory.readUInt16LE(position + 30);
    const commentLength = directory.readUInt16LE(position + 32);
    names.push(directory.toString('utf8', position + 46, position + 46 + nameLength));
    position += 46 + nameLength + extraLength + commentLength;
  }
  return names;
}

/**
 * Identifies a file by its content. Binary formats must carry their signature whatever
 * their name; plain text is recognised by extension and checked to really be text.
 * `name` is the file's name when the path does not carry it (an upload in a temp file).
 */
export async function sniffFile(path: string, name = path): Promise<SniffResult> {
  const file = await open(path, 'r');
  try {
    const { size } = await file.stat();
    const head = Buffer.alloc(Math.min(HEAD_BYTES, size));
    await file.read(head, 0, head.length, 0);
    const signature = sniffSignature(head) ?? (findPdfHeader(head) ? 'pdf' : undefined);
    const extension = extname(name).toLowerCase();

    if (signature === 'zip') {
      const names = await zipEntryNames(file, size);
      if (names?.includes('word/document.xml')) return supported('docx');
      return { supported: false, reason: 'content is a ZIP archive, not a Word (.docx) document' };
    }
    if (signature === 'ole') {
      if (await hasOleStream(file, size, 'WordDocument').catch(() => false)) return supported('doc');
      return { supported: false, reason: 'content is an Office 97-2003 file that is not a Word document (a spreadsheet, slides or mail?)' };
    }
    if (signature) return supported(signature);

    const textType = TEXT_EXTENSIONS[extension];
    if (textType) {
      if (looksLikeText(head)) return supported(textType);
      return { supported: false, reason: `named ${extension} but the content is binary, not text` };
    }
    const expected = EXPECTED_CONTENT[extension];
    if (expected) return { supported: false, reason: `named ${extension} but the content is not ${expected}` };
    return { supported: false, reason: extension ? `${extension} files are not supported (content not recognised)` : 'content not recognised as a supported document or image' };
  } finally {
    await file.close();
  }
}
