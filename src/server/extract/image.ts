import { readFile } from 'node:fs/promises';
import { crc32 } from 'node:zlib';
import exifr from 'exifr';
import { imageSize } from 'image-size';
import type { ImageType } from '../../formats/sniff.ts';
import { OcrFailure, recognizeText } from './ocr.ts';
import { ExtractionError, type Extraction } from './types.ts';

export { closeOcr } from './ocr.ts';

/**
 * Above this many pixels OCR is skipped and only the facts are kept: tesseract.js cannot
 * downscale, and its memory and time grow with the pixel count. 40 MP covers phone photos.
 */
export const OCR_PIXEL_LIMIT = 40_000_000;

const FORMAT_NAMES: Record<ImageType, string> = { jpeg: 'JPEG', png: 'PNG', gif: 'GIF', bmp: 'BMP', webp: 'WebP' };
const IMAGE_SIZE_TYPES: Record<ImageType, string> = { jpeg: 'jpg', png: 'png', gif: 'gif', bmp: 'bmp', webp: 'webp' };
/** Formats that can carry EXIF that exifr reads. */
const EXIF_TYPES: ReadonlySet<ImageType> = new Set<ImageType>(['jpeg', 'png']);

interface Dimensions {
  width: number;
  height: number;
}

interface OcrOutcome {
  /** Kept as meta.ocr so a person (and the server) can see why an image has no text. */
  status: string;
  text: string;
}

function damaged(type: ImageType): ExtractionError {
  return new ExtractionError(`the image is damaged or not a ${FORMAT_NAMES[type]}`);
}

function readDimensions(bytes: Buffer, type: ImageType): Dimensions {
  let size: ReturnType<typeof imageSize>;
  try {
    size = imageSize(bytes);
  } catch {
    throw damaged(type);
  }
  if (size.type !== IMAGE_SIZE_TYPES[type] || !size.width || !size.height) throw damaged(type);
  // EXIF orientations 5 to 8 turn the picture a quarter: report the size a person sees.
  const turned = (size.orientation ?? 1) >= 5;
  return turned ? { width: size.height, height: size.width } : { width: size.width, height: size.height };
}

/** image-size reads only the header, so a PNG cut short or corrupted is caught by walking its chunks. */
function pngIsWhole(bytes: Buffer): boolean {
  let offset = 8;
  while (offset + 12 <= bytes.length) {
    const end = offset + 12 + bytes.readUInt32BE(offset);
    if (end > bytes.length) return false;
    if (crc32(bytes.subarray(offset + 4, end - 4)) !== bytes.readUInt32BE(end - 4)) return false;
    if (bytes.toString('latin1', offset + 4, offset + 8) === 'IEND') return true;
    offset = end;
  }
  return false;
}

/**
 * EXIF dates carry no time zone unless OffsetTimeOriginal says so; without it the camera's
 * local time is kept as a local ISO date-time rather than guessed into UTC.
 */
function isoDate(value: unknown, offset: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const match = /^(\d{4}):(\d{2}):(\d{2})[ T](\d{2}):(\d{2}):(\d{2})/.exec(value.trim());
  if (!match) return undefined;
  const [, year, month, day, hour, minute, second] = match;
  if (year === '0000' || month === '00' || day === '00') return undefined; // cameras with an unset clock
  const zone = typeof offset === 'string' && /^[+-]\d{2}:\d{2}$/.test(offset.trim()) ? offset.trim() : '';
  return `${year}-${month}-${day}T${hour}:${minute}:${second}${zone}`;
}

function cameraName(make: unknown, model: unknown): string | undefined {
  const maker = typeof make === 'string' ? make.trim() : '';
  const name = typeof model === 'string' ? model.trim() : '';
  if (!name) return maker || undefined;
  return maker && !name.toLowerCase().startsWith(maker.toLowerCase()) ? `${maker} ${name}` : name;
}

/** Date taken and camera; EXIF is a bonus, so a broken EXIF block never fails the image. */
async function readExif(bytes: Buffer, type: ImageType): Promise<Record<string, string>> {
  if (!EXIF_TYPES.has(type)) return {};
  let tags: Record<string, unknown> | undefined;
  try {
    tags = (await exifr.parse(bytes, {
      pick: ['DateTimeOriginal', 'CreateDate', 'OffsetTimeOriginal', 'OffsetTime', 'Make', 'Model'],
      reviveValues: false,
    })) as Record<string, unknown> | undefined;
  } catch {
    return {};
  }
  if (!tags) return {};
  const facts: Record<string, string> = {};
  const takenAt = isoDate(tags.DateTimeOriginal, tags.OffsetTimeOriginal) ?? isoDate(tags.CreateDate, tags.OffsetTime);
  if (takenAt) facts.taken_at = takenAt;
  const camera = cameraName(tags.Make, tags.Model);
  if (camera) facts.camera = camera;
  return facts;
}

async function readText(bytes: Buffer, pixels: number): Promise<OcrOutcome> {
  if (pixels > OCR_PIXEL_LIMIT) return { status: 'skipped: image too large for OCR', text: '' };
  try {
    const text = await recognizeText(bytes);
    return { status: text ? 'text found' : 'no text found', text };
  } catch (error) {
    if (!(error instanceof OcrFailure)) throw error;
    if (error.kind === 'unreadable') return { status: 'unsupported format', text: '' };
    // The facts are still worth keeping; meta.ocr says the text is missing and why.
    return { status: `failed: ${error.message}`, text: '' };
  }
}

/** "Image 1200×800 JPEG, taken 2024-05-01 10:30, camera Pixel 8." */
function describe(type: ImageType, size: Dimensions, meta: Record<string, string>): string {
  const facts = [`Image ${size.width}×${size.height} ${FORMAT_NAMES[type]}`];
  if (meta.taken_at) facts.push(`taken ${meta.taken_at.slice(0, 16).replace('T', ' ')}`);
  if (meta.camera) facts.push(`camera ${meta.camera}`);
  return `${facts.join(', ')}.`;
}

/**
 * One section per image: a line of facts (size, date taken, camera), then any text OCR finds
 * in English or Simplified Chinese, so even a photo without words becomes a findable memory.
 */
export async function extractImage(path: string, name: string, type: ImageType): Promise<Extraction> {
  const bytes = await readFile(path);
  if (bytes.length === 0) throw new ExtractionError('the image is empty');
  const size = readDimensions(bytes, type);
  if (type === 'png' && !pngIsWhole(bytes)) throw damaged(type);

  const meta: Record<string, string> = { width: String(size.width), height: String(size.height), ...(await readExif(bytes, type)) };
  const ocr = await readText(bytes, size.width * size.height);
  meta.ocr = ocr.status;

  const facts = describe(type, size, meta);
  return {
    type,
    sections: [{ title: `${name} · image`, text: ocr.text ? `${facts}\n\n${ocr.text}` : facts }],
    meta,
  };
}
