/** The words of a query as the search finds them: Intl.Segmenter's words (dictionary words for Chinese). */
export function queryTerms(query: string, language: string): string[] {
  const segmenter = new Intl.Segmenter(language, { granularity: 'word' });
  const words = Array.from(segmenter.segment(query), (segment) => (segment.isWordLike ? segment.segment.toLowerCase() : ''));
  return [...new Set(words.filter((word) => word !== ''))].sort((a, b) => b.length - a.length);
}

export interface Piece {
  text: string;
  match: boolean;
}

const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Splits `text` into matched and unmatched pieces, longest terms first, case-insensitively. */
export function highlightPieces(text: string, terms: readonly string[]): Piece[] {
  if (terms.length === 0 || text === '') return [{ text, match: false }];
  const pattern = new RegExp(terms.map(escapeRegExp).join('|'), 'giu');
  const pieces: Piece[] = [];
  let last = 0;
  for (const found of text.matchAll(pattern)) {
    if (found.index > last) pieces.push({ text: text.slice(last, found.index), match: false });
    pieces.push({ text: found[0], match: true });
    last = found.index + found[0].length;
  }
  if (last < text.length) pieces.push({ text: text.slice(last), match: false });
  return pieces;
}
