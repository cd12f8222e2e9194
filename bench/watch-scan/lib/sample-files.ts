import { crc32, deflateSync } from 'node:zlib';
import { strToU8, zipSync } from 'fflate';

/**
 * Tiny but valid files of each kind, each carrying a unique label so every file has its own
 * content hash (identical files would be recorded as copies and never uploaded).
 */

export type EligibleKind = 'pdf' | 'docx' | 'txt' | 'md' | 'png';
export const ELIGIBLE_KINDS: readonly EligibleKind[] = ['pdf', 'docx', 'txt', 'md', 'png'];
/** Not sync types: `.json` is accepted by MemOS but not a folder file type here. */
export const OTHER_EXTENSIONS: readonly string[] = ['.js', '.json', '.log', '.csv', '.ts', '.bin'];

const ascii = (text: string): string => text.replace(/[^\x20-\x7e]/g, '?');

/** A one-page PDF with a correct cross-reference table, so page counting reads it without recovery. */
export function minimalPdf(label: string): Buffer {
  const text = ascii(label).replace(/[()\\]/g, '\\$&');
  const stream = `BT /F1 12 Tf 72 720 Td (${text}) Tj ET`;
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    `<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  let body = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((object, index) => {
    offsets.push(body.length);
    body += `${index + 1} 0 obj\n${object}\nendobj\n`;
  });
  const xrefOffset = body.length;
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const offset of offsets) body += `${String(offset).padStart(10, '0')} 00000 n \n`;
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xrefOffset}\n%%EOF\n`;
  return Buffer.from(body, 'latin1');
}

const xmlEscape = (text: string): string => text.replace(/[<>&]/g, (char) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;' })[char] as string);

/** A Word document with one paragraph and its page count in docProps/app.xml. */
export function minimalDocx(label: string): Buffer {
  const w = 'http://schemas.openxmlformats.org/wordprocessingml/2006/main';
  const files = {
    '[Content_Types].xml': strToU8(
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>' +
        '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>' +
        '<Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/></Types>',
    ),
    '_rels/.rels': strToU8(
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>' +
        '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties" Target="docProps/app.xml"/></Relationships>',
    ),
    'word/document.xml': strToU8(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="${w}"><w:body><w:p><w:r><w:t>${xmlEscape(label)}</w:t></w:r></w:p></w:body></w:document>`),
    'docProps/app.xml': strToU8(
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"><Pages>1</Pages></Properties>',
    ),
  };
  return Buffer.from(zipSync(files, { level: 0 }));
}

function pngChunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const typeAndData = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(typeAndData));
  return Buffer.concat([length, typeAndData, crc]);
}

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
// 1×1 RGB, 8 bits per channel; one scanline: filter byte 0, then a grey pixel.
const PNG_HEADER = pngChunk('IHDR', Buffer.from([0, 0, 0, 1, 0, 0, 0, 1, 8, 2, 0, 0, 0]));
const PNG_DATA = pngChunk('IDAT', deflateSync(Buffer.from([0, 0x80, 0x80, 0x80])));
const PNG_END = pngChunk('IEND', Buffer.alloc(0));

/** A 1×1 PNG whose label travels in a tEXt chunk. */
export function minimalPng(label: string): Buffer {
  const text = pngChunk('tEXt', Buffer.from(`Comment\0${ascii(label)}`, 'latin1'));
  return Buffer.concat([PNG_SIGNATURE, PNG_HEADER, text, PNG_DATA, PNG_END]);
}

export function eligibleContent(kind: EligibleKind, label: string): Buffer {
  switch (kind) {
    case 'pdf':
      return minimalPdf(label);
    case 'docx':
      return minimalDocx(label);
    case 'png':
      return minimalPng(label);
    case 'md':
      return Buffer.from(`# ${label}\n\nA generated note for the watch-scan benchmark.\n`);
    case 'txt':
      return Buffer.from(`${label}\nA generated text file for the watch-scan benchmark.\n`);
  }
}

/** Content for a file of another type: small, and never mistaken for an eligible one. */
export function otherContent(extension: string, label: string): Buffer {
  if (extension === '.bin') return Buffer.from([0, 1, 2, 3, ...Buffer.from(label)]);
  if (extension === '.json') return Buffer.from(JSON.stringify({ label }));
  return Buffer.from(`// ${label}\n`);
}
