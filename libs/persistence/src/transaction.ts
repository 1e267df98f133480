import { QueryFailedError, type DataSource, type EntityManager } from 'typeorm';

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

/** A pg connection as far as a named statement needs it. */
interface NamedQueryClient {
  query(config: { name: string; text: string; values: unknown[] }): Promise<{ rows: unknown[] }>;
}

/**
 * Runs `text` on the transaction's connection as the named prepared statement `name`: PostgreSQL
 * parses and plans it once per connection (and settles on a generic plan after five runs)
 * instead of at every run. For the statements of a hot path whose planning costs more than
 * their execution, such as the mark batch's reads under the event's lock. `text` must be the
 * same for every run of one name; values go in `values`.
 */
export async function queryPrepared<T>(tx: Tx, name: string, text: string, values: unknown[]): Promise<T[]> {
  const runner = tx.manager.queryRunner as unknown as { connect(): Promise<NamedQueryClient> } | undefined;
  // Outside a transaction (a manager of no connection of its own): a plain query.
  if (!runner) return tx.manager.query(text, values) as Promise<T[]>;
  const client = await runner.connect();
  try {
    return (await client.query({ name, text, values })).rows as T[];
  } catch (error) {
    // As TypeORM's own queries fail: the driver's error (code, constraint) on a QueryFailedError.
    throw new QueryFailedError(text, values, error as Error);
  }
}
