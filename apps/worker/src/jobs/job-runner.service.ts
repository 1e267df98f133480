import { JOBS, Queues, toFieldIssues, type JobName, type JobPayload, type QueueName } from '@dz/contracts';
import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import { Queue, UnrecoverableError, Worker, type Job } from 'bullmq';
import { Redis } from 'ioredis';
import { WORKER_CONFIG, type WorkerConfig } from '../config/worker-config';
import { checkHandlerCoverage } from './job-registry';
import { ON_JOB, type JobHandler } from './on-job.decorator';

/**
 * One BullMQ Worker per queue, dispatching on the job's name to its handler. Payloads are
 * validated with their contract first: a payload that fails can never succeed, so it fails
 * for good (UnrecoverableError); anything else a handler throws is retried by BullMQ.
 */
@Injectable()
export class JobRunner implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(JobRunner.name);
  private readonly handlers = new Map<string, JobHandler<JobName>>();
  private readonly workers: Worker[] = [];
  private connection: Redis | null = null;

  constructor(
    private readonly discovery: DiscoveryService,
    @Inject(WORKER_CONFIG) private readonly config: WorkerConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const claimed: string[] = [];
    for (const wrapper of this.discovery.getProviders()) {
      const { instance, metatype } = wrapper;
      if (!instance || !metatype) continue;
      const name = Reflect.getMetadata(ON_JOB, metatype) as JobName | undefined;
      if (!name) continue;
      claimed.push(name);
      this.handlers.set(name, instance as JobHandler<JobName>);
    }
    const problems = checkHandlerCoverage(claimed);
    if (problems.length > 0) throw new Error(`job handlers are inconsistent: ${problems.join('; ')}`);

    this.connection = new Redis(this.config.REDIS_URL, { maxRetriesPerRequest: null });
    const served = servedQueues(this.config.WORKER_QUEUES);
    for (const queue of served) {
      const worker = new Worker(queue, (job) => this.dispatch(job), {
        connection: this.connection,
        prefix: this.config.QUEUE_PREFIX,
        // PDF rendering is CPU-bound: its queue runs few at a time, so live work keeps the loop.
        concurrency: queue === Queues.certificates ? this.config.CERTIFICATE_CONCURRENCY : this.config.WORKER_CONCURRENCY,
        // A worker that dies (SIGKILL, power) frees its jobs after the lock lapses; another run
        // takes them over. Handlers are idempotent, so a chunk may stall a few times.
        lockDuration: this.config.JOB_LOCK_MS,
        stalledInterval: this.config.JOB_LOCK_MS,
        maxStalledCount: queue === Queues.certificates ? 5 : 1,
      });
      worker.on('failed', (job, error) => {
        this.logger.warn({ jobId: job?.id, job: job?.name, attemptsMade: job?.attemptsMade, err: error }, 'job failed');
      });
      this.workers.push(worker);
    }
    if (served.includes(Queues.maintenance)) await this.schedule('audit-purge-nightly', '0 3 * * *', 'audit.purge', { retentionDays: this.config.AUDIT_RETENTION_DAYS });
    // Registrations and proposals move every day; final results also refresh at once (ResultsService).
    if (served.includes(Queues.statistics)) {
      await this.schedule('statistics-refresh-nightly', '30 2 * * *', 'statistics.refresh', { reason: 'nightly', eventId: null, requestedBy: null });
    }
    this.logger.log({ queues: served, handlers: claimed }, 'worker ready');
  }

  /**
   * A recurring job (cron in China time), upserted so every worker replica may declare it and
   * only one schedule exists. The payload passes its contract here, like any enqueued job.
   */
  private async schedule<N extends JobName>(id: string, pattern: string, name: N, payload: JobPayload<N>): Promise<void> {
    const definition = JOBS[name];
    const data = definition.payload.parse(payload);
    const queue = new Queue(definition.queue, { connection: this.connection as Redis, prefix: this.config.QUEUE_PREFIX });
    try {
      await queue.upsertJobScheduler(id, { pattern, tz: 'Asia/Shanghai' }, { name, data });
    } finally {
      await queue.close();
    }
  }

  private async dispatch(job: Job): Promise<void | Record<string, unknown>> {
    const definition = JOBS[job.name as JobName];
    const handler = this.handlers.get(job.name);
    if (!definition || !handler) throw new UnrecoverableError(`no handler for job "${job.name}"`);
    const parsed = definition.payload.safeParse(job.data);
    if (!parsed.success) {
      const detail = toFieldIssues(parsed.error)
        .map((i) => `${i.path}: ${i.message}`)
        .join('; ');
      throw new UnrecoverableError(`invalid payload for "${job.name}": ${detail}`);
    }
    return handler.handle(parsed.data, {
      id: job.id ?? '',
      attemptsMade: job.attemptsMade,
      maxAttempts: job.opts.attempts ?? 1,
      correlationId: `job:${job.id}`,
      progress: (percent) => job.updateProgress(percent),
    });
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.close()));
    this.connection?.disconnect();
  }
}

/** The queues a worker serves: those named (WORKER_QUEUES), or all; an unknown name stops it. */
export function servedQueues(names: readonly string[]): QueueName[] {
  const all = Object.values(Queues) as QueueName[];
  if (names.length === 0) return all;
  const unknown = names.filter((n) => !(all as string[]).includes(n));
  if (unknown.length > 0) throw new Error(`WORKER_QUEUES names unknown queues: ${unknown.join(', ')} (known: ${all.join(', ')})`);
  return all.filter((q) => names.includes(q));
}
