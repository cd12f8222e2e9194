import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { extractPdf, joinTextItems } from '../../../src/server/extract/pdf.ts';
import { ExtractionError } from '../../../src/server/extract/types.ts';
import { makePdf } from '../../fixtures/documents/make-pdf.ts';
import { fixture, useTempDir } from './helpers.ts';

const write = useTempDir();

describe('extractPdf', () => {
  it('gives one section per page with the page number and a titled name', async () => {
    const result = await extractPdf(fixture('english-2-pages.pdf'), 'english.pdf');
    expect(result.pageCount).toBe(2);
    expect(result.sections.map((section) => [section.title, section.page])).toEqual([
      ['english.pdf · page 1', 1],
      ['english.pdf · page 2', 2],
    ]);
    expect(result.sections[0]?.text).toContain('The first page talks about apples and orchards in the spring.');
    expect(result.sections[0]?.text).not.toContain('bicycles');
    expect(result.sections[1]?.text).toContain('The second page talks about bicycles and mountain roads.');
  });

  it('reads Chinese from an embedded CJK font without spaces between characters', async () => {
    const result = await extractPdf(fixture('chinese.pdf'), '会议.pdf');
    expect(result.sections[0]?.title).toBe('会议.pdf · page 1');
    expect(result.sections[0]?.text).toContain('记忆系统让人工智能记住用户的文档。会议纪要：第三季度预算。');
    expect(result.sections[0]?.text).toContain('MemOS memory system test document.');
  });

  it('reads Chinese in a non-embedded CID font through the bundled CMaps, offline', async () => {
    const path = await write('cid.pdf', makePdf([['记忆系统让人工智能记住用户的文档。', '会议纪要：第三季度预算。']], { cjk: true }));
    const result = await extractPdf(path, 'cid.pdf');
    expect(result.sections[0]?.text).toBe('记忆系统让人工智能记住用户的文档。\n会议纪要：第三季度预算。');
  });

  it('reads PDFs with object streams and PDFs encrypted without a user password', async () => {
    for (const name of ['object-streams.pdf', 'encrypted-no-user-password.pdf']) {
      const result = await extractPdf(fixture(name), name);
      expect(result.sections.map((section) => section.page)).toEqual([1, 2]);
      expect(result.sections[1]?.text).toContain('bicycles');
    }
  });

  it('refuses a password-protected PDF with a message for people', async () => {
    const failure = extractPdf(fixture('encrypted-password.pdf'), 'secret.pdf');
    await expect(failure).rejects.toBeInstanceOf(ExtractionError);
    await expect(failure).rejects.toThrow('the PDF is password-protected');
  });

  it('says a damaged PDF is damaged', async () => {
    const bytes = await readFile(fixture('english-2-pages.pdf'));
    const garbage = await write('garbage.pdf', '%PDF-1.7\nnothing that a reader could use\n');
    await expect(extractPdf(garbage, 'garbage.pdf')).rejects.toThrow(/^the PDF is damaged: /);
    const truncated = await write('truncated.pdf', bytes.subarray(0, 600));
    await expect(extractPdf(truncated, 'truncated.pdf')).rejects.toBeInstanceOf(ExtractionError);
  });

  it('says an empty file is empty', async () => {
    await expect(extractPdf(await write('empty.pdf', ''), 'empty.pdf')).rejects.toThrow('the file is empty');
  });

  it('says a PDF without text has no text layer', async () => {
    const path = await write('blank.pdf', makePdf([[]]));
    await expect(extractPdf(path, 'blank.pdf')).rejects.toThrow(/no text layer/);
  });

  it('can be called again and concurrently (no shared state)', async () => {
    const results = await Promise.all([1, 2, 3].map(() => extractPdf(fixture('english-2-pages.pdf'), 'a.pdf')));
    expect(new Set(results.map((result) => JSON.stringify(result))).size).toBe(1);
  });
});

describe('joinTextItems', () => {
  const item = (str: string, x: number, y: number, width: number, hasEOL = false) => ({ str, dir: 'ltr', transform: [10, 0, 0, 10, x, y], width, height: 10, fontName: 'F1', hasEOL });

  it('puts spaces between separated Latin words, none between CJK characters, and line ends where the baseline moves', () => {
    const items = [item('Hello', 0, 100, 25), item('world', 28, 100, 25), item('记忆', 0, 88, 20), item('系统', 22, 88, 20), item('MemOS', 44, 88, 30), item('next', 0, 40, 20)];
    expect(joinTextItems(items)).toBe('Hello world\n记忆系统 MemOS\n\nnext');
  });

  it('does not add spaces where the glyphs touch and honours hasEOL', () => {
    expect(joinTextItems([item('mem', 0, 100, 15), item('ory', 15, 100, 15, true), item('', 0, 0, 0, true), item('line', 0, 88, 20)])).toBe('memory\nline');
  });
});
