import type { AppError } from '../../shared/app-api.ts';

/** A failed call as the window shows it: a kind (`code`) and words (`message`). */
export class AppCallError extends Error {
  readonly code: AppError['code'];
  constructor(code: AppError['code'], message: string) {
    super(message);
    this.name = 'AppCallError';
    this.code = code;
  }
}

// Electron wraps errors thrown by IPC handlers in this prefix; the person needs only the cause.
const IPC_PREFIX = /^Error invoking remote method '[^']*': (?:\w*Error: )?/;

/** The words to show for any failure. */
export function errorMessage(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.replace(IPC_PREFIX, '');
}
