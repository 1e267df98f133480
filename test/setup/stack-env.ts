/** Environment variables the global setup hands to every test file. */
export const STACK_ENV = {
  adminUrl: 'DZ_TEST_PG_ADMIN_URL',
  templateDb: 'DZ_TEST_TEMPLATE_DB',
  redisUrl: 'DZ_TEST_REDIS_URL',
  appPassword: 'DZ_TEST_APP_DB_PASSWORD',
} as const;

/** The URL of another database on the same server as `url`. */
export function databaseUrl(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

export function stackValue(key: keyof typeof STACK_ENV): string {
  const value = process.env[STACK_ENV[key]];
  if (!value) throw new Error(`${STACK_ENV[key]} is not set: run tests through jest (its global setup starts the stack)`);
  return value;
}
