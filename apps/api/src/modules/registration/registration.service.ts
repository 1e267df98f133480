import {
  AppError,
  ErrorCode,
  PUBLIC_EVENT_STATUSES,
  type EligibilityReply,
  type EntryDecisionBody,
  type EntryDecisionReply,
  type EntryList,
  type EntryListQuery,
  type EntryStatus,
  type EntryView,
  type FieldIssue,
  type MyEntries,
  type RegisterBody,
  type WithdrawBody,
} from '@dz/contracts';
import { freeSeats, transitionEntry, type EntryAction, type EntryActor } from '@dz/domain';
import {
  AuditRepository,
  CatalogueRepository,
  checkMember,
  EventRepository,
  InboxRepository,
  PiiCipher,
  prepareMember,
  RegistrationRepository,
  TransactionRunner,
  type EligibilityContext,
  type EntryEntity,
  type EntryMemberEntity,
  type EventSeats,
  type MemberRow,
  type RegistrationEvent,
  type Tx,
} from '@dz/persistence';
import { Injectable } from '@nestjs/common';
import type { RequestMeta } from '../auth/auth.types';
import { actorOf, type Principal } from '../auth/principal';
import { JobQueue } from '../queue/job-queue';
import { TicketSigner } from './ticket-signer';

/** Which form field an eligibility rule points at. */
const RULE_FIELD = {
  resident_id: 'idNumber',
  age: 'idNumber',
  skill_level: 'skillLevel',
  county: 'county',
  employer: 'employerInDazhou',
  occupation: 'occupationCode',
} as const;

/** Event states in which the organiser still reviews entries. */
const REVIEWABLE = ['published', 'registration_closed'] as const;

interface Promotion {
  entryIds: string[];
}

/**
 * Entries (报名): eligibility, admission with exact capacity, the waitlist, review and
 * withdrawal. Every change of who holds a seat runs under the event row's lock, in one
 * transaction with its audit record; a freed seat promotes the earliest waitlisted entry in
 * that same transaction.
 */
@Injectable()
export class RegistrationService {
  constructor(
    private readonly registrations: RegistrationRepository,
    private readonly events: EventRepository,
    private readonly catalogues: CatalogueRepository,
    private readonly inbox: InboxRepository,
    private readonly audit: AuditRepository,
    private readonly transactions: TransactionRunner,
    private readonly cipher: PiiCipher,
    private readonly jobs: JobQueue,
    private readonly tickets: TicketSigner,
  ) {}

  /** The event as registration needs it; 404 unless the public may see it. */
  private async openEvent(eventId: string): Promise<RegistrationEvent> {
    const event = await this.registrations.eventFor(eventId);
    if (!event || !(PUBLIC_EVENT_STATUSES as readonly string[]).includes(event.status)) throw new AppError(ErrorCode.NotFound, '赛项不存在');
    return event;
  }

  private async eligibilityContext(event: RegistrationEvent): Promise<EligibilityContext> {
    const occupations = await this.catalogues.occupations();
    return {
      eligibility: event.eligibility,
      startsAt: event.startsAt,
      occupationNames: Object.fromEntries(occupations.map((o) => [o.code, o.name])),
    };
  }

  private assertOpen(event: RegistrationEvent, now: Date): void {
    if (event.status !== 'published') throw new AppError(ErrorCode.InvalidTransition, '该赛项当前不在报名期');
    if (now >= event.registrationClosesAt) throw new AppError(ErrorCode.InvalidTransition, '报名已截止');
  }

  private checkTeam(body: RegisterBody, teamSize: number): void {
    if (teamSize === 1) {
      if (body.members.length !== 1) {
        throw new AppError(ErrorCode.ValidationFailed, '个人赛每条报名只填写一名选手', [{ path: 'members', message: '个人赛只填写一名选手' }]);
      }
      return;
    }
    const issues: FieldIssue[] = [];
    if (body.members.length !== teamSize) issues.push({ path: 'members', message: `团体赛每队须为 ${teamSize} 人（现为 ${body.members.length} 人）` });
    if (!body.teamName) issues.push({ path: 'teamName', message: '团体赛须填写团队名称' });
    if (issues.length > 0) throw new AppError(ErrorCode.ValidationFailed, issues.map((i) => i.message).join('；'), issues);
  }

  async eligibility(eventId: string, body: RegisterBody): Promise<EligibilityReply> {
    const event = await this.openEvent(eventId);
    const context = await this.eligibilityContext(event);
    const members = body.members.map((person, index) => ({ index, name: person.name, failures: checkMember(person, context) }));
    const seatsLeft = freeSeats(event.capacity, await this.registrations.seatsHeld(eventId));
    return { eligible: members.every((m) => m.failures.length === 0), members, seatsLeft };
  }

  async register(principal: Principal, eventId: string, body: RegisterBody, meta: RequestMeta): Promise<EntryView> {
    const event = await this.openEvent(eventId);
    this.assertOpen(event, new Date());
    this.checkTeam(body, event.teamSize);
    const context = await this.eligibilityContext(event);

    const rows: MemberRow[] = [];
    const issues: FieldIssue[] = [];
    body.members.forEach((person, index) => {
      const prepared = prepareMember(person, context, this.cipher);
      if (prepared.ok) rows.push(prepared.row);
      else for (const f of prepared.failures) issues.push({ path: `members.${index}.${RULE_FIELD[f.rule]}`, message: f.message });
    });
    if (issues.length > 0) {
      throw new AppError(ErrorCode.ValidationFailed, `不符合报名条件：${issues.map((i) => i.message).join('；')}`, issues);
    }
    // The first person is the one registering: when the account holds an ID number, it must be theirs.
    const ownHmac = await this.registrations.userIdNumberHmac(principal.user.id);
    if (ownHmac !== null && rows[0].idNumberHmac !== ownHmac) {
      const message = body.members.length > 1 ? '队长（第一位选手）须为本人，身份证号与账号不一致' : '只能为本人报名：身份证号与账号登记的不一致';
      throw new AppError(ErrorCode.ValidationFailed, message, [{ path: 'members.0.idNumber', message }]);
    }

    const entry = await this.transactions.run(async (tx) => {
      const seats = await this.lock(eventId, tx);
      const [result] = await this.registrations.admit(
        seats,
        [{ teamName: body.teamName, source: 'self', registrantUserId: principal.user.id, importId: null, members: rows }],
        tx,
      );
      if (!result.ok) {
        const duplicateIssues = result.duplicateMembers.map((i) => ({ path: `members.${i}.idNumber`, message: `${body.members[i].name}已报名本赛项` }));
        throw new AppError(ErrorCode.Conflict, duplicateIssues.map((i) => i.message).join('；'), duplicateIssues);
      }
      const saved = result.entry;
      await this.audit.append(
        { ...actorOf(principal), action: 'entry.registered', entityType: 'entry', entityId: saved.id, detail: { eventId, number: saved.number, status: saved.status, members: rows.length }, ...meta },
        tx,
      );
      const position = saved.status === 'waitlisted' ? (await this.registrations.waitlistPositions([eventId], tx)).get(saved.id) : undefined;
      await this.inbox.deliver(
        [principal.user.id],
        {
          title: saved.status === 'waitlisted' ? `「${event.title}」名额已满，您在候补第 ${position} 位` : `「${event.title}」报名已提交`,
          body: saved.status === 'waitlisted' ? '有名额空出时将按报名先后依次递补，并通知您。' : '请等待主办单位审核。',
          link: '/me/entries',
        },
        tx,
      );
      return saved;
    });
    return this.viewOne(entry.id, { forOwner: true });
  }

  async myEntries(principal: Principal): Promise<MyEntries> {
    const hmac = await this.registrations.userIdNumberHmac(principal.user.id);
    const entries = await this.registrations.entriesOfPerson(principal.user.id, hmac);
    return { items: await this.views(entries, { forOwner: true }) };
  }

  async list(eventId: string, query: EntryListQuery): Promise<EntryList> {
    const event = await this.openEvent(eventId);
    const [{ items, total }, counts] = await Promise.all([this.registrations.listForEvent(eventId, query), this.registrations.countsByStatus(eventId)]);
    return { items: await this.views(items, { forOwner: false }), total, counts, capacity: event.capacity };
  }

  /** The contestant themself (registrant or member) or the event's organiser; else 404. */
  private async actorOn(principal: Principal, entry: EntryEntity): Promise<EntryActor | null> {
    const organiser = await this.events.organizerOf(entry.eventId);
    if (principal.grants.some((g) => g.role === 'bureau_admin' || (g.role === 'department_organizer' && g.organisationId === organiser))) return 'organiser';
    if (entry.registrantUserId === principal.user.id) return 'contestant';
    const hmac = await this.registrations.userIdNumberHmac(principal.user.id);
    if (hmac !== null) {
      const members = (await this.registrations.membersOf([entry.id])).get(entry.id) ?? [];
      if (members.some((m) => m.idNumberHmac === hmac)) return 'contestant';
    }
    return null;
  }

  async withdraw(principal: Principal, entryId: string, body: WithdrawBody, meta: RequestMeta): Promise<EntryView> {
    const found = await this.registrations.findEntry(entryId);
    const actor = found ? await this.actorOn(principal, found) : null;
    if (!found || !actor) throw new AppError(ErrorCode.NotFound, '报名不存在');
    const promotion = await this.transactions.run(async (tx) => {
      const seats = await this.lock(found.eventId, tx);
      const entry = await this.registrations.findEntry(entryId, tx);
      if (!entry) throw new AppError(ErrorCode.NotFound, '报名不存在');
      const checked = transitionEntry(entry.status, 'withdraw', actor);
      if (!checked.ok) throw new AppError(checked.code === 'FORBIDDEN' ? ErrorCode.Forbidden : ErrorCode.InvalidTransition, checked.message);
      await this.change(principal, entry, 'withdraw', checked.to, body.reason ?? null, meta, tx);
      return checked.freesSeat ? this.promote(seats, tx) : { entryIds: [] };
    });
    await this.notifyPromoted(promotion);
    return this.viewOne(entryId, { forOwner: actor === 'contestant' });
  }

  async decide(principal: Principal, eventId: string, body: EntryDecisionBody, meta: RequestMeta): Promise<EntryDecisionReply> {
    const event = await this.openEvent(eventId);
    if (!(REVIEWABLE as readonly string[]).includes(event.status)) throw new AppError(ErrorCode.InvalidTransition, '该赛项当前不能审核报名');
    const action: EntryAction = body.action;
    const { reply, promotion } = await this.transactions.run(async (tx) => {
      const seats = await this.lock(eventId, tx);
      let held = await this.registrations.seatsHeld(eventId, tx);
      const updated: string[] = [];
      const failed: { id: string; message: string }[] = [];
      let freed = 0;
      const ids = [...new Set(body.entryIds)];
      const found = await this.registrations.findEntries(ids, tx);
      for (const id of ids) {
        const entry = found.get(id);
        if (!entry || entry.eventId !== eventId) {
          failed.push({ id, message: '报名不存在或不属于本赛项' });
          continue;
        }
        const checked = transitionEntry(entry.status, action, 'organiser', { reason: body.reason, seatFree: freeSeats(seats.capacity, held) > 0 });
        if (!checked.ok) {
          failed.push({ id, message: `第 ${entry.number} 号：${checked.message}` });
          continue;
        }
        await this.change(principal, entry, action, checked.to, body.reason ?? null, meta, tx);
        if (checked.takesSeat) held += 1;
        if (checked.freesSeat) {
          held -= 1;
          freed += 1;
        }
        updated.push(id);
      }
      const promoted = freed > 0 ? await this.promote(seats, tx) : { entryIds: [] };
      await this.notifyDecided(updated, action, event.title, body.reason ?? null, tx);
      return { reply: { updated, failed, promoted: promoted.entryIds }, promotion: promoted };
    });
    await this.notifyPromoted(promotion);
    return reply;
  }

  private async lock(eventId: string, tx: Tx): Promise<EventSeats> {
    const seats = await this.registrations.lockEvent(eventId, tx);
    if (!seats) throw new AppError(ErrorCode.NotFound, '赛项不存在');
    return seats;
  }

  private async change(principal: Principal | null, entry: EntryEntity, action: EntryAction, to: EntryStatus, reason: string | null, meta: RequestMeta, tx: Tx) {
    const after = await this.registrations.setStatus(entry, to, reason, tx);
    if (!after) throw new AppError(ErrorCode.Conflict, '该报名已被他人处理，请刷新后重试');
    await this.audit.append(
      {
        ...actorOf(principal ?? undefined),
        action: `entry.${action}`,
        entityType: 'entry',
        entityId: entry.id,
        detail: { eventId: entry.eventId, before: { status: entry.status }, after: { status: to }, reason },
        ...meta,
      },
      tx,
    );
    return after;
  }

  /** Fills free seats from the waitlist in arrival order (inside the caller's transaction). */
  private async promote(seats: EventSeats, tx: Tx): Promise<Promotion> {
    const free = freeSeats(seats.capacity, await this.registrations.seatsHeld(seats.id, tx));
    const next = await this.registrations.nextWaitlisted(seats.id, free, tx);
    const entryIds: string[] = [];
    for (const entry of next) {
      const checked = transitionEntry(entry.status, 'promote', 'system', { seatFree: true });
      if (!checked.ok) continue;
      await this.change(null, entry, 'promote', checked.to, null, { ip: null, correlationId: null }, tx);
      entryIds.push(entry.id);
    }
    const contacts = await this.registrations.registrantContacts(entryIds, tx);
    await this.inbox.deliver(
      contacts.map((c) => c.userId),
      { title: '候补递补成功：您已获得参赛名额', body: '有选手退出或未通过审核，您已按报名先后递补，请等待主办单位审核。', link: '/me/entries' },
      tx,
    );
    return { entryIds };
  }

  private async notifyPromoted(promotion: Promotion): Promise<void> {
    const contacts = await this.registrations.registrantContacts(promotion.entryIds);
    for (const c of contacts.filter((c) => c.phone)) {
      await this.jobs.enqueue('notification.send', { channel: 'sms', recipientUserId: c.userId, to: c.phone as string, template: 'waitlist_promoted', params: {} });
    }
  }

  private async notifyDecided(entryIds: string[], action: EntryAction, title: string, reason: string | null, tx: Tx): Promise<void> {
    const contacts = await this.registrations.registrantContacts(entryIds, tx);
    await this.inbox.deliver(
      contacts.map((c) => c.userId),
      {
        title: action === 'approve' ? `「${title}」报名审核通过` : `「${title}」报名未通过`,
        body: action === 'approve' ? '准考证已可在「我的报名」中查看和下载。' : `原因：${reason ?? ''}`,
        link: '/me/entries',
      },
      tx,
    );
  }

  async viewOne(entryId: string, options: { forOwner: boolean }): Promise<EntryView> {
    const entry = await this.registrations.findEntry(entryId);
    if (!entry) throw new AppError(ErrorCode.NotFound, '报名不存在');
    return (await this.views([entry], options))[0];
  }

  async views(entries: readonly EntryEntity[], options: { forOwner: boolean }): Promise<EntryView[]> {
    const ids = entries.map((e) => e.id);
    const eventIds = [...new Set(entries.map((e) => e.eventId))];
    const [members, positions, titles, draws] = await Promise.all([
      this.registrations.membersOf(ids),
      this.registrations.waitlistPositions(eventIds),
      this.registrations.eventTitles(eventIds),
      Promise.all(eventIds.map(async (id) => [id, await this.registrations.liveDraw(id)] as const)),
    ]);
    const twoStage = new Map(draws.map(([id, draw]) => [id, draw?.twoStage ?? false]));
    return entries.map((e) => toView(e, members.get(e.id) ?? [], {
      title: titles.get(e.eventId) ?? '',
      waitlistPosition: positions.get(e.id) ?? null,
      ticketPayload: options.forOwner && e.status === 'approved' ? this.tickets.payload(e.id) : null,
      twoStage: twoStage.get(e.eventId) ?? false,
    }));
  }
}

export function toView(
  e: EntryEntity,
  members: readonly EntryMemberEntity[],
  extra: { title: string; waitlistPosition: number | null; ticketPayload: string | null; twoStage: boolean },
): EntryView {
  return {
    id: e.id,
    number: e.number,
    eventId: e.eventId,
    eventTitle: extra.title,
    status: e.status,
    source: e.source,
    teamName: e.teamName,
    members: members.map((m) => ({
      name: m.name,
      idNumberMasked: m.idNumberMasked,
      phoneMasked: m.phoneMasked,
      county: m.county,
      employer: m.employer,
      skillLevel: (m.skillLevel as EntryView['members'][number]['skillLevel']) ?? null,
      certificateNo: m.certificateNo,
      occupationCode: m.occupationCode,
    })),
    waitlistPosition: e.status === 'waitlisted' ? extra.waitlistPosition : null,
    reason: e.status === 'rejected' || e.status === 'withdrawn' ? e.reason : null,
    workstation: e.workstation,
    // One-stage draws keep the judging code secret; two-stage ones give the contestant a check-in code.
    checkinCode: extra.twoStage ? e.checkinCode : null,
    attendance: e.attendance,
    checkedInAt: e.checkedInAt?.toISOString() ?? null,
    ticketAvailable: e.status === 'approved',
    ticketPayload: extra.ticketPayload,
    createdAt: e.createdAt.toISOString(),
    version: e.version,
  };
}
