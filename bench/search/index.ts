import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '../../src/server/store/db.ts';
import { MemoryStore } from '../../src/server/store/memories.ts';
import { corpus, queries, random } from './corpus.ts';

/**
 * Built-in server search: inserts 100,000 memories into a real WAL database file, then times
 * 1,000 searches (each a different user's view, some with a conversation to boost) and prints
 * the insert rate and latency percentiles as one RESULT line.
 */

const MEMORIES = 100_000;
const QUERIES = 1_000;
const USERS = 5;
const CONVERSATIONS_PER_USER = 40;
const BATCH = 1_000;
const WARMUP = 20;

function percentile(sorted: readonly number[], fraction: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1)] as number;
}

const round = (value: number): number => Math.round(value * 100) / 100;

const dir = mkdtempSync(join(tmpdir(), 'bench-search-'));
try {
  const db = openDatabase(join(dir, 'memories.db'));
  const store = new MemoryStore(db);

  // Only the store's work is timed, not generating the text.
  let insertMs = 0;
  for (const batch of corpus({ memories: MEMORIES, users: USERS, conversationsPerUser: CONVERSATIONS_PER_USER, seed: 1 }, BATCH)) {
    const started = performance.now();
    store.insertMany(batch);
    insertMs += performance.now() - started;
  }
  const insertSeconds = insertMs / 1000;
  console.log(`inserted ${MEMORIES} memories in ${insertSeconds.toFixed(1)} s`);

  const rand = random(2);
  const requests = queries(WARMUP + QUERIES, 3).map((query) => {
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
  console.log(`${QUERIES} queries, ${(hits / QUERIES).toFixed(1)} results each on average, slowest ${latencies.at(-1)?.toFixed(1)} ms`);
  db.close();

  const result = {
    memories: MEMORIES,
    queries: QUERIES,
    p50_ms: round(percentile(latencies, 0.5)),
    p95_ms: round(percentile(latencies, 0.95)),
    insert_per_s: Math.round(MEMORIES / insertSeconds),
  };
  console.log(`RESULT ${JSON.stringify(result)}`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
