/**
 * The one error type services throw. The HTTP error handler turns it into
 * `{ error: { code, message, details? } }` with its status; anything else becomes a 500 without details.
 */
export class AppError extends Error {
  constructor(
    readonly code: string,
    readonly status: 400 | 401 | 403 | 404 | 409 | 413 | 415 | 422 | 429 | 500 | 503,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'AppError';
  }
}

export const notFound = (code: string, message: string) => new AppError(code, 404, message);
export const conflict = (code: string, message: string, details?: Record<string, unknown>) =>
  new AppError(code, 409, message, details);
export const unprocessable = (code: string, message: string, details?: Record<string, unknown>) =>
  new AppError(code, 422, message, details);
export const forbidden = (message = '无权执行此操作') => new AppError('FORBIDDEN', 403, message);
export const unauthorized = (message = '请先登录') => new AppError('UNAUTHORIZED', 401, message);
