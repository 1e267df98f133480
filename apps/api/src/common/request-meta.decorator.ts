import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';
import { parseCookies, SESSION_COOKIE } from './cookies';

/** The caller's address and the request id, for audit records. */
export const RequestMeta = createParamDecorator((_: unknown, context: ExecutionContext) => {
  const request = context.switchToHttp().getRequest<Request & { id?: string }>();
  return { ip: request.ip ?? null, correlationId: request.id ? String(request.id) : null };
});

/** The session token from the httpOnly cookie, if any. */
export const SessionToken = createParamDecorator((_: unknown, context: ExecutionContext): string | undefined => {
  const request = context.switchToHttp().getRequest<Request>();
  return parseCookies(request.headers.cookie)[SESSION_COOKIE];
});
