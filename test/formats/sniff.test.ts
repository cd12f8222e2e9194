import { copyFile, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import CFB from 'cfb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sniffFile } from '../../src/formats/sniff.ts';

const fixtures = join(import.meta.dirname, '../fixtures');
let scratch: string;

beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'memos-sniff-'));
});
afterAll(async () => {
  await rm(scratch, { recursive: true, force: true });
});

async function scratchFile(name: string, content: string | Buffer): Promise<string> {
  const path = join(scratch, name);
  await writeFile(path, content);
  return path;
}

describe('sniffFile identifies files by content', () => {
  it.each([
    ['documents/english-2-pages.pdf', 'pdf', 'document', 'application/pdf'],
    ['documents/report.docx', 'docx', 'document', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'],
    ['documents/report.doc', 'doc', 'document', 'application/msword'],
    ['documents/notes-gbk.txt', 'txt', 'document', 'text/plain'],
    ['documents/notes-utf16le.txt', 'txt', 'document', 'text/plain'],
    ['documents/guide.md', 'md', 'document', 'text/markdown'],
    ['images/text-zh-en.png', 'png', 'image', 'image/png'],
    ['images/photo-exif.jpg', 'jpeg', 'image', 'image/jpeg'],
    ['images/small.gif', 'gif', 'image', 'image/gif'],
    ['images/small.bmp', 'bmp', 'image', 'image/bmp'],
    ['images/small.webp', 'webp', 'image', 'image/webp'],
  ])('%s is %s', async (path, type, category, mime) => {
    expect(await sniffFile(join(fixtures, path))).toEqual({ supported: true, type, category, mime });
  });

  it('believes the content, not the name: PNG bytes named .pdf are a PNG', async () => {
    const disguised = join(scratch, 'scan.pdf');
    await copyFile(join(fixtures, 'images/text-zh-en.png'), disguised);
    expect(await sniffFile(disguised)).toMatchObject({ supported: true, type: 'png' });
  });

  it('recognises a Word document in a temp file with no extension by its WordDocument stream', async () => {
    const upload = join(scratch, 'upload-1');
    await copyFile(join(fixtures, 'documents/report.doc'), upload);
    expect(await sniffFile(upload)).toMatchObject({ supported: true, type: 'doc' });
  });

  it('uses the given name to tell text formats apart when the path has no extension', async () => {
    const upload = await scratchFile('upload-2', '# Title\n\ntext');
    expect(await sniffFile(upload)).toMatchObject({ supported: false });
    expect(await sniffFile(upload, 'notes/readme.md')).toMatchObject({ supported: true, type: 'md' });
  });

  it('rejects binary content named as text, with a reason', async () => {
    const path = await scratchFile('program.txt', Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x00, 0x00, 0x00, 0x00]));
    expect(await sniffFile(path)).toEqual({ supported: false, reason: 'named .txt but the content is binary, not text' });
  });

  it('rejects a ZIP that is not a Word document and an OLE file that holds no WordDocument', async () => {
    const { zipSync } = await import('fflate');
    const zip = await scratchFile('archive.docx', Buffer.from(zipSync({ 'hello.txt': Buffer.from('hi') })));
    expect(await sniffFile(zip)).toEqual({ supported: false, reason: 'content is a ZIP archive, not a Word (.docx) document' });
    const workbook = CFB.utils.cfb_new();
    CFB.utils.cfb_add(workbook, '/Workbook', Buffer.from('cells'));
    const xls = await scratchFile('sheet.doc', CFB.write(workbook, { type: 'buffer' }) as Buffer);
    expect(await sniffFile(xls)).toMatchObject({ supported: false, reason: expect.stringContaining('not a Word document') });
  });

  it('rejects unknown types with the extension in the reason', async () => {
    const path = await scratchFile('movie.mkv', Buffer.from([0x1a, 0x45, 0xdf, 0xa3, 0x00]));
    expect(await sniffFile(path)).toEqual({ supported: false, reason: '.mkv files are not supported (content not recognised)' });
  });
});
