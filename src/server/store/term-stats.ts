import type { DatabaseSync, StatementSync } from 'node:sqlite';
import type { QueryTerm } from './segment.ts';

/**
 * How many memories contain each query term, read from the index's vocabulary (`memory_fts_vocab`)
 * instead of counting matches: a lookup costs a fraction of a scan for the commonest words.
 *
 * The vocabulary holds the tokenizer's output, so a term's tokens are first put through the same
 * tokenizer (porter stemming turns "memories" into "memori"): a connection-private scratch FTS5
 * table with that tokenizer is written and read back. A phrase (a Chinese word of three or more
 * characters, a bigram chain) counts as often as its rarest token, an upper bound that is close
 * in practice and saves a phrase scan.
 */
export class TermStats {
  readonly #rows: StatementSync;
  readonly #stage: StatementSync;
  readonly #stems: StatementSync;
  readonly #clear: StatementSync;
  readonly #frequency: StatementSync;

  constructor(db: DatabaseSync) {
    db.exec(`CREATE VIRTUAL TABLE IF NOT EXISTS temp.query_stems USING fts5(text, tokenize = 'porter unicode61 remove_diacritics 0')`);
    db.exec(`CREATE VIRTUAL TABLE IF NOT EXISTS temp.query_stems_vocab USING fts5vocab(temp, query_stems, 'instance')`);
    this.#rows = db.prepare('SELECT count(*) AS rows FROM memories');
    this.#stage = db.prepare('INSERT INTO temp.query_stems (rowid, text) VALUES (?, ?)');
    this.#stems = db.prepare('SELECT doc, term FROM temp.query_stems_vocab');
    this.#clear = db.prepare('DELETE FROM temp.query_stems');
    this.#frequency = db.prepare('SELECT doc FROM memory_fts_vocab WHERE term = ?');
  }

  /** The number of memories, all users together: bm25's N. */
  rows(): number {
    return (this.#rows.get() as { rows: number }).rows;
  }

  /** For each term, how many memories contain it (0 when none does). */
  documentFrequencies(terms: readonly QueryTerm[]): number[] {
    terms.forEach((term, index) => this.#stage.run(index + 1, term.join(' ')));
    const stems = this.#stems.all() as unknown as { doc: number; term: string }[];
    this.#clear.run();
    const frequencies = terms.map(() => Number.POSITIVE_INFINITY);
    for (const { doc, term } of stems) {
      const row = this.#frequency.get(term) as { doc: number } | undefined;
      frequencies[doc - 1] = Math.min(frequencies[doc - 1] as number, row?.doc ?? 0);
    }
    return frequencies.map((frequency) => (Number.isFinite(frequency) ? frequency : 0));
  }
}
