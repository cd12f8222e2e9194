import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DatabaseSync } from 'node:sqlite';
import { openDatabase } from '../../../src/server/store/db.ts';
import { MemoryStore } from '../../../src/server/store/memories.ts';
import type { NewMemory } from '../../../src/server/store/types.ts';

/** A store on a real database file in a fresh temporary folder. */
export interface TestStore {
  dir: string;
  file: string;
  db: DatabaseSync;
  store: MemoryStore;
  reopen(): void;
  close(): void;
}

export function openTestStore(): TestStore {
  const dir = mkdtempSync(join(tmpdir(), 'memos-store-'));
  const file = join(dir, 'memories.db');
  const handle: TestStore = {
    dir,
    file,
    db: openDatabase(file),
    store: undefined as unknown as MemoryStore,
    reopen() {
      handle.db.close();
      handle.db = openDatabase(file);
      handle.store = new MemoryStore(handle.db);
    },
    close() {
      if (handle.db.isOpen) handle.db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  handle.store = new MemoryStore(handle.db);
  return handle;
}

/** A memory with sensible defaults; `memory_value` defaults to the title. */
export function memory(overrides: Partial<NewMemory> & { id: string }): NewMemory {
  return {
    user_id: 'alice',
    conversation_id: 'conv-1',
    memory_key: overrides.memory_value ?? overrides.id,
    memory_value: overrides.memory_key ?? overrides.id,
    memory_type: 'LongTermMemory',
    tags: [],
    info: {},
    task_id: 'task-1',
    ...overrides,
  };
}

export const DAY = 86_400_000;
export const at = (date: string): number => Date.parse(date);
