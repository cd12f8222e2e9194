import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmod, mkdir, mkdtemp, readFile, rm, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { preflight } from '../../../src/engine/preflight/preflight.ts';
import type { PreflightResult } from '../../../src/engine/preflight/preflight.ts';
import { makeNumberedPdf } from '../../fixtures/documents/make-pdf.ts';
import { checkWhileGrowing } from './growing-file.ts';

const fixtures = join(import.meta.dirname, '../../fixtures');
const preflightModule = join(import.meta.dirname, '../../../src/engine/preflight/preflight.ts');
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'preflight-'));
  // Traversable by the unprivileged child in the permission test.
  await chmod(dir, 0o755);
});
afterAll(() => rm(dir, { recursive: true, force: true }));

const sha256 = async (path: string): Promise<string> => createHash('sha256').update(await readFile(path)).digest('hex');

async function write(name: string, content: Buffer | string): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, content);
  return path;
}

describe('preflight: files MemOS accepts', () => {
  const cases: Array<[folder: string, name: string, type: string, pages: number | undefined]> = [
    ['documents', 'english-2-pages.pdf', 'pdf', 2],
    ['documents', 'chinese.pdf', 'pdf', undefined],
    ['documents', 'object-streams.pdf', 'pdf', 2],
    ['documents', 'linearized.pdf', 'pdf', 2],
    ['documents', 'incremental-update.pdf', 'pdf', 1],
    ['documents', 'report.docx', 'docx', 2],
    ['documents', 'report.doc', 'doc', 2],
    ['documents', 'report-without-page-count.doc', 'doc', undefined],
    ['documents', 'notes-gbk.txt', 'txt', undefined],
    ['documents', 'notes-big5.txt', 'txt', undefined],
    ['documents', 'notes-utf16le.txt', 'txt', undefined],
    ['documents', 'guide.md', 'md', undefined],
    ['images', 'photo-exif.jpg', 'jpeg', 1],
    ['images', 'text-zh-en.png', 'png', 1],
    ['images', 'small.gif', 'gif', 1],
    ['images', 'small.bmp', 'bmp', 1],
    ['images', 'small.webp', 'webp', 1],
    ['images', 'animated.webp', 'webp', 1],
  ];

  it.each(cases)('%s/%s is ok as %s with its SHA-256', async (folder, name, type, pages) => {
    const path = join(fixtures, folder, name);
    const result = await preflight(path, name);
    expect(result).toMatchObject({ outcome: 'ok', type, hash: await sha256(path) });
    if (result.outcome !== 'ok') return;
    expect(result.size).toBe((await readFile(path)).length);
    expect(result.category).toBe(folder === 'images' ? 'image' : 'document');
    if (pages !== undefined) expect(result.pages).toBe(pages);
  });

  it('keeps the page-count hint when the count is unknown', async () => {
    const result = await preflight(join(fixtures, 'documents', 'report-without-page-count.doc'), 'report.doc');
    expect(result).toMatchObject({ outcome: 'ok', type: 'doc' });
    if (result.outcome === 'ok') expect(result.pagesHint).toMatch(/page count/);
  });

  it('identifies by content: PNG bytes named .pdf are a PNG', async () => {
    const path = await write('picture.pdf', await readFile(join(fixtures, 'images', 'text-zh-en.png')));
    expect(await preflight(path, 'picture.pdf')).toMatchObject({ outcome: 'ok', type: 'png', mime: 'image/png', category: 'image' });
  });

  it('accepts exactly 200 pages', async () => {
    const path = await write('200.pdf', makeNumberedPdf(200));
    expect(await preflight(path, '200.pdf')).toMatchObject({ outcome: 'ok', pages: 200 });
  });
});

describe('preflight: files MemOS would refuse are skipped with a reason', () => {
  it('an empty file', async () => {
    const path = await write('empty.txt', '');
    expect(await preflight(path, 'empty.txt')).toEqual({ outcome: 'skip', reason: 'the file is empty', size: 0, mtimeMs: expect.any(Number) });
  });

  it('a file over 100 MB, without reading it', async () => {
    const path = await write('huge.pdf', '');
    await truncate(path, Math.round(153.2 * 1024 * 1024));
    expect(await preflight(path, 'huge.pdf')).toMatchObject({ outcome: 'skip', reason: 'the file is 153.2 MB; MemOS accepts at most 100 MB per file' });
  });

  it('a document over 200 pages', async () => {
    const path = await write('201.pdf', makeNumberedPdf(201));
    expect(await preflight(path, '201.pdf')).toMatchObject({ outcome: 'skip', reason: 'the document has 201 pages; MemOS accepts at most 200' });
  });

  it('a password-protected PDF', async () => {
    const path = join(fixtures, 'documents', 'encrypted-password.pdf');
    expect(await preflight(path, 'encrypted-password.pdf')).toMatchObject({ outcome: 'skip', reason: 'the PDF is password-protected' });
  });

  it('a fake extension: ELF bytes named .docx', async () => {
    const elf = Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0]), Buffer.alloc(4000, 7)]);
    const path = await write('program.docx', elf);
    const result = await preflight(path, 'program.docx');
    expect(result).toMatchObject({ outcome: 'skip', size: elf.length });
    if (result.outcome === 'skip') expect(result.reason).toBe('named .docx but the content is not a Word (.docx) document');
  });

  it('a folder with a supported name', async () => {
    const path = join(dir, 'folder.pdf');
    await mkdir(path);
    expect(await preflight(path, 'folder.pdf')).toMatchObject({ outcome: 'skip', reason: 'not a regular file' });
  });

  it('an unreadable file', async () => {
    const path = await write('secret.txt', 'private notes');
    await chmod(path, 0o000);
    // root reads anything, so under root the check runs in a child process as user "nobody".
    if (process.getuid?.() !== 0) {
      expect(await preflight(path, 'secret.txt')).toMatchObject({ outcome: 'skip', reason: 'cannot read the file: permission denied' });
      return;
    }
    const script = `const { preflight } = await import(${JSON.stringify(preflightModule)}); process.stdout.write(JSON.stringify(await preflight(process.argv[1], 'secret.txt')));`;
    const { stdout } = await promisify(execFile)(process.execPath, ['--input-type=module', '-e', script, path], { uid: 65534, gid: 65534 });
    expect(JSON.parse(stdout)).toMatchObject({ outcome: 'skip', reason: 'cannot read the file: permission denied', size: 13 });
  });
});

describe('preflight: files that are gone or changing', () => {
  it('a vanished file is gone', async () => {
    expect(await preflight(join(dir, 'never-existed.pdf'), 'never-existed.pdf')).toEqual({ outcome: 'gone' });
  });

  it('a file growing during the hash is retried later', async () => {
    expect(await checkWhileGrowing(dir)).toEqual<PreflightResult>({ outcome: 'retry', reason: 'the file is still being written' });
  });

  it('an aborted check rejects with the abort reason', async () => {
    const controller = new AbortController();
    controller.abort(new Error('stopping'));
    await expect(preflight(join(fixtures, 'documents', 'guide.md'), 'guide.md', { signal: controller.signal })).rejects.toThrow('stopping');
  });
});
