import type { EventStatus, StaffStandingsDelta } from '@dz/contracts';
import { escapeLiteral, Pool, type PoolClient, type QueryResult } from 'pg';
// pg's own conversion of a query parameter to text (arrays to array literals, dates, JSON).
import { prepareValue } from 'pg/lib/utils';
import type { DataSource } from 'typeorm';
import {
  appendMarksStatement,
  appendStatesStatement,
  lockStatement,
  readAppendStates,
  type AppendState,
  type AppendStatesRow,
  type MarkAudit,
  type NewMark,
  type Statement,
  type StoredMark,
} from './judging.repository';
import { changedStandingRows, deltaWriteStatement, recordReadStatement, type RecordInput } from './standings.repository';

/**
 * A statement with its parameters written in as literals, escaped by pg's own escapeLiteral
 * after pg's own parameter conversion: the text PostgreSQL receives as a bound parameter, sent
 * in the SQL instead. Every placeholder in these statements carries a cast or sits where its
 * type is inferred, as with bound parameters, so the meaning is the same. Only for the
 * statements of this file, whose SQL holds no `$n` but placeholders.
 */
export function inlineStatement({ sql, params }: Statement): string {
  return sql.replace(/\$(\d+)/g, (_match, n: string) => {
    const index = Number(n) - 1;
    if (index < 0 || index >= params.length) throw new RangeError(`no parameter $${n}`);
    const value = prepareValue(params[index]);
    if (value === null || value === undefined) return 'NULL';
    if (Buffer.isBuffer(value)) throw new TypeError('binary parameters are not inlined');
    return escapeLiteral(String(value));
  });
}

/** A batch's transaction, open and holding the event's mark lock, with what was read under it. */
export interface OpenMarkBatch {
  /** The event's status, read under a share lock (null: no such event). */
  status: EventStatus | null;
  /** For each mark of the batch, in order: what the chain already holds about it. */
  items: AppendState[];
  /**
   * Appends `rows` (each with its audit record) after the tip read, records the standings of
   * the entries they mark as one delta of the event's feed, and commits: one round trip. On any
   * error the transaction is rolled back, the connection returned, and the error thrown.
   */
  commit(rows: readonly NewMark[], audits: readonly MarkAudit[]): Promise<{ stored: StoredMark[]; delta: StaffStandingsDelta | null }>;
  /** Rolls back and returns the connection (nothing to append); nothing when already finished. */
  rollback(): Promise<void>;
}

/**
 * The write path of judges' marks in two round trips a batch. Every round trip under an event's
 * mark lock is a wait for every judge of the event, so the batch's transaction sends its
 * statements together (PostgreSQL's simple query protocol runs several statements sent as one
 * message, in order, each on a fresh snapshot): BEGIN, the lock and every read (the states of
 * the batch's marks, the chain's tip, what the standings rows need) in the first; the marks,
 * their audit records, the feed's delta, the current standings and COMMIT in the second. Its
 * own small pool of connections, so a batch never queues behind the judges' checks on the
 * application's pool.
 */
export class MarkBatchStore {
  private pool: Pool | null = null;

  constructor(
    private readonly dataSource: DataSource,
    private readonly size = 4,
  ) {}

  private connections(): Pool {
    if (!this.pool) {
      const options = this.dataSource.options as { url?: string; applicationName?: string };
      if (!options.url) throw new Error('MarkBatchStore needs a DataSource configured by url');
      // allowExitOnIdle: marks still queued while the API shuts down are written on a fresh pool,
      // whose idle connections must not keep the process alive.
      this.pool = new Pool({ connectionString: options.url, max: this.size, allowExitOnIdle: true, application_name: `${options.applicationName ?? 'dz'}-marks` });
      // An idle connection the server dropped: the pool replaces it; nothing to do here.
      this.pool.on('error', () => undefined);
    }
    return this.pool;
  }

  async open(eventId: string, marks: readonly NewMark[]): Promise<OpenMarkBatch> {
    const client = await this.connections().connect();
    const entryIds = [...new Set(marks.map((m) => m.entryId))];
    let results: QueryResult[];
    try {
      results = (await client.query(
        ['BEGIN', inlineStatement(lockStatement(eventId)), inlineStatement(appendStatesStatement(eventId, marks)), inlineStatement(recordReadStatement(eventId, entryIds))].join(';\n'),
      )) as unknown as QueryResult[];
    } catch (error) {
      await this.abandon(client);
      throw error;
    }
    const status = (results[1].rows[0] as { status: EventStatus } | undefined)?.status ?? null;
    const { items, tip } = readAppendStates(results[2].rows as AppendStatesRow[]);
    const input = results[3].rows[0] as RecordInput | undefined;
    let done = false;
    const finish = () => {
      if (done) throw new Error('the mark batch is already finished');
      done = true;
    };
    return {
      status,
      items,
      commit: async (rows, audits) => {
        finish();
        let stored: StoredMark[] = [];
        let delta: StaffStandingsDelta | null = null;
        // Whatever fails (building the statements too), the transaction is rolled back and the
        // connection given back: a connection kept would stall every later batch of the pool.
        try {
          const parts: string[] = [];
          if (rows.length > 0) {
            const append = appendMarksStatement(rows, tip, audits);
            stored = append.stored;
            parts.push(inlineStatement(append));
            const changed = changedStandingRows(input, stored);
            const write = deltaWriteStatement(eventId, input, changed, 'marks');
            if (write) {
              parts.push(inlineStatement(write));
              delta = write.delta;
            }
          }
          parts.push('COMMIT');
          await client.query(parts.join(';\n'));
        } catch (error) {
          await this.abandon(client);
          throw error;
        }
        client.release();
        return { stored, delta };
      },
      rollback: async () => {
        if (done) return;
        done = true;
        await this.abandon(client);
      },
    };
  }

  /** Rolls back and returns the connection; one that cannot roll back is closed instead. */
  private async abandon(client: PoolClient): Promise<void> {
    try {
      await client.query('ROLLBACK');
      client.release();
    } catch (error) {
      client.release(error as Error);
    }
  }

  async close(): Promise<void> {
    const pool = this.pool;
    this.pool = null;
    await pool?.end();
  }
}
