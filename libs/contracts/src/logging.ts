/**
 * Keys whose values never reach a log line whole: personal information (PIPL) and secrets.
 * Matched case-insensitively against the last segment of a key.
 */
const SENSITIVE_KEY = /^(password|passwordhash|newpassword|token|refreshtoken|accesstoken|authorization|cookie|set-cookie|secret|totp|code|phone|mobile|to|idnumber|residentid|idcard)$/i;

/** Returns a copy of `value` with sensitive fields replaced by `[REDACTED]`, at any depth. */
export function redactSensitive(value: unknown, depth = 0): unknown {
  if (depth > 8 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((item) => redactSensitive(item, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value as Record<string, unknown>)) {
    out[key] = SENSITIVE_KEY.test(key) ? '[REDACTED]' : redactSensitive(inner, depth + 1);
  }
  return out;
}

/** pino `redact` paths for the HTTP request/response objects nestjs-pino logs. */
export const LOG_REDACT_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'res.headers["set-cookie"]',
  'req.body.password',
  'req.body.phone',
  'req.body.account',
  'req.body.idNumber',
];
