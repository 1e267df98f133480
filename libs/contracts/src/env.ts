import { z } from './zod';

// 0 asks the kernel for a free port (tests).
const Port = z.coerce.number().int().min(0).max(65535);
const Url = (scheme: string) =>
  z.string().refine((v) => {
    try {
      return new URL(v).protocol.startsWith(scheme);
    } catch {
      return false;
    }
  }, `应为 ${scheme}:// 开头的连接地址`);

/**
 * The environment each process accepts. The apps parse `process.env` with these once at boot
 * (in their `src/config/`), and the docker compose test checks that every variable it sets is
 * one of these keys.
 */
export const CommonEnv = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  DATABASE_URL: Url('postgres'),
  REDIS_URL: Url('redis'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Prefix for BullMQ keys, so parallel test files never share queues. */
  QUEUE_PREFIX: z.string().min(1).default('dz'),
});

export const ApiEnv = CommonEnv.extend({
  PORT: Port.default(3000),
  HOST: z.string().default('0.0.0.0'),
  /** Where the built web app lives; empty disables serving it. */
  WEB_DIST_DIR: z.string().default('dist/web'),
  /** Largest accepted JSON body, in bytes. */
  BODY_LIMIT_BYTES: z.coerce.number().int().min(1024).max(50 * 1024 * 1024).default(1024 * 1024),
  /** Behind a reverse proxy (docker compose), trust its X-Forwarded-* headers. */
  TRUST_PROXY: z
    .enum(['true', 'false'])
    .default('false')
    .transform((v) => v === 'true'),
});
export type ApiEnv = z.infer<typeof ApiEnv>;

export const WorkerEnv = CommonEnv.extend({
  WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(4),
});
export type WorkerEnv = z.infer<typeof WorkerEnv>;

/**
 * Parses an environment with one of the schemas above. A bad value stops start-up with one
 * message per variable that names it, e.g. `PORT: 无效输入…(got "abc")`.
 */
export function parseEnvironment<S extends z.ZodType>(schema: S, source: Record<string, string | undefined>): z.infer<S> {
  const result = schema.safeParse(source);
  if (result.success) return result.data;
  const lines = result.error.issues.map((issue) => {
    const name = issue.path.map(String).join('.');
    const value = source[name];
    const shown = value === undefined ? 'not set' : `got ${JSON.stringify(value.length > 80 ? `${value.slice(0, 80)}…` : value)}`;
    return `  ${name}: ${issue.message} (${shown})`;
  });
  throw new Error(`Invalid environment:\n${lines.join('\n')}`);
}
