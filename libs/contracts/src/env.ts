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

const Base64Key = (bytes: number) =>
  z.string().refine((v) => {
    if (!/^[A-Za-z0-9+/]+={0,2}$/.test(v) || v.length % 4 !== 0) return false;
    const decodedBytes = (v.length / 4) * 3 - (v.match(/=+$/)?.[0].length ?? 0);
    return decodedBytes >= bytes;
  }, `应为至少 ${bytes} 字节的 base64 密钥（如 openssl rand -base64 ${bytes}）`);

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
  /** Signs access tokens and sign-in challenges (HMAC-SHA256); at least 32 characters. */
  AUTH_TOKEN_SECRET: z.string().min(32, '至少 32 个字符'),
  /** Access token lifetime in seconds (the refresh cookie renews it). */
  ACCESS_TOKEN_TTL_SECONDS: z.coerce.number().int().min(30).max(3600).default(600),
  /** AES-256-GCM key for ID numbers and TOTP secrets: base64 of 32 bytes. */
  PII_ENCRYPTION_KEY: Base64Key(32),
  /** HMAC key for ID-number lookup hashes: base64 of at least 32 bytes. */
  PII_HMAC_KEY: Base64Key(32),
  /** Extra origins allowed to open sockets, comma-separated; the API's own origin always is. */
  ALLOWED_ORIGINS: z
    .string()
    .default('')
    .transform((v) => v.split(',').map((o) => o.trim()).filter(Boolean)),
  /** Where uploaded files (competition plans) are stored on local disk. */
  UPLOAD_DIR: z.string().min(1).default('.data/uploads'),
  /** Demo only: serve the SMS outbox at GET /api/dev/outbox so sign-up works without SMS. */
  DEMO_OUTBOX_PAGE: z
    .enum(['true', 'false'])
    .default('false')
    .transform((v) => v === 'true'),
  /**
   * Marks a judge may send a second (per socket, and per judge over the HTTP fallback), and the
   * burst allowed (a tablet resending its queue after a drop). A person marks a few a minute.
   */
  MARK_RATE_PER_SECOND: z.coerce.number().positive().default(20),
  MARK_RATE_BURST: z.coerce.number().int().positive().default(40),
});
export type ApiEnv = z.infer<typeof ApiEnv>;

/** The migration/seed process: runs as the database owner. */
export const MigrateEnv = CommonEnv.extend({
  /** Gives the application's database role `dz_app` LOGIN with this password. */
  APP_DATABASE_PASSWORD: z.string().min(12, '至少 12 个字符').optional(),
  /** The seed encrypts the demo contestant's ID number and TOTP secrets with these. */
  PII_ENCRYPTION_KEY: Base64Key(32).optional(),
  PII_HMAC_KEY: Base64Key(32).optional(),
});
export type MigrateEnv = z.infer<typeof MigrateEnv>;

export const WorkerEnv = CommonEnv.extend({
  WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(4),
  /** Audit rows older than this are purged nightly (03:00 China time); at least 180 days. */
  AUDIT_RETENTION_DAYS: z.coerce.number().int().min(180, '审计日志至少保留 180 天').default(365),
  /** The same keys as the API's: the Excel import encrypts ID numbers and phones with them. */
  PII_ENCRYPTION_KEY: Base64Key(32),
  PII_HMAC_KEY: Base64Key(32),
  /** Ed25519 seed that signs certificates: base64 of 32 bytes. Its public key is registered at boot. */
  CERT_SIGNING_KEY: Base64Key(32),
  /** The address the web is reached at: certificates' QR codes open `<this>/verify/<number>`. */
  PUBLIC_BASE_URL: Url('http').default('http://localhost:3000'),
  /** Where certificate files are stored on local disk (the API reads them from the same place). */
  UPLOAD_DIR: z.string().min(1).default('.data/uploads'),
  /** Certificate chunks rendered at once by this worker (PDF rendering is CPU-bound). */
  CERTIFICATE_CONCURRENCY: z.coerce.number().int().min(1).max(16).default(1),
  /**
   * The queues this worker serves, comma-separated (default all): run a second worker with
   * `certificates` alone to keep PDF rendering apart from live work.
   */
  WORKER_QUEUES: z
    .string()
    .default('')
    .transform((v) => v.split(',').map((q) => q.trim()).filter(Boolean)),
  /**
   * The process's nice value (0–19): a worker set apart for batch work (certificates) runs at a
   * low CPU priority, so it never takes a core from the api's live work on a shared host.
   */
  WORKER_NICE: z.coerce.number().int().min(0, 'nice 值应在 0 到 19 之间').max(19, 'nice 值应在 0 到 19 之间').default(0),
  /** How long a job's lock lasts before another worker may take it over (BullMQ lockDuration). */
  JOB_LOCK_MS: z.coerce.number().int().min(1000).max(600_000).default(30_000),
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
