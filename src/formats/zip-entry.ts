import type { FileHandle } from 'node:fs/promises';
import { inflateRawSync } from 'node:zlib';

const EOCD_SIGNATURE = 0x06054b50;
const CENTRAL_SIGNATURE = 0x02014b50;
const LOCAL_SIGNATURE = 0x04034b50;
const TAIL_BYTES = 65_557; // largest end-of-central-directory record plus its comment
const DIRECTORY_LIMIT = 16 * 1024 * 1024;

async function readAt(file: FileHandle, offset: number, length: number): Promise<Buffer> {
  const buffer = Buffer.alloc(length);
  const { bytesRead } = await file.read(buffer, 0, length, offset);
  return buffer.subarray(0, bytesRead);
}

/**
 * Reads one entry of a ZIP archive with bounded reads: the central directory, then only that
 * entry's bytes. Returns undefined when the archive has no such entry; throws when the archive
 * is damaged or the entry would inflate beyond `maxBytes`.
 */
export async function readZipEntry(file: FileHandle, size: number, name: string, maxBytes: number): Promise<Buffer | undefined> {
  const tailStart = Math.max(0, size - TAIL_BYTES);
  const tail = await readAt(file, tailStart, size - tailStart);
  let eocd = -1;
  for (let at = tail.length - 22; at >= 0; at--) {
    if (tail.readUInt32LE(at) === EOCD_SIGNATURE) {
      eocd = at;
      break;
    }
  }
  if (eocd < 0) throw new Error('the ZIP directory is missing');
  const entryCount = tail.readUInt16LE(eocd + 10);
  const directorySize = tail.readUInt32LE(eocd + 12);
  const directoryOffset = tail.readUInt32LE(eocd + 16);
  if (directorySize > DIRECTORY_LIMIT || directoryOffset + directorySize > size) throw new Error('the ZIP directory is damaged');
  const directory = await readAt(file, directoryOffset, directorySize);
  let position = 0;
  for (let entry = 0; entry < entryCount && position + 46 <= directory.length; entry++) {
    if (directory.readUInt32LE(position) !== CENTRAL_SIGNATURE) throw new Error('the ZIP directory is damaged');
    const method = directory.readUInt16LE(position + 10);
    const compressedSize = directory.readUInt32LE(position + 20);
    const uncompressedSize = directory.readUInt32LE(position + 24);
    const nameLength = directory.readUInt16LE(position + 28);
    const extraLength = directory.readUInt16LE(position + 30);
    const commentLength = directory.readUInt16LE(position + 32);
    const localOffset = directory.readUInt32LE(position + 42);
    const entryName = directory.toString('utf8', position + 46, position + 46 + nameLength);
    position += 46 + nameLength + extraLength + commentLength;
    if (entryName !== name) continue;
    if (uncompressedSize > maxBytes) throw new Error(`${name} is too large (${uncompressedSize} bytes)`);
    const local = await readAt(file, localOffset, 30);
    if (local.length < 30 || local.readUInt32LE(0) !== LOCAL_SIGNATURE) throw new Error('the ZIP archive is damaged');
    const dataOffset = localOffset + 30 + local.readUInt16LE(26) + local.readUInt16LE(28);
    const data = await readAt(file, dataOffset, compressedSize);
    if (method === 0) return data;
    if (method !== 8) throw new Error(`${name} uses an unsupported ZIP compression method (${method})`);
    return inflateRawSync(data, { maxOutputLength: maxBytes });
  }
  return undefined;
}
