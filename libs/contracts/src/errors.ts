import { z } from './zod';

/** Stable error codes: the web switches on these, never on messages. */
export const ErrorCode = {
  ValidationFailed: 'VALIDATION_FAILED',
  MalformedJson: 'MALFORMED_JSON',
  PayloadTooLarge: 'PAYLOAD_TOO_LARGE',
  UnsupportedMediaType: 'UNSUPPORTED_MEDIA_TYPE',
  NotFound: 'NOT_FOUND',
  RouteNotFound: 'ROUTE_NOT_FOUND',
  Unauthenticated: 'UNAUTHENTICATED',
  InvalidCredentials: 'INVALID_CREDENTIALS',
  AccountLocked: 'ACCOUNT_LOCKED',
  SecondFactorInvalid: 'SECOND_FACTOR_INVALID',
  PasswordPolicy: 'PASSWORD_POLICY',
  Forbidden: 'FORBIDDEN',
  Conflict: 'CONFLICT',
  InvalidTransition: 'INVALID_TRANSITION',
  TooManyRequests: 'TOO_MANY_REQUESTS',
  Internal: 'INTERNAL',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/** One problem with one field of a request body, query or socket payload. */
export const FieldIssue = z.object({
  path: z.string(),
  message: z.string(),
});
export type FieldIssue = z.infer<typeof FieldIssue>;

/** The body of every error reply of the HTTP API and every error ack of the socket gateway. */
export const ErrorBody = z.object({
  statusCode: z.number().int(),
  code: z.enum(Object.values(ErrorCode) as [ErrorCode, ...ErrorCode[]]),
  message: z.string(),
  issues: z.array(FieldIssue).optional(),
  correlationId: z.string().optional(),
});
export type ErrorBody = z.infer<typeof ErrorBody>;

/**
 * The one error type thrown by libs and services. The API's global filter maps `code` to an
 * HTTP status through a single table; `message` is shown to people, so it is Chinese.
 */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly issues?: FieldIssue[],
  ) {
    super(message);
    this.name = 'AppError';
  }
}

/** Turns zod issues into field-by-field messages: `capacity: 数值过小…`. */
export function toFieldIssues(error: z.ZodError): FieldIssue[] {
  return error.issues.map((issue) => ({
    path: issue.path.map(String).join('.') || '(body)',
    message: issue.message,
  }));
}
