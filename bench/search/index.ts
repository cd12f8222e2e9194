import { join } from 'node:path';
import { numberOptions } from '../lib/args.ts';
import { note, printResult } from '../lib/result.ts';
import { withTempDir } from '../lib/temp.ts';
import { openDatabase } from '../../src/server/store/db.ts';
import { MemoryStore } from '../../src/server/store/memories.ts';
import { corpus, queries, random } from './corpus.ts';

/**
 * Built-in server search: inserts 100,000 memories into a real WAL database file, then times
 * 1,000 searches (each in one user's memories, half with a conversation to boost) and prints
 * the insert rate and latency percentiles. `--memories N --queries N` change the sizes.
 */

const options = numberOptions(process.argv.slice(2), { memories: 100_000, queries: 1_000 });
const USERS = 5;
const CONVERSATIONS_PER_USER = 40;
const BATCH = 1_000;
const WARMUP = 20;

function percentile(sorted: readonly number[], fraction: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1)] as number;
}

const round = (value: number): number => Math.round(value * 100) / 100;

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

  const latencies: number[] = [];
  let hits = 0;
  for (const [index, request] of requests.entries()) {
    const started = performance.now();
    const answer = store.search(request);
    const elapsed = performance.now() - started;
    if (index < WARMUP) continue;
    latencies.push(elapsed);
    hits += answer.memory_detail_list.length;
  }
  latencies.sort((a, b) => a - b);
  note(`${options.queries} queries, ${(hits / options.queries).toFixed(1)} results each on average, slowest ${latencies.at(-1)?.toFixed(1)} ms`);
  db.close();

  printResult({
    memories: options.memories,
    queries: options.queries,
    p50_ms: round(percentile(latencies, 0.5)),
    p95_ms: round(percentile(latencies, 0.95)),
    insert_per_s: Math.round(options.memories / (insertMs / 1000)),
  });
});
