import type { MemoryDetail, MemoryType, StoredMemory } from './types.ts';

/** The `memories` columns every read selects, from the row alias `m`. */
export const MEMORY_COLUMNS =
  'm.id, m.user_id, m.conversation_id, m.agent_id, m.app_id, m.memory_key, m.memory_value, m.memory_type, m.status, m.confidence, m.tags, m.info, m.task_id, m.create_time, m.update_time';

/** A `memories` row as SQLite returns it: `tags` and `info` still JSON. */
export interface MemoryRow {
  id: string;
  user_id: string;
  conversation_id: string;
  agent_id: string | null;
  app_id: string | null;
  memory_key: string;
  memory_value: string;
  memory_type: MemoryType;
  status: string;
  confidence: number;
  tags: string;
  info: string;
  task_id: string;
  create_time: number;
  update_time: number;
}

export function toDetail(row: MemoryRow): MemoryDetail {
  return {
    id: row.id,
    memory_key: row.memory_key,
    memory_value: row.memory_value,
    memory_type: row.memory_type,
    create_time: row.create_time,
    update_time: row.update_time,
    conversation_id: row.conversation_id,
    status: row.status,
    confidence: row.confidence,
    tags: JSON.parse(row.tags) as string[],
    info: JSON.parse(row.info) as Record<string, string>,
  };
}

export function toStored(row: MemoryRow): StoredMemory {
  return {
    ...toDetail(row),
    user_id: row.user_id,
    ...(row.agent_id === null ? {} : { agent_id: row.agent_id }),
    ...(row.app_id === null ? {} : { app_id: row.app_id }),
    task_id: row.task_id,
  };
}
