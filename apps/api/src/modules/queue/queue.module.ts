import { Global, Inject, Module, type OnApplicationShutdown } from '@nestjs/common';
import { Redis } from 'ioredis';
import { API_CONFIG, type ApiConfig } from '../../config/api-config';
import { JobQueue } from './job-queue';
import { REDIS } from './redis.tokens';

@Global()
@Module({
  providers: [
    {
      provide: REDIS,
      useFactory: (config: ApiConfig) => new Redis(config.REDIS_URL, { maxRetriesPerRequest: null, lazyConnect: false }),
      inject: [API_CONFIG],
    },
    {
      provide: JobQueue,
      useFactory: (redis: Redis, config: ApiConfig) => new JobQueue(redis, config.QUEUE_PREFIX),
      inject: [REDIS, API_CONFIG],
    },
  ],
  exports: [REDIS, JobQueue],
})
export class QueueModule implements OnApplicationShutdown {
  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    private readonly jobs: JobQueue,
  ) {}

  async onApplicationShutdown(): Promise<void> {
    await this.jobs.close();
    this.redis.disconnect();
  }
}
