import type { DatabaseSync } from 'node:sqlite';
import { compileFilter } from './filter.ts';
import { scopeToken } from './index-text.ts';
import { type QueryTerm, queryTerms } from './segment.ts';
import type { StatementCache } from './statement-cache.ts';
import { MEMORY_COLUMNS, type MemoryRow, toDetail } from './rows.ts';
import { type SearchAnswer, type SearchDetail, StoreInputError } from './types.ts';

export const DEFAULT_MEMORY_LIMIT = 9;
export const MAX_MEMORY_LIMIT = 25;
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

/** FTS5's bm25 constants, needed to know what score a plain match of every term would get. */
const MIN_IDF = 1e-6;

function idf(rows: number, hits: number): number {
  return Math.max(MIN_IDF, Math.log((rows - hits + 0.5) / (hits + 0.5)));
}

/** A term in FTS5 query syntax. Tokens are letters and digits only, and quoted besides, so user text never becomes syntax. */
function ftsTerm(term: QueryTerm): string {
  const phrase = `"${term.tokens.join(' ').replaceAll('"', '""')}"`;
  return term.prefix ? `${phrase} *` : phrase;
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
  rank: number;
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
 * Full-text search of one user's memories, ranked by FTS5's bm25 and normalised into
 * `relativity` (see relativityOf). Terms are OR-ed, so a memory matching more of the query,
 * or its rarer words, ranks higher. Terms found in half the memories or more get no weight in
 * bm25 (its idf floor), so they are left out unless nothing else is left; terms found nowhere
 * are left out of the normalisation, so a typo does not sink the other words.
 */
export function searchMemories(db: DatabaseSync, statements: StatementCache, params: SearchParams): SearchAnswer {
  const { limit, floor } = validate(params);
  const filter = compileFilter(params.filter);
  const { rows } = statements.get('SELECT count(*) AS rows FROM memories').get() as { rows: number };
  const counted = queryTerms(params.query)
    .map((term) => {
      const match = `body : ${ftsTerm(term)}`;
      const { hits } = statements.get('SELECT count(*) AS hits FROM memory_fts WHERE memory_fts MATCH ?').get(match) as { hits: number };
      return { match, weight: idf(rows, hits), hits };
    })
    .filter((term) => term.hits > 0);
  const telling = counted.filter((term) => term.weight > MIN_IDF);
  const terms = telling.length > 0 ? telling : counted;
  if (terms.length === 0) return emptyAnswer();

  const ideal = terms.reduce((sum, term) => sum + term.weight, 0);
  const match = `scope : "${scopeToken(params.userId)}" AND (${terms.map((term) => term.match).join(' OR ')})`;
  // Room for memories of the conversation to move up past others.
  const candidates = statements
    .get(
      `SELECT ${MEMORY_COLUMNS}, memory_fts.rank AS rank FROM memory_fts JOIN memories m ON m.seq = memory_fts.rowid
       WHERE memory_fts MATCH ? AND memory_fts.rank MATCH 'bm25(0.0, 1.0)' AND m.user_id = ? AND ${filter.sql}
       ORDER BY memory_fts.rank LIMIT ?`,
    )
    .all(match, params.userId, ...filter.params, limit * 3) as unknown as Candidate[];

  const hits = candidates.map((row) => {
    const boost = params.conversationId !== undefined && row.conversation_id === params.conversationId ? CONVERSATION_BOOST : 1;
    return { ...toDetail(row), relativity: relativityOf((-row.rank / ideal) * boost) };
  });
  hits.sort((a, b) => b.relativity - a.relativity);
  return emptyAnswer(hits.filter((hit) => hit.relativity >= floor).slice(0, limit));
}
