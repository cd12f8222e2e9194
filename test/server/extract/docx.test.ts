import { strToU8, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { extractDocx } from '../../../src/server/extract/docx.ts';
import { ExtractionError } from '../../../src/server/extract/types.ts';
import { fixture, useTempDir } from './helpers.ts';

const write = useTempDir();

const W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"';

function docx(body: string, styles = ''): Uint8Array {
  return zipSync({
    'word/document.xml': strToU8(`<?xml version="1.0" encoding="UTF-8"?><w:document ${W}><w:body>${body}</w:body></w:document>`),
    'word/styles.xml': strToU8(`<?xml version="1.0"?><w:styles ${W}>${styles}</w:styles>`),
  });
}

const paragraph = (text: string, properties = ''): string => `<w:p>${properties ? `<w:pPr>${properties}</w:pPr>` : ''}<w:r><w:t xml:space="preserve">${text}</w:t></w:r></w:p>`;

describe('extractDocx', () => {
  it('splits a LibreOffice document at its headings, in both languages, with tables and the page count', async () => {
    const result = await extractDocx(fixture('report.docx'), 'report.docx');
    expect(result.pageCount).toBe(2);
    expect(result.sections.map((section) => section.title)).toEqual(['report.docx', 'report.docx · Introduction', 'report.docx · 会议纪要', 'report.docx · Conclusion']);
    expect(result.sections[1]?.text).toContain('The memory system lets artificial intelligence remember the documents of its users.');
    expect(result.sections[2]?.text).toContain('记忆系统让人工智能记住用户的文档。会议纪要：第三季度预算。');
    expect(result.sections[2]?.text).toContain('Budget item | 预算金额\nServers | 12000 元');
    expect(result.sections[3]?.text).toContain('approved unanimously');
  });

  it('recognises headings by style name (Chinese Word uses style ids "1", "2"), by 标题 and by outline level', async () => {
    const styles = '<w:style w:type="paragraph" w:styleId="1"><w:name w:val="heading 1"/></w:style><w:style w:type="paragraph" w:styleId="a5"><w:name w:val="标题 2"/></w:style>';
    const body = [
      paragraph('第一章 概述', '<w:pStyle w:val="1"/>'),
      paragraph('记忆系统让人工智能记住用户的文档。'),
      paragraph('第二节 预算', '<w:pStyle w:val="a5"/>'),
      paragraph('第三季度预算。'),
      paragraph('Outline only', '<w:outlineLvl w:val="0"/>'),
      paragraph('Text under an outline-level heading.'),
    ].join('');
    const result = await extractDocx(await write('zh.docx', docx(body, styles)), 'zh.docx');
    expect(result.sections.map((section) => section.title)).toEqual(['zh.docx · 第一章 概述', 'zh.docx · 第二节 预算', 'zh.docx · Outline only']);
    expect(result.sections[0]?.text).toBe('第一章 概述\n记忆系统让人工智能记住用户的文档。');
    expect(result.pageCount).toBeUndefined();
  });

  it('keeps tabs and breaks, decodes entities, and skips deleted text and duplicate fallback content', async () => {
    const body =
      '<w:p><w:pPr><w:tabs><w:tab w:val="left" w:pos="720"/></w:tabs></w:pPr><w:r><w:t>A &amp; B</w:t><w:tab/><w:t>C</w:t><w:br/><w:t>D</w:t></w:r>' +
      '<w:del><w:r><w:delText>removed</w:delText></w:r></w:del>' +
      '<mc:AlternateContent><mc:Choice Requires="wps"><w:r><w:t>boxed</w:t></w:r></mc:Choice><mc:Fallback><w:r><w:t>boxed</w:t></w:r></mc:Fallback></mc:AlternateContent></w:p>';
    const result = await extractDocx(await write('marks.docx', docx(body)), 'marks.docx');
    expect(result.sections).toEqual([{ title: 'marks.docx', text: 'A & B\tC\nDboxed' }]);
  });

  it('cuts a long section into memories of about 1,500 characters', async () => {
    const sentences = Array.from({ length: 120 }, (_, index) => paragraph(`Sentence number ${index} talks about the memory system in some detail.`)).join('');
    const result = await extractDocx(await write('long.docx', docx(paragraph('Long part', '<w:pStyle w:val="Heading1"/>') + sentences)), 'long.docx');
    expect(result.sections.length).toBeGreaterThan(3);
    expect(result.sections.every((section) => section.text.length <= 1500)).toBe(true);
    expect(result.sections[1]?.title).toBe('long.docx · Long part (2)');
  });

  it('refuses empty, damaged and text-less documents with messages for people', async () => {
    await expect(extractDocx(await write('empty.docx', ''), 'empty.docx')).rejects.toThrow('the file is empty');
    await expect(extractDocx(await write('broken.docx', 'PK\u0003\u0004 broken'), 'broken.docx')).rejects.toThrow(/^the Word document is damaged/);
    const noDocument = zipSync({ 'other.xml': strToU8('<x/>') });
    await expect(extractDocx(await write('nodoc.docx', noDocument), 'nodoc.docx')).rejects.toBeInstanceOf(ExtractionError);
    await expect(extractDocx(await write('blank.docx', docx('<w:p/>')), 'blank.docx')).rejects.toThrow('the Word document has no text');
  });
});
