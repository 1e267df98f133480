import type { JobName, JobPayload } from '@dz/contracts';
import { SetMetadata } from '@nestjs/common';

export const ON_JOB = Symbol('ON_JOB');

/** Marks a class as the handler of one job name (exactly one handler per name, checked at boot). */
export const OnJob = (name: JobName) => SetMetadata(ON_JOB, name);

export interface JobContext {
  id: string;
  /** Attempts that failed before this one (0 on the first run). */
  attemptsMade: number;
  /** Attempts BullMQ will make in all; this run is the last when attemptsMade + 1 reaches it. */
  maxAttempts: number;
  correlationId: string;
  /** Reports progress (0–100) to whoever watches the job (BullMQ job progress). */
  progress(percent: number): Promise<void>;
}

export interface JobHandler<N extends JobName> {
  /** What it resolves to is kept as the job's return value (BullMQ returnvalue). */
  handle(payload: JobPayload<N>, context: JobContext): Promise<void | Record<string, unknown>>;
}
