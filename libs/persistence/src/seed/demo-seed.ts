import { DRAW_ALGORITHM, maskName, maskPhone, maskResidentId, residentIdCheckDigit, runDraw, seedCommitment } from '@dz/domain';
import { randomBytes } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import {
  AuditLogEntity,
  CompetitionEventEntity,
  DrawEntity,
  EntryEntity,
  EntryMemberEntity,
  EventTransitionEntity,
  IndustryEntity,
  JudgeAssignmentEntity,
  MarkingSchemeEntity,
  OccupationEntity,
  OrganisationEntity,
  RoleGrantEntity,
  UserEntity,
} from '../entities';
import {
  DEMO_CONTESTANT_ID_NUMBER,
  DEMO_ENTRY_PLAN,
  DEMO_EVENTS,
  DEMO_INDUSTRIES,
  DEMO_INDUSTRY,
  DEMO_JUDGING,
  DEMO_OCCUPATIONS,
  DEMO_ORGANISATIONS,
  DEMO_TOTP_USERNAMES,
  DEMO_USERS,
} from './demo-data';

/** What the seed needs from the caller's crypto (argon2 and the PII cipher live in the apps). */
export interface DemoSecrets {
  passwordHash: string;
  /** DEMO_TOTP_SECRET encrypted with the deployment's PII key. */
  totpSecretEnc: string;
  /** DEMO_CONTESTANT_ID_NUMBER encrypted, and its lookup hash. */
  contestantIdEnc: string;
  contestantIdHmac: string;
  /** The deployment's PII cipher; when given, demo entries (报名) are seeded too. */
  pii?: { encrypt(plain: string): string; lookupHash(plain: string): string };
}

export interface SeedResult {
  organisations: number;
  users: number;
  grants: number;
  events: number;
  /** Demo judging events set up (entries drawn, schemes, judges): 1 the first time, then 0. */
  judging: number;
}

/**
 * Inserts the demo data that is not there yet, in one transaction with its audit record.
 * Idempotent: fixed ids and `ON CONFLICT DO NOTHING`, so a second run inserts nothing.
 * `passwordHash` is computed by the caller (argon2 lives in the apps, not here).
 */
export async function seedDemoData(dataSource: DataSource, secrets: DemoSecrets): Promise<SeedResult> {
  const now = new Date();
  return dataSource.transaction(async (manager) => {
    const organisations = await manager
      .createQueryBuilder()
      .insert()
      .into(OrganisationEntity)
      .values(DEMO_ORGANISATIONS.map((o) => ({ ...o, parentId: null })))
      .orIgnore()
      .execute();
    const users = await manager
      .createQueryBuilder()
      .insert()
      .into(UserEntity)
      .values(
        DEMO_USERS.map((u) => {
          const secondFactor = u.username !== null && DEMO_TOTP_USERNAMES.includes(u.username);
          const contestant = u.grants.some((g) => g.role === 'contestant');
          return {
            id: u.id,
            displayName: u.displayName,
            username: u.username,
            phone: u.phone,
            passwordHash: secrets.passwordHash,
            passwordChangedAt: now,
            disabledAt: null,
            totpSecretEnc: secondFactor ? secrets.totpSecretEnc : null,
            totpEnabledAt: secondFactor ? now : null,
            idNumberEnc: contestant ? secrets.contestantIdEnc : null,
            idNumberHmac: contestant ? secrets.contestantIdHmac : null,
            idConsentVersion: contestant ? 'pipl-id-2026-11' : null,
            idConsentAt: contestant ? now : null,
          };
        }),
      )
      .orIgnore()
      .execute();
    let grants = 0;
    for (const u of DEMO_USERS) {
      for (const g of u.grants) {
        const exists = await manager.exists(RoleGrantEntity, { where: { userId: u.id, role: g.role } });
        if (exists) continue;
        await manager.insert(RoleGrantEntity, { userId: u.id, role: g.role, organisationId: g.organisationId });
        grants += 1;
      }
    }
    // Catalogues first: events refer to them.
    for (const node of DEMO_INDUSTRIES) {
      await manager.createQueryBuilder().insert().into(IndustryEntity).values(node).orIgnore().execute();
    }
    await manager.createQueryBuilder().insert().into(OccupationEntity).values(DEMO_OCCUPATIONS).orIgnore().execute();
    const events = await manager
      .createQueryBuilder()
      .insert()
      .into(CompetitionEventEntity)
      .values(
        DEMO_EVENTS.map((fixed) => demoEventOn(fixed, now)).map((e) => ({
          ...e,
          level: e.level ?? (e.format === 'arena' ? 'special' : 'municipal_industry'),
          industryId: e.industryId ?? DEMO_INDUSTRY.manufacturing,
          rounds: e.rounds ?? (e.format === 'rounds' ? ['preliminary', 'final'] : []),
          arenaFirstHolder: e.format === 'arena' ? ('qualifying_top' as const) : null,
          schedule: [
            { title: '报到与检录', startsAt: e.startsAt, endsAt: new Date(Date.parse(e.startsAt) + 3600_000).toISOString(), venue: e.venue },
            { title: '理论考试', startsAt: new Date(Date.parse(e.startsAt) + 3600_000).toISOString(), endsAt: new Date(Date.parse(e.startsAt) + 3 * 3600_000).toISOString(), venue: e.venue },
            { title: '实操比赛', startsAt: new Date(Date.parse(e.startsAt) + 5 * 3600_000).toISOString(), endsAt: new Date(Date.parse(e.startsAt) + 9 * 3600_000).toISOString(), venue: e.venue },
          ],
          eligibility: {
            ageMin: 18,
            ageMax: 60,
            skillLevelMin: null,
            skillLevelMax: null,
            counties: [],
            requireDazhouEmployer: true,
            occupationCodes: [],
          },
          description: `${e.title}面向达州市内从事${e.occupationName}工作的职工和院校学生，以赛促学、以赛促训。`,
          registrationClosesAt: new Date(e.registrationClosesAt),
          startsAt: new Date(e.startsAt),
        })),
      )
      .orIgnore()
      .execute();
    // The returned proposal carries the bureau's comment on one field, as a review would.
    const returned = DEMO_EVENTS.find((e) => e.status === 'returned');
    if (returned && (events.raw as unknown[]).length > 0) {
      await manager.insert(EventTransitionEntity, [
        { eventId: returned.id, fromStatus: 'draft', toStatus: 'submitted', actorUserId: null, actorRoles: ['department_organizer'], reason: null, comments: [] },
        {
          eventId: returned.id,
          fromStatus: 'submitted',
          toStatus: 'returned',
          actorUserId: DEMO_USERS[0].id,
          actorRoles: ['bureau_admin'],
          reason: '请补充经费预算',
          comments: [{ field: 'budget', comment: '请列明场地、耗材和奖金的预算金额' }],
        },
      ]);
    }
    if (secrets.pii && (events.raw as unknown[]).length > 0) await seedEntries(manager, secrets.pii);
    const judging = secrets.pii ? await seedJudging(manager, secrets.pii) : 0;
    const result: SeedResult = {
      organisations: organisations.raw.length ?? 0,
      users: users.raw.length ?? 0,
      grants,
      events: events.raw.length ?? 0,
      judging,
    };
    if (result.organisations + result.users + result.grants + result.events + result.judging > 0) {
      await manager.insert(AuditLogEntity, {
        actorUserId: null,
        action: 'seed.demo_applied',
        entityType: 'system',
        entityId: 'demo',
        detail: { ...result },
      });
    }
    return result;
  });
}

/**
 * The demo events' dates are written for DEMO_DATES_ANCHOR; seeded later, they move forward by
 * whole days so that the demo always has events open for registration, closing soon and done.
 */
export const DEMO_DATES_ANCHOR = Date.UTC(2026, 10, 25);

export function demoEventOn<E extends { registrationClosesAt: string; startsAt: string }>(event: E, now: Date): E {
  const days = Math.max(0, Math.floor((now.getTime() - DEMO_DATES_ANCHOR) / 86_400_000));
  const shift = (iso: string) => new Date(Date.parse(iso) + days * 86_400_000).toISOString();
  return { ...event, registrationClosesAt: shift(event.registrationClosesAt), startsAt: shift(event.startsAt) };
}

const DEMO_NAMES = ['张伟', '王芳', '刘洋', '陈静', '杨磊', '赵丽', '黄强', '周敏', '吴涛', '徐婷', '孙鹏', '马琳', '朱军', '胡艳', '郭斌', '何雪', '高飞', '林娜', '罗勇', '郑霞', '梁超', '宋佳'];
const DEMO_EMPLOYERS = ['达州钢铁集团有限公司', '四川达州普光天然气净化厂', '达州职业技术学院', '达州市工业技术学校', '四川能投达州化工有限公司'];

/** A valid resident ID of a demo person (通川区, born in 1990 + n % 20). */
function demoResidentId(n: number): string {
  const first17 = `511702${1990 + (n % 20)}0${1 + (n % 9)}1${n % 10}${String(200 + n).padStart(3, '0').slice(-3)}`;
  return first17 + residentIdCheckDigit(first17);
}

/** Entries for the demo events (DEMO_ENTRY_PLAN): approved, waiting for review and waitlisted. */
async function seedEntries(manager: EntityManager, pii: NonNullable<DemoSecrets['pii']>): Promise<void> {
  let person = 0;
  for (const plan of DEMO_ENTRY_PLAN) {
    const event = DEMO_EVENTS.find((e) => e.id === plan.eventId);
    if (!event) continue;
    for (let i = 0; i < plan.statuses.length; i += 1) {
      const isDemoContestant = plan.withDemoContestant && i === 0;
      const idNumber = isDemoContestant ? DEMO_CONTESTANT_ID_NUMBER : demoResidentId(person);
      const phone = isDemoContestant ? '13800000001' : `1390000${String(1000 + person).slice(-4)}`;
      const name = isDemoContestant ? '李明' : DEMO_NAMES[person % DEMO_NAMES.length];
      person += 1;
      const entry = await manager.save(
        manager.create(EntryEntity, {
          eventId: event.id,
          number: i + 1,
          status: plan.statuses[i],
          source: isDemoContestant ? 'self' : 'import',
          teamName: null,
          registrantUserId: isDemoContestant ? DEMO_USERS.find((u) => u.phone === '13800000001')?.id ?? null : null,
          importId: null,
        }),
      );
      await manager.insert(EntryMemberEntity, {
        entryId: entry.id,
        eventId: event.id,
        position: 0,
        name,
        idNumberEnc: pii.encrypt(idNumber),
        idNumberHmac: pii.lookupHash(idNumber),
        idNumberMasked: maskResidentId(idNumber),
        phoneEnc: pii.encrypt(phone),
        phoneMasked: maskPhone(phone),
        county: '通川区',
        employer: DEMO_EMPLOYERS[person % DEMO_EMPLOYERS.length],
        employerInDazhou: true,
        skillLevel: 'senior',
        certificateNo: `GJ${String(20260000 + person)}`,
        occupationCode: event.occupationCode,
      });
    }
  }
}

/**
 * The demo judging event (DEMO_JUDGING), once: approved entries, a finished draw (workstations
 * from one seed, judging codes from the other, as the draw service makes them), a marking scheme
 * per stage and the judges with their chief. Runs when the event has no entries yet, so a
 * database seeded before this existed gets it too; returns 1 when it did something.
 */
async function seedJudging(manager: EntityManager, pii: NonNullable<DemoSecrets['pii']>): Promise<number> {
  const event = DEMO_EVENTS.find((e) => e.id === DEMO_JUDGING.eventId);
  const row = await manager.findOne(CompetitionEventEntity, { select: { id: true, status: true }, where: { id: DEMO_JUDGING.eventId } });
  if (!event || row?.status !== 'running') return 0;
  if (await manager.exists(EntryEntity, { where: { eventId: event.id } })) return 0;
  const organiser = DEMO_USERS.find((u) => u.grants.some((g) => g.role === 'department_organizer' && g.organisationId === event.organizerOrgId)) ?? DEMO_USERS[0];

  const entries: { id: string; number: number; name: string }[] = [];
  for (let i = 0; i < DEMO_JUDGING.entries; i += 1) {
    // People 100… do not meet the other demo events' people (0…).
    const person = 100 + i;
    const idNumber = demoResidentId(person);
    const phone = `1390000${String(1000 + person).slice(-4)}`;
    const name = DEMO_NAMES[(person + 5) % DEMO_NAMES.length];
    const entry = await manager.save(
      manager.create(EntryEntity, { eventId: event.id, number: i + 1, status: 'approved', source: 'import', teamName: null, registrantUserId: null, importId: null }),
    );
    await manager.insert(EntryMemberEntity, {
      entryId: entry.id,
      eventId: event.id,
      position: 0,
      name,
      idNumberEnc: pii.encrypt(idNumber),
      idNumberHmac: pii.lookupHash(idNumber),
      idNumberMasked: maskResidentId(idNumber),
      phoneEnc: pii.encrypt(phone),
      phoneMasked: maskPhone(phone),
      county: '达川区',
      employer: DEMO_EMPLOYERS[i % DEMO_EMPLOYERS.length],
      employerInDazhou: true,
      skillLevel: 'intermediate',
      certificateNo: `GJ${String(20261000 + i)}`,
      occupationCode: event.occupationCode,
    });
    entries.push({ id: entry.id, number: i + 1, name });
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

  for (const scheme of DEMO_JUDGING.schemes) {
    await manager
      .createQueryBuilder()
      .insert()
      .into(MarkingSchemeEntity)
      .values({ eventId: event.id, stage: scheme.stage, scheme: scheme.sections, method: scheme.method, totalMarks: scheme.totalMarks, updatedBy: organiser.id })
      .orIgnore()
      .execute();
  }
  for (const [i, judgeUserId] of DEMO_JUDGING.judgeUserIds.entries()) {
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
  return 1;
}
