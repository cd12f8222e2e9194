import { mkdtemp, open, readFile, rm, writeFile, type FileHandle } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countPages } from '../../src/formats/pages.ts';
import { countPdfPages } from '../../src/formats/pdf-pages.ts';
import { makeNumberedPdf, makePdf } from '../fixtures/documents/make-pdf.ts';

const fixture = (name: string): string => join(import.meta.dirname, '../fixtures/documents', name);

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'pages-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function write(name: string, bytes: Uint8Array): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, bytes);
  return path;
}

describe('countPages for PDF', () => {
  it('reads a classic cross-reference table', async () => {
    expect(await countPages(fixture('english-2-pages.pdf'), 'pdf')).toEqual({ pages: 2, encrypted: false });
  });

  it('reads a cross-reference stream whose Catalog and Pages live in an object stream', async () => {
    const bytes = await readFile(fixture('object-streams.pdf'));
    expect(bytes.includes('/ObjStm')).toBe(true);
    expect(bytes.includes('/Type /Pages')).toBe(false); // only findable by decompressing the object stream
    expect(await countPages(fixture('object-streams.pdf'), 'pdf')).toEqual({ pages: 2, encrypted: false });
  });

  it('uses the newest revision of an incrementally updated PDF', async () => {
    expect(await countPages(fixture('incremental-update.pdf'), 'pdf')).toEqual({ pages: 1, encrypted: false });
  });

  it('reads a linearized PDF', async () => {
    expect(await countPages(fixture('linearized.pdf'), 'pdf')).toEqual({ pages: 2, encrypted: false });
  });

  it('counts an encrypted PDF and says it is encrypted', async () => {
    expect(await countPages(fixture('encrypted-password.pdf'), 'pdf')).toEqual({ pages: 2, encrypted: true });
    expect(await countPages(fixture('encrypted-no-user-password.pdf'), 'pdf')).toEqual({ pages: 2, encrypted: true });
  });

  it('gives a hint, not a guess, when an encrypted PDF hides its page tree in encrypted object streams', async () => {
    const result = await countPages(fixture('encrypted-object-streams.pdf'), 'pdf');
    expect(result.pages).toBeUndefined();
    expect(result.encrypted).toBe(true);
    expect(result.hint).toMatch(/encrypted/);
  });

  it('counts 201 pages exactly', async () => {
    const path = await write('201.pdf', makeNumberedPdf(201));
    expect(await countPages(path, 'pdf')).toEqual({ pages: 201, encrypted: false });
  });

  it('recovers the count from the page tree of a PDF whose end was cut off, and says so', async () => {
    const whole = makeNumberedPdf(7);
    const path = await write('truncated.pdf', whole.subarray(0, whole.indexOf('xref')));
    const result = await countPages(path, 'pdf');
    expect(result.pages).toBe(7);
    expect(result.hint).toMatch(/damaged/);
  });

  it('recovers from a startxref that points at the wrong place', async () => {
    const broken = Buffer.from(makeNumberedPdf(3).toString('latin1').replace(/startxref\n\d+/, 'startxref\n12'), 'latin1');
    const result = await countPages(await write('bad-startxref.pdf', broken), 'pdf');
    expect(result.pages).toBe(3);
    expect(result.hint).toMatch(/damaged/);
  });

  it('gives a hint for a truncated PDF whose page tree was in the lost part', async () => {
    const bytes = await readFile(fixture('object-streams.pdf'));
    const result = await countPages(await write('cut.pdf', bytes.subarray(0, 4000)), 'pdf');
    expect(result.pages).toBeUndefined();
    expect(result.hint).toMatch(/damaged/);
  });

  it('gives a hint for garbage behind a PDF header and for an empty file', async () => {
    const garbage = await countPages(await write('garbage.pdf', Buffer.from('%PDF-1.7\nthis is not really a PDF\n')), 'pdf');
    expect(garbage.pages).toBeUndefined();
    expect(garbage.hint).toBeTruthy();
    expect(await countPages(await write('empty.pdf', new Uint8Array()), 'pdf')).toEqual({ pages: undefined, hint: 'the file is empty' });
  });

  it('reads only the tail and the objects on the path of a large PDF', async () => {
    // 40 MB of comment lines before the objects: only the tail and the objects on the path are read.
    const small = makePdf([['one'], ['two'], ['three']]).toString('latin1');
    const header = small.indexOf('1 0 obj');
    const padding = '%'.padEnd(1023, 'x') + '\n';
    const padded = small.slice(0, header) + padding.repeat(40 * 1024) + small.slice(header);
    const shift = padding.length * 40 * 1024;
    const fixed = padded
      .replace(/^(\d{10}) 00000 n $/gm, (_, offset: string) => `${String(Number(offset) + shift).padStart(10, '0')} 00000 n `)
      .replace(/startxref\n(\d+)/, (_, offset: string) => `startxref\n${Number(offset) + shift}`);
    const path = await write('padded.pdf', Buffer.from(fixed, 'latin1'));
    expect(await countPages(path, 'pdf')).toEqual({ pages: 3, encrypted: false });

    const handle = await open(path, 'r');
    let bytesRead = 0;
    const counting = {
      read: async (buffer: Buffer, offset: number, length: number, position: number) => {
        const result = await handle.read(buffer, offset, length, position);
        bytesRead += result.bytesRead;
        return result;
      },
    } as unknown as FileHandle;
    try {
      expect((await countPdfPages(counting, (await handle.stat()).size)).pages).toBe(3);
    } finally {
      await handle.close();
    }
    expect(bytesRead).toBeLessThan(256 * 1024);
  });

  it('throws for a file that does not exist', async () => {
    await expect(countPages(join(dir, 'missing.pdf'), 'pdf')).rejects.toThrow(/ENOENT/);
  });
});

describe('countPages for Word and other types', () => {
  it('reads <Pages> from a DOCX docProps/app.xml', async () => {
    expect(await countPages(fixture('report.docx'), 'docx')).toEqual({ pages: 2 });
  });

  it('reads PIDSI_PAGECOUNT from a DOC summary stream', async () => {
    expect(await countPages(fixture('report.doc'), 'doc')).toEqual({ pages: 2 });
  });

  it('gives a hint when a DOC does not record its page count', async () => {
    const result = await countPages(fixture('report-without-page-count.doc'), 'doc');
    expect(result.pages).toBeUndefined();
    expect(result.hint).toMatch(/page count/);
  });

  it('gives a hint for a damaged DOCX', async () => {
    const result = await countPages(await write('broken.docx', Buffer.from('PK\u0003\u0004 not a real archive')), 'docx');
    expect(result.pages).toBeUndefined();
    expect(result.hint).toMatch(/could not be read/);
  });

  it('counts an image as one page and gives text no pages and no hint', async () => {
    expect(await countPages(fixture('notes-gbk.txt'), 'txt')).toEqual({ pages: undefined });
    expect(await countPages('/nonexistent/photo.png', 'png')).toEqual({ pages: 1 });
  });
});
