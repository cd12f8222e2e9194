import type { FileHandle } from 'node:fs/promises';

const END_OF_CHAIN = 0xfffffffe;
const MAX_CHAIN = 1 << 20;

interface DirectoryEntry {
  start: number;
  size: number;
}

interface CompoundFile {
  /** The stream with this name (compared case-insensitively), if the file has one. */
  find: (name: string) => DirectoryEntry | undefined;
  read: (entry: DirectoryEntry) => Promise<Buffer>;
}

/**
 * Opens an OLE compound file with random-access reads of the sectors on the path to what is
 * asked for: header, FAT sectors as needed, directory, mini stream. The rest is never read.
 */
async function openCompoundFile(file: FileHandle, size: number): Promise<CompoundFile> {
  const readAt = async (offset: number, length: number): Promise<Buffer> => {
    const buffer = Buffer.alloc(length);
    const { bytesRead } = await file.read(buffer, 0, length, offset);
    if (bytesRead < length) throw new Error('the compound file is truncated');
    return buffer;
  };
  const header = await readAt(0, 512);
  const sectorSize = 1 << header.readUInt16LE(0x1e);
  const miniSectorSize = 1 << header.readUInt16LE(0x20);
  const miniCutoff = header.readUInt32LE(0x38);
  if (sectorSize !== 512 && sectorSize !== 4096) throw new Error('the compound file header is damaged');
  const sectorOffset = (sector: number): number => (sector + 1) * sectorSize;

  const difat: number[] = [];
  for (let i = 0; i < 109; i++) difat.push(header.readUInt32LE(0x4c + i * 4));
  let difatSector = header.readUInt32LE(0x44);
  for (let hops = 0; difatSector < END_OF_CHAIN && hops < header.readUInt32LE(0x48); hops++) {
    const block = await readAt(sectorOffset(difatSector), sectorSize);
    for (let i = 0; i < sectorSize / 4 - 1; i++) difat.push(block.readUInt32LE(i * 4));
    difatSector = block.readUInt32LE(sectorSize - 4);
  }

  const fatCache = new Map<number, Buffer>();
  const nextSector = async (sector: number): Promise<number> => {
    const perSector = sectorSize / 4;
    const fatIndex = Math.floor(sector / perSector);
    let block = fatCache.get(fatIndex);
    if (!block) {
      const fatSector = difat[fatIndex];
      if (fatSector === undefined || fatSector >= END_OF_CHAIN || sectorOffset(fatSector) >= size) throw new Error('the compound file FAT is damaged');
      block = await readAt(sectorOffset(fatSector), sectorSize);
      fatCache.set(fatIndex, block);
    }
    return block.readUInt32LE((sector % perSector) * 4);
  };
  const chain = async (start: number, limitBytes: number): Promise<number[]> => {
    const sectors: number[] = [];
    for (let sector = start; sector < END_OF_CHAIN && sectors.length * sectorSize < limitBytes; sector = await nextSector(sector)) {
      if (sectors.length > MAX_CHAIN) throw new Error('the compound file has a looping chain');
      sectors.push(sector);
    }
    return sectors;
  };
  const readChain = async (start: number, length: number): Promise<Buffer> => {
    const sectors = await chain(start, length);
    const parts = await Promise.all(sectors.map((sector) => readAt(sectorOffset(sector), sectorSize)));
    return Buffer.concat(parts).subarray(0, length);
  };

  // The directory is small: read it whole once.
  const directory = await readChain(header.readUInt32LE(0x30), 4 * 1024 * 1024);
  const streams = new Map<string, DirectoryEntry>();
  let root: DirectoryEntry | undefined;
  for (let at = 0; at + 128 <= directory.length; at += 128) {
    const nameLength = directory.readUInt16LE(at + 64);
    const type = directory[at + 66];
    const entry = { start: directory.readUInt32LE(at + 116), size: directory.readUInt32LE(at + 120) };
    if (type === 5) root = entry;
    if (type === 2) streams.set(directory.toString('utf16le', at, at + Math.max(0, nameLength - 2)).toLowerCase(), entry);
  }

  const read = async ({ start, size: streamSize }: DirectoryEntry): Promise<Buffer> => {
    if (streamSize >= miniCutoff) return readChain(start, streamSize);
    if (!root) throw new Error('the compound file has no root entry');
    // Small streams live in the mini stream, addressed through the mini FAT.
    const miniFat = await readChain(header.readUInt32LE(0x3c), header.readUInt32LE(0x40) * sectorSize);
    const miniStream = await readChain(root.start, root.size);
    const parts: Buffer[] = [];
    for (let mini = start, hops = 0; mini < END_OF_CHAIN && hops * miniSectorSize < streamSize; hops++) {
      parts.push(miniStream.subarray(mini * miniSectorSize, (mini + 1) * miniSectorSize));
      mini = mini * 4 + 4 <= miniFat.length ? miniFat.readUInt32LE(mini * 4) : END_OF_CHAIN;
    }
    return Buffer.concat(parts).subarray(0, streamSize);
  };
  return { find: (name) => streams.get(name.toLowerCase()), read };
}

/** Reads one small stream of an OLE compound file, such as "\x05SummaryInformation". */
export async function readOleStream(file: FileHandle, size: number, name: string, maxBytes: number): Promise<Buffer | undefined> {
  const compound = await openCompoundFile(file, size);
  const entry = compound.find(name);
  if (!entry) return undefined;
  if (entry.size > maxBytes) throw new Error(`${name} is too large`);
  return compound.read(entry);
}

/** Whether an OLE compound file holds a stream of this name: a Word 97-2003 document holds "WordDocument". */
export async function hasOleStream(file: FileHandle, size: number, name: string): Promise<boolean> {
  return (await openCompoundFile(file, size)).find(name) !== undefined;
}

/** PIDSI_PAGECOUNT from a SummaryInformation property set, when present as a 32-bit integer. */
export function summaryPageCount(stream: Buffer): number | undefined {
  if (stream.length < 48 || stream.readUInt16LE(0) !== 0xfffe) return undefined;
  const section = stream.readUInt32LE(44);
  if (section + 8 > stream.length) return undefined;
  const propertyCount = stream.readUInt32LE(section + 4);
  for (let i = 0; i < propertyCount && section + 16 + i * 8 <= stream.length; i++) {
    const id = stream.readUInt32LE(section + 8 + i * 8);
    const offset = section + stream.readUInt32LE(section + 12 + i * 8);
    if (id !== 0x0e || offset + 8 > stream.length) continue;
    const type = stream.readUInt32LE(offset);
    if (type === 3) return stream.readInt32LE(offset + 4); // VT_I4
    if (type === 2) return stream.readInt16LE(offset + 4); // VT_I2
  }
  return undefined;
}
