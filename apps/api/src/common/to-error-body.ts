import { AppError, ErrorCode, type ErrorBody } from '@dz/contracts';
import { HttpException } from '@nestjs/common';
import { codeForStatus, errorBody, STATUS_BY_CODE } from './error-body';

/** What a thrown value becomes for a client, and whether it is a fault of ours to log. */
export interface MappedError {
  body: ErrorBody;
  unexpected: boolean;
}

interface BodyParserError {
  type: string;
  status?: number;
  limit?: number;
}

function isBodyParserError(error: unknown): error is BodyParserError {
  return typeof error === 'object' && error !== null && typeof (error as { type?: unknown }).type === 'string' && 'expose' in error;
}

/**
 * Maps anything thrown in a request or socket handler to the one error shape. Bad input of any
 * kind is a 4xx with a Chinese message; only what is left is a 500, with the correlation id the
 * log line carries (internals never reach the body).
 */
export function toErrorBody(error: unknown, correlationId?: string, route?: string): MappedError {
  if (error instanceof AppError) {
    return { body: errorBody(error.code, error.message, { issues: error.issues, correlationId }), unexpected: false };
  }
  if (isBodyParserError(error)) {
    switch (error.type) {
      case 'entity.parse.failed':
        return { body: errorBody(ErrorCode.MalformedJson, '请求体不是有效的 JSON', { correlationId }), unexpected: false };
      case 'entity.too.large':
        return {
          body: errorBody(ErrorCode.PayloadTooLarge, `请求体过大（上限 ${Math.round((error.limit ?? 0) / 1024)} KB）`, { correlationId }),
          unexpected: false,
        };
      case 'encoding.unsupported':
      case 'charset.unsupported':
        return { body: errorBody(ErrorCode.UnsupportedMediaType, '请求体的编码不受支持，请使用 UTF-8', { correlationId }), unexpected: false };
      default:
        return { body: errorBody(ErrorCode.ValidationFailed, '请求体无法读取', { correlationId }), unexpected: false };
    }
  }
  if (error instanceof HttpException) {
    const status = error.getStatus();
    if (status === 413) {
      return { body: errorBody(ErrorCode.PayloadTooLarge, '上传的文件或请求体过大', { correlationId }), unexpected: false };
    }
    if (status === 404) {
      return { body: errorBody(ErrorCode.RouteNotFound, `接口不存在：${route ?? ''}`.trim(), { correlationId }), unexpected: false };
    }
    const code = codeForStatus(status);
    const response = error.getResponse();
    const message =
      typeof response === 'string'
        ? response
        : typeof (response as { message?: unknown }).message === 'string'
          ? (response as { message: string }).message
          : error.message;
    return { body: errorBody(code, message, { correlationId, status }), unexpected: status >= 500 };
  }
  const pgCode = (error as { driverError?: { code?: string }; code?: string } | null)?.driverError?.code;
  if (pgCode === '22P02' || pgCode === '22007' || pgCode === '22008') {
    return { body: errorBody(ErrorCode.ValidationFailed, '请求参数格式有误', { correlationId }), unexpected: false };
  }
  if (pgCode === '23505') {
    return { body: errorBody(ErrorCode.Conflict, '数据已存在，不能重复提交', { correlationId }), unexpected: false };
  }
  return {
    body: errorBody(ErrorCode.Internal, '服务器内部错误，请稍后重试；如需协助请提供错误编号', { correlationId, status: STATUS_BY_CODE[ErrorCode.Internal] }),
    unexpected: true,
  };
}
