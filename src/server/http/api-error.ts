/**
 * A failure the server answers with a documented MemOS business code. Cloud MemOS answers
 * business errors with HTTP 200 and a nonzero code; malformed requests with HTTP 400.
 */
export class ApiError extends Error {
  override name = 'ApiError';
  readonly code: number;
  readonly httpStatus: number;

  constructor(code: number, message: string, httpStatus = 200) {
    super(message);
    this.code = code;
    this.httpStatus = httpStatus;
  }
}

export const badRequest = (message: string): ApiError => new ApiError(40000, message, 400);
