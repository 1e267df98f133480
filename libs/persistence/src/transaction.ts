import type { DataSource, EntityManager } from 'typeorm';

/**
 * An open transaction, passed from a service to repositories. Opaque on purpose: services hand
 * it on and never reach the EntityManager or a QueryBuilder.
 */
export interface Tx {
  readonly manager: EntityManager;
}

export class TransactionRunner {
  constructor(private readonly dataSource: DataSource) {}

  /** Runs `work` in one READ COMMITTED transaction; it commits when `work` resolves. */
  run<T>(work: (tx: Tx) => Promise<T>): Promise<T> {
    return this.dataSource.transaction((manager) => work({ manager }));
  }
}

export abstract class BaseRepository {
  constructor(protected readonly dataSource: DataSource) {}

  protected manager(tx?: Tx): EntityManager {
    return tx?.manager ?? this.dataSource.manager;
  }
}
