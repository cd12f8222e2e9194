import { z } from 'zod';
import { MemosError } from '../memos/errors.ts';
import { type AppError, type AppMethod, appMethods, type MethodResult } from '../shared/app-api.ts';
import { AppServiceError } from './app-error.ts';
import type { CallOutcome, Logger } from './ports.ts';

export type MethodParamsOut<M extends AppMethod> = z.output<(typeof appMethods)[M]['params']>;
export type Handlers = { [M in AppMethod]: (params: MethodParamsOut<M>) => Promise<MethodResult<M>> };

const isMethod = (method: string): method is AppMethod => Object.hasOwn(appMethods, method);

/** The first problem of a zod error, naming the field, e.g. "limit: Too big: expected number to be <=25". */
export function describeIssues(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'invalid parameters';
  return issue.path.length > 0 ? `${issue.path.join('.')}: ${issue.message}` : issue.message;
}

/** Any failure as the window may see it; `redact` scrubs secrets (the API key) from messages. */
export function toAppError(error: unknown, redact: (text: string) => string, log: Logger): AppError {
  if (error instanceof AppServiceError) return { code: error.code, message: redact(error.message) };
  if (error instanceof z.ZodError) return { code: 'invalid', message: describeIssues(error) };
  if (error instanceof MemosError) return { code: 'memos', message: redact(error.message) };
  const message = redact(error instanceof Error ? error.message : String(error));
  log.error(`app service: ${error instanceof Error && error.stack ? redact(error.stack) : message}`);
  return { code: 'internal', message };
}

/**
 * Runs one call of the app API: params validated on the way in, the result on the way out
 * (a result that breaks the contract is our bug, reported as `internal` and logged).
 */
export async function dispatch(handlers: Handlers, method: string, rawParams: unknown, redact: (text: string) => string, log: Logger): Promise<CallOutcome> {
  if (!isMethod(method)) return { error: { code: 'invalid', message: `unknown method ${JSON.stringify(method.slice(0, 100))}` } };
  const schema = appMethods[method];
  const params = schema.params.safeParse(rawParams ?? {});
  if (!params.success) return { error: { code: 'invalid', message: describeIssues(params.error) } };
  let result: unknown;
  try {
    result = await (handlers[method] as (params: unknown) => Promise<unknown>)(params.data);
  } catch (error) {
    return { error: toAppError(error, redact, log) };
  }
  const checked = schema.result.safeParse(result);
  if (checked.success) return { result: checked.data };
  log.error(`app service: ${method} answered outside its contract: ${describeIssues(checked.error)}`);
  return { error: { code: 'internal', message: `${method} gave an answer the window cannot use` } };
}
