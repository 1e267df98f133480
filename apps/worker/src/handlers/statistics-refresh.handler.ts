import type { JobPayload } from '@dz/contracts';
import { AuditRepository, StatisticsRepository } from '@dz/persistence';
import { Injectable, Logger } from '@nestjs/common';
import { OnJob, type JobContext, type JobHandler } from '../jobs/on-job.decorator';

/**
 * Rebuilds the statistics' materialized views (stat_event, then stat_member) with
 * `REFRESH … CONCURRENTLY` through the database's `statistics_refresh()`, so the dashboard keeps
 * answering from the previous figures meanwhile. Idempotent: a repeated refresh rebuilds the
 * same figures; a failure leaves the previous ones and BullMQ retries.
 */
@Injectable()
@OnJob('statistics.refresh')
export class StatisticsRefreshHandler implements JobHandler<'statistics.refresh'> {
  private readonly logger = new Logger(StatisticsRefreshHandler.name);

  constructor(
    private readonly statistics: StatisticsRepository,
    private readonly audit: AuditRepository,
  ) {}

  async handle(payload: JobPayload<'statistics.refresh'>, context: JobContext): Promise<{ refreshedAt: string }> {
    await context.progress(10);
    const refreshedAt = await this.statistics.refresh();
    await this.audit.append({
      actorUserId: payload.requestedBy,
      action: 'statistics.refreshed',
      entityType: 'system',
      entityId: 'statistics',
      detail: { reason: payload.reason, eventId: payload.eventId, job: context.id },
      correlationId: context.correlationId,
    });
    await context.progress(100);
    this.logger.log({ jobId: context.id, reason: payload.reason, eventId: payload.eventId }, 'statistics refreshed');
    return { refreshedAt: refreshedAt.toISOString() };
  }
}
