import type { CertificateBatchView, ResultRow, ResultsOverview } from '@dz/contracts';
import { DEMO_RESULTS } from '@dz/persistence';
import request from 'supertest';
import type { TestApi } from '../setup/api-app';
import { bearer } from '../setup/auth';
import { chinaDay } from './results.factory';
import { eventually } from './standings.factory';

/**
 * The demo event under notice (DEMO_RESULTS: eight entries, 李明's among them) made final the
 * way the bureau does it: its notice period moved into the past, then the latest version final.
 */
export async function finaliseDemoResults(api: TestApi, bureau: string): Promise<{ eventId: string; version: number }> {
  const eventId = DEMO_RESULTS.eventId;
  const overview = (await request(api.baseUrl).get(`/api/events/${eventId}/results`).set(bearer(bureau)).expect(200)).body as ResultsOverview;
  const version = overview.latest?.version;
  if (!version) throw new Error('the demo event has no results version');
  await request(api.baseUrl).post(`/api/events/${eventId}/results/notice`).set(bearer(bureau)).send({ version, startsOn: chinaDay(-8), endsOn: chinaDay(-1) }).expect(200);
  await request(api.baseUrl).post(`/api/events/${eventId}/results/final`).set(bearer(bureau)).send({ version }).expect(200);
  return { eventId, version };
}

/**
 * A large final event for certificate volume tests, written straight into the database (the
 * results path is tested elsewhere): the demo event under notice gets more approved entries,
 * each with one member, and a final version whose rows give some of them a prize, so that its
 * certificate plan (the demo's own, a participation proof per new entry, an award certificate
 * per prize) comes to exactly `total`.
 */
export async function bulkFinalEvent(api: Pick<TestApi, 'dataSource'>, total: number): Promise<{ eventId: string; version: number; planned: number }> {
  const eventId = DEMO_RESULTS.eventId;
  return api.dataSource.transaction(async (manager) => {
    const [latest]: { version: number; results: { validCount: number; tiers: unknown[]; rows: ResultRow[]; arena: unknown } }[] = await manager.query(
      `SELECT version, results FROM result_version WHERE event_id = $1 ORDER BY version DESC LIMIT 1`,
      [eventId],
    );
    const valid = latest.results.rows.filter((r) => r.standing === 'valid');
    const demoPlanned = valid.length + valid.filter((r) => r.award !== null || r.titles.length > 0).length;
    const extra = Math.ceil((total - demoPlanned) / 2);
    const options = { extra, awarded: total - demoPlanned - extra };
    const [{ base }]: { base: number }[] = await manager.query(`SELECT COALESCE(max(number), 0) AS base FROM entry WHERE event_id = $1`, [eventId]);
    const entries: { id: string; number: number }[] = await manager.query(
      `INSERT INTO entry (event_id, number, status, source) SELECT $1, $2 + i, 'approved', 'import' FROM generate_series(1, $3) AS i RETURNING id, number`,
      [eventId, base, options.extra],
    );
    await manager.query(
      `INSERT INTO entry_member (entry_id, event_id, position, name, id_number_enc, id_number_hmac, id_number_masked, phone_enc, phone_masked,
                                 county, employer, employer_in_dazhou, skill_level, occupation_code)
       SELECT e.id, e.event_id, 0, '选手' || e.number, 'bulk', 'bulk-person-' || e.number, '5117**********' || lpad((e.number % 10000)::text, 4, '0'),
              'bulk', '139****' || lpad((e.number % 10000)::text, 4, '0'), '通川区', '达州钢铁集团有限公司', true, 'intermediate', ev.occupation_code
         FROM entry e JOIN competition_event ev ON ev.id = e.event_id
        WHERE e.event_id = $1 AND e.number > $2`,
      [eventId, base],
    );
    const extraRows: ResultRow[] = entries
      .sort((a, b) => a.number - b.number)
      .map((e, i) => ({
        entryId: e.id,
        number: e.number,
        name: `选手${e.number}`,
        judgingCode: null,
        employer: '达州钢铁集团有限公司',
        county: '通川区',
        standing: 'valid',
        rank: latest.results.rows.length + i + 1,
        total: 6000,
        stageTotals: {},
        deductions: 0,
        award: i < options.awarded ? '优秀奖' : null,
        tier: i < options.awarded ? 4 : null,
        titles: [],
        skillLevel: 'intermediate',
        upgradeTo: null,
        upgradeNote: null,
        nominated: false,
        disqualifiedReason: null,
      }));
    const rows = [...latest.results.rows, ...extraRows];
    const version = latest.version + 1;
    await manager.query(
      `INSERT INTO result_version (event_id, version, inputs_hash, algorithm, cause, inputs, results)
       VALUES ($1, $2, $3, 'dz-results/1', 'recompute', '{}'::jsonb, $4::jsonb)`,
      [eventId, version, `bulk-${version}-${options.extra}`, JSON.stringify({ ...latest.results, validCount: rows.length, rows })],
    );
    const [bureau]: { id: string }[] = await manager.query(`SELECT user_id AS id FROM role_grant WHERE role = 'bureau_admin' LIMIT 1`);
    await manager.query(
      `UPDATE result_notice SET version = $2, starts_on = $3, ends_on = $4, final_version = $2, final_by = $5, final_at = now() WHERE event_id = $1`,
      [eventId, version, chinaDay(-8), chinaDay(-1), bureau.id],
    );
    await manager.query(`UPDATE competition_event SET status = 'final' WHERE id = $1`, [eventId]);
    return { eventId, version, planned: demoPlanned + options.extra + options.awarded };
  });
}

/** Starts the event's certificate batch as the bureau. */
export async function startBatch(api: TestApi, eventId: string, bureau: string): Promise<CertificateBatchView> {
  return (await request(api.baseUrl).post(`/api/events/${eventId}/certificates/batches`).set(bearer(bureau)).expect(202)).body as CertificateBatchView;
}

/** Polls the batch until it is done (or failed: then throws with its message). */
export async function batchFinished(api: TestApi, batchId: string, bureau: string, timeoutMs = 120_000): Promise<CertificateBatchView> {
  let batch: CertificateBatchView | null = null;
  await eventually(
    async () => {
      batch = (await request(api.baseUrl).get(`/api/certificate-batches/${batchId}`).set(bearer(bureau)).expect(200)).body as CertificateBatchView;
      if (batch.status === 'failed') throw new Error(`certificate batch failed: ${batch.message}`);
      return batch.status === 'done';
    },
    'the certificate batch to finish',
    timeoutMs,
  );
  return batch as unknown as CertificateBatchView;
}
