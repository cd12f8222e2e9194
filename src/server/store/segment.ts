/**
 * Turns text into the tokens the full-text index stores, and queries into terms, the same way
 * for both so a query matches what was written.
 *
 * `Intl.Segmenter` (word granularity) splits the text into words: English and other
 * space-separated words, numbers, and dictionary words for Chinese and Japanese. Non-CJK words
 * are indexed as they are, lowercased (NFKC first, so full-width letters and digits match).
 *
 * Chinese is indexed as overlapping character bigrams of each unbroken CJK run, not as the
 * segmenter's words, because the segmenter cuts the same string differently in different
 * contexts: "我想去公园" gives 我想去|公园, so a word-indexed "想去" would never be found, and a
 * query the dictionary keeps whole ("记忆系统") misses text where it was cut (记忆|系统).
 * With bigrams a query word matches wherever it occurs as a substring, which is what people
 * expect from a search box, and precision stays that of substring search. The segmenter still
 * decides the query's terms: "记忆系统怎么用" becomes the terms 记忆系统 | 怎么 | 用, each a
 * phrase of bigrams, so a memory matching more of them ranks higher. The last character of each
 * run is also indexed alone, so a one-character query (a prefix search) finds every occurrence.
 */

// A run of CJK characters, or a run of other letters, digits and marks; everything else separates.
const CJK_CHAR = String.raw`[\p{sc=Han}\p{sc=Hira}\p{sc=Kana}]`;
const OTHER_CHAR = String.raw`(?:(?!${CJK_CHAR})[\p{L}\p{N}\p{M}])`;
const PIECES = new RegExp(String.raw`(?<cjk>${CJK_CHAR}+)|${OTHER_CHAR}+`, 'gu');
// The segmenter's words are almost always one such run; testing that first keeps indexing fast.
const ALL_CJK = new RegExp(String.raw`^${CJK_CHAR}+$`, 'u');
const ALL_OTHER = new RegExp(String.raw`^${OTHER_CHAR}+$`, 'u');

const segmenter = new Intl.Segmenter('zh', { granularity: 'word' });

/** One search term: the index tokens it must match in order; `prefix` for a lone CJK character. */
export interface QueryTerm {
  tokens: string[];
  prefix: boolean;
}

function normalise(text: string): string {
  return text.normalize('NFKC').toLowerCase();
}

interface Piece {
  text: string;
  cjk: boolean;
}

/** Splits a segment into runs of CJK and of other word characters, dropping the rest. */
function pieces(segment: string): Piece[] {
  if (ALL_OTHER.test(segment)) return [{ text: segment, cjk: false }];
  if (ALL_CJK.test(segment)) return [{ text: segment, cjk: true }];
  return Array.from(segment.matchAll(PIECES), (match) => ({ text: match[0], cjk: match.groups?.['cjk'] !== undefined }));
}

function bigrams(chars: readonly string[]): string[] {
  if (chars.length === 1) return [chars[0] as string];
  const grams: string[] = [];
  for (let i = 0; i + 1 < chars.length; i++) grams.push(`${chars[i]}${chars[i + 1]}`);
  return grams;
}

/** The tokens stored in the index for `text`. */
export function indexTokens(text: string): string[] {
  const tokens: string[] = [];
  let run: string[] = [];
  const flushRun = (): void => {
    if (run.length === 0) return;
    tokens.push(...bigrams(run));
    if (run.length > 1) tokens.push(run[run.length - 1] as string);
    run = [];
  };
  for (const { segment, isWordLike } of segmenter.segment(normalise(text))) {
    // Punctuation and spaces end a CJK run; adjacent CJK words continue it.
    if (!isWordLike) {
      flushRun();
      continue;
    }
    for (const piece of pieces(segment)) {
      if (piece.cjk) {
        run.push(...piece.text);
      } else {
        flushRun();
        tokens.push(piece.text);
      }
    }
  }
  flushRun();
  return tokens;
}

/** The distinct terms of a query, in order of first appearance. */
export function queryTerms(query: string): QueryTerm[] {
  const terms = new Map<string, QueryTerm>();
  for (const { segment, isWordLike } of segmenter.segment(normalise(query))) {
    if (!isWordLike) continue;
    for (const piece of pieces(segment)) {
      const chars = [...piece.text];
      const term = piece.cjk ? { tokens: bigrams(chars), prefix: chars.length === 1 } : { tokens: [piece.text], prefix: false };
      terms.set(`${term.prefix ? '*' : ''}${term.tokens.join(' ')}`, term);
    }
  }
  return [...terms.values()];
}
