import { DEMO_PASSWORD, createDataSource, seedDemoData } from '@dz/persistence';
import type { INestApplication } from '@nestjs/common';
import * as argon2 from 'argon2';
import { join } from 'node:path';
import type { DataSource } from 'typeorm';
import { createApiApp } from '../../apps/api/src/app.factory';
import { loadApiConfig, type ApiConfig } from '../../apps/api/src/config/api-config';
import { createTestDatabase, testQueuePrefix, type TestDatabase } from './database';
import { stackValue } from './stack-env';

export interface TestApi {
  app: INestApplication;
  baseUrl: string;
  config: ApiConfig;
  database: TestDatabase;
  /** A DataSource on the test's database for arranging and asserting. */
  dataSource: DataSource;
  close(): Promise<void>;
}

let demoHash: Promise<string> | undefined;

/** Seeds the demo data into a database (one argon2 hash per test process). */
export async function seedDemo(dataSource: DataSource): Promise<void> {
  demoHash ??= argon2.hash(DEMO_PASSWORD, { type: argon2.argon2id });
  await seedDemoData(dataSource, await demoHash);
}

/**
 * The real API (HTTP, socket gateway with the Redis adapter, the built web app) in this test
 * process, on its own database cloned from the template, listening on a free port.
 */
export async function startTestApi(options: { seed?: boolean; env?: Record<string, string> } = {}): Promise<TestApi> {
  const database = await createTestDatabase();
  const dataSource = createDataSource({ url: database.url, poolSize: 4, applicationName: 'dz-test' });
  await dataSource.initialize();
  if (options.seed) await seedDemo(dataSource);
  const config = loadApiConfig({
    NODE_ENV: 'test',
    DATABASE_URL: database.url,
    REDIS_URL: stackValue('redisUrl'),
    QUEUE_PREFIX: testQueuePrefix(),
    LOG_LEVEL: 'silent',
    PORT: '0',
    HOST: '127.0.0.1',
    WEB_DIST_DIR: join(__dirname, '..', '..', 'dist', 'web'),
    ...options.env,
  });
  const app = await createApiApp(config);
  await app.listen(0, '127.0.0.1');
  const baseUrl = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  return {
    app,
    baseUrl,
    config,
    database,
    dataSource,
    close: async () => {
      await app.close();
      await dataSource.destroy();
      await database.drop();
    },
  };
}
