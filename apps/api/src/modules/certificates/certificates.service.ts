import {
  AppError,
  CERTIFICATE_CHUNK_SIZE,
  CERTIFICATE_KIND_VALUES,
  CertificateContentView,
  ErrorCode,
  SERIES,
  VERIFICATION_STATUS_LABELS,
  type CertificateBatchView,
  type CertificateKind,
  type CertificateKeys,
  type CertificateListQuery,
  type CertificateTemplateBody,
  type CertificateTemplateList,
  type CertificateTemplateView,
  type CertificateVerification,
  type CertificateView,
  type EventCertificates,
  type MyCertificates,
  type Series,
} from '@dz/contracts';
import {
  CERTIFICATE_PLACEHOLDERS,
  certificatePublicKeyFromPem,
  DEFAULT_CERTIFICATE_TEMPLATES,
  parseCertificateNumber,
  planCertificates,
  templateProblems,
  verifyCertificate,
  type CertificateContent,
} from '@dz/domain';
import {
  AuditRepository,
  CertificateRepository,
  FileStorage,
  RegistrationRepository,
  ResultsRepository,
  TransactionRunner,
  type CertificateBatchRecord,
  type CertificateRecord,
  type Tx,
} from '@dz/persistence';
import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { Readable, Writable } from 'node:stream';
import type { RequestMeta } from '../auth/auth.types';
import { actorOf, type Principal } from '../auth/principal';
import { JobQueue } from '../queue/job-queue';
import { renderResultsXlsx } from '../results/exports/results-xlsx';
import { ResultsService } from '../results/results.service';
import { writeCertificatesZip } from './certificates-zip';

/** Results are final in these statuses: certificates may be issued. */
const ISSUABLE: readonly string[] = ['final', 'archived'];

export interface UploadedBackground {
  buffer: Buffer;
  size: number;
  mimetype: string;
}

/** A file's image type from its first bytes (what the upload claims is not trusted). */
function imageType(content: Buffer): 'image/png' | 'image/jpeg' | null {
  if (content.subarray(0, 3).equals(Buffer.from([0xff, 0xd8, 0xff]))) return 'image/jpeg';
  if (content.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'image/png';
  return null;
}

/**
 * Certificates (证书): the bureau issues an event's certificates in one batch of chunked jobs
 * (the worker's certificates.issue renders them), revokes one with a reason, edits the
 * templates; the person downloads theirs; anyone verifies one by its number.
 */
@Injectable()
export class CertificatesService {
  constructor(
    private readonly certificates: CertificateRepository,
    private readonly registrations: RegistrationRepository,
    private readonly results: ResultsRepository,
    private readonly resultsService: ResultsService,
    private readonly audit: AuditRepository,
    private readonly transactions: TransactionRunner,
    private readonly storage: FileStorage,
    private readonly jobs: JobQueue,
  ) {}

  /** The event's certificates, a page at a time, with what the final results call for. */
  async ofEvent(principal: Principal, eventId: string, query: CertificateListQuery): Promise<EventCertificates> {
    const source = await this.certificates.source(eventId);
    if (!source) throw new AppError(ErrorCode.NotFound, '赛项不存在');
    const [counts, batches, page] = await Promise.all([this.certificates.counts(eventId), this.certificates.batches(eventId), this.certificates.list(eventId, query)]);
    const issuable = ISSUABLE.includes(source.event.status) && source.finalVersion !== null;
    return {
      eventId,
      eventTitle: source.event.title,
      issuable,
      notIssuableReason: issuable ? null : '成绩确认为最终成绩后才能生成证书',
      planned: issuable ? planCertificates(source).length : 0,
      issued: counts.issued,
      revoked: counts.revoked,
      byKind: counts.byKind,
      batches: batches.map(batchView),
      items: page.items.map(certificateView),
      page: query.page,
      pageSize: query.pageSize,
      total: page.total,
    };
  }

  /**
   * 一键生成: a batch for the certificates the final results call for and the event does not
   * have yet, as chunk jobs with ids `<batch>-<chunk>` (enqueuing twice adds nothing).
   */
  async issue(principal: Principal, eventId: string, meta: RequestMeta): Promise<CertificateBatchView> {
    const batch = await this.transactions.run(async (tx) => {
      // The event row lock: two clicks make one batch.
      if ((await this.results.lock(eventId, tx)) === null) throw new AppError(ErrorCode.NotFound, '赛项不存在');
      const source = await this.certificates.source(eventId, tx);
      if (!source || !ISSUABLE.includes(source.event.status) || source.finalVersion === null) {
        throw new AppError(ErrorCode.InvalidTransition, '成绩确认为最终成绩后才能生成证书');
      }
      const open = await this.certificates.openBatch(eventId, tx);
      if (open) throw new AppError(ErrorCode.Conflict, '本赛项已有一批证书正在生成，请等待完成');
      const plan = planCertificates(source);
      const issued = await this.certificates.issuedKeys(eventId, tx);
      const missing = plan.filter((p) => !issued.has(`${p.personKey}:${p.kind}`)).length;
      if (plan.length === 0) throw new AppError(ErrorCode.Conflict, '最终成绩中没有可获得证书的选手');
      if (missing === 0) throw new AppError(ErrorCode.Conflict, `本赛项的 ${plan.length} 张证书均已生成，无需再次生成`);
      const id = randomUUID();
      const chunks = Math.ceil(plan.length / CERTIFICATE_CHUNK_SIZE);
      await this.certificates.createBatch({ id, eventId, resultsVersion: source.finalVersion, total: missing, chunks, chunkSize: CERTIFICATE_CHUNK_SIZE, createdBy: principal.user.id }, tx);
      await this.audit.append(
        {
          ...actorOf(principal),
          action: 'certificate.batch_started',
          entityType: 'certificate_batch',
          entityId: id,
          detail: { eventId, resultsVersion: source.finalVersion, planned: plan.length, missing, chunks },
          ...meta,
        },
        tx,
      );
      return (await this.certificates.batch(id, tx)) as CertificateBatchRecord;
    });
    try {
      for (let chunk = 0; chunk < batch.chunks; chunk += 1) {
        await this.jobs.enqueue('certificates.issue', { batchId: batch.id, chunk, size: batch.chunkSize }, { jobId: `${batch.id}-${chunk}`, attempts: 5 });
      }
    } catch (error) {
      await this.certificates.failBatch(batch.id, '后台任务队列暂时不可用，请稍后重新生成');
      throw error;
    }
    return batchView(batch);
  }

  async batch(id: string): Promise<CertificateBatchView> {
    const batch = await this.certificates.batch(id);
    if (!batch) throw new AppError(ErrorCode.NotFound, '证书批次不存在');
    return batchView(batch);
  }

  /** One certificate's PDF: to the person (registrant or member), the bureau, or the event's department. */
  async file(principal: Principal, id: string, meta: RequestMeta): Promise<{ fileName: string; stream: Readable }> {
    const certificate = await this.certificates.one(id);
    if (!certificate) throw new AppError(ErrorCode.NotFound, '证书不存在');
    const own =
      certificate.registrantUserId === principal.user.id ||
      (principal.roles.includes('contestant') && (await this.registrations.userIdNumberHmac(principal.user.id)) === certificate.personKey);
    const staff =
      principal.roles.includes('bureau_admin') || principal.grants.some((g) => g.role === 'department_organizer' && g.organisationId === certificate.organizerOrgId);
    if (!own && !staff) throw new AppError(ErrorCode.NotFound, '证书不存在');
    if ((await this.storage.size(certificate.storageKey)) === null) throw new AppError(ErrorCode.NotFound, '证书文件不存在，请联系市人社局重新生成');
    if (!own) {
      await this.audit.append({ ...actorOf(principal), action: 'certificate.downloaded', entityType: 'certificate', entityId: id, detail: { number: certificate.number }, ...meta });
    }
    return { fileName: `${certificate.number}-${certificate.personName}.pdf`, stream: this.storage.read(certificate.storageKey) };
  }

  /**
   * Every certificate of the event and its final results' xlsx as one ZIP: checked and audited
   * here (errors still reach the caller as HTTP errors); `write` streams it once headers are out.
   */
  async zip(principal: Principal, eventId: string, meta: RequestMeta): Promise<{ fileName: string; write: (out: Writable) => Promise<number> }> {
    const source = await this.certificates.source(eventId);
    if (!source) throw new AppError(ErrorCode.NotFound, '赛项不存在');
    if (source.finalVersion === null) throw new AppError(ErrorCode.InvalidTransition, '成绩确认为最终成绩后才能下载证书');
    const { sheet, fileBase } = await this.resultsService.sheet(eventId, source.finalVersion, 'staff');
    const xlsx = await renderResultsXlsx(sheet);
    await this.audit.append({ ...actorOf(principal), action: 'certificate.zip_downloaded', entityType: 'competition_event', entityId: eventId, detail: {}, ...meta });
    return {
      fileName: `${source.event.title}-证书.zip`,
      write: (out) => writeCertificatesZip(out, eventId, this.certificates, this.storage, [{ name: `${fileBase}.xlsx`, content: xlsx }]),
    };
  }

  async mine(principal: Principal): Promise<MyCertificates> {
    const personKey = await this.registrations.userIdNumberHmac(principal.user.id);
    const rows = await this.certificates.mine(principal.user.id, personKey);
    return { items: rows.map((r) => ({ ...certificateView(r), eventTitle: r.eventTitle })) };
  }

  async revoke(principal: Principal, id: string, reason: string, meta: RequestMeta): Promise<CertificateView> {
    return this.transactions.run(async (tx) => {
      const certificate = await this.certificates.one(id, tx);
      if (!certificate) throw new AppError(ErrorCode.NotFound, '证书不存在');
      if (!(await this.certificates.revoke(id, reason, principal.user.id, tx))) throw new AppError(ErrorCode.Conflict, `证书 ${certificate.number} 已于此前撤销`);
      await this.audit.append(
        { ...actorOf(principal), action: 'certificate.revoked', entityType: 'certificate', entityId: id, detail: { number: certificate.number, eventId: certificate.eventId, reason }, ...meta },
        tx,
      );
      return certificateView((await this.certificates.one(id, tx)) as CertificateRecord);
    });
  }

  // ── public verification ──

  /**
   * What the QR code's page shows: the number's format is checked first (a typo is caught by
   * its check character), then the stored content's signature against the key that made it.
   */
  async verify(number: string): Promise<CertificateVerification> {
    const normalised = number.trim().toUpperCase();
    const parsed = parseCertificateNumber(normalised);
    const empty = { content: null, signature: null, keyId: null, revoked: null };
    if (!parsed.ok) return { number, status: 'malformed', message: `${VERIFICATION_STATUS_LABELS.malformed}：${parsed.message}`, ...empty };
    const row = await this.certificates.byNumber(normalised);
    if (!row) return { number: normalised, status: 'unknown', message: `${VERIFICATION_STATUS_LABELS.unknown}：编号 ${normalised} 不是达州市技能竞赛颁发的证书`, ...empty };
    const content = CertificateContentView.safeParse(row.content);
    let signed = false;
    if (content.success && content.data.number === normalised && content.data.keyId === row.keyId) {
      const { publicKey } = certificatePublicKeyFromPem(row.publicKeyPem);
      signed = verifyCertificate(content.data as CertificateContent, row.signature, publicKey);
    }
    const shown = content.success ? content.data : null;
    const base = { number: normalised, content: shown, signature: row.signature, keyId: row.keyId };
    if (!signed) {
      return { ...base, status: 'tampered', message: `${VERIFICATION_STATUS_LABELS.tampered}：证书内容与签名不符，可能已被篡改，请以市人社局的记录为准`, revoked: null };
    }
    if (row.revokedAt) {
      return {
        ...base,
        status: 'revoked',
        message: `${VERIFICATION_STATUS_LABELS.revoked}：${row.revokedReason ?? ''}`,
        revoked: { at: row.revokedAt.toISOString(), reason: row.revokedReason ?? '' },
      };
    }
    return { ...base, status: 'valid', message: `${VERIFICATION_STATUS_LABELS.valid}：签名有效，内容与颁发时一致`, revoked: null };
  }

  async keys(): Promise<CertificateKeys> {
    const keys = await this.certificates.keys();
    return { keys: keys.map((k) => ({ keyId: k.keyId, algorithm: 'Ed25519' as const, publicKeyPem: k.publicKeyPem, createdAt: k.createdAt.toISOString() })) };
  }

  /** The newest signing key, as PEM text. */
  async currentKeyPem(): Promise<string> {
    const [latest] = await this.certificates.keys();
    if (!latest) throw new AppError(ErrorCode.NotFound, '尚未生成签名密钥：后台服务首次启动后即可获取');
    return latest.publicKeyPem;
  }

  // ── templates ──

  async templates(tx?: Tx): Promise<CertificateTemplateList> {
    const saved = await this.certificates.templates(tx);
    const items: CertificateTemplateView[] = [];
    for (const series of SERIES) {
      for (const kind of CERTIFICATE_KIND_VALUES) {
        const t = saved.find((s) => s.series === series && s.kind === kind);
        items.push(
          t
            ? {
                series,
                kind,
                title: t.title,
                body: t.body,
                signatureLine: t.signatureLine,
                hasBackground: t.background !== null,
                version: t.version,
                updatedAt: t.updatedAt.toISOString(),
                updatedByName: t.updatedByName,
              }
            : { series, kind, ...DEFAULT_CERTIFICATE_TEMPLATES[kind], hasBackground: false, version: 0, updatedAt: null, updatedByName: null },
        );
      }
    }
    return { items, placeholders: Object.keys(CERTIFICATE_PLACEHOLDERS) };
  }

  async saveTemplate(
    principal: Principal,
    series: Series,
    kind: CertificateKind,
    body: CertificateTemplateBody,
    background: UploadedBackground | undefined,
    meta: RequestMeta,
  ): Promise<CertificateTemplateView> {
    const problems = [
      ...templateProblems(body.title).map((m) => ({ path: 'title', message: m })),
      ...templateProblems(body.body).map((m) => ({ path: 'body', message: m })),
      ...templateProblems(body.signatureLine).map((m) => ({ path: 'signatureLine', message: m })),
    ];
    if (problems.length > 0) throw new AppError(ErrorCode.ValidationFailed, problems[0].message, problems);
    let image: { bytes: Buffer; type: 'image/png' | 'image/jpeg' } | null | undefined = body.removeBackground ? null : undefined;
    if (background) {
      const type = imageType(background.buffer);
      if (!type) throw new AppError(ErrorCode.UnsupportedMediaType, '背景图片应为 PNG 或 JPEG 格式', [{ path: 'background', message: '背景图片应为 PNG 或 JPEG 格式' }]);
      image = { bytes: background.buffer, type };
    }
    return this.transactions.run(async (tx) => {
      const saved = await this.certificates.saveTemplate({ series, kind, title: body.title, body: body.body, signatureLine: body.signatureLine, background: image }, body.version, principal.user.id, tx);
      if (!saved) throw new AppError(ErrorCode.Conflict, '模板已被他人修改，请刷新后重新编辑');
      await this.audit.append(
        {
          ...actorOf(principal),
          action: 'certificate.template_saved',
          entityType: 'certificate_template',
          entityId: `${series}:${kind}`,
          detail: { series, kind, title: body.title, background: image === undefined ? 'kept' : image === null ? 'removed' : image.type },
          ...meta,
        },
        tx,
      );
      const list = await this.templates(tx);
      return list.items.find((t) => t.series === series && t.kind === kind) as CertificateTemplateView;
    });
  }
}

function batchView(b: CertificateBatchRecord): CertificateBatchView {
  return {
    id: b.id,
    eventId: b.eventId,
    status: b.status,
    resultsVersion: b.resultsVersion,
    total: b.total,
    issued: b.issued,
    chunks: b.chunks,
    chunksDone: b.chunksDone,
    message: b.message,
    createdAt: b.createdAt.toISOString(),
    createdByName: b.createdByName,
    finishedAt: b.finishedAt?.toISOString() ?? null,
  };
}

function certificateView(c: CertificateRecord): CertificateView {
  return {
    id: c.id,
    eventId: c.eventId,
    entryId: c.entryId,
    number: c.number,
    kind: c.kind,
    personName: c.personName,
    idNumberMasked: c.idNumberMasked,
    award: c.award,
    titles: c.titles,
    issuedAt: c.issuedAt.toISOString(),
    revoked: c.revokedAt ? { at: c.revokedAt.toISOString(), reason: c.revokedReason ?? '', byName: c.revokedByName } : null,
  };
}
