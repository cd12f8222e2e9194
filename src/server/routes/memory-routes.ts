import { DeleteMemoryRequest, GetMemoriesRequest, MemosCode, SearchMemoryRequest, UpdateMemoryRequest } from '../../shared/memos-wire.ts';
import { ApiError, badRequest } from '../http/api-error.ts';
import type { Route } from '../http/handle-request.ts';
import { readJsonBody } from '../http/read-json.ts';
import type { MemoryStore } from '../store/memories.ts';
import { StoreInputError } from '../store/types.ts';

/** Store input problems (a filter it cannot run, say) are the caller's, so they answer 40000. */
function asBadRequest<T>(work: () => T): T {
  try {
    return work();
  } catch (error) {
    if (error instanceof StoreInputError) throw badRequest(error.message);
    throw error;
  }
}

const noSuchMemory = (id: string): ApiError => new ApiError(MemosCode.BAD_PARAMETERS, `no memory has the id "${id}"`);

export function memoryRoutes(memories: MemoryStore): Route[] {
  return [
    {
      method: 'POST',
      path: 'search/memory',
      handle: async (request) => {
        const search = SearchMemoryRequest.parse(await readJsonBody(request));
        if (search.user_id === undefined) throw badRequest('user_id is required: this server keeps memories per user');
        return asBadRequest(() =>
          memories.search({
            userId: search.user_id as string,
            query: search.query,
            conversationId: search.conversation_id,
            filter: search.filter,
            limit: search.memory_limit_number,
            relativity: search.relativity,
          }),
        );
      },
    },
    {
      method: 'POST',
      path: 'get/memory',
      handle: async (request) => {
        const query = GetMemoriesRequest.parse(await readJsonBody(request));
        const page = asBadRequest(() => memories.list({ userId: query.user_id, filter: query.filter, page: query.page, size: query.size }));
        return { ...page, preference_detail_list: [], tool_memory_detail_list: [] };
      },
    },
    {
      method: 'GET',
      path: 'get/memory/:id',
      handle: async (_request, { id = '' }) => {
        const memory = memories.get(id);
        if (!memory) throw noSuchMemory(id);
        return memory;
      },
    },
    {
      method: 'POST',
      path: 'delete/memory',
      handle: async (request) => {
        const target = DeleteMemoryRequest.parse(await readJsonBody(request));
        memories.delete('user_id' in target ? { userId: target.user_id } : { memoryIds: target.memory_ids });
        return { success: true };
      },
    },
    {
      method: 'POST',
      path: 'update/memory',
      handle: async (request) => {
        const change = UpdateMemoryRequest.parse(await readJsonBody(request));
        const updated = asBadRequest(() => memories.update(change.memory_id, { content: change.content, title: change.title, status: change.status }));
        if (!updated) throw noSuchMemory(change.memory_id);
        return { success: true };
      },
    },
  ];
}
