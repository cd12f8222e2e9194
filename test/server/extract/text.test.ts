import { describe, expect, it } from 'vitest';
import { extractText } from '../../../src/server/extract/text.ts';
import { ExtractionError } from '../../../src/server/extract/types.ts';
import { fixture, useTempDir } from './helpers.ts';

const write = useTempDir();

describe('extractText encodings', () => {
  it('decodes GBK as GB18030', async () => {
    const result = await extractText(fixture('notes-gbk.txt'), 'notes.txt', 'txt');
    expect(result.meta.encoding).toBe('gb18030');
    expect(result.sections[0]?.text).toContain('记忆系统让人工智能记住用户的文档。会议纪要：第三季度预算。');
  });

  it('decodes Big5', async () => {
    const result = await extractText(fixture('notes-big5.txt'), 'notes.txt', 'txt');
    expect(result.meta.encoding).toBe('big5');
    expect(result.sections[0]?.text).toContain('記憶系統讓人工智慧記住使用者的文件。會議紀要：第三季度預算。');
  });

  it('decodes UTF-16LE by its byte-order mark and drops the mark', async () => {
    const result = await extractText(fixture('notes-utf16le.txt'), 'notes.txt', 'txt');
    expect(result.meta.encoding).toBe('utf-16le');
    expect(result.sections[0]?.text).toBe('Meeting notes 会议纪要\n记忆系统让人工智能记住用户的文档。\nThe budget for the third quarter was approved.');
  });

  it('decodes UTF-16BE and UTF-8 with a BOM, and plain UTF-8', async () => {
    const be = Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from('预算 budget', 'utf16le').swap16()]);
    expect((await extractText(await write('be.txt', be), 'be.txt', 'txt')).sections[0]?.text).toBe('预算 budget');
    const bom = await extractText(await write('bom.txt', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('预算')])), 'bom.txt', 'txt');
    expect([bom.meta.encoding, bom.sections[0]?.text]).toEqual(['utf-8', '预算']);
    const json = await extractText(await write('a.json', '{"备注": "第三季度预算"}'), 'a.json', 'json');
    expect([json.type, json.meta.encoding, json.sections[0]?.text]).toEqual(['json', 'utf-8', '{"备注": "第三季度预算"}']);
  });

  it('finds GBK text that starts after more than a megabyte of ASCII', async () => {
    const ascii = 'plain ascii line\n'.repeat(80_000);
    const gbk = Buffer.from([0xbc, 0xc7, 0xd2, 0xe4, 0xcf, 0xb5, 0xcd, 0xb3]); // 记忆系统
    const result = await extractText(await write('late.txt', Buffer.concat([Buffer.from(ascii), gbk])), 'late.txt', 'txt');
    expect(result.meta.encoding).toBe('gb18030');
    expect(result.sections.at(-1)?.text.endsWith('记忆系统')).toBe(true);
  });
});

describe('extractText sections', () => {
  it('splits Markdown at headings outside code blocks and titles sections with them', async () => {
    const result = await extractText(fixture('guide.md'), 'guide.md', 'md');
    expect(result.sections.map((section) => section.title)).toEqual(['guide.md · MemOS Sync guide', 'guide.md · Installation', 'guide.md · 同步规则', 'guide.md · Search']);
    expect(result.sections[2]?.text).toContain('每个文件最多 100 MB、200 页。');
    expect(result.sections[2]?.text).toContain('# not a heading');
  });

  it('cuts long text into pieces of at most 1,500 characters on sentence boundaries, losing nothing', async () => {
    const sentences = Array.from({ length: 3000 }, (_, index) => (index % 2 ? `第${index}句话讲的是记忆系统。` : `Sentence ${index} is about memory.`));
    const result = await extractText(await write('long.txt', sentences.join(' ')), 'long.txt', 'txt');
    expect(result.sections.length).toBeGreaterThan(20);
    expect(result.sections.every((section) => section.text.length <= 1500 && section.text.length > 500)).toBe(true);
    expect(result.sections.every((section) => /[.。]$/.test(section.text))).toBe(true);
    expect(result.sections.slice(0, 3).map((section) => section.title)).toEqual(['long.txt', 'long.txt (2)', 'long.txt (3)']);
    expect(result.sections.map((section) => section.text).join(' ').replace(/\s+/g, '')).toBe(sentences.join('').replace(/\s+/g, ''));
  });

  it('handles one enormous line without newlines', async () => {
    const line = 'x'.repeat(50_000);
    const result = await extractText(await write('line.json', line), 'line.json', 'json');
    expect(result.sections.map((section) => section.text).join('')).toBe(line);
  });

  it('refuses empty and blank files', async () => {
    await expect(extractText(await write('empty.txt', ''), 'empty.txt', 'txt')).rejects.toThrow('the file is empty');
    await expect(extractText(await write('blank.txt', ' \n\n '), 'blank.txt', 'txt')).rejects.toBeInstanceOf(ExtractionError);
  });
});
