import { boutOutcome, calendarDateInChina, challengerOrder, flattenAspects, formatCalendarDate, playArena, stageScore, type MarkingScheme } from '@dz/domain';
import { randomBytes, randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { CompetitionEventEntity, EntryEntity } from '../entities';
import { ArenaRepository } from '../repositories/arena.repository';
import { AuditRepository } from '../repositories/audit.repository';
import { JudgingRepository, type MarkAudit, type NewMark } from '../repositories/judging.repository';
import { computeLoaded, ResultsRepository } from '../repositories/results.repository';
import { StandingsRepository } from '../repositories/standings.repository';
import { DEMO_ARENA, DEMO_CONTESTANT_ID_NUMBER, DEMO_EVENTS, DEMO_JUDGING, DEMO_RESULTS, DEMO_USERS, type SeedEvent } from './demo-data';
import {
  DEMO_EMPLOYERS,
  DEMO_NAMES,
  demoResidentId,
  organiserOf,
  rolesOf,
  seedDrawnEvent,
  seedHistory,
  txOf,
  type DemoPerson,
  type DemoPii,
  type DemoScheme,
  type DrawnEntry,
} from './demo-event-setup';

/** Per judge (by position), how far a measurement mark sits from the performance: percent of full marks. */
const MEASUREMENT_SPREAD = [0, -1, 1];
/** Per aspect (by position on the sheet), a small shift of the performance, so aspects differ. */
const ASPECT_SHIFT = [0, 0.02, -0.03, 0.01, -0.02, 0.015];

const clamp = (x: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, x));

/**
 * A judge's demo mark, hundredths, for a performance `quality` (0–1): a measurement near
 * quality × full marks; a judgement 3, 2, 1 or 0 points by quality, the third judge a point
 * lower (the judges stay within one point, so nothing is flagged for sign-off).
 */
function demoMarkValue(aspect: { kind: 'measurement' | 'judgement' | 'deduction'; maxMarks: number }, quality: number, judge: number): number {
  if (aspect.kind === 'judgement') {
    const points = quality >= 0.88 ? 3 : quality >= 0.72 ? 2 : quality >= 0.55 ? 1 : 0;
    return clamp(points - (judge % 3 === 2 ? 1 : 0), 0, 3) * 100;
  }
  const spread = Math.round((aspect.maxMarks * MEASUREMENT_SPREAD[judge % MEASUREMENT_SPREAD.length]) / 100);
  return clamp(Math.round(aspect.maxMarks * quality) + spread, 0, aspect.maxMarks);
}

const judgeAudit = (judgeUserId: string): MarkAudit => ({
  action: 'mark.submitted',
  actorRoles: rolesOf(DEMO_USERS.find((u) => u.id === judgeUserId) ?? DEMO_USERS[0]),
  detail: { via: 'seed' },
  correlationId: null,
  ip: null,
});

/**
 * Appends every judge's marks on the given entries and stages to the event's chain (one
 * statement, appendMarksStatement, under the event's mark lock, each with its audit record),
 * then records the standings. `quality(entry, stage)` is the entry's performance; a deduction
 * is marked only where `deduction(entry)` gives one.
 */
async function markAll(
  manager: EntityManager,
  eventId: string,
  entries: readonly DrawnEntry[],
  schemes: readonly DemoScheme[],
  judgeUserIds: readonly string[],
  quality: (entry: DrawnEntry) => number,
  deduction: (entry: DrawnEntry) => number = () => 0,
): Promise<void> {
  const tx = txOf(manager);
  const judging = new JudgingRepository(manager.connection);
  const marks: NewMark[] = [];
  for (const entry of entries) {
    for (const scheme of schemes) {
      for (const [k, aspect] of flattenAspects(scheme as MarkingScheme).entries()) {
        for (const [j, judgeUserId] of judgeUserIds.entries()) {
          let value: number;
          if (aspect.kind === 'deduction') {
            value = deduction(entry);
            if (value === 0) continue;
          } else {
            value = demoMarkValue(aspect, clamp(quality(entry) + ASPECT_SHIFT[k % ASPECT_SHIFT.length], 0, 1), j);
          }
          marks.push({ eventId, entryId: entry.id, stage: scheme.stage, aspectKey: aspect.key, judgeUserId, value, kind: 'original', refersTo: null, reason: null, idempotencyKey: randomUUID() });
        }
      }
    }
  }
  await judging.lockForMarks(eventId, tx);
  await judging.appendMarks(marks, await judging.chainTip(eventId, tx), marks.map((m) => judgeAudit(m.judgeUserId)), tx);
  await new StandingsRepository(manager.connection).record(eventId, null, 'marks', tx);
}

/** The demo event's row (its seeded, date-shifted copy) when it is in `status` and has no entries yet. */
async function freshEvent(manager: EntityManager, eventId: string, status: SeedEvent['status']): Promise<SeedEvent | null> {
  const fixed = DEMO_EVENTS.find((e) => e.id === eventId);
  const row = await manager.findOne(CompetitionEventEntity, { select: { id: true, status: true }, where: { id: eventId } });
  if (!fixed || row?.status !== status) return null;
  if (await manager.exists(EntryEntity, { where: { eventId } })) return null;
  return fixed;
}

/**
 * The demo results event (DEMO_RESULTS), once: entries drawn (the demo contestant's among them),
 * every mark in and signed off, standings recorded, results version 1 computed (computeLoaded)
 * and stored, and put under notice from today (China time), with the transitions and audit
 * records the API writes on the way. Runs when the event has no entries yet, so a database
 * seeded before gets it too; returns 1 when it did something.
 */
export async function seedResults(manager: EntityManager, pii: DemoPii, now: Date): Promise<number> {
  const event = await freshEvent(manager, DEMO_RESULTS.eventId, 'under_notice');
  if (!event) return 0;
  const tx = txOf(manager);
  const audit = new AuditRepository(manager.connection);
  const contestant = DEMO_USERS.find((u) => u.grants.some((g) => g.role === 'contestant'));
  const people: DemoPerson[] = DEMO_RESULTS.quality.map((_, i) => {
    // People 200… do not meet the other demo events' people.
    const person = 200 + i;
    const isContestant = contestant !== undefined && i + 1 === DEMO_RESULTS.contestantNumber;
    return {
      name: isContestant ? contestant.displayName : DEMO_NAMES[(person + 3) % DEMO_NAMES.length],
      idNumber: isContestant ? DEMO_CONTESTANT_ID_NUMBER : demoResidentId(person),
      phone: isContestant ? (contestant.phone ?? '13800000001') : `1390000${String(1000 + person).slice(-4)}`,
      county: isContestant ? '通川区' : ['达州高新区', '达川区', '宣汉县', '大竹县'][i % 4],
      employer: DEMO_EMPLOYERS[(i + 1) % DEMO_EMPLOYERS.length],
      skillLevel: isContestant ? 'senior' : 'intermediate',
      certificateNo: `GJ${String(20262000 + i)}`,
      registrantUserId: isContestant ? contestant.id : null,
    };
  });
  const setup = { schemes: DEMO_JUDGING.schemes, judgeUserIds: DEMO_RESULTS.judgeUserIds };
  const entries = await seedDrawnEvent(manager, pii, event, people, setup);
  const organiser = organiserOf(event);
  const bureau = DEMO_USERS.find((u) => u.grants.some((g) => g.role === 'bureau_admin')) ?? DEMO_USERS[0];
  const chief = DEMO_USERS.find((u) => u.id === DEMO_RESULTS.judgeUserIds[0]) ?? DEMO_USERS[0];
  const qualityOf = (e: DrawnEntry) => DEMO_RESULTS.quality[e.number - 1];

  await seedHistory(manager, event, now, {
    after: {
      // The day of the competition: every judge's marks, then the chief's sign-off of each
      // entry's stages (ReviewService.signoff: the row, its audit record, the standings).
      running: async () => {
        await markAll(manager, event.id, entries, setup.schemes, setup.judgeUserIds, qualityOf, (e) => DEMO_RESULTS.deductions[e.number] ?? 0);
        const judging = new JudgingRepository(manager.connection);
        for (const entry of entries) {
          for (const scheme of setup.schemes) {
            const marks = await judging.marks(event.id, { entryId: entry.id, stage: scheme.stage }, tx);
            const row = await judging.addSignoff({ eventId: event.id, entryId: entry.id, stage: scheme.stage, chiefUserId: chief.id }, tx);
            await audit.append(
              { actorUserId: chief.id, actorRoles: rolesOf(chief), action: 'marks.signed_off', entityType: 'signoff', entityId: row.id, detail: { eventId: event.id, entryId: entry.id, stage: scheme.stage, marks: marks.length } },
              tx,
            );
          }
        }
        await new StandingsRepository(manager.connection).record(event.id, null, 'signoff', tx);
      },
    },
    during: {
      // As ResultsService.openNotice: the version computed (the results.compute job's writes),
      // then the notice with its audit record, in the step's transaction.
      under_notice: async () => {
        const results = new ResultsRepository(manager.connection);
        await results.lock(event.id, tx);
        const loaded = await results.loadInputs(event.id, tx, await results.arenaSummary(event.id, tx));
        if (!loaded) throw new RangeError(`演示赛项「${event.title}」不存在`);
        const computed = computeLoaded(loaded);
        const stored = await results.storeVersion(event.id, computed, 'scoring_closed', organiser.id, tx);
        await audit.append(
          {
            actorUserId: organiser.id,
            action: 'results.computed',
            entityType: 'event',
            entityId: event.id,
            detail: { version: stored.version, inputsHash: computed.hash, cause: 'scoring_closed', validCount: computed.results.validCount, job: null },
          },
          tx,
        );
        const notice = {
          version: stored.version,
          startsOn: formatCalendarDate(calendarDateInChina(now)),
          endsOn: formatCalendarDate(calendarDateInChina(new Date(now.getTime() + (DEMO_RESULTS.noticeDays - 1) * 86_400_000))),
        };
        await results.saveNotice(event.id, notice, bureau.id, tx);
        await audit.append(
          { actorUserId: bureau.id, actorRoles: rolesOf(bureau), action: 'results.notice_opened', entityType: 'event', entityId: event.id, detail: { before: null, after: notice } },
          tx,
        );
      },
    },
  });
  return 1;
}

/**
 * The demo arena (DEMO_ARENA), once: entries drawn, the qualifying round marked (its top scorer
 * the first holder), the arena set up with a drawn challenger order and its seed, three bouts
 * decided and a fourth open, each write with its audit record and the arena's seq bumped as
 * ArenaService does. Runs when the event has no entries yet; returns 1 when it did something.
 */
export async function seedArena(manager: EntityManager, pii: DemoPii, now: Date): Promise<number> {
  const event = await freshEvent(manager, DEMO_ARENA.eventId, 'running');
  if (!event) return 0;
  const tx = txOf(manager);
  const audit = new AuditRepository(manager.connection);
  const people: DemoPerson[] = DEMO_ARENA.qualifying.map((_, i) => {
    // People 300… do not meet the other demo events' people.
    const person = 300 + i;
    return {
      name: DEMO_NAMES[(person + 7) % DEMO_NAMES.length],
      idNumber: demoResidentId(person),
      phone: `1390000${String(1000 + person).slice(-4)}`,
      county: ['达川区', '通川区', '渠县', '开江县'][i % 4],
      employer: DEMO_EMPLOYERS[(i + 2) % DEMO_EMPLOYERS.length],
      skillLevel: 'senior',
      certificateNo: `GJ${String(20263000 + i)}`,
      registrantUserId: null,
    };
  });
  const setup = { schemes: DEMO_ARENA.schemes, judgeUserIds: DEMO_ARENA.judgeUserIds };
  const entries = await seedDrawnEvent(manager, pii, event, people, setup);
  const organiser = organiserOf(event);
  const chief = DEMO_USERS.find((u) => u.id === DEMO_ARENA.judgeUserIds[0]) ?? DEMO_USERS[0];
  const qualifying = setup.schemes.find((s) => s.stage === DEMO_ARENA.qualifyingStage);
  const boutScheme = setup.schemes.find((s) => s.stage === DEMO_ARENA.boutStage);
  if (!qualifying || !boutScheme) throw new RangeError('演示擂台赛缺少资格赛或擂台赛的评分表');

  await seedHistory(manager, event, now, {
    after: {
      running: async () => {
        // The qualifying round on its stage, marked as any stage is (the chain, the standings).
        await markAll(manager, event.id, entries, [qualifying], setup.judgeUserIds, (e) => DEMO_ARENA.qualifying[e.number - 1]);
        const arena = new ArenaRepository(manager.connection);
        await arena.lock(event.id, tx);
        // The first holder as ArenaService.setup finds it: the single top of the qualifying stage.
        const scores = await arena.stageStanding(event.id, DEMO_ARENA.qualifyingStage, tx);
        const best = Math.max(...scores.map((s) => s.score));
        const top = scores.filter((s) => s.score === best);
        if (top.length !== 1) throw new RangeError('演示擂台赛资格赛并列第一，无法确定首任擂主');
        const holder = top[0].entryId;
        const seed = randomBytes(32).toString('hex');
        const order = challengerOrder(holder, { mode: 'drawn', seedHex: seed, challengers: entries.map((e) => e.id).filter((id) => id !== holder) });
        const codeOf = new Map(entries.map((e) => [e.id, e.judgingCode]));
        const tieRule = 'holder_keeps' as const;
        await arena.saveSetting(
          {
            eventId: event.id,
            stage: DEMO_ARENA.boutStage,
            tieRule,
            firstHolderMode: 'qualifying_top',
            firstHolderEntryId: holder,
            qualifyingStage: DEMO_ARENA.qualifyingStage,
            orderMode: 'drawn',
            orderSeed: seed,
            challengerEntryIds: order,
          },
          organiser.id,
          tx,
        );
        await audit.append(
          {
            actorUserId: organiser.id,
            actorRoles: rolesOf(organiser),
            action: 'arena.configured',
            entityType: 'event',
            entityId: event.id,
            detail: { stage: DEMO_ARENA.boutStage, tieRule, firstHolderMode: 'qualifying_top', firstHolder: codeOf.get(holder), orderMode: 'drawn', seed, order: order.map((id) => codeOf.get(id)) },
          },
          tx,
        );

        const decided: { challenger: string; holderScore: number; challengerScore: number }[] = [];
        for (const [i, plan] of DEMO_ARENA.bouts.entries()) {
          const open = i === DEMO_ARENA.bouts.length - 1;
          const current = playArena(holder, decided, tieRule).champion;
          const challenger = order[i];
          const bout = await arena.openBout({ eventId: event.id, number: i + 1, holderEntryId: current, challengerEntryId: challenger }, organiser.id, tx);
          await arena.bumpSeq(event.id, tx);
          await audit.append(
            {
              actorUserId: organiser.id,
              actorRoles: rolesOf(organiser),
              action: 'arena.bout_opened',
              entityType: 'event',
              entityId: event.id,
              detail: { bout: bout.number, holder: codeOf.get(current), challenger: codeOf.get(challenger) },
            },
            tx,
          );
          const judges = open ? setup.judgeUserIds.slice(0, DEMO_ARENA.openBoutJudges) : setup.judgeUserIds;
          const sides = [
            { entryId: current, quality: plan.holder },
            { entryId: challenger, quality: plan.challenger },
          ];
          const scoreOf = new Map<string, { judgeId: string; aspectKey: string; value: number }[]>();
          for (const [j, judgeUserId] of judges.entries()) {
            for (const side of sides) {
              for (const [k, aspect] of flattenAspects(boutScheme as MarkingScheme).entries()) {
                if (aspect.kind === 'deduction') continue;
                const value = demoMarkValue(aspect, clamp(side.quality + ASPECT_SHIFT[k % ASPECT_SHIFT.length], 0, 1), j);
                const row = await arena.insertMark({ eventId: event.id, boutId: bout.id, entryId: side.entryId, aspectKey: aspect.key, judgeUserId, value, idempotencyKey: randomUUID() }, tx);
                await arena.bumpSeq(event.id, tx);
                const judge = DEMO_USERS.find((u) => u.id === judgeUserId) ?? DEMO_USERS[0];
                await audit.append(
                  {
                    actorUserId: judgeUserId,
                    actorRoles: rolesOf(judge),
                    action: 'arena.mark_submitted',
                    entityType: 'event',
                    entityId: event.id,
                    detail: { markId: row.id, bout: bout.number, judgingCode: codeOf.get(side.entryId), aspectKey: aspect.key, value, via: 'seed' },
                  },
                  tx,
                );
                scoreOf.set(side.entryId, [...(scoreOf.get(side.entryId) ?? []), { judgeId: judgeUserId, aspectKey: aspect.key, value }]);
              }
            }
          }
          if (open) break;
          // As ArenaService.closeBout: both sides scored on the stage's scheme, the outcome by the tie rule.
          const holderScore = stageScore(boutScheme as MarkingScheme, scoreOf.get(current) ?? []).total;
          const challengerScore = stageScore(boutScheme as MarkingScheme, scoreOf.get(challenger) ?? []).total;
          const outcome = boutOutcome(holderScore, challengerScore, tieRule);
          await arena.decideBout(bout.id, { holderScore, challengerScore, outcome }, chief.id, tx);
          await arena.bumpSeq(event.id, tx);
          await audit.append(
            {
              actorUserId: chief.id,
              actorRoles: rolesOf(chief),
              action: 'arena.bout_decided',
              entityType: 'event',
              entityId: event.id,
              detail: { bout: bout.number, holder: codeOf.get(current), challenger: codeOf.get(challenger), holderScore, challengerScore, outcome, tieRule },
            },
            tx,
          );
          decided.push({ challenger, holderScore, challengerScore });
        }
      },
    },
  });
  return 1;
}
