import type { Extraction } from '../extract/types.ts';
import type { NewMemory } from '../store/types.ts';
import type { AcceptedTask } from './accepted-task.ts';

const KEY_LENGTH = 120;

function shortTitle(text: string): string {
  const firstLine = text.trim().split('\n', 1)[0] ?? '';
  return firstLine.length > KEY_LENGTH ? `${firstLine.slice(0, KEY_LENGTH - 1)}…` : firstLine;
}

function base(task: AcceptedTask): Pick<NewMemory, 'user_id' | 'conversation_id' | 'agent_id' | 'app_id' | 'task_id'> {
  return {
    user_id: task.userId,
    conversation_id: task.conversationId,
    ...(task.agentId ? { agent_id: task.agentId } : {}),
    ...(task.appId ? { app_id: task.appId } : {}),
    task_id: task.id,
  };
}

/** The rough pass: each message's text and the names of its files, searchable at once. */
export function roughMemories(task: AcceptedTask): NewMemory[] {
  return task.messages
    .map((message) => [message.text, ...message.files.map((file) => file.name)].filter((line, index, lines) => line.trim() !== '' && lines.indexOf(line) === index).join('\n'))
    .filter((text) => text !== '')
    .map((text) => ({
      ...base(task),
      memory_key: shortTitle(text),
      memory_value: text,
      memory_type: 'WorkingMemory',
      tags: ['mode:fast', ...task.tags],
      info: { ...task.info },
    }));
}

/** The refined pass for a message without files: its text as a long-term memory. */
export function refinedTextMemory(task: AcceptedTask, text: string): NewMemory {
  return {
    ...base(task),
    memory_key: shortTitle(text),
    memory_value: text,
    memory_type: 'LongTermMemory',
    tags: ['mode:fine', ...task.tags],
    info: { ...task.info },
  };
}

/** The refined pass for a file: one long-term memory per extracted section (page, heading, chunk). */
export function refinedFileMemories(task: AcceptedTask, fileName: string, extraction: Extraction): NewMemory[] {
  return extraction.sections
    .filter((section) => section.text.trim() !== '')
    .map((section) => ({
      ...base(task),
      memory_key: shortTitle(section.title),
      memory_value: section.text,
      memory_type: 'LongTermMemory',
      tags: ['mode:fine', 'multimodal:file', extraction.type, ...task.tags],
      info: {
        ...task.info,
        ...extraction.meta,
        source_file: fileName,
        file_type: extraction.type,
        ...(section.page === undefined ? {} : { page: String(section.page) }),
      },
    }));
}
