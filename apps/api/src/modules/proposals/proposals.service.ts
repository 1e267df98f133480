import {
  AppError,
  ErrorCode,
  EVENT_FIELD_LABELS,
  EVENT_STATUS_LABELS,
  type EventDraftBody,
  type EventStatus,
  type ProposalDetail,
  type ProposalList,
  type ProposalListQuery,
  type TransitionBody,
  type VersionDiff,
} from '@dz/contracts';
import { allowedTransitions, EVENT_ACTION_LABELS, RESULTS_PUBLIC_STATUSES, transitionEvent, type EventActor } from '@dz/domain';
import {
  AuditRepository,
  CatalogueRepository,
  FileStorage,
  InboxRepository,
  OrganisationRepository,
  ProposalRepository,
  RegistrationRepository,
  TransactionRunner,
  UserRepository,
  type ProposalRecord,
  type Tx,
} from '@dz/persistence';
import { Injectable } from '@nestjs/common';
import { createHash, randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';
import type { RequestMeta } from '../auth/auth.types';
import { actorOf, type Principal } from '../auth/principal';
import { JobQueue } from '../queue/job-queue';
import { StandingsBroadcaster } from '../standings/standings.broadcaster';

const EDITABLE: readonly EventStatus[] = ['draft', 'returned'];
/** Steps taken only through the results (ResultsService): they need a computed, current version. */
const RESULTS_STEPS: readonly EventStatus[] = ['under_notice', 'final'];
export const MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024;

export interface UploadedPdf {
  originalname: string;
  mimetype: string;
  size: number;
  buffer: Buffer;
}

/** The lifecycle actor of a principal for one event: its department there, else its bureau grant. */
export function actorFor(principal: Principal, proposerOrganisationId: string): EventActor {
  const own = principal.grants.find((g) => g.role === 'department_organizer' && g.organisationId === proposerOrganisationId);
  const bureau = principal.grants.find((g) => g.role === 'bureau_admin');
  return { roles: principal.roles, organisationId: own?.organisationId ?? bureau?.organisationId ?? principal.organisationIds[0] ?? '' };
}

/**
 * Proposals (申报) from draft to published and on through the lifecycle. Every change is one
 * transaction with its history row and audit record; a change names the version it read, so
 * of two people acting at once exactly one wins and the other gets 409.
 */
@Injectable()
export class ProposalsService {
  constructor(
    private readonly proposals: ProposalRepository,
    private readonly catalogues: CatalogueRepository,
    private readonly organisations: OrganisationRepository,
    private readonly users: UserRepository,
    private readonly inbox: InboxRepository,
    private readonly audit: AuditRepository,
    private readonly transactions: TransactionRunner,
    private readonly storage: FileStorage,
    private readonly jobs: JobQueue,
    private readonly registrations: RegistrationRepository,
    private readonly boards: StandingsBroadcaster,
  ) {}

  async create(principal: Principal, draft: EventDraftBody, meta: RequestMeta): Promise<ProposalDetail> {
    const department = principal.grants.find((g) => g.role === 'department_organizer' && g.organisationId)?.organisationId;
    if (!department) throw new AppError(ErrorCode.Forbidden, '请使用行业主管部门账号申报');
    const occupationName = await this.checkReferences(draft);
    const id = await this.transactions.run(async (tx) => {
      const eventId = await this.proposals.create({ draft, occupationName, organizerOrgId: department, createdBy: principal.user.id }, tx);
      await this.audit.append({ ...actorOf(principal), action: 'proposal.created', entityType: 'event', entityId: eventId, detail: { after: { title: draft.title } }, ...meta }, tx);
      return eventId;
    });
    return this.detail(principal, id);
  }

  async detail(principal: Principal, id: string): Promise<ProposalDetail> {
    const record = await this.load(id);
    const [history, versions, attachment] = await Promise.all([this.proposals.history(id), this.proposals.versions(id), this.proposals.attachment(id)]);
    const actions = allowedTransitions(record.status, { actor: actorFor(principal, record.organizerOrgId), proposerOrganisationId: record.organizerOrgId });
    return {
      id: record.id,
      status: record.status,
      version: record.version,
      organizerOrgId: record.organizerOrgId,
      organizerName: record.organizerName,
      occupationName: record.occupationName,
      industryName: record.industryName,
      draft: record.draft,
      attachment: attachment ? { id: attachment.id, filename: attachment.filename, sizeBytes: attachment.sizeBytes, uploadedAt: attachment.uploadedAt.toISOString() } : null,
      history: history.map((h) => ({ ...h, at: new Date(h.at).toISOString() })),
      versions: versions.map((v) => ({ number: v.number, submittedAt: v.submittedAt.toISOString() })),
      // Results are put under notice and made final on the results page (ResultsService), not here.
      allowedActions: actions.filter((t) => !RESULTS_STEPS.includes(t.to)).map((t) => ({ to: t.to, label: EVENT_ACTION_LABELS[t.action], reasonRequired: t.reasonRequired })),
      updatedAt: record.updatedAt.toISOString(),
    };
  }

  async list(principal: Principal, query: ProposalListQuery): Promise<ProposalList> {
    const everywhere = principal.roles.includes('bureau_admin');
    const own = principal.grants.filter((g) => g.role === 'department_organizer' && g.organisationId).map((g) => g.organisationId as string);
    return this.proposals.list(query, { organizerOrgIds: everywhere ? null : own });
  }

  async update(principal: Principal, id: string, version: number, draft: EventDraftBody, meta: RequestMeta): Promise<ProposalDetail> {
    const record = await this.load(id);
    if (!EDITABLE.includes(record.status)) {
      throw new AppError(ErrorCode.InvalidTransition, `「${EVENT_STATUS_LABELS[record.status]}」状态的申报不能修改`);
    }
    const occupationName = await this.checkReferences(draft);
    await this.transactions.run(async (tx) => {
      if (!(await this.proposals.updateDraft(id, version, draft, occupationName, tx))) {
        throw new AppError(ErrorCode.Conflict, '该申报已被他人修改，请刷新后重试');
      }
      await this.audit.append(
        { ...actorOf(principal), action: 'proposal.updated', entityType: 'event', entityId: id, detail: { changed: changedFields(record.draft, draft) }, ...meta },
        tx,
      );
    });
    return this.detail(principal, id);
  }

  /**
   * Moves the event on. Putting results under notice and making them final go through the
   * results (ResultsService), which passes `results`: what it writes in the same transaction.
   */
  async transition(principal: Principal, id: string, body: TransitionBody, meta: RequestMeta, options: { results?: (tx: Tx) => Promise<void> } = {}): Promise<ProposalDetail> {
    if (RESULTS_STEPS.includes(body.to) && !options.results) {
      throw new AppError(ErrorCode.InvalidTransition, '公示成绩和确定成绩请在赛项管理的「成绩」页中进行');
    }
    const record = await this.load(id);
    if (record.version !== body.version) throw new AppError(ErrorCode.Conflict, '该赛项已被他人处理，请刷新后查看最新状态');
    const checked = transitionEvent(record.status, body.to, actorFor(principal, record.organizerOrgId), {
      proposerOrganisationId: record.organizerOrgId,
      reason: body.reason,
    });
    if (!checked.ok) {
      if (checked.code === 'REASON_REQUIRED') throw new AppError(ErrorCode.ValidationFailed, checked.message, [{ path: 'reason', message: checked.message }]);
      throw new AppError(checked.code, checked.message);
    }
    if (body.comments.length > 0 && body.to !== 'returned') {
      throw new AppError(ErrorCode.ValidationFailed, '只有退回修改时可以逐项填写意见', [{ path: 'comments', message: '只有退回修改时可以逐项填写意见' }]);
    }
    const action = checked.transition.action;
    const recipients = await this.recipients(record, body.to, principal.user.id);
    await this.transactions.run(async (tx) => {
      if (!(await this.proposals.move(id, body.version, record.status, body.to, tx))) {
        throw new AppError(ErrorCode.Conflict, '该赛项已被他人处理，请刷新后查看最新状态');
      }
      await this.proposals.recordTransition(
        { eventId: id, from: record.status, to: body.to, actorUserId: principal.user.id, actorRoles: principal.roles, reason: body.reason ?? null, comments: body.comments },
        tx,
      );
      if (body.to === 'submitted') await this.proposals.saveVersion(id, record.draft, principal.user.id, tx);
      await options.results?.(tx);
      // Results are published: the judging-code seeds of its draws can be revealed (抽签复核).
      if (body.to === 'under_notice') await this.registrations.revealCodeSeeds(id, tx);
      await this.audit.append(
        {
          ...actorOf(principal),
          action: `event.${action}`,
          entityType: 'event',
          entityId: id,
          detail: { before: { status: record.status }, after: { status: body.to }, reason: body.reason ?? null, comments: body.comments.length },
          ...meta,
        },
        tx,
      );
      await this.inbox.deliver(
        recipients.map((r) => r.id),
        {
          title: `「${record.draft.title}」${EVENT_ACTION_LABELS[action]}`,
          body: `${principal.user.displayName}将赛项状态由「${EVENT_STATUS_LABELS[record.status]}」变为「${EVENT_STATUS_LABELS[body.to]}」${body.reason ? `：${body.reason}` : ''}`,
          link: `/proposals/${id}`,
        },
        tx,
      );
    });
    // Results published: the boards show what the public may now see (names on blind boards too).
    if (RESULTS_PUBLIC_STATUSES.includes(body.to)) this.boards.reset(id, 'published');
    // SMS through the Notifier, after the commit, for the recipients with a phone number.
    for (const recipient of recipients.filter((r) => r.phone)) {
      await this.jobs.enqueue('notification.send', {
        channel: 'sms',
        recipientUserId: recipient.id,
        to: recipient.phone as string,
        template: 'generic',
        params: { text: `「${record.draft.title}」已${EVENT_ACTION_LABELS[action]}，请登录系统查看。` },
      });
    }
    return this.detail(principal, id);
  }

  async diff(id: string, from: number, to: number): Promise<VersionDiff> {
    const [before, after] = await Promise.all([this.proposals.version(id, from), this.proposals.version(id, to)]);
    if (!before || !after) throw new AppError(ErrorCode.NotFound, '该版本不存在');
    const changes = changedFields(before, after).map((field) => ({ field, label: EVENT_FIELD_LABELS[field], before: before[field], after: after[field] }));
    return { from, to, changes };
  }

  async attach(principal: Principal, id: string, file: UploadedPdf | undefined, meta: RequestMeta): Promise<ProposalDetail> {
    const record = await this.load(id);
    if (!EDITABLE.includes(record.status)) throw new AppError(ErrorCode.InvalidTransition, `「${EVENT_STATUS_LABELS[record.status]}」状态的申报不能更换附件`);
    if (!file) throw new AppError(ErrorCode.ValidationFailed, '请选择要上传的文件', [{ path: 'file', message: '请选择要上传的文件' }]);
    const isPdf = file.mimetype === 'application/pdf' && /\.pdf$/i.test(file.originalname) && file.buffer.subarray(0, 5).toString('latin1') === '%PDF-';
    if (!isPdf) throw new AppError(ErrorCode.UnsupportedMediaType, '竞赛方案须为 PDF 文件');
    if (file.size > MAX_ATTACHMENT_BYTES) throw new AppError(ErrorCode.PayloadTooLarge, '竞赛方案不能超过 10 MB');
    const key = `proposals/${id}/${randomUUID()}.pdf`;
    await this.storage.put(key, file.buffer);
    // multer decodes the filename as latin1; browsers send UTF-8.
    const filename = Buffer.from(file.originalname, 'latin1').toString('utf8').slice(0, 120);
    await this.transactions.run(async (tx) => {
      await this.proposals.saveAttachment(
        { eventId: id, filename, sizeBytes: file.size, sha256: createHash('sha256').update(file.buffer).digest('hex'), storageKey: key, uploadedBy: principal.user.id },
        tx,
      );
      await this.audit.append({ ...actorOf(principal), action: 'proposal.attachment_uploaded', entityType: 'event', entityId: id, detail: { filename, sizeBytes: file.size }, ...meta }, tx);
    });
    return this.detail(principal, id);
  }

  async attachment(id: string): Promise<{ filename: string; stream: Readable }> {
    const attachment = await this.proposals.attachment(id);
    if (!attachment) throw new AppError(ErrorCode.NotFound, '该申报没有上传竞赛方案');
    return { filename: attachment.filename, stream: this.storage.read(attachment.storageKey) };
  }

  private async load(id: string): Promise<ProposalRecord> {
    const record = await this.proposals.find(id);
    if (!record) throw new AppError(ErrorCode.NotFound, '赛项不存在');
    return record;
  }

  /** References must exist: the occupation (its name is copied), the industry, co-organisers. */
  private async checkReferences(draft: EventDraftBody): Promise<string> {
    const occupationName = await this.catalogues.occupationName(draft.occupationCode);
    if (!occupationName) throw new AppError(ErrorCode.ValidationFailed, '职业不在目录中', [{ path: 'occupationCode', message: '该职业不在职业目录中' }]);
    if (!(await this.catalogues.industryName(draft.industryId))) {
      throw new AppError(ErrorCode.ValidationFailed, '产业不在目录中', [{ path: 'industryId', message: '该产业不在产业目录中' }]);
    }
    for (const [index, organisationId] of draft.coOrganizerIds.entries()) {
      const organisation = await this.organisations.findById(organisationId);
      if (!organisation || organisation.kind !== 'co_organizer') {
        throw new AppError(ErrorCode.ValidationFailed, '协办单位有误', [{ path: `coOrganizerIds.${index}`, message: '不是已登记的协办单位' }]);
      }
    }
    return occupationName;
  }

  /** Who hears of a transition: the bureau for a submission, the department for the rest. */
  private async recipients(record: ProposalRecord, to: EventStatus, actorId: string): Promise<{ id: string; phone: string | null }[]> {
    const ids = to === 'submitted' ? await this.proposals.holdersOf('bureau_admin', null) : await this.proposals.holdersOf('department_organizer', record.organizerOrgId);
    const users = await Promise.all(ids.filter((id) => id !== actorId).map((id) => this.users.findById(id)));
    return users.filter((u) => u !== null).map((u) => ({ id: u.id, phone: u.phone }));
  }
}

/** The draft fields whose content differs (key order does not count: jsonb reorders keys). */
export function changedFields(before: EventDraftBody, after: EventDraftBody): (keyof EventDraftBody)[] {
  return (Object.keys(EVENT_FIELD_LABELS) as (keyof EventDraftBody)[]).filter((field) => canonical(before[field]) !== canonical(after[field]));
}

function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, inner: unknown) =>
    inner && typeof inner === 'object' && !Array.isArray(inner)
      ? Object.fromEntries(Object.entries(inner as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b)))
      : inner,
  );
}
