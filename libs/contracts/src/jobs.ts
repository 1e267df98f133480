import { z } from './zod';

/** BullMQ queues: short nouns. */
export const Queues = {
  notifications: 'notifications',
  maintenance: 'maintenance',
  imports: 'imports',
  standings: 'standings',
  results: 'results',
  /** PDF rendering: its own low concurrency, so certificate batches never starve live work. */
  certificates: 'certificates',
  statistics: 'statistics',
} as const;
export type QueueName = (typeof Queues)[keyof typeof Queues];

export const NotificationSendJob = z.object({
  /** Where it goes: a phone number for SMS. Redacted in logs. */
  channel: z.enum(['sms']),
  recipientUserId: z.uuid().nullable(),
  to: z.string().min(1),
  template: z.enum(['verification_code', 'waitlist_promoted', 'generic']),
  params: z.record(z.string(), z.string()),
});
export type NotificationSendJob = z.infer<typeof NotificationSendJob>;

/** Audit rows are kept at least 180 days (Cybersecurity Law); the database refuses less too. */
export const AUDIT_RETENTION_MIN_DAYS = 180;

export const AuditPurgeJob = z.object({
  retentionDays: z.number().int().min(AUDIT_RETENTION_MIN_DAYS, `审计日志至少保留 ${AUDIT_RETENTION_MIN_DAYS} 天`),
});
export type AuditPurgeJob = z.infer<typeof AuditPurgeJob>;

/** Validates and imports one uploaded Excel file of entries (报名批量导入). */
export const RegistrationImportJob = z.object({ importId: z.uuid() });
export type RegistrationImportJob = z.infer<typeof RegistrationImportJob>;

/**
 * Recomputes every entry's live standing of an event (after its schemes or judges change, or
 * when it starts) and publishes what changed to the boards.
 */
export const StandingsRebuildJob = z.object({ eventId: z.uuid() });
export type StandingsRebuildJob = z.infer<typeof StandingsRebuildJob>;

/**
 * Computes an event's results (ranking, awards, recommendations) and stores them as a numbered
 * version with the hash of its inputs; a second run on the same inputs finds that version.
 */
export const ResultsComputeJob = z.object({
  eventId: z.uuid(),
  cause: z.enum(['scoring_closed', 'appeal', 'recompute']),
  requestedBy: z.uuid().nullable(),
});
export type ResultsComputeJob = z.infer<typeof ResultsComputeJob>;

/** Certificates per chunk job: a large batch spreads over workers a chunk at a time. */
export const CERTIFICATE_CHUNK_SIZE = 100;

/**
 * Renders, signs, stores and records one chunk of a certificate batch: the plan's items
 * [chunk × size, (chunk + 1) × size) of the event's final results. Idempotent: the job id is
 * `<batchId>-<chunk>`, and a certificate that exists for its (person, kind) is skipped.
 */
export const CertificatesIssueJob = z.object({
  batchId: z.uuid(),
  chunk: z.number().int().min(0),
  size: z.number().int().min(1).max(1000),
});
export type CertificatesIssueJob = z.infer<typeof CertificatesIssueJob>;

/**
 * Rebuilds the statistics' materialized views (REFRESH … CONCURRENTLY: readers keep the old
 * figures until the new ones are ready). Enqueued when an event's results become final, by the
 * bureau on demand, nightly, and after the demo seed.
 */
export const StatisticsRefreshJob = z.object({
  reason: z.enum(['results_final', 'requested', 'nightly', 'seed']),
  eventId: z.uuid().nullable(),
  requestedBy: z.uuid().nullable(),
});
export type StatisticsRefreshJob = z.infer<typeof StatisticsRefreshJob>;

/**
 * Every job: its name (`domain.verb`), its queue and the schema of its payload. Producers and
 * the worker's handlers are typed from this one table, and the worker checks at boot that each
 * name has exactly one handler.
 */
export const JOBS = {
  'notification.send': { queue: Queues.notifications, payload: NotificationSendJob },
  'audit.purge': { queue: Queues.maintenance, payload: AuditPurgeJob },
  'registration.import': { queue: Queues.imports, payload: RegistrationImportJob },
  'standings.rebuild': { queue: Queues.standings, payload: StandingsRebuildJob },
  'results.compute': { queue: Queues.results, payload: ResultsComputeJob },
  'certificates.issue': { queue: Queues.certificates, payload: CertificatesIssueJob },
  'statistics.refresh': { queue: Queues.statistics, payload: StatisticsRefreshJob },
} as const;
export type JobName = keyof typeof JOBS;
export type JobPayload<N extends JobName> = z.infer<(typeof JOBS)[N]['payload']>;
