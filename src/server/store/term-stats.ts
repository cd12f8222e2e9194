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
 *
 * Counts are remembered until the memories change: this store's writes call `forget`, other
 * connections' commits show in `PRAGMA data_version`. Nothing is remembered inside a transaction,
 * which might still roll back.
 */
/** Enough for every word people search between two writes, bounded all the same. */
const MAX_KNOWN = 50_000;

export class TermStats {
  readonly #db: DatabaseSync;
  readonly #dataVersion: StatementSync;
  readonly #known = new Map<string, number>();
  #knownRows: number | undefined;
  #knownVersion = -1;
  readonly #rows: StatementSync;
  readonly #stage: StatementSync;
  readonly #stems: StatementSync;
  readonly #clear: StatementSync;
  readonly #frequency: StatementSync;

  constructor(db: DatabaseSync) {
    db.exec(`CREATE VIRTUAL TABLE IF NOT EXISTS temp.query_stems USING fts5(text, tokenize = 'porter unicode61 remove_diacritics 0')`);
    db.exec(`CREATE VIRTUAL TABLE IF NOT EXISTS temp.query_stems_vocab USING fts5vocab(temp, query_stems, 'instance')`);
    this.#db = db;
    this.#dataVersion = db.prepare('PRAGMA data_version');
    this.#rows = db.prepare('SELECT count(*) AS rows FROM memories');
    this.#stage = db.prepare('INSERT INTO temp.query_stems (rowid, text) VALUES (?, ?)');
    this.#stems = db.prepare('SELECT doc, term FROM temp.query_stems_vocab');
    this.#clear = db.prepare('DELETE FROM temp.query_stems');
    this.#frequency = db.prepare('SELECT doc FROM memory_fts_vocab WHERE term = ?');
  }

  /** Drops remembered counts; called after every write. */
  forget(): void {
    this.#known.clear();
    this.#knownRows = undefined;
  }

  /** Whether remembered counts may be used (and new ones kept). */
  #current(): boolean {
    if (this.#db.isTransaction) {
      this.forget();
      return false;
    }
    const { data_version: version } = this.#dataVersion.get() as { data_version: number };
    if (version !== this.#knownVersion) {
      this.forget();
      this.#knownVersion = version;
    }
    return true;
  }

  /** The number of memories, all users together: bm25's N. */
  rows(): number {
    const remember = this.#current();
    const rows = this.#knownRows ?? (this.#rows.get() as { rows: number }).rows;
    if (remember) this.#knownRows = rows;
    return rows;
  }

  /** For each term, how many memories contain it (0 when none does). */
  documentFrequencies(terms: readonly QueryTerm[]): number[] {
    const remember = this.#current();
    terms.forEach((term, index) => this.#stage.run(index + 1, term.join(' ')));
    const stems = this.#stems.all() as unknown as { doc: number; term: string }[];
    this.#clear.run();
    const frequencies = terms.map(() => Number.POSITIVE_INFINITY);
    for (const { doc, term } of stems) {
      let count = this.#known.get(term);
      if (count === undefined) {
        count = (this.#frequency.get(term) as { doc: number } | undefined)?.doc ?? 0;
        if (remember && this.#known.size < MAX_KNOWN) this.#known.set(term, count);
      }
      frequencies[doc - 1] = Math.min(frequencies[doc - 1] as number, count);
    }
    return frequencies.map((frequency) => (Number.isFinite(frequency) ? frequency : 0));
  }
}
