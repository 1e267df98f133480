import { AppError, ErrorCode, type JobPayload } from '@dz/contracts';
import { AuditRepository, computeLoaded, ResultsRepository, TransactionRunner } from '@dz/persistence';
import { Injectable, Logger } from '@nestjs/common';
import { UnrecoverableError } from 'bullmq';
import { OnJob, type JobContext, type JobHandler } from '../jobs/on-job.decorator';

/** Statuses in which results may be computed: after scoring, and during the notice (an appeal upheld). */
export const COMPUTABLE_STATUSES = ['scoring_closed', 'under_notice'] as const;

/**
 * Computes an event's results (libs/domain: ranking, awards, titles, recommendations) from its
 * marks, entries and rules, and stores them as the next numbered version with the hash of the
 * inputs, in one transaction with its audit record, under the event's row lock. Idempotent: the
 * same inputs find the version already stored (the hash is unique per event), so a retried or
 * repeated job yields the same version. Reports progress as it goes.
 */
@Injectable()
@OnJob('results.compute')
export class ResultsComputeHandler implements JobHandler<'results.compute'> {
  private readonly logger = new Logger(ResultsComputeHandler.name);

  constructor(
    private readonly results: ResultsRepository,
    private readonly audit: AuditRepository,
    private readonly transactions: TransactionRunner,
  ) {}

  async handle(payload: JobPayload<'results.compute'>, context: JobContext): Promise<{ version: number; created: boolean; inputsHash: string }> {
    await context.progress(10);
    const outcome = await this.transactions.run(async (tx) => {
      const status = await this.results.lock(payload.eventId, tx);
      if (status === null) throw new UnrecoverableError(new AppError(ErrorCode.NotFound, '赛项不存在').message);
      if (!(COMPUTABLE_STATUSES as readonly string[]).includes(status)) {
        throw new UnrecoverableError(`赛项当前状态不能计算成绩（${status}）`);
      }
      const loaded = await this.results.loadInputs(payload.eventId, tx, await this.results.arenaSummary(payload.eventId, tx));
      if (!loaded) throw new UnrecoverableError('赛项不存在');
      await context.progress(40);
      const computed = computeLoaded(loaded);
      await context.progress(70);
      const stored = await this.results.storeVersion(payload.eventId, computed, payload.cause, payload.requestedBy, tx);
      if (stored.created) {
        await this.audit.append(
          {
            actorUserId: payload.requestedBy,
            action: 'results.computed',
            entityType: 'event',
            entityId: payload.eventId,
            detail: { version: stored.version, inputsHash: computed.hash, cause: payload.cause, validCount: computed.results.validCount, job: context.id },
            correlationId: context.correlationId,
          },
          tx,
        );
      }
      return { ...stored, inputsHash: computed.hash };
    });
    await context.progress(100);
    this.logger.log({ jobId: context.id, eventId: payload.eventId, ...outcome }, outcome.created ? 'results version stored' : 'results unchanged: version found');
    return outcome;
  }
}
