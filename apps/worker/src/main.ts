import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { setPriority } from 'node:os';
import { Logger } from 'nestjs-pino';
import { loadWorkerConfig, readProcessEnv } from './config/worker-config';
import { WorkerModule } from './worker.module';

/** The worker: a Nest application context with no HTTP, running the BullMQ processors. */
async function bootstrap(): Promise<void> {
  const config = loadWorkerConfig(readProcessEnv());
  // A batch worker (certificate PDFs) yields the CPU to the api and live work on the same host.
  if (config.WORKER_NICE > 0) setPriority(config.WORKER_NICE);
  const app = await NestFactory.createApplicationContext(WorkerModule.register(config), { bufferLogs: true });
  app.useLogger(app.get(Logger));
  app.enableShutdownHooks();
  await app.init();
}

bootstrap().catch((error: unknown) => {
  process.stderr.write(`worker failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
