import type { ResultsJobView, ResultsOverview } from '@dz/contracts';
import request from 'supertest';
import type { TestApi } from '../setup/api-app';
import { bearer, sessionFor } from '../setup/auth';
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
