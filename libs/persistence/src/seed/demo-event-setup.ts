import type { EventStatus, Role, SkillLevel } from '@dz/contracts';
import { DRAW_ALGORITHM, maskName, maskPhone, maskResidentId, personStatisticsFields, residentIdCheckDigit, runDraw, seedCommitment, transitionEvent, type MarkingScheme } from '@dz/domain';
import { randomBytes } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { CompetitionEventEntity, DrawEntity, EntryEntity, EntryMemberEntity, EventTransitionEntity, JudgeAssignmentEntity, MarkingSchemeEntity } from '../entities';
import { AuditRepository } from '../repositories/audit.repository';
import { draftOf, ProposalRepository } from '../repositories/proposal.repository';
import { RegistrationRepository } from '../repositories/registration.repository';
import type { Tx } from '../transaction';
import { DEMO_ORGANISATIONS, DEMO_USERS, type SeedEvent, type SeedUser } from './demo-data';

/** What the seed needs of the deployment's PII cipher. */
export interface DemoPii {
  encrypt(plain: string): string;
  lookupHash(plain: string): string;
}

export const DEMO_NAMES = ['张伟', '王芳', '刘洋', '陈静', '杨磊', '赵丽', '黄强', '周敏', '吴涛', '徐婷', '孙鹏', '马琳', '朱军', '胡艳', '郭斌', '何雪', '高飞', '林娜', '罗勇', '郑霞', '梁超', '宋佳'];
export const DEMO_EMPLOYERS = ['达州钢铁集团有限公司', '四川达州普光天然气净化厂', '达州职业技术学院', '达州市工业技术学校', '四川能投达州化工有限公司'];

/** A valid resident ID of a demo person (通川区, born in 1990 + n % 20). */
export function demoResidentId(n: number): string {
  const first17 = `511702${1990 + (n % 20)}0${1 + (n % 9)}1${n % 10}${String(200 + n).padStart(3, '0').slice(-3)}`;
  return first17 + residentIdCheckDigit(first17);
}

/** The Tx a repository takes, over the seed's transaction. */
export const txOf = (manager: EntityManager): Tx => ({ manager });

/** The department account of the event's organiser (the bureau's when there is none). */
export function organiserOf(event: Pick<SeedEvent, 'organizerOrgId'>): SeedUser {
  return DEMO_USERS.find((u) => u.grants.some((g) => g.role === 'department_organizer' && g.organisationId === event.organizerOrgId)) ?? DEMO_USERS[0];
}

export const rolesOf = (user: SeedUser): Role[] => user.grants.map((g) => g.role);

/** One person of a demo entry. */
export interface DemoPerson {
  name: string;
  idNumber: string;
  phone: string;
  county: string;
  employer: string;
  skillLevel: SkillLevel;
  certificateNo: string;
  /** The account that registered the entry (self-registration), or null for an imported one. */
  registrantUserId: string | null;
}

/** A scheme as the demo constants write it. */
export type DemoScheme = Omit<MarkingScheme, 'sections'> & { sections: MarkingScheme['sections'] };

export interface DrawnEntry {
  id: string;
  number: number;
  name: string;
  judgingCode: string;
}

/**
 * An event's approved entries (numbered in the order of `people`), a finished draw (workstations
 * from one seed, judging codes from the other, as the draw service makes them, everyone checked
 * in), a marking scheme per stage and the judges (the first is the chief, 裁判长). Judges' grant
 * organisations are their employers for recusal.
 */
export async function seedDrawnEvent(
  manager: EntityManager,
  pii: DemoPii,
  event: SeedEvent,
  people: readonly DemoPerson[],
  setup: { schemes: readonly DemoScheme[]; judgeUserIds: readonly string[] },
): Promise<DrawnEntry[]> {
  const organiser = organiserOf(event);
  const entries: { id: string; number: number; name: string }[] = [];
  for (const [i, person] of people.entries()) {
    const entry = await manager.save(
      manager.create(EntryEntity, {
        eventId: event.id,
        number: i + 1,
        status: 'approved',
        source: person.registrantUserId ? 'self' : 'import',
        teamName: null,
        registrantUserId: person.registrantUserId,
        importId: null,
      }),
    );
    await manager.insert(EntryMemberEntity, {
      entryId: entry.id,
      eventId: event.id,
      position: 0,
      name: person.name,
      idNumberEnc: pii.encrypt(person.idNumber),
      idNumberHmac: pii.lookupHash(person.idNumber),
      idNumberMasked: maskResidentId(person.idNumber),
      phoneEnc: pii.encrypt(person.phone),
      phoneMasked: maskPhone(person.phone),
      county: person.county,
      employer: person.employer,
      employerInDazhou: true,
      skillLevel: person.skillLevel,
      certificateNo: person.certificateNo,
      occupationCode: event.occupationCode,
      ...personStatisticsFields(person.idNumber, person.employer),
    });
    entries.push({ id: entry.id, number: i + 1, name: person.name });
  }

  // The draw, committed and run as DrawService does: two seeds, both hashes published.
  const seed = randomBytes(32).toString('hex');
  const codeSeed = randomBytes(32).toString('hex');
  const ids = entries.map((e) => e.id);
  const stations = runDraw({ seedHex: seed, entryIds: ids, twoStage: false });
  const codes = new Map(runDraw({ seedHex: codeSeed, entryIds: ids, twoStage: false }).assignments.map((a) => [a.entryId, a.judgingCode]));
  const assignments = stations.assignments.map((a) => ({ entryId: a.entryId, workstation: a.workstation, checkinCode: null, judgingCode: codes.get(a.entryId) as string }));
  const drawnAt = new Date();
  await manager.insert(DrawEntity, {
    eventId: event.id,
    round: 1,
    status: 'drawn',
    algorithm: DRAW_ALGORITHM,
    twoStage: false,
    seed,
    seedCommitment: seedCommitment(seed),
    seedRevealed: true,
    codeSeed,
    codeSeedCommitment: seedCommitment(codeSeed),
    codeSeedRevealed: false,
    entries: entries.map((e) => ({ entryId: e.id, number: e.number, name: maskName(e.name) })),
    assignments,
    reason: null,
    committedBy: organiser.id,
    drawnAt,
  });
  for (const a of assignments) {
    await manager.update(EntryEntity, { id: a.entryId }, { workstation: a.workstation, judgingCode: a.judgingCode, attendance: 'checked_in', checkedInAt: drawnAt, checkedInBy: organiser.id });
  }

  for (const scheme of setup.schemes) {
    await manager
      .createQueryBuilder()
      .insert()
      .into(MarkingSchemeEntity)
      .values({ eventId: event.id, stage: scheme.stage, scheme: scheme.sections, method: scheme.method, totalMarks: scheme.totalMarks, updatedBy: organiser.id })
      .orIgnore()
      .execute();
  }
  for (const [i, judgeUserId] of setup.judgeUserIds.entries()) {
    const judge = DEMO_USERS.find((u) => u.id === judgeUserId);
    const employer = DEMO_ORGANISATIONS.find((o) => o.id === judge?.grants[0]?.organisationId)?.name ?? null;
    await manager
      .createQueryBuilder()
      .insert()
      .into(JudgeAssignmentEntity)
      .values({ eventId: event.id, judgeUserId, role: i === 0 ? 'chief' : 'judge', entryIds: null, stations: null, aspectKeys: null, judgeEmployer: employer, recused: false, recusals: [], assignedBy: organiser.id })
      .orIgnore()
      .execute();
  }
  return entries.map((e) => ({ ...e, judgingCode: codes.get(e.id) as string }));
}

/** The way an event goes from its draft to `under_notice` (DOMAIN.md, the pipeline). */
const PATH: readonly EventStatus[] = ['draft', 'submitted', 'approved', 'published', 'registration_closed', 'running', 'scoring_closed', 'under_notice'];

/**
 * The history of an event seeded in its final status: each step from its draft on as the API
 * records it (ProposalsService.transition): the transition row with who and when, the audit
 * record `event.<action>`, the submitted content as version 1, the event's version counter as
 * the steps left it, and on `under_notice` the judging-code seeds revealed. Each step is made by
 * the account the lifecycle allows (the organising department, or the bureau for approving,
 * publishing and announcing) and checked with the domain's transitionEvent. `during[to]` runs
 * inside the step, before its audit record (as the results' writes do for `under_notice`);
 * `after[to]` once the step is recorded (what happens while the event is in that status), so
 * the audit log reads in the order things happened. Steps are dated from the event's dates
 * (never later than `now`), in order, since the history is read by time.
 */
export async function seedHistory(
  manager: EntityManager,
  event: SeedEvent,
  now: Date,
  hooks: { during?: Partial<Record<EventStatus, () => Promise<void>>>; after?: Partial<Record<EventStatus, () => Promise<void>>> } = {},
): Promise<void> {
  const tx = txOf(manager);
  const audit = new AuditRepository(manager.connection);
  const row = await manager.findOneOrFail(CompetitionEventEntity, { where: { id: event.id } });
  const end = PATH.indexOf(event.status);
  if (end < 1) throw new RangeError(`演示赛项「${event.title}」的状态不在申报到公示的路径上`);
  const department = organiserOf(event);
  const bureau = DEMO_USERS.find((u) => u.grants.some((g) => g.role === 'bureau_admin')) ?? DEMO_USERS[0];
  const day = 86_400_000;
  const startsAt = row.startsAt.getTime();
  const planned: Partial<Record<EventStatus, number>> = {
    submitted: startsAt - 50 * day,
    approved: startsAt - 45 * day,
    published: startsAt - 44 * day,
    registration_closed: row.registrationClosesAt.getTime(),
    running: startsAt,
    scoring_closed: startsAt + 10 * 3600_000,
    under_notice: now.getTime(),
  };
  for (let i = 1; i <= end; i += 1) {
    const from = PATH[i - 1];
    const to = PATH[i];
    // The department where it may, else the bureau.
    const tried = [department, bureau].map((user) => ({
      user,
      checked: transitionEvent(from, to, { roles: rolesOf(user), organisationId: user.grants[0]?.organisationId ?? '' }, { proposerOrganisationId: row.organizerOrgId }),
    }));
    const allowed = tried.find((t) => t.checked.ok);
    if (!allowed?.checked.ok) throw new RangeError(`演示赛项「${event.title}」无人可以从「${from}」变为「${to}」`);
    const actor = allowed.user;
    const checked = allowed.checked;
    // Never in the future: a step planned later than now moves back to a minute per step left before now.
    const at = new Date(Math.min(planned[to] ?? now.getTime(), now.getTime() - (end - i) * 60_000));
    await manager.insert(EventTransitionEntity, { eventId: event.id, fromStatus: from, toStatus: to, actorUserId: actor.id, actorRoles: rolesOf(actor), reason: null, comments: [], at });
    if (to === 'submitted') await new ProposalRepository(manager.connection).saveVersion(event.id, draftOf(row), actor.id, tx);
    await hooks.during?.[to]?.();
    if (to === 'under_notice') await new RegistrationRepository(manager.connection).revealCodeSeeds(event.id, tx);
    await audit.append(
      {
        actorUserId: actor.id,
        actorRoles: rolesOf(actor),
        action: `event.${checked.transition.action}`,
        entityType: 'event',
        entityId: event.id,
        detail: { before: { status: from }, after: { status: to }, reason: null, comments: 0 },
      },
      tx,
    );
    await hooks.after?.[to]?.();
  }
  // ProposalRepository.move bumps the version once per step.
  await manager.update(CompetitionEventEntity, { id: event.id }, { version: row.version + end });
}
