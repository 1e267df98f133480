import type { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { loadWorkerConfig } from '../../apps/worker/src/config/worker-config';
import { WorkerModule } from '../../apps/worker/src/worker.module';
import { testEnvironment, type TestApi } from './api-app';

/** The worker (BullMQ handlers) in this process, on the test API's database, Redis and queue prefix. */
export async function startTestWorker(api: TestApi, env: Record<string, string> = {}): Promise<INestApplicationContext> {
  const config = loadWorkerConfig({ ...testEnvironment(api.database, api.secrets, api.config.QUEUE_PREFIX), ...env });
  const worker = await NestFactory.createApplicationContext(WorkerModule.register(config), { logger: false });
  await worker.init();
  return worker;
}
