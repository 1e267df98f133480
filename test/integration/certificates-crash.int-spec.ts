import { type CertificateBatchView } from '@dz/contracts';
import { verifyCertificateFile } from '@dz/domain';
import { LocalDiskStorage } from '@dz/persistence';
import { mkdtempSync, readdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { batchFinished, bulkFinalEvent, startBatch } from '../factories/certificates.factory';
import { eventually } from '../factories/standings.factory';
import { startTestApi, testEnvironment, type TestApi } from '../setup/api-app';
import { sessionFor } from '../setup/auth';
import { runNode, type RunningProcess } from '../setup/processes';

/**
 * The crash test of issue 10: a batch of 2,000 certificates, its worker process killed with
 * SIGKILL twice while it runs and started again each time; in the end exactly 2,000
 * certificates, each number unique, each file present and its signature valid.
 */
describe('certificate batch through two worker crashes', () => {
  jest.setTimeout(900_000);
  let api: TestApi;
  let uploads: string;
  let worker: RunningProcess | null = null;
  const started: RunningProcess[] = [];

  const startWorker = async () => {
    worker = runNode('dist/apps/worker/src/main.js', {
      ...process.env,
      ...testEnvironment(api.database, api.secrets, api.config.QUEUE_PREFIX),
      LOG_LEVEL: 'info',
      UPLOAD_DIR: uploads,
      WORKER_QUEUES: 'certificates',
      CERTIFICATE_CONCURRENCY: '2',
      // A killed worker's chunks are taken over after 3 s instead of 30 s.
      JOB_LOCK_MS: '3000',
    });
    started.push(worker);
    await worker.waitFor(/worker ready/, 60_000);
  };

  const issuedCount = async (eventId: string): Promise<number> => {
    const [row]: { n: number }[] = await api.dataSource.query(`SELECT count(*)::int AS n FROM certificate WHERE event_id = $1`, [eventId]);
    return row.n;
  };

  beforeAll(async () => {
    uploads = mkdtempSync(join(tmpdir(), 'dz-certs-crash-'));
    api = await startTestApi({ seed: true, env: { UPLOAD_DIR: uploads } });
  });

  afterAll(async () => {
    for (const w of started) await w.stop('SIGKILL');
    await api?.close();
  });

  it('should end with exactly 2,000 certificates, unique numbers, every file present and signed', async () => {
    const demo = await bulkFinalEvent(api, 2_000);
    const planned = demo.planned;
    expect(planned).toBe(2_000);
    const bureau = (await sessionFor(api.baseUrl, 'bureau')).accessToken;

    await startWorker();
    const batch: CertificateBatchView = await startBatch(api, demo.eventId, bureau);
    expect(batch.total).toBe(planned);

    // Killed once after about 300 certificates, once after about 1,100: mid-chunk, with files
    // written that no row will point to.
    const killedAt: number[] = [];
    for (const after of [300, 1_100]) {
      await eventually(async () => (await issuedCount(demo.eventId)) >= after, `${after} certificates`, 300_000);
      await worker?.stop('SIGKILL');
      const at = await issuedCount(demo.eventId);
      expect(at).toBeLessThan(planned);
      killedAt.push(at);
      await startWorker();
    }
    const done = await batchFinished(api, batch.id, bureau, 600_000);
    expect(done).toMatchObject({ status: 'done', issued: planned, chunksDone: done.chunks });

    const rows: { number: string; person_key: string; kind: string; storage_key: string; size_bytes: number }[] = await api.dataSource.query(
      `SELECT number, person_key, kind, storage_key, size_bytes FROM certificate WHERE event_id = $1`,
      [demo.eventId],
    );
    expect(rows).toHaveLength(planned);
    expect(new Set(rows.map((r) => r.number)).size).toBe(planned);
    expect(new Set(rows.map((r) => `${r.person_key}:${r.kind}`)).size).toBe(planned);

    const pem = (await request(api.baseUrl).get('/api/public/certificates/key.pem').expect(200)).text;
    const storage = new LocalDiskStorage(uploads);
    let valid = 0;
    for (const row of rows) {
      expect(await storage.size(row.storage_key)).toBe(row.size_bytes);
      const check = verifyCertificateFile(await readFile(join(uploads, row.storage_key)), pem);
      if (check.status === 'valid' && check.content.number === row.number) valid += 1;
    }
    expect(valid).toBe(planned);
    // Files rendered by a killed run that no row points to: left behind, never served.
    const files = readdirSync(join(uploads, 'certificates', demo.eventId)).filter((f) => f.endsWith('.pdf')).length;
    expect(files).toBeGreaterThanOrEqual(planned);
    const [{ audited }]: { audited: number }[] = await api.dataSource.query(
      `SELECT COALESCE(sum((detail->>'written')::int), 0)::int AS audited FROM audit_log WHERE action = 'certificate.issued' AND entity_id = $1`,
      [batch.id],
    );
    expect(audited).toBe(planned);
    process.stdout.write(`[certificates-crash] ${planned} certificates; SIGKILL at ${killedAt.join(' and ')} recorded; ${files - planned} orphan files from killed runs\n`);
    const restarts = started.length;
    expect(restarts).toBe(3);
  });
});
