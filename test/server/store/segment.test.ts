import { describe, expect, it } from 'vitest';
import { indexTokens, queryTerms } from '../../../src/server/store/segment.ts';

describe('indexTokens', () => {
  it('lowercases words, keeps numbers, and folds full-width forms', () => {
    expect(indexTokens('Hello, World! MemOS v3.5 in 2025 — ＡＢＣ１２３')).toEqual(['hello', 'world', 'memos', 'v3', '5', 'in', '2025', 'abc123']);
  });

  it('indexes each Chinese run as bigrams followed by its characters', () => {
    expect(indexTokens('记忆系统')).toEqual(['记忆', '忆系', '系统', '记', '忆', '系', '统']);
  });

  it('ends a Chinese run at punctuation, spaces and other scripts', () => {
    expect(indexTokens('公园，散步 AI技术')).toEqual(['公园', '公', '园', '散步', '散', '步', 'ai', '技术', '技', '术']);
  });

  it('bigrams Japanese kana with Chinese, keeps Korean words whole and splits Thai by dictionary', () => {
    expect(indexTokens('コーヒー')).toEqual(['コー', 'ーヒ', 'ヒー', 'コ', 'ー', 'ヒ', 'ー']);
    expect(indexTokens('한국어 텍스트')).toEqual(['한국어', '텍스트']);
    expect(indexTokens('ภาษาไทย').length).toBeGreaterThan(1);
  });
});

describe('queryTerms', () => {
  it('splits a Chinese query into dictionary words, each a phrase of bigrams', () => {
    expect(queryTerms('记忆系统怎么用')).toEqual([['记忆'], ['系统'], ['怎么'], ['用']]);
    expect(queryTerms('人工智能')).toEqual([['人工'], ['智能']]);
  });

  it('keeps runs of single characters together, as for names the dictionary does not know', () => {
    expect(queryTerms('金风天风人')).toEqual([['金风', '风天', '天风', '风人']]);
  });

  it('makes FTS5 syntax plain words and drops the rest', () => {
    expect(queryTerms('"NEAR(a* -b)" OR {c}:d ^e')).toEqual([['near'], ['a'], ['b'], ['or'], ['c'], ['d'], ['e']]);
  });

  it('gives each term once', () => {
    expect(queryTerms('garden Garden GARDEN 花园 花园')).toEqual([['garden'], ['花园']]);
  });

  it('agrees with the index, so every query token exists in the text it was taken from', () => {
    const text = '我想去公园散步, then deploy the 服务器 at 9:40.';
    const tokens = new Set(indexTokens(text));
    for (const query of ['想去', '公园散步', '服务器', 'deploy', '9:40']) {
      for (const term of queryTerms(query)) for (const token of term) expect(tokens).toContain(token);
    }
  });
});
