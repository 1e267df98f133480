import { createDataSource, type SeedOptions } from '@dz/persistence';
import type { INestApplication } from '@nestjs/common';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { join } from 'node:path';
import type { DataSource } from 'typeorm';
import { createApiApp } from '../../apps/api/src/app.factory';
import { loadApiConfig, type ApiConfig } from '../../apps/api/src/config/api-config';
import { seedDemo as seedDemoData } from '../../scripts/lib/demo';
import { generateSecrets, type LocalSecrets } from '../../scripts/lib/secrets';
import { createTestDatabase, testQueuePrefix, type TestDatabase } from './database';
import { reportSlowRequests, SLOW_REQUEST_MS } from './slow-requests';
import { stackValue } from './stack-env';

export interface TestApi {
  app: INestApplication;
  baseUrl: string;
  config: ApiConfig;
  database: TestDatabase;
  secrets: LocalSecrets;
  /** A DataSource on the test's database, as the owner, for arranging and asserting. */
  dataSource: DataSource;
  close(): Promise<void>;
}

/** Seeds the demo data into a test database with the given keys. */
export async function seedDemo(database: TestDatabase, secrets: LocalSecrets, options: SeedOptions = {}): Promise<void> {
  await seedDemoData(database.url, secrets, options);
}

/** The environment the api (and the worker) get in tests: the app role, fresh secrets. */
export function testEnvironment(database: TestDatabase, secrets: LocalSecrets, prefix = testQueuePrefix()): Record<string, string> {
  return {
    NODE_ENV: 'test',
    DATABASE_URL: database.appUrl,
    REDIS_URL: stackValue('redisUrl'),
    QUEUE_PREFIX: prefix,
    LOG_LEVEL: 'silent',
    AUTH_TOKEN_SECRET: secrets.AUTH_TOKEN_SECRET,
    PII_ENCRYPTION_KEY: secrets.PII_ENCRYPTION_KEY,
    PII_HMAC_KEY: secrets.PII_HMAC_KEY,
    CERT_SIGNING_KEY: secrets.CERT_SIGNING_KEY,
    DEMO_OUTBOX_PAGE: 'true',
  };
}

/**
 * The real API (HTTP, socket gateway with the Redis adapter, the built web app) in this test
 * process, on its own database cloned from the template, listening on a free port.
 */
export async function startTestApi(options: { seed?: boolean; env?: Record<string, string>; seedOptions?: SeedOptions } = {}): Promise<TestApi> {
  const database = await createTestDatabase();
  const secrets = generateSecrets();
  if (options.seed) await seedDemo(database, secrets, options.seedOptions);
  const dataSource = createDataSource({ url: database.url, poolSize: 4, applicationName: 'dz-test' });
  await dataSource.initialize();
  const config = loadApiConfig({
    ...testEnvironment(database, secrets),
    PORT: '0',
    HOST: '127.0.0.1',
    WEB_DIST_DIR: join(__dirname, '..', '..', 'dist', 'web'),
    ...options.env,
  });
  const app = await createApiApp(config);
  const slowRequests = watchSlowRequests(app.getHttpServer() as Server);
  await app.listen(0, '127.0.0.1');
  const baseUrl = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  return {
    app,
    baseUrl,
    config,
    database,
    secrets,
    dataSource,
    close: async () => {
      slowRequests.report();
      await app.close();
      await dataSource.destroy();
      await database.drop();
    },
  };
}

/**
 * Names, on the test's output when the API closes, every request that took longer than
 * SLOW_REQUEST_MS or had no answer yet: with the browser's own list (test/browser/support), a
 * step that times out says whether its request reached the server and where it waited.
 */
function watchSlowRequests(server: Server): { report(): void } {
  const open = new Map<IncomingMessage, number>();
  const slow: { line: string; ms: number }[] = [];
  const name = (request: IncomingMessage) => `${request.method ?? '?'} ${(request.url ?? '').split('?')[0]}`;
  server.on('request', (request: IncomingMessage, response: ServerResponse) => {
    // Socket.IO's long polls wait on purpose.
    if (request.url?.startsWith('/socket.io')) return;
    const at = Date.now();
    open.set(request, at);
    response.on('close', () => {
      open.delete(request);
      const ms = Date.now() - at;
      if (ms > SLOW_REQUEST_MS) slow.push({ line: `${name(request)} ${response.statusCode} after ${ms} ms`, ms });
    });
  });
  return {
    report() {
      const now = Date.now();
      const pending = [...open].map(([request, at]) => `${name(request)} still unanswered after ${now - at} ms`);
      reportSlowRequests('api', slow, pending);
    },
  };
}
