import type { JobPayload } from '@dz/contracts';
import { AuditRepository } from '@dz/persistence';
import { Injectable, Logger } from '@nestjs/common';
import { OnJob, type JobContext, type JobHandler } from '../jobs/on-job.decorator';

/**
 * Deletes audit rows past their retention. The payload contract and the database function
 * `audit_log_purge` both refuse anything under 180 days; the worker's database role has no
 * DELETE on audit_log, so this function is the only way rows ever leave it.
 */
@Injectable()
@OnJob('audit.purge')
export class AuditPurgeHandler implements JobHandler<'audit.purge'> {
  private readonly logger = new Logger(AuditPurgeHandler.name);

  constructor(private readonly audit: AuditRepository) {}

  async handle(payload: JobPayload<'audit.purge'>, context: JobContext): Promise<void> {
    const purged = await this.audit.purgeOlderThan(payload.retentionDays);
    await this.audit.append({
      actorUserId: null,
      action: 'audit.purged',
      entityType: 'audit_log',
      detail: { retentionDays: payload.retentionDays, purged },
      correlationId: context.correlationId,
    });
    this.logger.log({ jobId: context.id, retentionDays: payload.retentionDays, purged }, 'audit rows purged');
  }
}
