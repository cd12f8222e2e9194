import { describe, expect, it } from 'vitest';
import { sniffFile } from '../../../src/formats/sniff.ts';
import { extractFile } from '../../../src/server/extract/index.ts';
import { fixture } from './helpers.ts';

describe('extractFile', () => {
  it.each([
    ['english-2-pages.pdf', 'pdf', 'bicycles'],
    ['report.docx', 'docx', '第三季度预算'],
    ['report.doc', 'doc', '第三季度预算'],
    ['notes-gbk.txt', 'txt', '第三季度预算'],
    ['guide.md', 'md', 'MemOS'],
  ])('dispatches %s by its sniffed type', async (name, type, expected) => {
    const sniffed = await sniffFile(fixture(name));
    if (!sniffed.supported) throw new Error(sniffed.reason);
    const result = await extractFile(fixture(name), name, sniffed);
    expect(result.type).toBe(type);
    expect(result.sections.map((section) => section.text).join('\n')).toContain(expected);
  });
});
