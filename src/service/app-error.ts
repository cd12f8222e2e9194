import type { AppError } from '../shared/app-api.ts';

/** A failure meant for the window: its code and message are shown as they are. */
export class AppServiceError extends Error {
  override name = 'AppServiceError';
  readonly code: AppError['code'];

  constructor(code: AppError['code'], message: string) {
    super(message);
    this.code = code;
  }

  toAppError(): AppError {
    return { code: this.code, message: this.message };
  }
}
