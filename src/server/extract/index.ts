import type { SupportedFile } from '../../formats/sniff.ts';
import { extractDoc } from './doc.ts';
import { extractDocx } from './docx.ts';
import { extractImage } from './image.ts';
import { extractPdf } from './pdf.ts';
import { extractText } from './text.ts';
import type { Extraction } from './types.ts';

/** Turns a sniffed file into sections of text, by its content type (not its name). */
export async function extractFile(path: string, name: string, sniffed: SupportedFile): Promise<Extraction> {
  const { type } = sniffed;
  switch (type) {
    case 'pdf':
      return extractPdf(path, name);
    case 'docx':
      return extractDocx(path, name);
    case 'doc':
      return extractDoc(path, name);
    case 'txt':
    case 'md':
    case 'json':
    case 'xml':
      return extractText(path, name, type);
    case 'jpeg':
    case 'png':
    case 'gif':
    case 'bmp':
    case 'webp':
      return extractImage(path, name, type);
  }
}
