import { describe, expect, it } from 'vitest';
import { defaultConversationId } from '../../../src/engine/folders/conversation-id.ts';
import { FolderSettings, MAX_CONVERSATION_ID_LENGTH } from '../../../src/shared/folder-settings.ts';

/** True when a string holds a lone surrogate (a code point cut in half). */
const hasLoneSurrogate = (text: string): boolean => /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(text);

/** The kept part of the name is a whole number of its graphemes (no accent cut from its letter). */
function endsOnGraphemeBoundary(path: string, id: string): boolean {
  const name = (path.split('/').at(-1) as string).normalize('NFC');
  const kept = id.slice('folder:'.length, id.indexOf('…'));
  let prefix = '';
  for (const { segment } of new Intl.Segmenter(undefined, { granularity: 'grapheme' }).segment(name)) {
    if (prefix === kept) return true;
    prefix += segment;
  }
  return prefix === kept;
}

describe('defaultConversationId', () => {
  it('is readable: the last two segments of the folder', () => {
    expect(defaultConversationId('/home/ana/Documents/Reports')).toMatch(/^folder:Documents\/Reports#[0-9a-f]{8}$/);
    expect(defaultConversationId('/home/ana/文档/季度 报告')).toMatch(/^folder:文档\/季度 报告#[0-9a-f]{8}$/);
  });

  it('is stable across runs and spellings of the same folder', () => {
    const id = defaultConversationId('/home/ana/Documents/Reports');
    expect(defaultConversationId('/home/ana/Documents/Reports')).toBe(id);
    expect(defaultConversationId('/home/ana/Documents/Reports/')).toBe(id);
    expect(defaultConversationId('C:\\Users\\ana\\Reports')).toBe(defaultConversationId('c:/Users/ana/Reports'));
    expect(defaultConversationId('/x/Cafe\u0301')).toBe(defaultConversationId('/x/Café'));
  });

  it('keeps two folders with the same name apart', () => {
    const a = defaultConversationId('/home/ana/work/Reports');
    const b = defaultConversationId('/mnt/backup/work/Reports');
    expect(a).not.toBe(b);
    expect(a.split('#')[0]).toBe(b.split('#')[0]);
  });

  it('handles the file-system root', () => {
    expect(defaultConversationId('/')).toMatch(/^folder:\/#[0-9a-f]{8}$/);
    expect(defaultConversationId('D:\\')).toMatch(/^folder:D:#[0-9a-f]{8}$/);
  });

  it.each([
    ['a long ASCII name', `/data/${'quarterly-report-'.repeat(12)}`],
    ['emoji (surrogate pairs) across the cut', `/data/${'📁😀'.repeat(60)}`],
    ['combining marks across the cut', `/data/${'x\u0301'.repeat(80)}`],
    ['Chinese', `/数据/${'年度财务报告'.repeat(30)}`],
  ])('stays within %s limits for %s', (_label, path) => {
    const id = defaultConversationId(path);
    expect(id.length).toBeLessThanOrEqual(MAX_CONVERSATION_ID_LENGTH);
    expect(hasLoneSurrogate(id)).toBe(false);
    expect(id).toMatch(/…#[0-9a-f]{8}$/);
    expect(endsOnGraphemeBoundary(path, id)).toBe(true);
    expect(FolderSettings.shape.conversationId.safeParse(id).success).toBe(true);
    expect(defaultConversationId(path)).toBe(id);
  });
});
