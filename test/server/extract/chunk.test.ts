import { describe, expect, it } from 'vitest';
import { splitText, titledSections } from '../../../src/server/extract/chunk.ts';
import { guessLegacyEncoding } from '../../../src/server/extract/encoding.ts';

describe('splitText', () => {
  it('keeps short text whole and prefers paragraph, then sentence boundaries', () => {
    expect(splitText('  short  ')).toEqual(['short']);
    const paragraphs = `${'a'.repeat(60)}\n\n${'b'.repeat(60)}`;
    expect(splitText(paragraphs, 100)).toEqual(['a'.repeat(60), 'b'.repeat(60)]);
    const chinese = '记忆系统让人工智能记住用户的文档。'.repeat(10);
    const pieces = splitText(chinese, 50);
    expect(pieces.every((piece) => piece.endsWith('。') && piece.length <= 50)).toBe(true);
    expect(pieces.join('')).toBe(chinese);
  });

  it('never splits a surrogate pair when it must cut hard', () => {
    const pieces = splitText('😀'.repeat(30), 9);
    expect(pieces.join('')).toBe('😀'.repeat(30));
    expect(pieces.every((piece) => !/[\ud800-\udbff]$/.test(piece))).toBe(true);
  });

  it('numbers continued titles', () => {
    expect(titledSections('a.txt', `${'x'.repeat(80)} ${'y'.repeat(80)}`, 100).map((section) => section.title)).toEqual(['a.txt', 'a.txt (2)']);
  });
});

describe('guessLegacyEncoding', () => {
  it('takes Western text that is neither UTF-8 nor Chinese as Windows-1252', () => {
    expect(guessLegacyEncoding(Buffer.from('Caf\xe9 cr\xe8me br\xfbl\xe9e, na\xefve r\xe9sum\xe9', 'latin1'))).toBe('windows-1252');
  });

  it('tells GBK from Big5 by which yields common characters', () => {
    expect(guessLegacyEncoding(Buffer.from('bcc7d2e4cfb5cdb3c8c3c8cbb9a4d6c7c4dc', 'hex'))).toBe('gb18030'); // 记忆系统让人工智能
    expect(guessLegacyEncoding(Buffer.from('b04fbef4a874b2ce', 'hex'))).toBe('big5'); // 記憶系統
  });
});
