import { GetStatusRequest, MemosCode } from '../../shared/memos-wire.ts';
import { ApiError } from '../http/api-error.ts';
import type { Route } from '../http/handle-request.ts';
import { readJsonBody } from '../http/read-json.ts';
import type { TaskStore } from '../tasks/task-store.ts';

export function statusRoute(tasks: TaskStore): Route {
  return {
    method: 'POST',
    path: 'get/status',
    handle: async (request) => {
      const { task_id } = GetStatusRequest.parse(await readJsonBody(request));
      const task = tasks.get(task_id);
      if (!task) throw new ApiError(MemosCode.TASK_NOT_FOUND, `task "${task_id}" not found`);
      return task;
    },
  };
}
