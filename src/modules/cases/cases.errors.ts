/** The cases module's refusals, with stable codes (SPEC: bad input is a 4xx AppError, never a 500). */
import { AppError } from '../../kernel/errors';

/** 422 naming the field at fault (the web form marks it). */
export const unprocessable = (code: string, message: string, field: string, extra: Record<string, unknown> = {}) =>
  new AppError(code, 422, message, { field, ...extra });

/** Also the answer for a case the actor may not see: it does not tell that the case exists. */
export const caseNotFound = () => new AppError('CASE_NOT_FOUND', 404, '办件不存在');

/** Someone else changed the case between our read and our write (optimistic concurrency). */
export const caseChanged = (status: string) => new AppError('CASE_CHANGED', 409, '办件刚被他人处理，请刷新后重试', { status });

/** Free text the law asks for (a reason, a reference): at least two characters once trimmed. */
export function requireText(v: string | undefined, field: string, message: string): string {
  const s = (v ?? '').trim();
  if (s.length < 2) throw unprocessable(`${field.toUpperCase()}_REQUIRED`, message, field);
  return s;
}
