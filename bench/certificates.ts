import type { CertificateBatchView } from '@dz/contracts';
import { DEFAULT_CERTIFICATE_TEMPLATES, generateCertificateKeyPair, signCertificate } from '@dz/domain';
import { createDataSource, DEMO_RESULTS } from '@dz/persistence';
import { cpus } from 'node:os';
import { loadCertificateFonts, renderCertificatePdf } from '../apps/worker/src/certificates/certificate-pdf';
import { exampleCertificateContent } from '../libs/domain/src/certificates/content.fixture';
import { REPO_ROOT } from '../scripts/lib/paths';
import { bulkFinalEvent } from '../test/factories/certificates.factory';
import { sessionFor } from '../test/setup/auth';
import { runNode, type RunningProcess } from '../test/setup/processes';
import { int, ms, rate, ratio, type TableCase } from './report';
import type { BenchStack } from './stack';
import { measureApiLatency, type StandingsSettings } from './standings';

type Say = (line: string) => void;
const sleep = (msDelay: number) => new Promise((resolve) => setTimeout(resolve, msDelay));

export interface CertificateSettings {
  /** Certificates in the measured batch. */
  count: number;
  /** Entries in the ZIP. */
  zipEntries: number;
  /** Certificates in the batch running during the live-latency measurement. */
  liveBatch: number;
}

/** A worker process serving the certificates queue alone, at concurrency 1: "one worker". */
async function startCertificateWorker(stack: BenchStack, say: Say): Promise<RunningProcess> {
  const worker = runNode('dist/apps/worker/src/main.js', {
    ...process.env,
    NODE_ENV: 'production',
    LOG_LEVEL: 'info',
    DATABASE_URL: stack.appDatabaseUrl,
    REDIS_URL: stack.redisUrl,
    QUEUE_PREFIX: stack.queuePrefix,
    PII_ENCRYPTION_KEY: stack.secrets.PII_ENCRYPTION_KEY,
    PII_HMAC_KEY: stack.secrets.PII_HMAC_KEY,
    CERT_SIGNING_KEY: stack.secrets.CERT_SIGNING_KEY,
    UPLOAD_DIR: stack.uploadDir,
    WORKER_QUEUES: 'certificates',
    CERTIFICATE_CONCURRENCY: '1',
    // As deployed (docker/compose.yaml): the certificate worker at the lowest CPU priority.
    WORKER_NICE: '19',
  });
  await worker.waitFor(/certificate signing key registered|worker ready/, 60_000);
  say(`certificates: worker process ${worker.child.pid} serving the certificates queue (concurrency 1, nice 19), cwd ${REPO_ROOT}`);
  return worker;
}

async function api<T>(stack: BenchStack, token: string, method: string, path: string): Promise<{ status: number; body: T }> {
  const response = await fetch(`${stack.apiUrl}${path}`, { method, headers: { authorization: `Bearer ${token}` } });
  return { status: response.status, body: (await response.json()) as T };
}

async function runBatch(stack: BenchStack, token: string, onRunning?: () => Promise<void>): Promise<{ batch: CertificateBatchView; seconds: number }> {
  const started = performance.now();
  const reply = await api<CertificateBatchView & { message?: string }>(stack, token, 'POST', `/api/events/${DEMO_RESULTS.eventId}/certificates/batches`);
  if (reply.status !== 202) throw new Error(`certificate batch refused: ${reply.status} ${reply.body.message}`);
  let during: Promise<void> | null = null;
  for (;;) {
    const { body } = await api<CertificateBatchView>(stack, token, 'GET', `/api/certificate-batches/${reply.body.id}`);
    if (body.status === 'failed') throw new Error(`certificate batch failed: ${body.message}`);
    if (onRunning && !during && body.issued > 0) during = onRunning();
    if (body.status === 'done') {
      const seconds = (performance.now() - started) / 1000;
      if (during) await during;
      return { batch: body, seconds };
    }
    await sleep(50);
  }
}

/**
 * Issue 10's certificate benchmarks: the full path (batch → BullMQ chunk jobs → render, sign,
 * store, record) on one worker process against bare rendering of the same page in this process;
 * the memory of streaming a 10,000-entry ZIP; and the live board's p99 with and without a
 * certificate batch running.
 */
export async function certificatesCase(
  stack: BenchStack,
  settings: CertificateSettings,
  live: { fixture: Parameters<typeof measureApiLatency>[0]; standings: StandingsSettings } | null,
  say: Say,
): Promise<TableCase> {
  const dataSource = createDataSource({ url: stack.databaseUrl, poolSize: 2, applicationName: 'dz-bench-certificates' });
  await dataSource.initialize();
  const bureau = (await sessionFor(stack.apiUrl, 'bureau')).accessToken;
  const worker = await startCertificateWorker(stack, say);
  try {
    // ── the full path ──
    await bulkFinalEvent({ dataSource }, settings.count);
    say(`certificates: full path, a batch of ${settings.count}`);
    const full = await runBatch(stack, bureau);
    const fullRate = full.batch.issued / full.seconds;

    // ── bare: pdfkit rendering the same page, the parsed font reused, one after another ──
    const fonts = loadCertificateFonts();
    const key = generateCertificateKeyPair();
    const template = { ...DEFAULT_CERTIFICATE_TEMPLATES.award, background: null };
    const content = exampleCertificateContent({ keyId: key.keyId });
    const signature = signCertificate(content, key.privateKey);
    await renderCertificatePdf({ content, template, verifyUrl: `http://localhost:3000/verify/${content.number}`, signature }, fonts);
    say(`certificates: baseline, ${settings.count} bare renders of the same page`);
    const bareStarted = performance.now();
    let bareBytes = 0;
    for (let i = 0; i < settings.count; i += 1) {
      const pdf = await renderCertificatePdf({ content: { ...content, personName: `选手${i}` }, template, verifyUrl: `http://localhost:3000/verify/${content.number}`, signature }, fonts);
      bareBytes += pdf.length;
    }
    const bareSeconds = (performance.now() - bareStarted) / 1000;
    const bareRate = settings.count / bareSeconds;

    // ── the ZIP: rows up to zipEntries (copies of one stored certificate under new numbers) ──
    const [existing]: { n: number }[] = await dataSource.query(`SELECT count(*)::int AS n FROM certificate WHERE event_id = $1`, [DEMO_RESULTS.eventId]);
    const copies = Math.max(0, settings.zipEntries - existing.n);
    await dataSource.query(
      `INSERT INTO certificate (id, event_id, entry_id, member_id, person_key, kind, number, batch_id, content, signature, key_id, storage_key, size_bytes)
       SELECT gen_random_uuid(), c.event_id, c.entry_id, c.member_id, 'zip-copy-' || i, c.kind, 'ZIPCOPY' || lpad(i::text, 7, '0'), NULL, c.content, c.signature, c.key_id, c.storage_key, c.size_bytes
         FROM (SELECT * FROM certificate WHERE event_id = $1 ORDER BY number LIMIT 1) c, generate_series(1, $2) AS i`,
      [DEMO_RESULTS.eventId, copies],
    );
    global.gc?.();
    const rssBefore = process.memoryUsage().rss;
    let rssPeak = rssBefore;
    const sampler = setInterval(() => {
      rssPeak = Math.max(rssPeak, process.memoryUsage().rss);
    }, 20);
    say(`certificates: streaming a ${int(settings.zipEntries)}-entry ZIP`);
    const zipStarted = performance.now();
    const response = await fetch(`${stack.apiUrl}/api/events/${DEMO_RESULTS.eventId}/certificates.zip`, { headers: { authorization: `Bearer ${bureau}` } });
    if (response.status !== 200 || !response.body) throw new Error(`ZIP: ${response.status}`);
    let zipBytes = 0;
    for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) zipBytes += chunk.length;
    const zipSeconds = (performance.now() - zipStarted) / 1000;
    clearInterval(sampler);

    // ── the live board with and without a batch running ──
    let quiet: Awaited<ReturnType<typeof measureApiLatency>> | null = null;
    const measured: { busy: Awaited<ReturnType<typeof measureApiLatency>> | null } = { busy: null };
    let liveRate = 0;
    if (live) {
      quiet = await measureApiLatency(live.fixture, live.standings, say, { firstIndex: 4000, title: '技能达人擂台赛·焊工（基准·证书批次前）' });
      await bulkFinalEvent({ dataSource }, settings.count + settings.liveBatch);
      say(`certificates: live latency while a batch of ${settings.liveBatch} runs`);
      const during = await runBatch(stack, bureau, async () => {
        measured.busy = await measureApiLatency(live.fixture, live.standings, say, { firstIndex: 6000, title: '技能达人擂台赛·焊工（基准·证书批次中）' });
      });
      liveRate = during.batch.issued / during.seconds;
    }

    const rows: string[][] = [
      ['full path: batch → chunk jobs → render, sign, store, record (1 worker process, concurrency 1)', int(full.batch.issued), full.seconds.toFixed(1), rate(fullRate), ''],
      ['baseline: pdfkit rendering the same page, parsed font reused (this process)', int(settings.count), bareSeconds.toFixed(1), rate(bareRate), `${int(bareBytes / settings.count / 1024)} KiB a page`],
      ['**ratio full / bare**', '', '', `**${ratio(fullRate, bareRate)}**`, fullRate / bareRate >= 0.7 ? 'target ≥ 0.70×: met' : 'target ≥ 0.70×: missed'],
      [
        `ZIP of ${int(settings.zipEntries)} certificates + results xlsx, streamed (API in this process)`,
        int(settings.zipEntries),
        zipSeconds.toFixed(1),
        rate(settings.zipEntries / zipSeconds),
        `${int(zipBytes / 2 ** 20)} MiB sent; RSS ${int(rssBefore / 2 ** 20)} → peak ${int(rssPeak / 2 ** 20)} MiB (+${int((rssPeak - rssBefore) / 2 ** 20)} MiB)`,
      ],
    ];
    const problems = [{ label: 'certificates missing from the batch', count: full.batch.total - full.batch.issued }];
    if (quiet && measured.busy) {
      const q = quiet.apiResult;
      const b = measured.busy.apiResult;
      rows.push(
        ['live board p99 submit → viewer, no batch', '', '', '', `p50 ${ms(q.p50)} ms, p99 **${ms(q.p99)} ms**`],
        [`live board p99 submit → viewer, a ${int(settings.liveBatch)}-certificate batch running (${rate(liveRate)}/s)`, '', '', '', `p50 ${ms(b.p50)} ms, p99 **${ms(b.p99)} ms**`],
        ['**ratio busy / quiet p99**', '', '', '', `**${ratio(b.p99, q.p99)}** (target ≤ 1.25×: ${b.p99 <= q.p99 * 1.25 ? 'met' : 'missed'})`],
      );
      problems.push({ label: 'live marks refused (with batch)', count: b.refused }, { label: 'live deliveries missing (with batch)', count: b.expectedDeliveries - b.deliveries });
    }
    return {
      title: `Certificates: ${int(settings.count)} on one worker, a ${int(settings.zipEntries)}-entry ZIP, the live board during a batch`,
      header: ['what', 'certificates', 'seconds', 'per second', 'notes'],
      numeric: [1, 2, 3],
      rows,
      problems,
      notes: [
        `Full path: POST /api/events/:id/certificates/batches as the bureau, timed until GET /api/certificate-batches/:id says done: the API plans the batch and enqueues ${Math.ceil(settings.count / 100)} chunk jobs of 100; a separate worker process (WORKER_QUEUES=certificates, CERTIFICATE_CONCURRENCY=1, WORKER_NICE=19 as in docker/compose.yaml) renders each certificate with the same renderer, signs it (Ed25519), writes the file (write + rename) and records each chunk in one transaction with its audit row, then pushes progress. Baseline: renderCertificatePdf alone on the same template, one after another in this process, no signing, storing or recording. Both are one core's work (${cpus().length} cores on the machine, shared with PostgreSQL, Redis and the API).`,
        `ZIP: GET /api/events/:id/certificates.zip through the API in this process, the body read and discarded; ${int(copies)} of the ${int(settings.zipEntries)} entries are rows copied from one stored certificate (same file, new numbers), so the ZIP's size is real; the archive is stored (PDFs are compressed already), one file appended when the last is taken, rows read 500 at a time. RSS is this process's (API included), sampled every 20 ms.`,
        live
          ? `Live: the standings latency case's API side (${live.standings.markRate} marks/s to ${int(live.standings.viewers)} viewers), measured once with no batch and once while a ${int(settings.liveBatch)}-certificate batch runs in the worker process; the PDF work is in its own process at concurrency 1 and nice 19 (as deployed), so the kernel gives the API, PostgreSQL and Redis the CPU first and the batch the rest.`
          : 'Live: skipped (BENCH_STANDINGS=0).',
      ],
    };
  } finally {
    await worker.stop('SIGTERM');
    await dataSource.destroy();
  }
}

