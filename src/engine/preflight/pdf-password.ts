import { createCipheriv, createHash } from 'node:crypto';
import { open } from 'node:fs/promises';
import { PdfFile } from '../../formats/pdf-file.ts';
import { loadCrossReference } from '../../formats/pdf-xref.ts';
import { RawDictReader, isRawDict, isRawRef } from './pdf-raw-dict.ts';
import type { RawValue } from './pdf-raw-dict.ts';

/**
 * Whether an encrypted PDF opens without a password. Many PDFs are encrypted only to restrict
 * printing or copying, with an empty user password: every reader (and MemOS) opens them. Only
 * those that need a password to open are unreadable. Standard security handler, revisions 2-6.
 */
export type PdfPasswordCheck = 'opens-without-password' | 'needs-password' | 'unknown';

const WINDOW = 64 * 1024;
/** The padding string of the standard security handler (ISO 32000-1, 7.6.3.3). */
const PADDING = Buffer.from('28bf4e5e4e758a4164004e56fffa01082e2e00b6d0683e802f0ca9fe6453697a', 'hex');

function rc4(key: Buffer, data: Buffer): Buffer {
  const state = Array.from({ length: 256 }, (_, index) => index);
  for (let i = 0, j = 0; i < 256; i++) {
    j = (j + (state[i] as number) + (key[i % key.length] as number)) & 0xff;
    [state[i], state[j]] = [state[j] as number, state[i] as number];
  }
  const out = Buffer.alloc(data.length);
  for (let n = 0, i = 0, j = 0; n < data.length; n++) {
    i = (i + 1) & 0xff;
    j = (j + (state[i] as number)) & 0xff;
    [state[i], state[j]] = [state[j] as number, state[i] as number];
    out[n] = (data[n] as number) ^ (state[((state[i] as number) + (state[j] as number)) & 0xff] as number);
  }
  return out;
}

const md5 = (...parts: Buffer[]): Buffer => createHash('md5').update(Buffer.concat(parts)).digest();

interface EncryptParameters {
  revision: number;
  owner: Buffer;
  user: Buffer;
  permissions: number;
  keyBytes: number;
  encryptMetadata: boolean;
  fileId: Buffer;
}

/** Algorithms 2, 4 and 5: the RC4/AES-128 revisions, with the empty password. */
function emptyPasswordOpensLegacy(p: EncryptParameters): boolean {
  const permissions = Buffer.alloc(4);
  permissions.writeInt32LE(p.permissions | 0);
  const tail = p.revision >= 4 && !p.encryptMetadata ? [Buffer.from([0xff, 0xff, 0xff, 0xff])] : [];
  let key = md5(PADDING, p.owner.subarray(0, 32), permissions, p.fileId, ...tail).subarray(0, p.keyBytes);
  if (p.revision === 2) return rc4(key, PADDING).equals(p.user.subarray(0, 32));
  for (let i = 0; i < 50; i++) key = md5(key).subarray(0, p.keyBytes);
  let check = rc4(key, md5(PADDING, p.fileId));
  for (let i = 1; i <= 19; i++) check = rc4(Buffer.from(key.map((byte) => byte ^ i)), check);
  return check.equals(p.user.subarray(0, 16));
}

/** Algorithm 2.B (ISO 32000-2, 7.6.4.3.4), the revision 6 password hash, for the empty password and no user key. */
function revision6Hash(salt: Buffer): Buffer {
  let key = createHash('sha256').update(salt).digest();
  for (let round = 0, last = 0; round < 64 || last > round - 32; round++) {
    const block = Buffer.concat(Array.from({ length: 64 }, () => key));
    const cipher = createCipheriv('aes-128-cbc', key.subarray(0, 16), key.subarray(16, 32)).setAutoPadding(false);
    const encrypted = Buffer.concat([cipher.update(block), cipher.final()]);
    const remainder = encrypted.subarray(0, 16).reduce((sum, byte) => sum + byte, 0) % 3;
    key = createHash(['sha256', 'sha384', 'sha512'][remainder] as string).update(encrypted).digest();
    last = encrypted[encrypted.length - 1] as number;
  }
  return key.subarray(0, 32);
}

function emptyPasswordOpens(p: EncryptParameters): boolean {
  const validationSalt = p.user.subarray(32, 40);
  if (p.revision === 5) return createHash('sha256').update(validationSalt).digest().equals(p.user.subarray(0, 32));
  if (p.revision === 6) return revision6Hash(validationSalt).equals(p.user.subarray(0, 32));
  return emptyPasswordOpensLegacy(p);
}

/** Key length in bytes: /Length in bits, or for crypt filters (V4) the stream filter's length, which some writers give in bytes. */
function keyBytes(encrypt: Map<string, RawValue>): number {
  const version = encrypt.get('V');
  let bits = encrypt.get('Length');
  if (version === 4) {
    const filters = encrypt.get('CF');
    const streamFilter = encrypt.get('StmF');
    const filter = isRawDict(filters) && typeof streamFilter === 'string' ? filters.get(streamFilter) : undefined;
    const length = isRawDict(filter) ? filter.get('Length') : undefined;
    bits = typeof length === 'number' ? (length < 40 ? length * 8 : length) : 128;
  }
  return typeof bits === 'number' && bits >= 40 && bits <= 128 ? bits / 8 : 5;
}

function parameters(encrypt: Map<string, RawValue>, trailer: Map<string, RawValue>): EncryptParameters | undefined {
  const [revision, owner, user, permissions] = ['R', 'O', 'U', 'P'].map((key) => encrypt.get(key));
  if (encrypt.get('Filter') !== 'Standard' || typeof revision !== 'number' || revision < 2 || revision > 6) return undefined;
  if (!Buffer.isBuffer(owner) || !Buffer.isBuffer(user) || typeof permissions !== 'number') return undefined;
  if (user.length < (revision >= 5 ? 40 : revision === 2 ? 32 : 16)) return undefined;
  const ids = trailer.get('ID');
  const fileId = Array.isArray(ids) && Buffer.isBuffer(ids[0]) ? ids[0] : Buffer.alloc(0);
  return { revision, owner, user, permissions, keyBytes: keyBytes(encrypt), encryptMetadata: encrypt.get('EncryptMetadata') !== false, fileId };
}

async function readDict(file: PdfFile, offset: number, skip: number): Promise<Map<string, RawValue> | undefined> {
  const reader = new RawDictReader(await file.read(offset, WINDOW), skip);
  reader.objectHeader();
  const value = reader.value();
  return isRawDict(value) ? value : undefined;
}

/** The newest trailer: the dictionary before the last `startxref`, or the cross-reference stream's dictionary. */
async function newestTrailer(file: PdfFile): Promise<Map<string, RawValue> | undefined> {
  const tailStart = Math.max(0, file.size - WINDOW);
  const tail = await file.read(tailStart, WINDOW);
  const startxref = tail.lastIndexOf('startxref');
  const offset = Number(/^startxref\s+(\d+)/.exec(tail.toString('latin1', startxref))?.[1]);
  if (startxref < 0 || !Number.isInteger(offset)) return undefined;
  if ((await file.read(offset, 4)).toString('latin1') !== 'xref') return readDict(file, offset, 0);
  const keyword = tail.lastIndexOf('trailer', startxref);
  return keyword < 0 ? undefined : readDict(file, tailStart, keyword + 'trailer'.length);
}

async function encryptDict(file: PdfFile, trailer: Map<string, RawValue>): Promise<Map<string, RawValue> | undefined> {
  const encrypt = trailer.get('Encrypt');
  if (isRawDict(encrypt)) return encrypt;
  if (!isRawRef(encrypt)) return undefined;
  const entry = (await loadCrossReference(file)).entries.get(encrypt.ref[0]);
  return entry?.type === 1 ? readDict(file, entry.offset, 0) : undefined;
}

/** Reads only the trailer and the encryption dictionary. I/O errors are thrown; anything unreadable is 'unknown'. */
export async function checkPdfPassword(path: string): Promise<PdfPasswordCheck> {
  const handle = await open(path, 'r');
  try {
    const file = new PdfFile(handle, (await handle.stat()).size);
    const trailer = await newestTrailer(file);
    const encrypt = trailer && (await encryptDict(file, trailer));
    const found = encrypt && trailer && parameters(encrypt, trailer);
    if (!found) return 'unknown';
    return emptyPasswordOpens(found) ? 'opens-without-password' : 'needs-password';
  } catch (error) {
    // System errors (the file vanished or is locked) are preflight's business; anything else is an unreadable dictionary.
    if (error instanceof Error && 'syscall' in error) throw error;
    return 'unknown';
  } finally {
    await handle.close();
  }
}
