import { join } from 'node:path';
import { numberOptions } from '../lib/args.ts';
import { percentile } from '../lib/percentile.ts';
import { random } from '../lib/random.ts';
import { note, printResult } from '../lib/result.ts';
import { withTempDir } from '../lib/temp.ts';
import { openDatabase } from '../../src/server/store/db.ts';
import { MemoryStore } from '../../src/server/store/memories.ts';
import { scopeToken } from '../../src/server/store/index-text.ts';
import { ftsTerm } from '../../src/server/store/search.ts';
import { queryTerms } from '../../src/server/store/segment.ts';
import { corpus, queries } from './corpus.ts';

/**
 * Built-in server search: inserts 100,000 memories into a real WAL database file, then times
 * 1,000 searches (each in one user's memories, half with a conversation to boost) and prints
 * the insert rate and latency percentiles. The baseline, timed on the same database and
 * requests, is the bare FTS5 query a plain implementation would run: every query term OR-ed
 * in the user's scope, ordered by FTS5's own bm25 rank, ids only (no term weighting, no
 * bounded candidate set, no rows read). `ratio` is the baseline's p95 over the store's p95.
 * `--memories N --queries N` change the sizes.
 */

const options = numberOptions(process.argv.slice(2), { memories: 100_000, queries: 1_000 });
const USERS = 5;
const CONVERSATIONS_PER_USER = 40;
const BATCH = 1_000;
const WARMUP = 20;

const round = (value: number): number => Math.round(value * 100) / 100;

/** Latencies in ms of `run` over the requests, the warm-up ones left out, sorted. */
function timeEach<T>(requests: readonly T[], run: (request: T) => void): number[] {
  const latencies: number[] = [];
  for (const [index, request] of requests.entries()) {
    const started = performance.now();
    run(request);
    const elapsed = performance.now() - started;
    if (index >= WARMUP) latencies.push(elapsed);
  }
  return latencies.sort((a, b) => a - b);
}

await withTempDir('bench-search', async (dir) => {
  const db = openDatabase(join(dir, 'memories.db'));
  const store = new MemoryStore(db);

  // Only the store's work is timed, not generating the text.
  let insertMs = 0;
  for (const batch of corpus({ memories: options.memories, users: USERS, conversationsPerUser: CONVERSATIONS_PER_USER, seed: 1 }, BATCH)) {
    const started = performance.now();
    store.insertMany(batch);
    insertMs += performance.now() - started;
  }
  note(`inserted ${options.memories} memories in ${(insertMs / 1000).toFixed(1)} s`);

  const rand = random(2);
  const requests = queries(WARMUP + options.queries, 3).map((query) => {
    const user = Math.floor(rand() * USERS);
    const conversation = rand() < 0.5 ? `conv-${user}-${Math.floor(rand() * CONVERSATIONS_PER_USER)}` : undefined;
    return { userId: `user-${user}`, query, ...(conversation ? { conversationId: conversation } : {}) };
  });

  let hits = 0;
  const latencies = timeEach(requests, (request) => {
    hits += store.search(request).memory_detail_list.length;
  });
  note(`${options.queries} queries, ${(hits / (WARMUP + options.queries)).toFixed(1)} results each on average, slowest ${latencies.at(-1)?.toFixed(1)} ms`);

  const bareFts = db.prepare('SELECT rowid FROM memory_fts WHERE memory_fts MATCH ? ORDER BY rank LIMIT 9');
  const baseline = timeEach(requests, ({ userId, query }) => {
    const terms = queryTerms(query).map((term) => `body : ${ftsTerm(term)}`);
    if (terms.length > 0) bareFts.all(`scope : "${scopeToken(userId)}" AND (${terms.join(' OR ')})`);
  });
  note(`bare FTS5 baseline: p50 ${percentile(baseline, 0.5).toFixed(2)} ms, p95 ${percentile(baseline, 0.95).toFixed(2)} ms`);
  db.close();

  printResult({
    memories: options.memories,
    queries: options.queries,
    p50_ms: round(percentile(latencies, 0.5)),
    p95_ms: round(percentile(latencies, 0.95)),
    baseline_p50_ms: round(percentile(baseline, 0.5)),
    baseline_p95_ms: round(percentile(baseline, 0.95)),
    ratio: round(percentile(baseline, 0.95) / percentile(latencies, 0.95)),
    insert_per_s: Math.round(options.memories / (insertMs / 1000)),
  });
});
