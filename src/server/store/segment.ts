/**
 * Turns text into the tokens the full-text index stores, and queries into terms, so that a
 * query matches what was written. Everything is NFKC-normalised (full-width letters and digits
 * match their ASCII forms) and lowercased; punctuation and spaces separate.
 *
 * Queries are split into words by `Intl.Segmenter` (word granularity): English words, numbers,
 * and dictionary words for Chinese and Japanese. Each word is one search term, except that
 * consecutive one-character Chinese words become one term: that is how the segmenter cuts
 * names and words it does not know ("张伟"), and they are better searched whole.
 *
 * Chinese and Japanese text is indexed as overlapping character bigrams of each unbroken run,
 * not as the segmenter's words, because the segmenter cuts the same string differently in
 * different contexts: "我想去公园" gives 我想去|公园, so a word-indexed query "想去" would never
 * find it, and a query the dictionary keeps whole misses text where it was cut apart. A query
 * word becomes the phrase of its bigrams ("人工智能" -> "人工 工智 智能"), so it matches wherever
 * it occurs as a substring: full recall in both directions ("记忆" finds "记忆系统" and "记忆系统"
 * finds "…的记忆系统…"), with the precision of substring search. The segmenter's cuts still
 * decide the query's terms ("记忆系统怎么用" -> 记忆 | 系统 | 怎么 | 用), so a memory matching more
 * of them ranks higher. Every character is also indexed alone, so a one-character word is one
 * cheap token lookup; the commonest ones (的, 是) are in so many memories that bm25 gives them
 * no weight and search drops them.
 *
 * Indexing needs the segmenter only for scripts written without spaces that are not bigrammed
 * (Thai, Lao, Khmer, Myanmar); elsewhere its words are exactly the runs of letters and digits,
 * and skipping it there makes indexing more than twice as fast.
 */

// A run of CJK characters, or a run of other letters, digits and marks; everything else separates.
const CJK_CHAR = String.raw`[\p{sc=Han}\p{sc=Hira}\p{sc=Kana}\u30FC]`;
const OTHER_CHAR = String.raw`(?:(?!${CJK_CHAR})[\p{L}\p{N}\p{M}])`;
const PIECES = new RegExp(String.raw`(?<cjk>${CJK_CHAR}+)|${OTHER_CHAR}+`, 'gu');

// Scripts written without spaces whose words only a dictionary can find (Chinese and Japanese are bigrammed instead).
const NEEDS_DICTIONARY = /[\p{sc=Thai}\p{sc=Lao}\p{sc=Khmer}\p{sc=Myanmar}]/u;

const segmenter = new Intl.Segmenter('zh', { granularity: 'word' });

/** One search term: the index tokens it must match, in order (one token, or a phrase of bigrams). */
export type QueryTerm = string[];

function normalise(text: string): string {
  return text.normalize('NFKC').toLowerCase();
}

function bigrams(chars: readonly string[]): string[] {
  const grams: string[] = [];
  for (let i = 0; i + 1 < chars.length; i++) grams.push(`${chars[i]}${chars[i + 1]}`);
  return grams;
}

/** The tokens stored in the index for `text`. */
export function indexTokens(text: string): string[] {
  const tokens: string[] = [];
  for (const match of normalise(text).matchAll(PIECES)) {
    const piece = match[0];
    if (match.groups?.['cjk'] !== undefined) {
      // Bigrams first and together, so a phrase of them can only match inside this run.
      const chars = [...piece];
      tokens.push(...bigrams(chars), ...chars);
    } else if (NEEDS_DICTIONARY.test(piece)) {
      for (const { segment, isWordLike } of segmenter.segment(piece)) if (isWordLike) tokens.push(segment);
    } else {
      tokens.push(piece);
    }
  }
  return tokens;
}

/**
 * The words of a CJK query run. Consecutive one-character words are joined: the segmenter
 * falls back to single characters for names and words it does not know ("张伟"), which are
 * better searched whole than as common characters.
 */
function cjkWords(run: string): string[] {
  const words: string[] = [];
  let singles = '';
  for (const { segment } of segmenter.segment(run)) {
    if ([...segment].length === 1) {
      singles += segment;
      continue;
    }
    if (singles !== '') words.push(singles);
    singles = '';
    words.push(segment);
  }
  if (singles !== '') words.push(singles);
  return words;
}

/** The distinct terms of a query, in order of first appearance. */
export function queryTerms(query: string): QueryTerm[] {
  const terms = new Map<string, QueryTerm>();
  const add = (term: QueryTerm): void => {
    terms.set(term.join(' '), term);
  };
  for (const match of normalise(query).matchAll(PIECES)) {
    const piece = match[0];
    if (match.groups?.['cjk'] !== undefined) {
      for (const word of cjkWords(piece)) {
        const chars = [...word];
        add(chars.length === 1 ? chars : bigrams(chars));
      }
    } else if (NEEDS_DICTIONARY.test(piece)) {
      for (const { segment, isWordLike } of segmenter.segment(piece)) if (isWordLike) add([segment]);
    } else {
      add([piece]);
    }
  }
  return [...terms.values()];
}
