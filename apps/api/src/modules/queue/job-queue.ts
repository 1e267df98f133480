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
