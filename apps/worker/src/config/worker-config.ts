import { parseEnvironment, WorkerEnv } from '@dz/contracts';

export type WorkerConfig = WorkerEnv;
export const WORKER_CONFIG = Symbol('WORKER_CONFIG');

export function loadWorkerConfig(source: Record<string, string | undefined>): WorkerConfig {
  return parseEnvironment(WorkerEnv, source);
}

/** The only place the worker reads process.env. */
export function readProcessEnv(): Record<string, string | undefined> {
  return process.env;
}
