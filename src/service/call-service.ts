import type { AppMethod, MethodParams, MethodResult } from '../shared/app-api.ts';
import type { AppServiceApi } from './ports.ts';

/** One call of the app API for code in the same process (a command line): the window's error becomes a thrown Error. */
export async function callService<M extends AppMethod>(service: AppServiceApi, method: M, params: MethodParams<M>): Promise<MethodResult<M>> {
  const outcome = await service.call(method, params);
  if ('error' in outcome) throw new Error(outcome.error.message);
  // The service checked the result against the method's schema before answering.
  return outcome.result as MethodResult<M>;
}
