import { MAX_SEARCH_LIMIT } from '../../shared/memos-wire.ts';
import { compileFilter } from './filter.ts';
import { scopeToken } from './index-text.ts';
import { type QueryTerm, queryTerms } from './segment.ts';
import type { StatementCache } from './statement-cache.ts';
import type { TermStats } from './term-stats.ts';
import { MEMORY_COLUMNS, type MemoryRow, toDetail } from './rows.ts';
import { type SearchAnswer, type SearchDetail, StoreInputError } from './types.ts';

export const DEFAULT_MEMORY_LIMIT = 9;
export const MAX_MEMORY_LIMIT = MAX_SEARCH_LIMIT;
export const DEFAULT_RELATIVITY = 0.45;
/** How much a memory from the request's conversation is preferred: its normalised score is multiplied by this. */
export const CONVERSATION_BOOST = 1.3;

export interface SearchParams {
  userId: string;
  query: string;
  conversationId?: string;
  filter?: unknown;
  /** `memory_limit_number`: default 9; above 25 it is clamped to 25. */
  limit?: number;
  /** `relativity` floor in 0..1: default 0.45; 0 returns every match. */
  relativity?: number;
}

/** FTS5's idf floor: a term in half the memories or more gets this weight. */
const MIN_IDF = 1e-6;
/** Together, the least informative terms may carry this share of a query's weight and still be left out. */
const STOPWORD_SHARE = 0.15;
/** At most this many matching memories are scored per search. */
export const MAX_RANKED = 1_000;

function idf(rows: number, hits: number): number {
  return Math.max(MIN_IDF, Math.log((rows - hits + 0.5) / (hits + 0.5)));
}

/** A term in FTS5 query syntax. Tokens are letters and digits only, and quoted besides, so user text never becomes syntax. */
export function ftsTerm(term: QueryTerm): string {
  return `"${term.join(' ').replaceAll('"', '""')}"`;
}

/**
 * Maps a normalised score to 0..1. `ratio` is bm25 divided by the bm25 a memory of average
 * length would get by containing every query term once; 1 - 4^-ratio makes that plain full
 * match 0.75, a match of terms carrying half the query's weight 0.5, repeated or dense matches
 * approach 1. Being a ratio, it does not depend on how rare the words are or how many there are.
 */
export function relativityOf(ratio: number): number {
  return Math.round((1 - 4 ** -ratio) * 10_000) / 10_000;
}

interface Candidate extends MemoryRow {
  score: number;
}

interface WeightedTerm {
  match: string;
  weight: number;
}

function validate(params: SearchParams): { limit: number; floor: number } {
  if (typeof params.query !== 'string' || params.query.trim() === '') throw new StoreInputError('query must not be empty');
  if (params.userId === '') throw new StoreInputError('user_id must not be empty');
  const limit = params.limit ?? DEFAULT_MEMORY_LIMIT;
  if (!Number.isInteger(limit) || limit < 1) throw new StoreInputError('memory_limit_number must be an integer of at least 1');
  const floor = params.relativity ?? DEFAULT_RELATIVITY;
  if (!(floor >= 0 && floor <= 1)) throw new StoreInputError('relativity must be between 0 and 1');
  return { limit: Math.min(limit, MAX_MEMORY_LIMIT), floor };
}

function emptyAnswer(list: SearchDetail[] = []): SearchAnswer {
  return { memory_detail_list: list, preference_detail_list: [], tool_memory_detail_list: [], preference_note: '' };
}

/**
 * The query's terms that are in the index, with their bm25 weights (idf), minus the least
 * informative ones: the lowest-weight terms are left out while together they carry at most
 * 15% of the query's weight. Such words ("the", "的") match a large part of all memories, so
 * ranking every memory containing them is the slow part of a search, and a memory matching only
 * them could not reach a useful relativity anyway. Terms found nowhere are left out too, so a
 * typo does not sink the other words.
 */
function informativeTerms(stats: TermStats, query: string): WeightedTerm[] {
  const terms = queryTerms(query);
  if (terms.length === 0) return [];
  const rows = stats.rows();
  const frequencies = stats.documentFrequencies(terms);
  const counted = terms
    .map((term, index) => {
      const hits = frequencies[index] as number;
      return { match: `body : ${ftsTerm(term)}`, weight: hits > 0 ? idf(rows, hits) : 0 };
    })
    .filter((term) => term.weight > 0)
    .sort((a, b) => a.weight - b.weight);
  const total = counted.reduce((sum, term) => sum + term.weight, 0);
  let dropped = 0;
  let first = 0;
  while (first < counted.length - 1 && dropped + (counted[first] as WeightedTerm).weight <= STOPWORD_SHARE * total) {
    dropped += (counted[first] as WeightedTerm).weight;
    first++;
  }
  return counted.slice(first);
}

/**
 * Full-text search of one user's memories, ranked by FTS5's bm25 and normalised into
 * `relativity` (see relativityOf). Terms are OR-ed, so a memory matching more of the query,
 * or its rarer words, ranks higher. When the words are so common that more than MAX_RANKED of
 * the user's memories match, the most recent MAX_RANKED of them are ranked: that bounds the
 * time of a search whatever the query, at the cost of older matches of very broad queries.
 */
export function searchMemories(statements: StatementCache, stats: TermStats, params: SearchParams): SearchAnswer {
  const { limit, floor } = validate(params);
  const filter = compileFilter(params.filter);
  const terms = informativeTerms(stats, params.query);
  if (terms.length === 0) return emptyAnswer();

  const ideal = terms.reduce((sum, term) => sum + term.weight, 0);
  const match = `scope : "${scopeToken(params.userId)}" AND (${terms.map((term) => term.match).join(' OR ')})`;
  // The inner query walks matches newest first (FTS5's native order, so LIMIT stops it early)
  // and scores only those; the outer one ranks them. The scope token already keeps to the
  // user's rows; the outer user_id test makes isolation exact. Three times the limit leaves
  // room for memories of the conversation to move up past others. CROSS JOIN keeps the
  // candidates as the outer loop: otherwise SQLite may walk all of the user's memories instead.
  // Every filter condition has a parameter, so one without any constrains nothing.
  const inner =
    filter.params.length === 0
      ? 'SELECT rowid AS seq, -bm25(memory_fts, 0.0, 1.0) AS score FROM memory_fts WHERE memory_fts MATCH ?'
      : `SELECT memory_fts.rowid AS seq, -bm25(memory_fts, 0.0, 1.0) AS score FROM memory_fts JOIN memories m ON m.seq = memory_fts.rowid
         WHERE memory_fts MATCH ? AND ${filter.sql}`;
  const candidates = statements
    .get(
      `SELECT ${MEMORY_COLUMNS}, c.score FROM (${inner} ORDER BY memory_fts.rowid DESC LIMIT ${MAX_RANKED}) c
       CROSS JOIN memories m ON m.seq = c.seq WHERE m.user_id = ?
       ORDER BY c.score DESC, c.seq DESC LIMIT ?`,
    )
    .all(match, ...filter.params, params.userId, limit * 3) as unknown as Candidate[];

  const hits = candidates.map((row) => {
    const boost = params.conversationId !== undefined && row.conversation_id === params.conversationId ? CONVERSATION_BOOST : 1;
    return { ...toDetail(row), relativity: relativityOf((row.score / ideal) * boost) };
  });
  hits.sort((a, b) => b.relativity - a.relativity);
  return emptyAnswer(hits.filter((hit) => hit.relativity >= floor).slice(0, limit));
}
