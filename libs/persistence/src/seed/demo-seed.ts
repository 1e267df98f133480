import { maskPhone, maskResidentId, personStatisticsFields } from '@dz/domain';
import type { DataSource, EntityManager } from 'typeorm';
import {
  AuditLogEntity,
  CompetitionEventEntity,
  EntryEntity,
  EntryMemberEntity,
  EventTransitionEntity,
  IndustryEntity,
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
import { DEMO_EMPLOYERS, DEMO_NAMES, demoResidentId, seedDrawnEvent, type DemoPerson, type DemoPii } from './demo-event-setup';
import { seedArena, seedResults } from './demo-results-arena';
import { DEMO_STATISTICS_OPTIONS, insertStatisticsDemo, planStatisticsDemo, type StatisticsDemoOptions } from './statistics-demo';

/** What the seed needs from the caller's crypto (argon2 and the PII cipher live in the apps). */
export interface DemoSecrets {
  passwordHash: string;
  /** DEMO_TOTP_SECRET encrypted with the deployment's PII key. */
  totpSecretEnc: string;
  /** DEMO_CONTESTANT_ID_NUMBER encrypted, and its lookup hash. */
  contestantIdEnc: string;
  contestantIdHmac: string;
  /** The deployment's PII cipher; when given, demo entries (报名) are seeded too. */
  pii?: DemoPii;
}

export interface SeedResult {
  organisations: number;
  users: number;
  grants: number;
  events: number;
  /** Demo judging events set up (entries drawn, schemes, judges): 1 the first time, then 0. */
  judging: number;
  /** The demo results event set up (marked, results computed, under notice): 1 the first time, then 0. */
  results: number;
  /** The demo arena set up (qualifying, setting, bouts): 1 the first time, then 0. */
  arena: number;
  /** Past editions for the statistics (statistics-demo.ts): their events the first time, then 0. */
  statistics: number;
}

export interface SeedOptions {
  /**
   * Also the past editions the statistics dashboard shows (about 40 events and 1,800 people):
   * `npm start` seeds them; tests opt in, so the default test seed stays fast.
   */
  statistics?: boolean | StatisticsDemoOptions;
}

/**
 * Inserts the demo data that is not there yet, in one transaction with its audit record.
 * Idempotent: fixed ids and `ON CONFLICT DO NOTHING`, so a second run inserts nothing.
 * `passwordHash` is computed by the caller (argon2 lives in the apps, not here).
 */
export async function seedDemoData(dataSource: DataSource, secrets: DemoSecrets, options: SeedOptions = {}): Promise<SeedResult> {
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
    // Once: a database seeded before later demo events were added inserts those events only.
    const returned = DEMO_EVENTS.find((e) => e.status === 'returned');
    if (returned && !(await manager.exists(EventTransitionEntity, { where: { eventId: returned.id } }))) {
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
    if (secrets.pii) await seedEntries(manager, secrets.pii);
    const judging = secrets.pii ? await seedJudging(manager, secrets.pii) : 0;
    const results = secrets.pii ? await seedResults(manager, secrets.pii, now) : 0;
    const arena = secrets.pii ? await seedArena(manager, secrets.pii, now) : 0;
    const statisticsOptions = options.statistics === true ? DEMO_STATISTICS_OPTIONS : options.statistics || null;
    const statistics = secrets.pii && statisticsOptions ? await insertStatisticsDemo(manager, secrets.pii, planStatisticsDemo(statisticsOptions)) : 0;
    const result: SeedResult = {
      organisations: organisations.raw.length ?? 0,
      users: users.raw.length ?? 0,
      grants,
      events: events.raw.length ?? 0,
      judging,
      results,
      arena,
      statistics,
    };
    if (result.organisations + result.users + result.grants + result.events + result.judging + result.results + result.arena + result.statistics > 0) {
      await manager.insert(AuditLogEntity, {
        actorUserId: null,
        action: 'seed.demo_applied',
        entityType: 'system',
        entityId: 'demo',
        detail: { ...result },
      });
      // The statistics' views count what was just seeded (the worker refreshes them from then on).
      await manager.query(`SELECT statistics_refresh()`);
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

/**
 * Entries for the demo events (DEMO_ENTRY_PLAN): approved, waiting for review and waitlisted.
 * An event that has entries already is left alone (seeded before), its people counted all the
 * same, so each event always gets the same people.
 */
async function seedEntries(manager: EntityManager, pii: DemoPii): Promise<void> {
  let person = 0;
  for (const plan of DEMO_ENTRY_PLAN) {
    const event = DEMO_EVENTS.find((e) => e.id === plan.eventId);
    if (!event) continue;
    if (await manager.exists(EntryEntity, { where: { eventId: event.id } })) {
      person += plan.statuses.length;
      continue;
    }
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
        ...personStatisticsFields(idNumber, DEMO_EMPLOYERS[person % DEMO_EMPLOYERS.length]),
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
async function seedJudging(manager: EntityManager, pii: DemoPii): Promise<number> {
  const event = DEMO_EVENTS.find((e) => e.id === DEMO_JUDGING.eventId);
  const row = await manager.findOne(CompetitionEventEntity, { select: { id: true, status: true }, where: { id: DEMO_JUDGING.eventId } });
  if (!event || row?.status !== 'running') return 0;
  if (await manager.exists(EntryEntity, { where: { eventId: event.id } })) return 0;
  const people: DemoPerson[] = Array.from({ length: DEMO_JUDGING.entries }, (_, i) => {
    // People 100… do not meet the other demo events' people (0…).
    const person = 100 + i;
    return {
      name: DEMO_NAMES[(person + 5) % DEMO_NAMES.length],
      idNumber: demoResidentId(person),
      phone: `1390000${String(1000 + person).slice(-4)}`,
      county: '达川区',
      employer: DEMO_EMPLOYERS[i % DEMO_EMPLOYERS.length],
      skillLevel: 'intermediate',
      certificateNo: `GJ${String(20261000 + i)}`,
      registrantUserId: null,
    };
  });
  await seedDrawnEvent(manager, pii, event, people, { schemes: DEMO_JUDGING.schemes, judgeUserIds: DEMO_JUDGING.judgeUserIds });
  return 1;
}
