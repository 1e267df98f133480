import { AppError, ErrorCode, JOBS, toFieldIssues, type JobName, type JobPayload, type QueueName } from '@dz/contracts';
import { Queue, type JobsOptions } from 'bullmq';
import type { Redis } from 'ioredis';

/**
 * The only way to put a job on a queue: the name picks the queue and the payload's type, and the
 * payload is checked against its contract before it leaves the process.
 */
export class JobQueue {
  private readonly queues = new Map<QueueName, Queue>();

  constructor(
    private readonly connection: Redis,
    private readonly prefix: string,
  ) {}

  async enqueue<N extends JobName>(name: N, payload: JobPayload<N>, options: JobsOptions = {}): Promise<string> {
    const definition = JOBS[name];
    const parsed = definition.payload.safeParse(payload);
    if (!parsed.success) {
      throw new AppError(ErrorCode.ValidationFailed, `任务 ${name} 的数据有误`, toFieldIssues(parsed.error));
    }
    const job = await this.queue(definition.queue).add(name, parsed.data, {
      attempts: 5,
      backoff: { type: 'exponential', delay: 1000 },
      removeOnComplete: 1000,
      removeOnFail: 5000,
      ...options,
    });
    return job.id ?? '';
  }

  /** A job of `name` as BullMQ holds it now (null when unknown or of another name). */
  async status<N extends JobName>(
    name: N,
    id: string,
  ): Promise<{ state: string; progress: number; data: JobPayload<N>; returnValue: unknown; failedReason: string | null; attemptsMade: number; maxAttempts: number } | null> {
    const queue = this.queue(JOBS[name].queue);
    // The state first: a job read while active and then found completed would lack its return value.
    const state = await queue.getJobState(id);
    const job = await queue.getJob(id);
    if (!job || job.name !== name) return null;
    return {
      state,
      progress: typeof job.progress === 'number' ? job.progress : 0,
      data: job.data as JobPayload<N>,
      returnValue: job.returnvalue,
      failedReason: job.failedReason ?? null,
      attemptsMade: job.attemptsMade,
      maxAttempts: job.opts.attempts ?? 1,
    };
  }

  private queue(name: QueueName): Queue {
    let queue = this.queues.get(name);
    if (!queue) {
      queue = new Queue(name, { connection: this.connection, prefix: this.prefix });
      this.queues.set(name, queue);
    }
    return queue;
  }

  async close(): Promise<void> {
    await Promise.all([...this.queues.values()].map((q) => q.close()));
    this.queues.clear();
  }
}
