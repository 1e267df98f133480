import type { CertificateTemplateList, CertificateVerification, EventCertificates, MyCertificates } from '@dz/contracts';
import { formatCertificateNumber, verifyCertificateFile } from '@dz/domain';
import { DEMO_RESULTS } from '@dz/persistence';
import type { INestApplicationContext } from '@nestjs/common';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { batchFinished, finaliseDemoResults, startBatch } from '../factories/certificates.factory';
import { startTestApi, type TestApi } from '../setup/api-app';
import { bearer, sessionFor, signIn } from '../setup/auth';
import { decodeQr, renderPdfPage } from '../setup/pdf';
import { startTestWorker } from '../setup/worker';

/** The response body as a Buffer (supertest leaves binary bodies to a parser). */
const binary = (res: import('superagent').Response, done: (err: Error | null, body: unknown) => void) => {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => done(null, Buffer.concat(chunks)));
};

/**
 * Certificates end to end: the demo event's results made final, the bureau issues its
 * certificates (the worker renders them), a second issue adds nothing, the person downloads
 * theirs, the public page verifies valid / revoked / tampered / unknown / malformed, the ZIP
 * holds every PDF and the results xlsx, and templates are edited with their checks.
 */
describe('certificates (证书)', () => {
  jest.setTimeout(600_000);
  let api: TestApi;
  let worker: INestApplicationContext;
  let bureau: string;
  let organiser: string;
  let contestant: string;
  const eventId = DEMO_RESULTS.eventId;
  let listed: EventCertificates;

  beforeAll(async () => {
    const uploads = mkdtempSync(join(tmpdir(), 'dz-certs-'));
    api = await startTestApi({ seed: true, env: { UPLOAD_DIR: uploads } });
    worker = await startTestWorker(api, { UPLOAD_DIR: uploads });
    bureau = (await sessionFor(api.baseUrl, 'bureau')).accessToken;
    organiser = (await signIn(api.baseUrl, 'jingxin')).accessToken;
    contestant = (await signIn(api.baseUrl, '13800000001')).accessToken;
  });

  afterAll(async () => {
    await worker?.close();
    await api?.close();
  });

  it('should refuse to issue before the results are final, saying why', async () => {
    const early = await request(api.baseUrl).post(`/api/events/${eventId}/certificates/batches`).set(bearer(bureau)).expect(409);
    expect(early.body.message).toBe('成绩确认为最终成绩后才能生成证书');
    await request(api.baseUrl).post(`/api/events/${eventId}/certificates/batches`).set(bearer(organiser)).expect(403);
    const view = (await request(api.baseUrl).get(`/api/events/${eventId}/certificates`).set(bearer(organiser)).expect(200)).body as EventCertificates;
    expect(view).toMatchObject({ issuable: false, planned: 0, issued: 0 });
  });

  it('should issue one certificate per person and kind, and a second batch adds none', async () => {
    await finaliseDemoResults(api, bureau);
    const results = (await request(api.baseUrl).get(`/api/events/${eventId}/results`).set(bearer(bureau)).expect(200)).body;
    const rows = results.latest.rows as { standing: string; award: string | null; titles: string[] }[];
    const valid = rows.filter((r) => r.standing === 'valid');
    const expected = valid.length + valid.filter((r) => r.award !== null || r.titles.length > 0).length;

    const batch = await startBatch(api, eventId, bureau);
    expect(batch).toMatchObject({ status: 'queued', total: expected, chunks: 1 });
    const done = await batchFinished(api, batch.id, bureau);
    expect(done).toMatchObject({ status: 'done', issued: expected, chunksDone: 1 });

    listed = (await request(api.baseUrl).get(`/api/events/${eventId}/certificates?pageSize=200`).set(bearer(bureau)).expect(200)).body as EventCertificates;
    expect(listed).toMatchObject({ issuable: true, planned: expected, issued: expected, revoked: 0, total: expected });
    expect(listed.byKind.participation).toBe(valid.length);
    expect(new Set(listed.items.map((c) => c.number)).size).toBe(expected);
    for (const c of listed.items) expect(c.idNumberMasked).toMatch(/^\d{4}\*{10}[\dX]{4}$/);

    const again = await request(api.baseUrl).post(`/api/events/${eventId}/certificates/batches`).set(bearer(bureau)).expect(409);
    expect(again.body.message).toBe(`本赛项的 ${expected} 张证书均已生成，无需再次生成`);
    const audit: { action: string }[] = await api.dataSource.query(`SELECT action FROM audit_log WHERE action LIKE 'certificate.%' ORDER BY id`);
    expect(audit.map((a) => a.action)).toEqual(['certificate.batch_started', 'certificate.issued']);
  });

  it('should give the person their certificate: Chinese text drawn, the QR code opening its verification page', async () => {
    const mine = (await request(api.baseUrl).get('/api/certificates/mine').set(bearer(contestant)).expect(200)).body as MyCertificates;
    expect(mine.items.length).toBeGreaterThanOrEqual(1);
    const proof = mine.items.find((c) => c.kind === 'participation');
    expect(proof).toMatchObject({ personName: '李明', eventTitle: listed.eventTitle });
    const pdf = (await request(api.baseUrl).get(`/api/certificates/${proof?.id}/file`).set(bearer(contestant)).buffer(true).parse(binary).expect(200)).body as Buffer;
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const page = renderPdfPage(pdf);
    expect(page.text).toContain('李明');
    expect(page.text).toContain(proof?.number);
    expect(decodeQr(page.png)).toBe(`http://localhost:3000/verify/${proof?.number}`);

    // Anyone else's certificate is not theirs to download.
    const other = listed.items.find((c) => c.personName !== '李明');
    await request(api.baseUrl).get(`/api/certificates/${other?.id}/file`).set(bearer(contestant)).expect(404);
    // The organiser's download is audited.
    await request(api.baseUrl).get(`/api/certificates/${other?.id}/file`).set(bearer(organiser)).buffer(true).parse(binary).expect(200);
    const [row]: { n: number }[] = await api.dataSource.query(`SELECT count(*)::int AS n FROM audit_log WHERE action = 'certificate.downloaded'`);
    expect(row.n).toBe(1);
  });

  it('should verify valid, revoked, tampered, unknown and malformed numbers, and the offline command agrees', async () => {
    const [valid, revoked, tampered] = listed.items;
    const verify = async (number: string) => (await request(api.baseUrl).get(`/api/public/certificates/${encodeURIComponent(number)}`).expect(200)).body as CertificateVerification;

    const ok = await verify(valid.number);
    expect(ok).toMatchObject({ status: 'valid', content: { number: valid.number, personName: valid.personName }, revoked: null });
    expect(JSON.stringify(ok)).not.toMatch(/\d{17}[\dX]/);

    await request(api.baseUrl).post(`/api/certificates/${revoked.id}/revocation`).set(bearer(bureau)).send({ reason: '短' }).expect(400);
    await request(api.baseUrl).post(`/api/certificates/${revoked.id}/revocation`).set(bearer(organiser)).send({ reason: '获奖资格经复核被取消' }).expect(403);
    await request(api.baseUrl).post(`/api/certificates/${revoked.id}/revocation`).set(bearer(bureau)).send({ reason: '获奖资格经复核被取消' }).expect(200);
    const twice = await request(api.baseUrl).post(`/api/certificates/${revoked.id}/revocation`).set(bearer(bureau)).send({ reason: '获奖资格经复核被取消' }).expect(409);
    expect(twice.body.message).toBe(`证书 ${revoked.number} 已于此前撤销`);
    expect(await verify(revoked.number)).toMatchObject({ status: 'revoked', revoked: { reason: '获奖资格经复核被取消' } });

    // One character of the stored content changed.
    await api.dataSource.query(`UPDATE certificate SET content = jsonb_set(content, '{personName}', to_jsonb(content->>'personName' || '丙')) WHERE id = $1`, [tampered.id]);
    expect(await verify(tampered.number)).toMatchObject({ status: 'tampered' });

    // Well formed, check character right, never issued.
    const unknownNumber = formatCertificateNumber({ year: 2099, kind: 'award', sequence: 9_999_999 });
    expect(await verify(unknownNumber)).toMatchObject({ status: 'unknown', content: null });
    expect(await verify(`${valid.number.slice(0, -1)}${valid.number.endsWith('1') ? '2' : '1'}`)).toMatchObject({ status: 'malformed' });

    // Offline: the published key and the records as the page gives them.
    const pem = (await request(api.baseUrl).get('/api/public/certificates/key.pem').expect(200)).text;
    const dir = mkdtempSync(join(tmpdir(), 'dz-verify-'));
    writeFileSync(join(dir, 'key.pem'), pem);
    const record = (v: CertificateVerification) => Buffer.from(JSON.stringify({ content: v.content, signature: v.signature, keyId: v.keyId }));
    expect(verifyCertificateFile(record(ok), pem)).toMatchObject({ status: 'valid' });
    expect(verifyCertificateFile(record(await verify(tampered.number)), pem)).toMatchObject({ status: 'invalid' });
    writeFileSync(join(dir, 'valid.json'), record(ok));
    const out = execFileSync('node', ['dist/scripts/verify-certificate.js', join(dir, 'valid.json'), '--key', join(dir, 'key.pem')], { encoding: 'utf8' });
    expect(out).toContain('签名有效');
  });

  it('should stream every certificate and the results xlsx as one ZIP', async () => {
    const zip = (await request(api.baseUrl).get(`/api/events/${eventId}/certificates.zip`).set(bearer(bureau)).buffer(true).parse(binary).expect(200)).body as Buffer;
    expect(zip.subarray(0, 2).toString()).toBe('PK');
    const dir = mkdtempSync(join(tmpdir(), 'dz-zip-'));
    writeFileSync(join(dir, 'all.zip'), zip);
    const names = execFileSync('unzip', ['-Z1', join(dir, 'all.zip')], { encoding: 'utf8' }).trim().split('\n');
    expect(names.filter((n) => n.endsWith('.pdf'))).toHaveLength(listed.total);
    expect(names.some((n) => n.endsWith('.xlsx'))).toBe(true);
    for (const c of listed.items) expect(names.filter((n) => n.startsWith(`证书/${c.number}-`))).toHaveLength(1);
    expect(names).toContain(`证书/${listed.items[0].number}-${listed.items[0].personName}.pdf`);
  });

  it('should keep templates per series and kind, checking placeholders and the version', async () => {
    const list = (await request(api.baseUrl).get('/api/certificate-templates').set(bearer(bureau)).expect(200)).body as CertificateTemplateList;
    expect(list.items).toHaveLength(6);
    expect(list.placeholders).toContain('{姓名}');
    const put = (fields: Record<string, string>) => {
      const req = request(api.baseUrl).put('/api/certificate-templates/dazhou_skills_competition/award').set(bearer(bureau));
      for (const [k, v] of Object.entries(fields)) void req.field(k, v);
      return req;
    };
    const bad = await put({ title: '荣誉证书', body: '{姓名}同志在{赛项}中荣获{奖金}，特发此证。', signatureLine: '达州市人力资源和社会保障局', version: '0' }).expect(400);
    expect(bad.body.issues[0]).toMatchObject({ path: 'body' });
    const saved = await put({ title: '荣誉证书', body: '{姓名}同志在{赛项}中荣获{荣誉}，特发此证，以资鼓励。', signatureLine: '达州市人力资源和社会保障局', version: '0' }).expect(200);
    expect(saved.body).toMatchObject({ version: 1, hasBackground: false });
    await put({ title: '荣誉证书', body: '{姓名}同志在{赛项}中荣获{荣誉}，特发此证。', signatureLine: '达州市人力资源和社会保障局', version: '0' }).expect(409);
    await request(api.baseUrl).put('/api/certificate-templates/dazhou_skills_competition/award').set(bearer(organiser)).field('title', 'x').expect(403);
  });
});
