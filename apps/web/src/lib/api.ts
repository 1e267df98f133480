import { ErrorBody, ErrorCode, SessionReply, type z } from '@dz/contracts';
import { clearSession, getAccessToken, setSession } from './session';

/** A failed API call: the server's `ErrorBody` (its `message` is Chinese and shown as is). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: ErrorBody,
  ) {
    super(body.message);
    this.name = 'ApiError';
  }

  get code(): ErrorCode {
    return this.body.code;
  }
}

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Sent as JSON, or as multipart when it is a `FormData`. */
  body?: unknown;
  query?: Record<string, string | number | undefined>;
  signal?: AbortSignal;
  /** Accept header; JSON unless a file is asked for. */
  accept?: string;
}

/** The Chinese message of any error thrown by a request, for an Alert. */
export function errorMessage(error: unknown): string {
  if (error instanceof ApiError) return error.message;
  return '网络连接失败，请检查网络后重试';
}

function fallbackBody(status: number): ErrorBody {
  if (status === 401) {
    return { statusCode: status, code: ErrorCode.Unauthenticated, message: '登录已失效，请重新登录' };
  }
  if (status === 403) return { statusCode: status, code: ErrorCode.Forbidden, message: '没有权限' };
  if (status === 404) return { statusCode: status, code: ErrorCode.NotFound, message: '请求的内容不存在' };
  if (status === 423) return { statusCode: status, code: ErrorCode.AccountLocked, message: '账号已锁定，请稍后再试' };
  if (status === 429) {
    return { statusCode: status, code: ErrorCode.TooManyRequests, message: '操作过于频繁，请稍后再试' };
  }
  return {
    statusCode: status,
    code: ErrorCode.Internal,
    message: `服务器暂时无法处理请求（${status}），请稍后重试`,
  };
}

/** A proxy in front of the API may answer with HTML; only a well-formed ErrorBody is trusted. */
async function errorFrom(res: Response): Promise<ApiError> {
  const parsed = ErrorBody.safeParse(await res.json().catch(() => undefined));
  return new ApiError(res.status, parsed.success ? parsed.data : fallbackBody(res.status));
}

// ---------------------------------------------------------------------------------------------
// Refresh: one at a time
// ---------------------------------------------------------------------------------------------

const REFRESH_PATH = '/api/auth/refresh';

/**
 * Calls whose 401 means "wrong password/code" or "no session to begin with", not "token expired":
 * a refresh would not help, so their 401 goes straight to the page.
 */
const NO_REFRESH_PATHS = new Set([
  '/api/auth/login',
  '/api/auth/login/totp',
  REFRESH_PATH,
  '/api/auth/logout',
  '/api/auth/signup',
  '/api/auth/signup/code',
]);

/** 401 codes about what the person typed, never about the token. */
const CREDENTIAL_CODES: ReadonlySet<ErrorCode> = new Set([
  ErrorCode.InvalidCredentials,
  ErrorCode.SecondFactorInvalid,
  ErrorCode.AccountLocked,
]);

let refreshing: Promise<boolean> | null = null;

async function refreshOnce(): Promise<boolean> {
  const res = await fetch(REFRESH_PATH, {
    method: 'POST',
    headers: { Accept: 'application/json' },
    credentials: 'same-origin',
  });
  if (res.status === 401 || res.status === 403) {
    clearSession();
    return false;
  }
  if (!res.ok) throw await errorFrom(res);
  const parsed = SessionReply.safeParse(await res.json().catch(() => undefined));
  if (!parsed.success) {
    throw new ApiError(res.status, {
      statusCode: res.status,
      code: ErrorCode.Internal,
      message: '服务器返回的数据格式有误，请稍后重试',
    });
  }
  setSession(parsed.data);
  return true;
}

/**
 * Trades the refresh cookie for a new access token (and a new refresh cookie: they rotate).
 * Resolves `true` when signed in, `false` when the cookie is missing, expired or revoked (the tab
 * is then signed out); throws on network or server errors.
 *
 * Single-flight: concurrent callers share one request, because a rotated cookie works once and
 * a second request with the old one would fail (or look like theft). Across tabs of the same
 * browser the Web Locks API queues the calls, so each tab sends the cookie the last one got.
 */
export function refreshSession(): Promise<boolean> {
  if (refreshing) return refreshing;
  const locks = typeof navigator !== 'undefined' ? navigator.locks : undefined;
  const run = async (): Promise<boolean> =>
    locks ? await locks.request('dz-auth-refresh', () => refreshOnce()) : refreshOnce();
  const shared = run().finally(() => {
    refreshing = null;
  });
  refreshing = shared;
  return shared;
}

// ---------------------------------------------------------------------------------------------
// Requests
// ---------------------------------------------------------------------------------------------

async function send(path: string, options: RequestOptions, retried = false): Promise<Response> {
  // A refresh under way is about to replace the token: wait for it rather than send a stale one.
  if (refreshing) await refreshing.catch(() => false);

  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(options.query ?? {})) {
    if (value !== undefined && value !== '') params.set(key, String(value));
  }
  const search = params.size > 0 ? `?${params.toString()}` : '';
  const hasBody = options.body !== undefined;
  // A FormData body (a file upload) goes as multipart: the browser writes its Content-Type with
  // the boundary, so none is set here.
  const isForm = typeof FormData !== 'undefined' && options.body instanceof FormData;
  const token = getAccessToken();
  const res = await fetch(`${path}${search}`, {
    method: options.method ?? (hasBody ? 'POST' : 'GET'),
    headers: {
      Accept: options.accept ?? 'application/json',
      ...(hasBody && !isForm ? { 'Content-Type': 'application/json' } : {}),
      ...(token ? { Authorization: `Bearer ${token}` } : {}),
    },
    body: isForm ? (options.body as FormData) : hasBody ? JSON.stringify(options.body) : undefined,
    credentials: 'same-origin',
    signal: options.signal,
  });
  if (res.ok) return res;

  const error = await errorFrom(res);
  // An expired access token: refresh once (shared with any other call that hit the same wall)
  // and try again once. Without a token there was no session to renew.
  if (res.status === 401 && !retried && token && !NO_REFRESH_PATHS.has(path) && !CREDENTIAL_CODES.has(error.code)) {
    const current = getAccessToken();
    const renewed = current !== null && current !== token ? true : await refreshSession();
    if (renewed) return send(path, options, true);
  }
  throw error;
}

/**
 * Calls the API and validates the JSON reply with `schema` (a `@dz/contracts` zod schema), so
 * the page only ever sees data of the shape the contract promises.
 */
export async function apiRequest<S extends z.ZodType>(
  path: string,
  schema: S,
  options: RequestOptions = {},
): Promise<z.output<S>> {
  const res = await send(path, options);
  const parsed = schema.safeParse(await res.json().catch(() => undefined));
  if (!parsed.success) {
    throw new ApiError(res.status, {
      statusCode: res.status,
      code: ErrorCode.Internal,
      message: '服务器返回的数据格式有误，请稍后重试',
    });
  }
  return parsed.data;
}

/** Calls an endpoint that answers 204 No Content. */
export async function apiSend(path: string, options: RequestOptions = {}): Promise<void> {
  await send(path, { method: 'POST', ...options });
}

/** The file name of a `Content-Disposition` header (RFC 6266 `filename*` first), if any. */
function fileNameOf(disposition: string | null): string | null {
  if (!disposition) return null;
  const extended = /filename\*\s*=\s*(?:UTF-8|utf-8)''([^;]+)/.exec(disposition);
  if (extended) {
    try {
      return decodeURIComponent(extended[1].trim());
    } catch {
      // Fall through to the plain parameter.
    }
  }
  const plain = /filename\s*=\s*"?([^";]+)"?/.exec(disposition);
  return plain ? plain[1].trim() : null;
}

/**
 * Downloads a file the API makes (an Excel export) with the bearer token, which a plain link
 * cannot send, and hands it to the browser's download as `fallbackName` unless the server names it.
 */
export async function apiDownload(
  path: string,
  fallbackName: string,
  options: Omit<RequestOptions, 'body' | 'method'> = {},
): Promise<void> {
  const res = await send(path, { accept: '*/*', ...options });
  const blob = await res.blob();
  const url = URL.createObjectURL(blob);
  try {
    const link = document.createElement('a');
    link.href = url;
    link.download = fileNameOf(res.headers.get('Content-Disposition')) ?? fallbackName;
    link.rel = 'noopener';
    document.body.append(link);
    link.click();
    link.remove();
  } finally {
    // The click has started the download; give the browser a moment before freeing the blob.
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  }
}
