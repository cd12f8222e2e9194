import type { FileHandle } from 'node:fs/promises';
import { inflateSync, constants as zlib } from 'node:zlib';
import { isDict, nameOf, NeedMoreBytes, PdfLexer, PdfSyntaxError, type PdfDict, type PdfValue } from './pdf-syntax.ts';

const FIRST_WINDOW = 4096;
/** No single object, table or stream we need is allowed to make us read more than this. */
export const MAX_WINDOW = 32 * 1024 * 1024;

/** Random access to a PDF on disk in bounded windows. */
export class PdfFile {
  readonly handle: FileHandle;
  readonly size: number;

  constructor(handle: FileHandle, size: number) {
    this.handle = handle;
    this.size = size;
  }

  async read(offset: number, length: number): Promise<Buffer> {
    if (offset < 0 || offset >= this.size) throw new PdfSyntaxError(`offset ${offset} is outside the file`);
    const buffer = Buffer.alloc(Math.min(length, this.size - offset));
    const { bytesRead } = await this.handle.read(buffer, 0, buffer.length, offset);
    return buffer.subarray(0, bytesRead);
  }

  /** Runs a parser on a window at `offset`, doubling the window while the parser runs out of bytes. */
  async parseAt<T>(offset: number, parse: (lexer: PdfLexer) => T): Promise<T> {
    for (let window = FIRST_WINDOW; ; window *= 2) {
      const bytes = await this.read(offset, window);
      const wholeRest = offset + bytes.length >= this.size;
      try {
        return parse(new PdfLexer(bytes, 0, wholeRest));
      } catch (error) {
        if (!(error instanceof NeedMoreBytes)) throw error;
        if (wholeRest) throw new PdfSyntaxError('the file ends in the middle of an object');
        if (window >= MAX_WINDOW) throw new PdfSyntaxError('an object is too large to read');
      }
    }
  }
}

function unpredictPng(data: Buffer, columns: number, bytesPerPixel: number): Buffer {
  const rowLength = columns + 1;
  const rows = Math.floor(data.length / rowLength);
  const out = Buffer.alloc(rows * columns);
  for (let row = 0; row < rows; row++) {
    const filter = data[row * rowLength];
    for (let i = 0; i < columns; i++) {
      const raw = data[row * rowLength + 1 + i] ?? 0;
      const left = i >= bytesPerPixel ? (out[row * columns + i - bytesPerPixel] ?? 0) : 0;
      const up = row > 0 ? (out[(row - 1) * columns + i] ?? 0) : 0;
      const upLeft = row > 0 && i >= bytesPerPixel ? (out[(row - 1) * columns + i - bytesPerPixel] ?? 0) : 0;
      let predicted = 0;
      if (filter === 1) predicted = left;
      else if (filter === 2) predicted = up;
      else if (filter === 3) predicted = (left + up) >> 1;
      else if (filter === 4) {
        const p = left + up - upLeft;
        const [pa, pb, pc] = [Math.abs(p - left), Math.abs(p - up), Math.abs(p - upLeft)];
        predicted = pa <= pb && pa <= pc ? left : pb <= pc ? up : upLeft;
      } else if (filter !== 0) throw new PdfSyntaxError(`unknown PNG predictor ${filter}`);
      out[row * columns + i] = (raw + predicted) & 0xff;
    }
  }
  return out;
}

function inflate(data: Buffer): Buffer {
  try {
    return inflateSync(data, { maxOutputLength: MAX_WINDOW });
  } catch {
    // Many writers leave a stream's checksum off or cut it short; what inflated so far is still good.
    return inflateSync(data, { maxOutputLength: MAX_WINDOW, finishFlush: zlib.Z_SYNC_FLUSH });
  }
}

/** Decodes stream data filtered with FlateDecode (and PNG predictors), the only filter xref and object streams use in practice. */
export function decodeStream(dict: PdfDict, data: Buffer): Buffer {
  const filter = dict.get('Filter');
  const filters = Array.isArray(filter) ? filter.map(nameOf) : filter === undefined ? [] : [nameOf(filter)];
  if (filters.length === 0) return data;
  if (filters.length > 1 || filters[0] !== 'FlateDecode') throw new PdfSyntaxError(`unsupported stream filter ${filters.join(', ')}`);
  const inflated = inflate(data);
  const parmsValue: PdfValue | undefined = dict.get('DecodeParms');
  const parms = Array.isArray(parmsValue) ? parmsValue[0] : parmsValue;
  if (!isDict(parms)) return inflated;
  const predictor = parms.get('Predictor');
  if (typeof predictor !== 'number' || predictor === 1) return inflated;
  if (predictor < 10) throw new PdfSyntaxError('TIFF predictors are not supported');
  const colors = typeof parms.get('Colors') === 'number' ? (parms.get('Colors') as number) : 1;
  const bits = typeof parms.get('BitsPerComponent') === 'number' ? (parms.get('BitsPerComponent') as number) : 8;
  const columns = typeof parms.get('Columns') === 'number' ? (parms.get('Columns') as number) : 1;
  const bytesPerPixel = Math.max(1, Math.ceil((colors * bits) / 8));
  return unpredictPng(inflated, Math.ceil((columns * colors * bits) / 8), bytesPerPixel);
}
