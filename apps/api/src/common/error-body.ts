import { ErrorCode, type ErrorBody, type FieldIssue } from '@dz/contracts';

/** The one table from error code to HTTP status. */
export const STATUS_BY_CODE: Record<ErrorCode, number> = {
  [ErrorCode.ValidationFailed]: 400,
  [ErrorCode.MalformedJson]: 400,
  [ErrorCode.PayloadTooLarge]: 413,
  [ErrorCode.UnsupportedMediaType]: 415,
  [ErrorCode.NotFound]: 404,
  [ErrorCode.RouteNotFound]: 404,
  [ErrorCode.Unauthenticated]: 401,
  [ErrorCode.InvalidCredentials]: 401,
  [ErrorCode.AccountLocked]: 423,
  [ErrorCode.SecondFactorInvalid]: 401,
  [ErrorCode.PasswordPolicy]: 400,
  [ErrorCode.Forbidden]: 403,
  [ErrorCode.Conflict]: 409,
  [ErrorCode.InvalidTransition]: 409,
  [ErrorCode.TooManyRequests]: 429,
  [ErrorCode.Internal]: 500,
};

const CODE_BY_STATUS: Record<number, ErrorCode> = {
  400: ErrorCode.ValidationFailed,
  401: ErrorCode.Unauthenticated,
  403: ErrorCode.Forbidden,
  404: ErrorCode.RouteNotFound,
  409: ErrorCode.Conflict,
  413: ErrorCode.PayloadTooLarge,
  415: ErrorCode.UnsupportedMediaType,
  429: ErrorCode.TooManyRequests,
};

export function codeForStatus(status: number): ErrorCode {
  return CODE_BY_STATUS[status] ?? (status >= 500 ? ErrorCode.Internal : ErrorCode.ValidationFailed);
}

export function errorBody(code: ErrorCode, message: string, extra: { issues?: FieldIssue[]; correlationId?: string; status?: number } = {}): ErrorBody {
  return {
    statusCode: extra.status ?? STATUS_BY_CODE[code],
    code,
    message,
    ...(extra.issues ? { issues: extra.issues } : {}),
    ...(extra.correlationId ? { correlationId: extra.correlationId } : {}),
  };
}
