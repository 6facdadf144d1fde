/**
 * Shared result shape for the validators: a discriminated union so callers must check `ok`
 * before reading the parsed fields, and failures carry a stable machine code plus a Chinese
 * message that can be shown to applicants and window staff as-is.
 */
export interface ValidationFailure<C extends string> {
  ok: false;
  code: C;
  message: string;
}

export function fail<C extends string>(code: C, message: string): ValidationFailure<C> {
  return { ok: false, code, message };
}

/**
 * Brings user input into a comparable form. NFKC folds full-width digits, letters and brackets
 * (common when typing with a Chinese IME, e.g. `４３０５…Ｘ`) into ASCII; non-strings yield
 * undefined because request bodies are untyped at runtime.
 */
export function normalizeInput(input: unknown): string | undefined {
  if (typeof input !== 'string') return undefined;
  return input.normalize('NFKC').trim();
}
