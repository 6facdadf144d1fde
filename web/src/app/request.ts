/**
 * The one API client. Every call to the server goes through `request` (or the `api` helpers), so there
 * is one error policy:
 *  - the session is the HttpOnly cookie (credentials: 'include'); writes carry `x-csrf-token` read from the
 *    `ow_csrf` cookie;
 *  - a `{ error: { code, message } }` body becomes a typed `ApiError`;
 *  - 401 → the registered unauthorized handler (the auth provider sends the user to /login?next=…),
 *    except INVALID_CREDENTIALS (a wrong password typed into a form), which is shown like other errors;
 *  - any other error → an antd message with the server's Chinese message, unless the caller handles it
 *    (`handle: true` for all errors, or a list of codes / statuses it handles itself).
 * The promise still rejects with the ApiError, so callers can stop their spinners.
 */

export interface ApiErrorBody {
  code: string;
  message: string;
  details?: Record<string, unknown>;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'ApiError';
  }

  /** The field a validation error names (server: details.field), if any. */
  get field(): string | undefined {
    const f = this.details?.field;
    return typeof f === 'string' ? f : undefined;
  }
}

export function isApiError(e: unknown): e is ApiError {
  return e instanceof ApiError;
}

export type Query = Record<string, string | number | boolean | null | undefined>;

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  query?: Query;
  body?: unknown;
  signal?: AbortSignal;
  headers?: Record<string, string>;
  /**
   * Errors the caller shows itself: `true` = all of them (including 401), or a list of error codes /
   * HTTP statuses. Handled errors still reject; they just skip the global message / redirect.
   */
  handle?: boolean | ReadonlyArray<string | number>;
}

type Notify = (text: string) => void;
type Unauthorized = (error: ApiError) => void;

const CSRF_COOKIE = 'ow_csrf';
const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);
const NETWORK_MESSAGE = '无法连接服务器，请检查网络后重试';

let notifyError: Notify = (text) => console.error(text);
let onUnauthorized: Unauthorized = () => {
  const here = window.location.pathname + window.location.search;
  if (!window.location.pathname.startsWith('/login')) window.location.assign(`/login?next=${encodeURIComponent(here)}`);
};
let csrfFallback: string | null = null;

/** Set by the app root: how errors are shown (antd App message). */
export function setErrorNotifier(fn: Notify): void {
  notifyError = fn;
}

/** Set by the auth provider: what a 401 does (clear the user, go to the login page). */
export function setUnauthorizedHandler(fn: Unauthorized): void {
  onUnauthorized = fn;
}

/** Remembers the CSRF token from the login answer in case the cookie cannot be read. */
export function setCsrfToken(token: string | null): void {
  csrfFallback = token;
}

/** The CSRF token a write must carry (for the few writes that do not go through `request`, e.g. uploads). */
export function csrfToken(): string | null {
  return readCookie(CSRF_COOKIE) ?? csrfFallback;
}

export function readCookie(name: string): string | null {
  for (const part of document.cookie.split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === name) return decodeURIComponent(v.join('='));
  }
  return null;
}

function buildUrl(path: string, query?: Query): string {
  const base = path.startsWith('/api/') || path.startsWith('http') ? path : `/api/v1${path.startsWith('/') ? '' : '/'}${path}`;
  if (!query) return base;
  const qs = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== null && v !== '') qs.set(k, String(v));
  const s = qs.toString();
  return s ? `${base}${base.includes('?') ? '&' : '?'}${s}` : base;
}

/** The URL of an API path with its query (for downloads that do not go through `request`). */
export const buildDownloadUrl = (path: string, query?: Query): string => buildUrl(path, query);

function handledByCaller(err: ApiError, handle: RequestOptions['handle']): boolean {
  if (handle === true) return true;
  if (!handle) return false;
  return handle.includes(err.code) || handle.includes(err.status);
}

function toApiError(status: number, body: unknown, statusText: string): ApiError {
  const e = (body as { error?: Partial<ApiErrorBody> } | null)?.error;
  if (e && typeof e.code === 'string') return new ApiError(status, e.code, e.message || `请求失败（${status}）`, e.details);
  if (status === 401) return new ApiError(401, 'UNAUTHENTICATED', '请先登录');
  if (status === 403) return new ApiError(403, 'FORBIDDEN', '没有权限执行此操作');
  if (status === 404) return new ApiError(404, 'NOT_FOUND', '请求的内容不存在');
  if (status >= 500) return new ApiError(status, 'SERVER_ERROR', '服务器暂时无法处理请求，请稍后重试');
  return new ApiError(status, 'HTTP_ERROR', `请求失败（${status} ${statusText}）`);
}

/** Applies the error policy to an error the caller did not handle. */
export function reportError(err: unknown): void {
  if (!(err instanceof ApiError)) {
    if (err instanceof DOMException && err.name === 'AbortError') return;
    notifyError(err instanceof Error ? err.message : String(err));
    return;
  }
  // A wrong current password is a 401 too, but the session is fine: say so instead of logging out.
  if (err.status === 401 && err.code !== 'INVALID_CREDENTIALS') onUnauthorized(err);
  else notifyError(err.message);
}

export async function request<T = unknown>(path: string, opts: RequestOptions = {}): Promise<T> {
  const method = opts.method ?? (opts.body === undefined ? 'GET' : 'POST');
  const headers: Record<string, string> = { accept: 'application/json', ...opts.headers };
  let body: BodyInit | undefined;
  if (opts.body !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(opts.body);
  }
  if (!SAFE.has(method)) {
    const csrf = readCookie(CSRF_COOKIE) ?? csrfFallback;
    if (csrf) headers['x-csrf-token'] = csrf;
  }

  let res: Response;
  try {
    res = await fetch(buildUrl(path, opts.query), { method, headers, body, credentials: 'include', signal: opts.signal });
  } catch (e) {
    if (e instanceof DOMException && e.name === 'AbortError') throw e;
    const err = new ApiError(0, 'NETWORK_ERROR', NETWORK_MESSAGE);
    if (!handledByCaller(err, opts.handle)) reportError(err);
    throw err;
  }

  const text = await res.text();
  let data: unknown = null;
  if (text) {
    try {
      data = JSON.parse(text);
    } catch {
      data = text;
    }
  }
  if (res.ok) return data as T;

  const err = toApiError(res.status, data, res.statusText);
  if (!handledByCaller(err, opts.handle)) reportError(err);
  throw err;
}

/** Shorthands; `opts` is the same as for `request`. */
export const api = {
  get: <T>(path: string, query?: Query, opts: Omit<RequestOptions, 'method' | 'query' | 'body'> = {}) => request<T>(path, { ...opts, method: 'GET', query }),
  post: <T>(path: string, body?: unknown, opts: Omit<RequestOptions, 'method' | 'body'> = {}) => request<T>(path, { ...opts, method: 'POST', body: body ?? {} }),
  put: <T>(path: string, body?: unknown, opts: Omit<RequestOptions, 'method' | 'body'> = {}) => request<T>(path, { ...opts, method: 'PUT', body: body ?? {} }),
  patch: <T>(path: string, body?: unknown, opts: Omit<RequestOptions, 'method' | 'body'> = {}) => request<T>(path, { ...opts, method: 'PATCH', body: body ?? {} }),
  delete: <T>(path: string, opts: Omit<RequestOptions, 'method'> = {}) => request<T>(path, { ...opts, method: 'DELETE' }),
};

/** A list answer of the API (SPEC §4). */
export interface ListResult<T> {
  items: T[];
  total: number;
}
