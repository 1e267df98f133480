import { CERTIFICATE_KIND_NAMES, Rooms, SERIES_LABELS, type CertificateBatchProgress, type JobPayload } from '@dz/contracts';
import {
  calendarDateInChina,
  CERTIFICATE_ISSUER,
  DEFAULT_CERTIFICATE_TEMPLATES,
  formatCalendarDate,
  formatCertificateNumber,
  planCertificates,
  signCertificate,
  type CertificateContent,
  type CertificateKind,
  type CertificatePlan,
} from '@dz/domain';
import {
  AuditRepository,
  CertificateRepository,
  FileStorage,
  TransactionRunner,
  type CertificateBatchRecord,
  type CertificateSource,
  type NewCertificate,
} from '@dz/persistence';
import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { loadCertificateFonts, renderCertificatePdf, type CertificatePdfTemplate as CertificateTemplateInput } from '../certificates/certificate-pdf';
import { CertificateSigner } from '../certificates/certificate-signer';
import { WORKER_CONFIG, type WorkerConfig } from '../config/worker-config';
import { OnJob, type JobContext, type JobHandler } from '../jobs/on-job.decorator';
import { SocketEmitter } from '../jobs/socket-emitter';

/**
 * 证书批量生成, one chunk: the items [chunk × size, (chunk + 1) × size) of the event's
 * certificate plan (libs/domain planCertificates over the final results, a deterministic order),
 * each numbered, signed (Ed25519 over the canonical content), rendered to PDF and stored, then
 * all recorded in one transaction with the chunk's audit record.
 *
 * Exactly once per (person, kind), whatever dies when:
 * - a certificate row is written only after its file is stored, so every row has its file;
 * - the row's UNIQUE (event, person, kind) decides between two runs of a chunk (BullMQ runs a
 *   stalled job again, possibly while the first run still goes): the loser's rows are dropped
 *   and its files are orphans no row points to;
 * - numbers come from a sequence: a number drawn by a run that died is never used again.
 */
@Injectable()
@OnJob('certificates.issue')
export class CertificatesIssueHandler implements JobHandler<'certificates.issue'>, OnApplicationBootstrap {
  private readonly logger = new Logger(CertificatesIssueHandler.name);

  constructor(
    private readonly certificates: CertificateRepository,
    private readonly audit: AuditRepository,
    private readonly transactions: TransactionRunner,
    private readonly storage: FileStorage,
    private readonly signer: CertificateSigner,
    private readonly sockets: SocketEmitter,
    @Inject(WORKER_CONFIG) private readonly config: WorkerConfig,
  ) {}

  /**
   * The plan of each batch this process has worked on, by batch id: a batch's final results
   * never change, so its chunks share one planning (a small bounded cache).
   */
  private readonly plans = new Map<string, { source: CertificateSource; plan: CertificatePlan[] }>();

  /**
   * A worker set apart for certificates parses the CJK font and renders a few throwaway pages at
   * boot (V8 optimises the renderer after a few runs), so its first chunk does not pay for it.
   */
  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.WORKER_QUEUES.includes('certificates')) return;
    const fonts = loadCertificateFonts();
    const content = { ...WARM_UP_CONTENT, keyId: this.signer.key.keyId };
    for (let i = 0; i < 20; i += 1) {
      const page = { ...content, personName: `预热${i}` };
      await renderCertificatePdf({ content: page, template: { ...DEFAULT_CERTIFICATE_TEMPLATES.award, background: null }, verifyUrl: verifyUrl(this.config.PUBLIC_BASE_URL, page.number), signature: '' }, fonts);
    }
  }

  private async planOf(batch: CertificateBatchRecord): Promise<{ source: CertificateSource; plan: CertificatePlan[] } | null> {
    const cached = this.plans.get(batch.id);
    if (cached) return cached;
    const source = await this.certificates.source(batch.eventId);
    if (!source || source.finalVersion !== batch.resultsVersion) return null;
    const planned = { source, plan: planCertificates(source) };
    if (this.plans.size >= 8) this.plans.delete(this.plans.keys().next().value as string);
    this.plans.set(batch.id, planned);
    return planned;
  }

  async handle(payload: JobPayload<'certificates.issue'>, context: JobContext): Promise<{ written: number; skipped: number; planMs?: number; renderMs?: number; recordMs?: number }> {
    const batch = await this.certificates.batch(payload.batchId);
    if (!batch) {
      this.logger.warn({ jobId: context.id, batchId: payload.batchId }, 'certificate batch not found: nothing to do');
      return { written: 0, skipped: 0 };
    }
    if (batch.status === 'done' || batch.status === 'failed') return { written: 0, skipped: 0 };
    const started = Date.now();
    try {
      const outcome = await this.run(batch, payload, context);
      this.logger.log({ jobId: context.id, batchId: batch.id, chunk: payload.chunk, ...outcome, ms: Date.now() - started }, 'certificate chunk done');
      return outcome;
    } catch (error) {
      if (context.attemptsMade + 1 < context.maxAttempts) {
        this.logger.warn({ jobId: context.id, batchId: batch.id, chunk: payload.chunk, attemptsMade: context.attemptsMade, err: error }, 'certificate chunk failed; will retry');
        throw error;
      }
      this.logger.error({ jobId: context.id, batchId: batch.id, chunk: payload.chunk, err: error }, 'certificate batch failed');
      await this.certificates.failBatch(batch.id, '生成证书时发生系统错误，已停止。已生成的证书保留；请稍后重新生成，已有证书的人员会自动跳过');
      await this.pushProgress(batch.id);
      return { written: 0, skipped: 0 };
    }
  }

  private async run(
    batch: CertificateBatchRecord,
    payload: JobPayload<'certificates.issue'>,
    context: JobContext,
  ): Promise<{ written: number; skipped: number; planMs: number; renderMs: number; recordMs: number }> {
    const started = performance.now();
    await this.certificates.markRunning(batch.id);
    const planned = await this.planOf(batch);
    if (!planned) {
      await this.certificates.failBatch(batch.id, '赛项的最终成绩与生成时不同，本批次已停止；请重新生成');
      await this.pushProgress(batch.id);
      return { written: 0, skipped: 0, planMs: 0, renderMs: 0, recordMs: 0 };
    }
    const { source } = planned;
    const plan = planned.plan.slice(payload.chunk * payload.size, (payload.chunk + 1) * payload.size);
    const issued = await this.certificates.issuedKeys(batch.eventId, undefined, plan.map((p) => p.personKey));
    const todo = plan.filter((p) => !issued.has(`${p.personKey}:${p.kind}`));
    const sequences = await this.certificates.nextSequences(todo.length);
    const templates = await this.templates(source.event.series);
    const issuedOn = formatCalendarDate(calendarDateInChina(new Date()));
    const year = Number(issuedOn.slice(0, 4));
    const { privateKey, keyId } = this.signer.key;
    const rendering = performance.now();

    const rows: NewCertificate[] = [];
    // Files are written while the next certificate renders (the writes run on libuv's pool);
    // all of them are awaited before any row is recorded.
    const writes: Promise<void>[] = [];
    for (const [i, item] of todo.entries()) {
      const id = randomUUID();
      const number = formatCertificateNumber({ year, kind: item.kind, sequence: sequences[i] });
      const content: CertificateContent = {
        number,
        kind: item.kind,
        series: SERIES_LABELS[source.event.series],
        eventTitle: source.event.title,
        occupationName: source.event.occupationName,
        occupationCode: source.event.occupationCode,
        issuer: CERTIFICATE_ISSUER,
        organiser: source.event.organiserName,
        personName: item.personName,
        idNumberMasked: item.idNumberMasked,
        award: item.award,
        titles: item.titles,
        rank: item.rank,
        issuedOn,
        resultsVersion: batch.resultsVersion,
        keyId,
      };
      const signature = signCertificate(content, privateKey);
      const pdf = await renderCertificatePdf({ content, template: templates[item.kind], verifyUrl: verifyUrl(this.config.PUBLIC_BASE_URL, number), signature });
      const storageKey = `certificates/${batch.eventId}/${id}.pdf`;
      const write = this.storage.put(storageKey, pdf);
      // Handled when awaited below; this keeps an early failure from counting as unhandled.
      write.catch(() => undefined);
      writes.push(write);
      if (writes.length >= 8) await writes.shift();
      rows.push({
        id,
        eventId: batch.eventId,
        entryId: item.entryId,
        memberId: item.memberId,
        personKey: item.personKey,
        kind: item.kind,
        number,
        batchId: batch.id,
        content: { ...content },
        signature,
        keyId,
        storageKey,
        sizeBytes: pdf.length,
      });
      if (i % 20 === 19) await context.progress(Math.round(((i + 1) / todo.length) * 90));
    }
    await Promise.all(writes);
    const recording = performance.now();

    const outcome = await this.transactions.run(async (tx) => {
      const written = await this.certificates.writeChunk(batch.id, payload.chunk, rows, tx);
      const writtenNumbers = new Set(written.written);
      await this.audit.append(
        {
          actorUserId: batch.createdBy,
          action: 'certificate.issued',
          entityType: 'certificate_batch',
          entityId: batch.id,
          detail: {
            eventId: batch.eventId,
            chunk: payload.chunk,
            written: written.written.length,
            skipped: plan.length - written.written.length,
            kinds: countKinds(rows.filter((r) => writtenNumbers.has(r.number)).map((r) => r.kind)),
            first: written.written[0] ?? null,
            last: written.written.at(-1) ?? null,
            batchFinished: written.finished,
          },
          correlationId: context.correlationId,
        },
        tx,
      );
      return written;
    });
    await this.pushProgress(batch.id);
    return {
      written: outcome.written.length,
      skipped: plan.length - outcome.written.length,
      planMs: Math.round(rendering - started),
      renderMs: Math.round(recording - rendering),
      recordMs: Math.round(performance.now() - recording),
    };
  }

  /** The bureau's templates for the series, the defaults where none is saved. */
  private async templates(series: CertificateSource['event']['series']): Promise<Record<CertificateKind, CertificateTemplateInput>> {
    const saved = (await this.certificates.templates()).filter((t) => t.series === series);
    const out = {} as Record<CertificateKind, CertificateTemplateInput>;
    for (const kind of Object.keys(CERTIFICATE_KIND_NAMES) as CertificateKind[]) {
      const t = saved.find((s) => s.kind === kind);
      out[kind] = t ? { title: t.title, body: t.body, signatureLine: t.signatureLine, background: t.background } : { ...DEFAULT_CERTIFICATE_TEMPLATES[kind], background: null };
    }
    return out;
  }

  /** To the bureau member who started the batch and the event's staff room. */
  private async pushProgress(batchId: string): Promise<void> {
    const batch = await this.certificates.batch(batchId);
    if (!batch) return;
    const push: CertificateBatchProgress = {
      id: batch.id,
      eventId: batch.eventId,
      status: batch.status,
      total: batch.total,
      issued: batch.issued,
      chunks: batch.chunks,
      chunksDone: batch.chunksDone,
    };
    this.sockets.toRoom(Rooms.user(batch.createdBy), 'certificates.progress', push);
    this.sockets.toRoom(Rooms.eventStaff(batch.eventId), 'certificates.progress', push);
  }
}

/** What the warm-up page shows (never stored). */
const WARM_UP_CONTENT: CertificateContent = {
  number: 'DZ2026A00000010',
  kind: 'award',
  series: '达州技能大赛',
  eventTitle: '预热',
  occupationName: '焊工',
  occupationCode: '6-18-02-04',
  issuer: CERTIFICATE_ISSUER,
  organiser: '达州市人力资源和社会保障局',
  personName: '预热',
  idNumberMasked: '5117**********0000',
  award: '一等奖',
  titles: ['技能达人'],
  rank: 1,
  issuedOn: '2026-01-01',
  resultsVersion: 1,
  keyId: '0000000000000000',
};

/** Where a certificate's QR code leads: the public verification page. */
export function verifyUrl(base: string, number: string): string {
  return `${base.replace(/\/+$/, '')}/verify/${encodeURIComponent(number)}`;
}

function countKinds(kinds: CertificateKind[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const k of kinds) out[k] = (out[k] ?? 0) + 1;
  return out;
}
