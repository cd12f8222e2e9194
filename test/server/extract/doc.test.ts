import { readFile } from 'node:fs/promises';
import CFB from 'cfb';
import { describe, expect, it } from 'vitest';
import { cleanWordText, extractDoc } from '../../../src/server/extract/doc.ts';
import { ExtractionError } from '../../../src/server/extract/types.ts';
import { fixture, useTempDir } from './helpers.ts';

const write = useTempDir();

describe('extractDoc', () => {
  it('reads English and Chinese text, tables and the page count of a Word 97 document', async () => {
    const result = await extractDoc(fixture('report.doc'), 'report.doc');
    expect(result.type).toBe('doc');
    expect(result.pageCount).toBe(2);
    const text = result.sections.map((section) => section.text).join('\n');
    expect(result.sections[0]?.title).toBe('report.doc');
    expect(text).toContain('The memory system lets artificial intelligence remember the documents of its users.');
    expect(text).toContain('记忆系统让人工智能记住用户的文档。会议纪要：第三季度预算。');
    expect(text).toContain('Budget item | 预算金额\nServers | 12000 元');
    expect([...text].filter((char) => char < ' ' && char !== '\n' && char !== '\t')).toEqual([]);
  });

  it('has no page count when the summary stream does not record one', async () => {
    const result = await extractDoc(fixture('report-without-page-count.doc'), 'report.doc');
    expect(result.pageCount).toBeUndefined();
    expect(result.sections[0]?.text).toContain('第三季度预算');
  });

  it('refuses an encrypted document', async () => {
    const container = CFB.read(await readFile(fixture('report.doc')), { type: 'buffer' });
    const word = CFB.find(container, 'WordDocument');
    if (!word?.content) throw new Error('fixture has no WordDocument');
    const content = Buffer.from(word.content as Uint8Array);
    content.writeUInt16LE(content.readUInt16LE(0x0a) | 0x0100, 0x0a); // fEncrypted
    word.content = content;
    const path = await write('encrypted.doc', CFB.write(container, { type: 'buffer' }) as Buffer);
    await expect(extractDoc(path, 'encrypted.doc')).rejects.toThrow('the Word document is password-protected');
  });

  it('refuses empty files, non-OLE bytes and OLE files that are not Word documents', async () => {
    await expect(extractDoc(await write('empty.doc', ''), 'empty.doc')).rejects.toThrow('the file is empty');
    await expect(extractDoc(await write('junk.doc', 'not a compound file at all'), 'junk.doc')).rejects.toBeInstanceOf(ExtractionError);
    const other = CFB.utils.cfb_new();
    CFB.utils.cfb_add(other, 'Workbook', Buffer.from('not word'));
    await expect(extractDoc(await write('sheet.doc', CFB.write(other, { type: 'buffer' }) as Buffer), 'sheet.doc')).rejects.toThrow(/not a Word document/);
  });
});

describe('cleanWordText', () => {
  it('keeps field results, drops field codes, and turns marks into line ends', () => {
    const raw = 'Total: \u0013 PAGE \\* MERGEFORMAT \u00143\u0015 pages\rnext\u000bline\u0013 HYPERLINK "x" \u0013 nested \u0014\u0015\u0014link\u0015\u0001\u0002\u00a0end';
    expect(cleanWordText(raw)).toBe('Total: 3 pages\nnext\nlinelink end');
  });
});
