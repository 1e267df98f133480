import { EVENT_STATUS_LABELS, IMPORT_COLUMNS, IMPORT_MAX_ROWS, IMPORT_MODE_LABELS, Rooms, type ImportProgress, type JobPayload } from '@dz/contracts';
import {
  AuditRepository,
  CatalogueRepository,
  PiiCipher,
  RegistrationRepository,
  TransactionRunner,
  type EventSeats,
  type RegistrationEvent,
  type RegistrationImportEntity,
  type Tx,
} from '@dz/persistence';
import { Injectable, Logger } from '@nestjs/common';
import { headerProblem, isSampleRow } from '../imports/import-rows';
import { planImport, type ImportPlan, type PlanItem, type RowError } from '../imports/import-plan';
import { readImportSheet } from '../imports/read-sheet';
import { OnJob, type JobContext, type JobHandler } from '../jobs/on-job.decorator';
import { SocketEmitter } from '../jobs/socket-emitter';

/** Rows per transaction: each takes the event lock, so single registrations wait at most one chunk. */
export const IMPORT_CHUNK_ROWS = 200;

/** Ends the import as failed with this Chinese message for the organiser; never retried. */
class ImportFailure extends Error {
  constructor(
    message: string,
    /** Rows checked before it stopped (all of them when all-or-nothing found bad rows). */
    readonly processedRows?: number,
  ) {
    super(message);
  }
}

/** A chunk found rows that cannot be admitted after all (a team member registered meanwhile). */
class AllOrNothingAbort extends Error {
  constructor(readonly errors: RowError[]) {
    super('all-or-nothing import aborted');
  }
}

/**
 * Another run of the same job moved the import on first: BullMQ runs a stalled job again while
 * the first run may still be going. The run that finds this stops, and its open transaction
 * (with any entries it admitted) rolls back, so every row is counted once.
 */
class Superseded extends Error {
  constructor() {
    super('import superseded by another run of its job');
  }
}

interface Counts {
  processedRows: number;
  imported: number;
  duplicates: number;
}

interface ChunkOutcome {
  imported: number;
  duplicates: number;
  errors: RowError[];
}

/**
 * 报名批量导入: reads the uploaded workbook, checks every row as a single registration would be
 * checked (libs/persistence prepareMember), then admits the good rows in arrival order under
 * the event lock, `IMPORT_CHUNK_ROWS` rows per transaction, pushing `import.progress` after each.
 *
 * - Counts are rows (people): imported + duplicates + errorCount = totalRows when done.
 * - A person who already holds an entry in the event is a duplicate, not an error, so uploading
 *   the same file again adds nobody.
 * - valid_rows: each chunk commits with the import's counters, so a retry after a crash resumes
 *   after the last committed chunk. all_or_nothing: nothing is written unless every row is
 *   good, and then all entries are admitted in one transaction.
 * - Whatever goes wrong, the import ends 'done' or 'failed' with a Chinese message; only
 *   unexpected errors are retried, and the last attempt records the failure.
 */
@Injectable()
@OnJob('registration.import')
export class RegistrationImportHandler implements JobHandler<'registration.import'> {
  private readonly logger = new Logger(RegistrationImportHandler.name);

  constructor(
    private readonly registrations: RegistrationRepository,
    private readonly catalogues: CatalogueRepository,
    private readonly audit: AuditRepository,
    private readonly transactions: TransactionRunner,
    private readonly cipher: PiiCipher,
    private readonly sockets: SocketEmitter,
  ) {}

  async handle(payload: JobPayload<'registration.import'>, context: JobContext): Promise<void> {
    const record = await this.registrations.findImport(payload.importId);
    if (!record) {
      this.logger.warn({ jobId: context.id, importId: payload.importId }, 'import not found: nothing to do');
      return;
    }
    if (record.status === 'done' || record.status === 'failed') return;
    const started = Date.now();
    try {
      const outcome = await this.run(record, context);
      this.logger.log({ jobId: context.id, importId: record.id, ...outcome, ms: Date.now() - started }, 'import finished');
    } catch (error) {
      if (error instanceof Superseded) {
        this.logger.warn({ jobId: context.id, importId: record.id }, 'import moved on by another run of its job: this run stops');
        return;
      }
      if (error instanceof ImportFailure) {
        await this.finishFailed(record, error.message, error.processedRows, context);
        this.logger.log({ jobId: context.id, importId: record.id, ms: Date.now() - started }, 'import refused');
        return;
      }
      if (context.attemptsMade + 1 < context.maxAttempts) {
        // BullMQ retries; valid_rows resumes after its last committed chunk.
        this.logger.warn({ jobId: context.id, importId: record.id, attemptsMade: context.attemptsMade, err: error }, 'import attempt failed; will retry');
        throw error;
      }
      this.logger.error({ jobId: context.id, importId: record.id, err: error }, 'import failed');
      await this.finishFailed(record, '导入时发生系统错误，已停止。已导入的报名会保留；请稍后重新上传同一文件，已报名的人员会自动跳过', undefined, context);
    }
  }

  private async run(record: RegistrationImportEntity, context: JobContext): Promise<Counts & { errorCount: number; checkMs: number; admitMs: number }> {
    const started = Date.now();
    const event = await this.registrations.eventFor(record.eventId);
    if (!event) throw new ImportFailure('赛项不存在，未导入');
    this.assertOpen(event, event.status);
    if (record.status === 'queued') {
      const claimed = await this.registrations.advanceImport(record.id, { status: 'queued', processedRows: 0 }, { status: 'running', startedAt: new Date() });
      if (!claimed) throw new Superseded();
      this.push(record, { status: 'running', totalRows: 0, processedRows: 0, imported: 0, duplicates: 0, errorCount: 0 });
    }

    const file = await this.registrations.importFile(record.id);
    if (!file) throw new ImportFailure('找不到上传的文件，请重新上传');
    let sheet: Awaited<ReturnType<typeof readImportSheet>>;
    try {
      sheet = await readImportSheet(file, IMPORT_COLUMNS.length);
    } catch {
      throw new ImportFailure('无法读取文件内容：文件可能已损坏或不是 Excel 工作簿，请在 Excel 中另存为 .xlsx 后重新上传');
    }
    const problem = headerProblem(sheet.header);
    if (problem) throw new ImportFailure(problem);
    const dataRows = sheet.rows.filter((r) => !isSampleRow(r.cells)).length;
    if (dataRows === 0) throw new ImportFailure('文件中没有数据：请从第 2 行起每行填写一名选手');
    if (dataRows > IMPORT_MAX_ROWS) throw new ImportFailure(`文件有 ${dataRows} 行数据，超过每次 ${IMPORT_MAX_ROWS} 行的上限；请分成几个文件导入`);

    const occupations = await this.catalogues.occupations();
    const plan = planImport(sheet.rows, {
      importId: record.id,
      teamSize: event.teamSize,
      eligibility: { eligibility: event.eligibility, startsAt: event.startsAt, occupationNames: Object.fromEntries(occupations.map((o) => [o.code, o.name])) },
      cipher: this.cipher,
    });

    const checked = Date.now();

    // A retry of a valid_rows import continues after the chunks already committed.
    const resumed = record.status === 'running' && record.mode === 'valid_rows' && record.processedRows > 0;
    const counts: Counts = resumed
      ? { processedRows: record.processedRows, imported: record.imported, duplicates: record.duplicates }
      : { processedRows: 0, imported: 0, duplicates: 0 };
    const errors = new Map<number, string>(resumed ? record.errors.map((e) => [e.row, e.message]) : []);
    for (const e of plan.errors) if (!errors.has(e.row)) errors.set(e.row, e.message);
    const begun = await this.registrations.advanceImport(
      record.id,
      { status: 'running', processedRows: record.status === 'queued' ? 0 : record.processedRows },
      { totalRows: plan.totalRows, errorCount: errors.size, errors: sorted(errors), ...counts },
    );
    if (!begun) throw new Superseded();
    const push = (status: ImportProgress['status'], c: Counts, errorCount: number) =>
      this.push(record, { status, totalRows: plan.totalRows, processedRows: c.processedRows, imported: c.imported, duplicates: c.duplicates, errorCount });
    push('running', counts, errors.size);

    if (record.mode === 'all_or_nothing' && errors.size > 0) {
      throw new ImportFailure(`有 ${errors.size} 行有错误，按「${IMPORT_MODE_LABELS.all_or_nothing}」未导入任何报名；请下载错误报告，修改后重新上传`, plan.totalRows);
    }
    /** The import's end, if no other run moved it on from `committedRows`. */
    const finish = async (tx: Tx, committedRows: number): Promise<Counts> => {
      const final = { ...counts, processedRows: plan.totalRows };
      const ended = await this.registrations.advanceImport(
        record.id,
        { status: 'running', processedRows: committedRows },
        { status: 'done', finishedAt: new Date(), message: null, errorCount: errors.size, errors: sorted(errors), ...final },
        tx,
      );
      if (!ended) throw new Superseded();
      await this.auditFinished(record, { status: 'done', totalRows: plan.totalRows, ...final, errorCount: errors.size }, context, tx);
      return final;
    };
    const final =
      record.mode === 'all_or_nothing'
        ? await this.admitAllOrNothing(record, event, plan, counts, errors, push, finish)
        : await this.admitValidRows(record, event, pending(plan, counts.processedRows), counts, errors, push, finish);
    push('done', final, errors.size);
    return { ...final, errorCount: errors.size, checkMs: checked - started, admitMs: Date.now() - checked };
  }

  /** Chunk by chunk, each in its own transaction with the import's counters. */
  private async admitValidRows(
    record: RegistrationImportEntity,
    event: RegistrationEvent,
    items: PlanItem[],
    counts: Counts,
    errors: Map<number, string>,
    push: (status: 'running', c: Counts, errorCount: number) => void,
    finish: (tx: Tx, committedRows: number) => Promise<Counts>,
  ): Promise<Counts> {
    for (const chunk of chunks(items)) {
      const outcome = await this.transactions.run(async (tx) => {
        const seats = await this.lock(event, tx);
        const result = await this.admitChunk(seats, chunk, tx);
        const next = errorsWith(errors, result.errors);
        const advanced = await this.registrations.advanceImport(
          record.id,
          { status: 'running', processedRows: counts.processedRows },
          {
            processedRows: counts.processedRows + rowsOf(chunk),
            imported: counts.imported + result.imported,
            duplicates: counts.duplicates + result.duplicates,
            ...(result.errors.length > 0 ? { errorCount: next.size, errors: sorted(next) } : {}),
          },
          tx,
        );
        if (!advanced) throw new Superseded();
        return { result, next };
      });
      counts.processedRows += rowsOf(chunk);
      counts.imported += outcome.result.imported;
      counts.duplicates += outcome.result.duplicates;
      for (const [row, message] of outcome.next) errors.set(row, message);
      push('running', counts, errors.size);
    }
    return this.transactions.run((tx) => finish(tx, counts.processedRows));
  }

  /**
   * Every entry, and the import's end, in one transaction: a late problem (a team member who
   * registered meanwhile) or a crash undoes all of it.
   */
  private async admitAllOrNothing(
    record: RegistrationImportEntity,
    event: RegistrationEvent,
    plan: ImportPlan,
    counts: Counts,
    errors: Map<number, string>,
    push: (status: 'running', c: Counts, errorCount: number) => void,
    finish: (tx: Tx, committedRows: number) => Promise<Counts>,
  ): Promise<Counts> {
    const committedRows = counts.processedRows;
    try {
      return await this.transactions.run(async (tx) => {
        const seats = await this.lock(event, tx);
        for (const chunk of chunks(plan.items)) {
          const result = await this.admitChunk(seats, chunk, tx);
          if (result.errors.length > 0) throw new AllOrNothingAbort(result.errors);
          counts.processedRows += rowsOf(chunk);
          counts.imported += result.imported;
          counts.duplicates += result.duplicates;
          // Socket only: the table's counters change when this transaction commits.
          push('running', counts, 0);
        }
        return finish(tx, committedRows);
      });
    } catch (error) {
      if (!(error instanceof AllOrNothingAbort)) throw error;
      const next = errorsWith(errors, error.errors);
      const noted = await this.registrations.advanceImport(
        record.id,
        { status: 'running', processedRows: committedRows },
        { errorCount: next.size, errors: sorted(next), imported: 0, duplicates: 0 },
      );
      if (!noted) throw new Superseded();
      throw new ImportFailure(`有 ${next.size} 行不能导入，按「${IMPORT_MODE_LABELS.all_or_nothing}」未导入任何报名；请下载错误报告查看原因`, plan.totalRows);
    }
  }

  private async admitChunk(seats: EventSeats, chunk: PlanItem[], tx: Tx): Promise<ChunkOutcome> {
    const admissible = chunk.filter((item) => item.entry !== null);
    const results = await this.registrations.admit(
      seats,
      admissible.map((item) => item.entry as NonNullable<PlanItem['entry']>),
      tx,
    );
    const outcome: ChunkOutcome = { imported: 0, duplicates: 0, errors: [] };
    results.forEach((result, k) => {
      const item = admissible[k];
      if (result.ok) {
        outcome.imported += item.rows.length;
      } else if (new Set(result.duplicateMembers).size === item.rows.length) {
        // Everyone in it already holds an entry: a re-upload, skipped.
        outcome.duplicates += item.rows.length;
      } else {
        const who = [...new Set(result.duplicateMembers)].map((i) => `${item.names[i]}（第 ${item.rows[i]} 行）`).join('、');
        for (const row of item.rows) outcome.errors.push({ row, message: `同队成员 ${who} 已报名本赛项，整队未导入` });
      }
    });
    return outcome;
  }

  /** The event row lock, and registration still open under it. */
  private async lock(event: RegistrationEvent, tx: Tx): Promise<EventSeats> {
    const seats = await this.registrations.lockEvent(event.id, tx);
    if (!seats) throw new ImportFailure('赛项不存在，导入已停止');
    this.assertOpen(event, seats.status);
    return seats;
  }

  private assertOpen(event: RegistrationEvent, status: RegistrationEvent['status']): void {
    if (status !== 'published') throw new ImportFailure(`赛项当前为「${EVENT_STATUS_LABELS[status]}」，不在报名期，导入已停止`);
    if (Date.now() >= event.registrationClosesAt.getTime()) throw new ImportFailure('报名已截止，导入已停止');
  }

  private async finishFailed(record: RegistrationImportEntity, message: string, processedRows: number | undefined, context: JobContext): Promise<void> {
    const latest = (await this.registrations.findImport(record.id)) ?? record;
    // Another run of the job has already ended it.
    if (latest.status === 'done' || latest.status === 'failed') return;
    const processed = processedRows ?? latest.processedRows;
    await this.transactions.run(async (tx) => {
      await this.registrations.updateImport(record.id, { status: 'failed', message, processedRows: processed, finishedAt: new Date() }, tx);
      await this.auditFinished(
        record,
        { status: 'failed', totalRows: latest.totalRows, processedRows: processed, imported: latest.imported, duplicates: latest.duplicates, errorCount: latest.errorCount, message },
        context,
        tx,
      );
    });
    this.push(record, {
      status: 'failed',
      totalRows: latest.totalRows,
      processedRows: processed,
      imported: latest.imported,
      duplicates: latest.duplicates,
      errorCount: latest.errorCount,
    });
  }

  private auditFinished(record: RegistrationImportEntity, detail: Record<string, unknown>, context: JobContext, tx: Tx): Promise<void> {
    return this.audit.append(
      {
        actorUserId: record.createdBy,
        action: 'registration.import_finished',
        entityType: 'registration_import',
        entityId: record.id,
        detail: { eventId: record.eventId, mode: record.mode, ...detail },
        correlationId: context.correlationId,
      },
      tx,
    );
  }

  /** To the uploader and the event's staff room. */
  private push(record: RegistrationImportEntity, progress: Omit<ImportProgress, 'id' | 'eventId'>): void {
    const event: ImportProgress = { id: record.id, eventId: record.eventId, ...progress };
    this.sockets.toRoom(Rooms.user(record.createdBy), 'import.progress', event);
    this.sockets.toRoom(Rooms.eventStaff(record.eventId), 'import.progress', event);
  }
}

const rowsOf = (items: readonly PlanItem[]) => items.reduce((sum, item) => sum + item.rows.length, 0);

/** Items in order, cut at item boundaries into chunks of about IMPORT_CHUNK_ROWS rows. */
function chunks(items: readonly PlanItem[]): PlanItem[][] {
  const out: PlanItem[][] = [];
  let current: PlanItem[] = [];
  let rows = 0;
  for (const item of items) {
    current.push(item);
    rows += item.rows.length;
    if (rows >= IMPORT_CHUNK_ROWS) {
      out.push(current);
      current = [];
      rows = 0;
    }
  }
  if (current.length > 0) out.push(current);
  return out;
}

/** The items after the first `processedRows` rows (chunks always end on an item boundary). */
function pending(plan: ImportPlan, processedRows: number): PlanItem[] {
  let seen = 0;
  let start = 0;
  while (start < plan.items.length && seen < processedRows) {
    seen += plan.items[start].rows.length;
    start += 1;
  }
  return plan.items.slice(start);
}

function errorsWith(errors: ReadonlyMap<number, string>, more: readonly RowError[]): Map<number, string> {
  const next = new Map(errors);
  for (const e of more) next.set(e.row, next.has(e.row) ? `${next.get(e.row)}；${e.message}` : e.message);
  return next;
}

function sorted(errors: ReadonlyMap<number, string>): RowError[] {
  return [...errors].map(([row, message]) => ({ row, message })).sort((a, b) => a.row - b.row);
}
