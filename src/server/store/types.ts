/** Memory shapes of the MemOS contract (docs: /work/shared/memos-api.md), as the store returns them. */

export type MemoryType = 'WorkingMemory' | 'LongTermMemory' | 'UserMemory';

/** A memory to store; the store assigns `id` and times unless given (imports, tests). */
export interface NewMemory {
  id?: string;
  user_id: string;
  conversation_id: string;
  agent_id?: string;
  app_id?: string;
  memory_key: string;
  memory_value: string;
  memory_type: MemoryType;
  status?: string;
  confidence?: number;
  tags: string[];
  info: Record<string, string>;
  task_id: string;
  create_time?: number;
  update_time?: number;
}

/** An item of `memory_detail_list` (get/memory, search/memory), plus `info` for our UI. */
export interface MemoryDetail {
  id: string;
  memory_key: string;
  memory_value: string;
  memory_type: MemoryType;
  create_time: number;
  update_time: number;
  conversation_id: string;
  status: string;
  confidence: number;
  tags: string[];
  info: Record<string, string>;
}

/** A search hit: the detail plus how well it matched, 0..1. */
export interface SearchDetail extends MemoryDetail {
  relativity: number;
}

/** Everything stored about one memory (GET /get/memory/{id}, ownership checks). */
export interface StoredMemory extends MemoryDetail {
  user_id: string;
  agent_id?: string;
  app_id?: string;
  task_id: string;
}

/** A page of get/memory. */
export interface MemoryPage {
  memory_detail_list: MemoryDetail[];
  total: number;
  size: number;
  current: number;
  pages: number;
}

/** The data of a search/memory answer. This server infers no preferences or tool memories. */
export interface SearchAnswer {
  memory_detail_list: SearchDetail[];
  preference_detail_list: [];
  tool_memory_detail_list: [];
  preference_note: '';
}

/** A request the store cannot serve as given; the route answers it with code 40000 and this message. */
export class StoreInputError extends Error {
  override readonly name = 'StoreInputError';
}
