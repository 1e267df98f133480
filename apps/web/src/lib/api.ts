import { ErrorBody, ErrorCode, type z } from '@dz/contracts';

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
  /** Sent as JSON. */
  body?: unknown;
  query?: Record<string, string | number | undefined>;
  signal?: AbortSignal;
}

/** The Chinese message of any error thrown by a request, for an Alert. */
export function errorMessage(error: unknown): string {
  if (error instanceof ApiError) return error.message;
  return '网络连接失败，请检查网络后重试';
}

function fallbackBody(status: number): ErrorBody {
  if (status === 401) {
    return { statusCode: status, code: ErrorCode.Unauthenticated, message: '请先登录' };
  }
  if (status === 403) return { statusCode: status, code: ErrorCode.Forbidden, message: '没有权限' };
  if (status === 404) return { statusCode: status, code: ErrorCode.NotFound, message: '请求的内容不存在' };
  if (status === 429) {
    return { statusCode: status, code: ErrorCode.TooManyRequests, message: '操作过于频繁，请稍后再试' };
  }
  return {
    statusCode: status,
    code: ErrorCode.Internal,
    message: `服务器暂时无法处理请求（${status}），请稍后重试`,
  };
}

async function send(path: string, options: RequestOptions): Promise<Response> {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(options.query ?? {})) {
    if (value !== undefined) params.set(key, String(value));
  }
  const search = params.size > 0 ? `?${params.toString()}` : '';
  const hasBody = options.body !== undefined;
  const res = await fetch(`${path}${search}`, {
    method: options.method ?? (hasBody ? 'POST' : 'GET'),
    headers: { Accept: 'application/json', ...(hasBody ? { 'Content-Type': 'application/json' } : {}) },
    body: hasBody ? JSON.stringify(options.body) : undefined,
    credentials: 'same-origin',
    signal: options.signal,
  });
  if (!res.ok) {
    // A proxy in front of the API may answer with HTML; only a well-formed ErrorBody is trusted.
    const parsed = ErrorBody.safeParse(await res.json().catch(() => undefined));
    throw new ApiError(res.status, parsed.success ? parsed.data : fallbackBody(res.status));
  }
  return res;
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
