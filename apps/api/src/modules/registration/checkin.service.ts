import { AppError, ENTRY_STATUS_LABELS, ErrorCode, type CheckinBody, type CheckinReply, type CloseCheckinReply, type EntryView, type LateArrivalBody } from '@dz/contracts';
import { AuditRepository, RegistrationRepository, TransactionRunner, type EntryEntity } from '@dz/persistence';
import { Injectable } from '@nestjs/common';
import type { RequestMeta } from '../auth/auth.types';
import { actorOf, type Principal } from '../auth/principal';
import { RegistrationService } from './registration.service';
import { renderTicket } from './ticket-pdf';
import { TicketSigner } from './ticket-signer';

/** Event states in which check-in (检录) happens. */
const CHECKIN_STATES = ['registration_closed', 'running'];

/**
 * The day: admission tickets (准考证) with a signed QR code, check-in (检录) by that code or by
 * search, no-shows at the cut-off (the start time) and late arrivals with a reason. Checking in
 * twice is harmless (venue Wi-Fi retries), and says so.
 */
@Injectable()
export class CheckinService {
  constructor(
    private readonly registrations: RegistrationRepository,
    private readonly entries: RegistrationService,
    private readonly audit: AuditRepository,
    private readonly transactions: TransactionRunner,
    private readonly tickets: TicketSigner,
  ) {}

  async ticket(principal: Principal, entryId: string): Promise<{ filename: string; pdf: Buffer }> {
    const entry = await this.registrations.findEntry(entryId);
    if (!entry || !(await this.mayRead(principal, entry))) throw new AppError(ErrorCode.NotFound, '报名不存在');
    if (entry.status !== 'approved') throw new AppError(ErrorCode.InvalidTransition, '报名审核通过后才能下载准考证');
    const event = await this.registrations.eventFor(entry.eventId);
    const [view] = await this.entries.views([entry], { forOwner: false });
    const pdf = await renderTicket({
      eventTitle: event?.title ?? '',
      venue: (await this.registrations.eventVenue(entry.eventId)) ?? '',
      startsAt: event?.startsAt ?? new Date(),
      number: entry.number,
      teamName: entry.teamName,
      members: view.members.map((m) => ({ name: m.name, idNumberMasked: m.idNumberMasked, employer: m.employer })),
      workstation: entry.workstation,
      checkinCode: view.checkinCode,
      payload: this.tickets.payload(entry.id),
    });
    return { filename: `准考证-${event?.title ?? ''}-${entry.number}.pdf`, pdf };
  }

  /** The registrant, a member (by ID number), the event's organiser or the bureau. */
  private async mayRead(principal: Principal, entry: EntryEntity): Promise<boolean> {
    if (entry.registrantUserId === principal.user.id) return true;
    const event = await this.registrations.eventFor(entry.eventId);
    if (principal.grants.some((g) => g.role === 'bureau_admin' || (g.role === 'department_organizer' && g.organisationId === event?.organizerOrgId))) return true;
    const hmac = await this.registrations.userIdNumberHmac(principal.user.id);
    if (hmac === null) return false;
    return ((await this.registrations.membersOf([entry.id])).get(entry.id) ?? []).some((m) => m.idNumberHmac === hmac);
  }

  async checkIn(principal: Principal, eventId: string, body: CheckinBody, meta: RequestMeta): Promise<CheckinReply> {
    const entryId = body.ticket !== undefined ? this.tickets.verify(body.ticket) : (body.entryId ?? null);
    if (!entryId) throw new AppError(ErrorCode.ValidationFailed, '准考证二维码无效或已被篡改', [{ path: 'ticket', message: '准考证二维码无效' }]);
    const alreadyCheckedIn = await this.transactions.run(async (tx) => {
      const event = await this.registrations.lockEvent(eventId, tx);
      if (!event) throw new AppError(ErrorCode.NotFound, '赛项不存在');
      if (!CHECKIN_STATES.includes(event.status)) throw new AppError(ErrorCode.InvalidTransition, '该赛项当前不在检录阶段');
      const entry = await this.registrations.findEntry(entryId, tx);
      if (!entry || entry.eventId !== eventId) throw new AppError(ErrorCode.NotFound, '不是本赛项的准考证');
      if (entry.status !== 'approved') throw new AppError(ErrorCode.InvalidTransition, `该报名状态为「${ENTRY_STATUS_LABELS[entry.status]}」，不能检录`);
      if (entry.attendance === 'checked_in' || entry.attendance === 'late') return true;
      if (entry.attendance === 'no_show') throw new AppError(ErrorCode.InvalidTransition, '已按缺考处理；迟到入场请由主办单位登记原因');
      await this.registrations.setAttendance(entry.id, { attendance: 'checked_in', checkedInAt: new Date(), checkedInBy: principal.user.id }, tx);
      await this.audit.append(
        { ...actorOf(principal), action: 'entry.checked_in', entityType: 'entry', entityId: entry.id, detail: { eventId, by: body.ticket !== undefined ? 'qr' : 'search' }, ...meta },
        tx,
      );
      return false;
    });
    return { entry: await this.viewIn(entryId), alreadyCheckedIn };
  }

  async late(principal: Principal, entryId: string, body: LateArrivalBody, meta: RequestMeta): Promise<EntryView> {
    const found = await this.registrations.findEntry(entryId);
    if (!found) throw new AppError(ErrorCode.NotFound, '报名不存在');
    await this.transactions.run(async (tx) => {
      const event = await this.registrations.lockEvent(found.eventId, tx);
      if (!event || !CHECKIN_STATES.includes(event.status)) throw new AppError(ErrorCode.InvalidTransition, '该赛项当前不在检录阶段');
      const entry = await this.registrations.findEntry(entryId, tx);
      if (!entry || entry.status !== 'approved') throw new AppError(ErrorCode.InvalidTransition, '只有审核通过的报名可以登记迟到入场');
      if (entry.attendance === 'checked_in' || entry.attendance === 'late') throw new AppError(ErrorCode.InvalidTransition, '该选手已检录');
      await this.registrations.setAttendance(entry.id, { attendance: 'late', checkedInAt: new Date(), checkedInBy: principal.user.id, lateReason: body.reason }, tx);
      await this.audit.append(
        { ...actorOf(principal), action: 'entry.late_arrival', entityType: 'entry', entityId: entry.id, detail: { eventId: entry.eventId, before: { attendance: entry.attendance }, reason: body.reason }, ...meta },
        tx,
      );
    });
    return this.viewIn(entryId);
  }

  /** At the cut-off (the event's start): everyone approved and not checked in is a no-show. */
  async close(principal: Principal, eventId: string, meta: RequestMeta, now = new Date()): Promise<CloseCheckinReply> {
    return this.transactions.run(async (tx) => {
      const event = await this.registrations.lockEvent(eventId, tx);
      if (!event) throw new AppError(ErrorCode.NotFound, '赛项不存在');
      if (!CHECKIN_STATES.includes(event.status)) throw new AppError(ErrorCode.InvalidTransition, '该赛项当前不在检录阶段');
      if (now < event.startsAt) throw new AppError(ErrorCode.InvalidTransition, '比赛开始后才能截止检录');
      const ids = await this.registrations.markNoShows(eventId, tx);
      await this.audit.append({ ...actorOf(principal), action: 'checkin.closed', entityType: 'event', entityId: eventId, detail: { noShows: ids.length, entryIds: ids }, ...meta }, tx);
      return { noShows: ids.length };
    });
  }

  private viewIn(entryId: string): Promise<EntryView> {
    return this.entries.viewOne(entryId, { forOwner: false });
  }
}
