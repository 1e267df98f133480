import type { ResultsJobView, ResultsOverview } from '@dz/contracts';
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import type { TestApi } from '../setup/api-app';
import { bearer, sessionFor, signIn } from '../setup/auth';
import { connected, createJudges, judgeSocket, runningEvent, schemeBody, submitMark, type JudgeSocket, type RunningEvent, type TestJudge } from './judging.factory';
import { eventually } from './standings.factory';

/** `YYYY-MM-DD`, `days` from today in China time. */
export function chinaDay(days: number): string {
  return new Date(Date.now() + 8 * 3600_000 + days * 86_400_000).toISOString().slice(0, 10);
}

/** Queues results.compute and waits for the worker to finish it; returns the finished job. */
export async function computeResults(api: TestApi, eventId: string, token: string, cause = 'recompute'): Promise<ResultsJobView> {
  const queued = (await request(api.baseUrl).post(`/api/events/${eventId}/results/compute`).set(bearer(token)).send({ cause }).expect(202)).body as ResultsJobView;
  let job = queued;
  await eventually(async () => {
    job = (await request(api.baseUrl).get(`/api/events/${eventId}/results/jobs/${queued.jobId}`).set(bearer(token)).expect(200)).body as ResultsJobView;
    if (job.state === 'failed') throw new Error(`results job failed: ${job.error}`);
    return job.state === 'completed';
  }, 'the results job to complete', 60_000);
  return job;
}

/**
 * Results published (scoring_closed → under_notice) the way the bureau does it: computed by the
 * worker (which must run), then the latest version put under notice from `startsOn` to `endsOn`.
 */
export async function publishResults(api: TestApi, eventId: string, period: { startsOn: string; endsOn: string } = { startsOn: chinaDay(0), endsOn: chinaDay(7) }): Promise<ResultsOverview> {
  const bureau = (await sessionFor(api.baseUrl, 'bureau')).accessToken;
  const job = await computeResults(api, eventId, bureau, 'scoring_closed');
  return (await request(api.baseUrl).post(`/api/events/${eventId}/results/notice`).set(bearer(bureau)).send({ version: job.version, ...period }).expect(200)).body as ResultsOverview;
}

/** Marks of one entry, the same from every judge: 理论 A1, 实操 A1, 实操 A2 (10 marks each). */
export type EntryMarks = readonly [theory: number, practicalA1: number, practicalA2: number];

export interface MarkedEvent {
  running: RunningEvent;
  /** The first is the chief judge. */
  judges: TestJudge[];
  /** Mark ids by `entry index|stage|aspect|judge user id`. */
  markIds: Map<string, string>;
  /** The judges' sockets (close them in afterAll). */
  sockets: JudgeSocket[];
}

/**
 * A running event with schemes for 理论 (A1) and 实操 (A1, A2), two judges (the first chief),
 * the awards plan's tiers as given (counts with a minimum of 60, 技能达人 for the first, one-step
 * upgrades, one 巴渠工匠 nomination) and, when `marks` are given, every judge's marks in over the
 * socket: what the results specs start from.
 */
export async function markedEvent(
  api: TestApi,
  options: { count: number; firstIndex: number; title: string; judgePrefix: string; tierCounts: readonly number[]; marks: readonly EntryMarks[] },
): Promise<MarkedEvent> {
  const organiser = (await signIn(api.baseUrl, 'jingxin')).accessToken;
  const names = ['一等奖', '二等奖', '三等奖'];
  const running = await runningEvent(api, {
    count: options.count,
    firstIndex: options.firstIndex,
    title: options.title,
    draft: {
      awardsPlan: {
        tiers: options.tierCounts.map((value, i) => ({ name: names[i], mode: 'count' as const, value, minScore: 60 })),
        titles: ['技能达人'],
        upgradeRecommendation: true,
        craftsmanNominations: 1,
        rounding: 'floor',
        boundaryTies: 'higher',
      },
    },
  });
  for (const [stage, measurement] of [
    ['理论', 1],
    ['实操', 2],
  ] as const) {
    await request(api.baseUrl)
      .put(`/api/events/${running.event.id}/schemes/${encodeURIComponent(stage)}`)
      .set(bearer(organiser))
      .send(schemeBody({ measurement, judgement: 0 }))
      .expect(200);
  }
  const judges = await createJudges(api, 2, { prefix: options.judgePrefix });
  await request(api.baseUrl).post(`/api/events/${running.event.id}/judges`).set(bearer(organiser)).send({ judgeUserId: judges[0].userId, role: 'chief' }).expect(200);
  await request(api.baseUrl).post(`/api/events/${running.event.id}/judges`).set(bearer(organiser)).send({ judgeUserId: judges[1].userId }).expect(200);
  const markIds = new Map<string, string>();
  const sockets: JudgeSocket[] = [];
  for (const judge of judges) {
    const socket = judgeSocket(api, judge.token, { reconnection: false });
    sockets.push(socket);
    await connected(socket);
    for (const [entry, [theory, a1, a2]] of options.marks.entries()) {
      for (const [stage, aspectKey, value] of [
        ['理论', 'A1', theory],
        ['实操', 'A1', a1],
        ['实操', 'A2', a2],
      ] as const) {
        const ack = await submitMark(socket, { idempotencyKey: randomUUID(), eventId: running.event.id, judgingCode: running.entries[entry].judgingCode, stage, aspectKey, value });
        if (!ack.ok) throw new Error(`mark refused: ${JSON.stringify(ack)}`);
        markIds.set(`${entry}|${stage}|${aspectKey}|${judge.userId}`, ack.data.markId);
      }
    }
  }
  return { running, judges, markIds, sockets };
}
