import {
  IMPORT_COLUMNS,
  IMPORT_MAX_BYTES,
  IMPORT_MAX_ROWS,
  ImportList,
  ImportView,
  type ClientToServerEvents,
  type ImportMode,
  type ImportProgress,
  type ProposalDetail,
  type ServerToClientEvents,
} from '@dz/contracts';
import { DEMO_EVENTS, DEMO_ORG, RegistrationRepository } from '@dz/persistence';
import type { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import ExcelJS from 'exceljs';
import { io, type Socket } from 'socket.io-client';
import request from 'supertest';
import { loadWorkerConfig } from '../../apps/worker/src/config/worker-config';
import { RegistrationImportHandler } from '../../apps/worker/src/handlers/registration-import.handler';
import { WorkerModule } from '../../apps/worker/src/worker.module';
import { proposalDraft } from '../factories/proposal.factory';
import { importRow, importWorkbook, residentId, type ImportRowValues } from '../factories/registration-import.factory';
import { xlsxBomb, XLSX_SKELETON, zipOf } from '../factories/zip.factory';
import { startTestApi, testEnvironment, type TestApi } from '../setup/api-app';
import { bearer, sessionFor, signIn } from '../setup/auth';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** Reads a downloaded workbook: each sheet's rows as text. */
async function sheetsOf(data: Buffer): Promise<Map<string, string[][]>> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(data as unknown as ArrayBuffer);
  const sheets = new Map<string, string[][]>();
  for (const sheet of workbook.worksheets) {
    const rows: string[][] = [];
    sheet.eachRow((row) => rows.push((row.values as unknown[]).slice(1).map((v) => (v === null || v === undefined ? '' : String(v)))));
    sheets.set(sheet.name, rows);
  }
  return sheets;
}

/** A download as a Buffer (supertest parses only text by default). */
const download = (baseUrl: string, path: string, token: string) =>
  request(baseUrl)
    .get(path)
    .set(bearer(token))
    .buffer(true)
    .parse((res, callback) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => callback(null, Buffer.concat(chunks)));
    });

/** The 50 kinds of bad row the big file carries, with the reason the report must give. */
interface BadKind {
  label: string;
  row: (i: number, earlier: ImportRowValues) => ImportRowValues;
  reason: RegExp;
}

const flipCheckDigit = (id: string) => `${id.slice(0, 17)}${id.endsWith('1') ? '2' : '1'}`;

const BAD_KINDS: BadKind[] = [
  { label: 'bad ID check digit', row: (i) => importRow(i, { 身份证号: flipCheckDigit(String(importRow(i).身份证号)) }), reason: /^身份证号校验位不正确/ },
  { label: 'bad phone', row: (i) => importRow(i, { 手机号: '1381234' }), reason: /^手机号：请输入 11 位手机号$/ },
  { label: 'unknown county', row: (i) => importRow(i, { 区县: '锦江区' }), reason: /^区县：「锦江区」不是达州市的区县/ },
  { label: 'missing name', row: (i) => importRow(i, { 姓名: '' }), reason: /^姓名：请填写姓名$/ },
  { label: 'too old for the event', row: (i) => importRow(i, { 身份证号: residentId('19600315', 500 + (i % 400)) }), reason: /^年龄须在 18–55 岁之间（按比赛日计算，您为 67 岁）$/ },
  { label: 'duplicate person inside the file', row: (i, earlier) => importRow(i, { 身份证号: earlier.身份证号 }), reason: /^与第 \d+ 行是同一人（身份证号相同），同一人只能报名一次$/ },
  { label: 'malformed occupation code', row: (i) => importRow(i, { 职业编码: '6180204' }), reason: /^职业编码：职业编码格式应为 6-18-02-04$/ },
  { label: 'skill level without certificate', row: (i) => importRow(i, { 证书编号: '' }), reason: /^证书编号：填写了职业技能等级，请同时填写证书编号$/ },
  { label: 'occupation the event does not admit', row: (i) => importRow(i, { 职业编码: '4-03-02-01' }), reason: /参赛职业须为 焊工（6-18-02-04）；您为 中式烹调师（4-03-02-01）/ },
  { label: 'employer outside Dazhou', row: (i) => importRow(i, { 单位是否在达州: '否' }), reason: /^须在达州市内的单位工作或就读/ },
  { label: 'skill level below the minimum', row: (i) => importRow(i, { 职业技能等级: '初级工' }), reason: /^职业技能等级须为 中级工 及以上（您为 初级工）$/ },
  { label: 'ID number typed as a number', row: (i) => importRow(i, { 身份证号: 511702198801011200 }), reason: /^身份证号：单元格是数字格式/ },
  { label: 'unknown skill level', row: (i) => importRow(i, { 职业技能等级: '大师' }), reason: /^职业技能等级：「大师」不是职业技能等级/ },
  { label: 'yes/no neither', row: (i) => importRow(i, { 单位是否在达州: '不清楚' }), reason: /^单位是否在达州：应填写「是」或「否」/ },
  { label: 'too young', row: (i) => importRow(i, { 身份证号: residentId('20120601', 600 + (i % 300)) }), reason: /^年龄须在 18–55 岁之间（按比赛日计算，您为 14 岁）$/ },
  { label: 'ID number too short', row: (i) => importRow(i, { 身份证号: '5117021988' }), reason: /^身份证号：身份证号应为 18 位/ },
];

interface BigFile {
  data: Buffer;
  /** Excel row → the kind of bad row there. */
  bad: Map<number, BadKind>;
}

/** 5,000 data rows: 4,950 distinct valid people and 50 bad rows of the kinds above, spread out. */
async function bigFile(): Promise<BigFile> {
  const rows: ImportRowValues[] = [];
  const bad = new Map<number, BadKind>();
  let person = 0;
  for (let i = 0; i < IMPORT_MAX_ROWS; i += 1) {
    if (i % 100 === 37) {
      const kind = BAD_KINDS[bad.size % BAD_KINDS.length];
      // Bad rows use person numbers far from the good ones (except the in-file duplicate).
      rows.push(kind.row(20_000 + i, rows[i - 1]));
      bad.set(i + 2, kind);
    } else {
      rows.push(importRow(person));
      person += 1;
    }
  }
  return { data: await importWorkbook(rows), bad };
}

describe('registration import (报名批量导入)', () => {
  jest.setTimeout(600_000);
  let api: TestApi;
  let worker: INestApplicationContext;
  let department: string;
  let eventId: string;
  const sockets: Socket[] = [];

  beforeAll(async () => {
    api = await startTestApi({ seed: true });
    const config = loadWorkerConfig(testEnvironment(api.database, api.secrets, api.config.QUEUE_PREFIX));
    worker = await NestFactory.createApplicationContext(WorkerModule.register(config), { logger: false });
    await worker.init();
    department = (await signIn(api.baseUrl, 'jingxin')).accessToken;
    const bureau = (await sessionFor(api.baseUrl, 'bureau')).accessToken;
    // A published event of the department with room for everyone, its rules those of the bad rows.
    const draft = proposalDraft({
      title: '技能达人擂台赛·焊工（导入测试）',
      capacity: 10_000,
      eligibility: { ageMin: 18, ageMax: 55, skillLevelMin: 'intermediate', skillLevelMax: null, counties: [], requireDazhouEmployer: true, occupationCodes: ['6-18-02-04'] },
    });
    let proposal = (await request(api.baseUrl).post('/api/proposals').set(bearer(department)).send(draft).expect(201)).body as ProposalDetail;
    for (const [token, to] of [
      [department, 'submitted'],
      [bureau, 'approved'],
      [bureau, 'published'],
    ] as const) {
      proposal = (await request(api.baseUrl).post(`/api/proposals/${proposal.id}/transitions`).set(bearer(token)).send({ to, version: proposal.version }).expect(200)).body;
    }
    eventId = proposal.id;
  });

  afterAll(async () => {
    for (const socket of sockets) socket.close();
    await worker?.close();
    await api?.close();
  });

  const upload = (data: Buffer, mode: ImportMode = 'valid_rows', options: { event?: string; filename?: string } = {}) =>
    request(api.baseUrl)
      .post(`/api/events/${options.event ?? eventId}/imports`)
      .set(bearer(department))
      .field('mode', mode)
      .attach('file', data, { filename: options.filename ?? '报名名单.xlsx', contentType: XLSX });

  const accepted = async (data: Buffer, mode: ImportMode = 'valid_rows', options: { event?: string; filename?: string } = {}) => {
    const reply = await upload(data, mode, options);
    expect({ status: reply.status, body: reply.status === 202 ? 'ok' : reply.body }).toEqual({ status: 202, body: 'ok' });
    return ImportView.parse(reply.body);
  };

  /** Polls the import until it is done or failed. */
  const finished = async (id: string): Promise<ImportView> => {
    for (;;) {
      const view = ImportView.parse((await request(api.baseUrl).get(`/api/imports/${id}`).set(bearer(department)).expect(200)).body);
      if (view.status === 'done' || view.status === 'failed') return view;
      await new Promise((r) => setTimeout(r, 100));
    }
  };

  const entriesOf = async (event: string, importId?: string): Promise<number> => {
    const [row] = await api.dataSource.query(
      `SELECT COUNT(*)::int AS n FROM entry WHERE event_id = $1 ${importId ? 'AND import_id = $2' : ''}`,
      importId ? [event, importId] : [event],
    );
    return row.n as number;
  };

  const report = async (id: string) => {
    const reply = await download(api.baseUrl, `/api/imports/${id}/report`, department).expect(200);
    expect(reply.headers['content-type']).toContain(XLSX);
    return sheetsOf(reply.body as Buffer);
  };

  const connect = (token: string) =>
    new Promise<Socket<ServerToClientEvents, ClientToServerEvents>>((resolve, reject) => {
      const socket: Socket<ServerToClientEvents, ClientToServerEvents> = io(api.baseUrl, {
        transports: ['websocket'],
        auth: { token },
        extraHeaders: { origin: api.baseUrl },
        reconnection: false,
        timeout: 10_000,
      });
      sockets.push(socket);
      socket.once('connect', () => resolve(socket));
      socket.once('connect_error', reject);
    });

  describe('GET /events/:id/imports/template', () => {
    it('should give the header, a sample row and Chinese instructions, and an untouched template imports nothing', async () => {
      const reply = await download(api.baseUrl, `/api/events/${eventId}/imports/template`, department).expect(200);
      expect(reply.headers['content-type']).toContain(XLSX);
      expect(reply.headers['content-disposition']).toContain(encodeURIComponent('报名导入模板'));
      const sheets = await sheetsOf(reply.body as Buffer);
      const data = sheets.get('报名表') ?? [];
      expect(data[0]).toEqual([...IMPORT_COLUMNS]);
      expect(data[1][0]).toMatch(/^（示例）/);
      expect(data[1][8]).toBe('6-18-02-04');
      const help = (sheets.get('填写说明') ?? []).map((r) => r[0]).join('\n');
      expect(help).toContain('最多 5000 行');
      expect(help).toContain('年龄：18–55 岁');
      expect(help).toContain('职业：焊工（6-18-02-04）');

      const view = await finished((await accepted(reply.body as Buffer)).id);
      expect(view).toMatchObject({ status: 'failed', imported: 0, message: expect.stringContaining('没有数据') });
    });
  });

  describe('POST /events/:id/imports', () => {
    it('should import 4,950 of 5,000 rows, report each of the 50 bad rows with its reason, and push progress', async () => {
      const file = await bigFile();
      expect(file.bad.size).toBe(50);
      expect(new Set([...file.bad.values()].map((k) => k.label)).size).toBe(BAD_KINDS.length);
      const socket = await connect(department);
      const pushes: ImportProgress[] = [];
      socket.on('import.progress', (p) => pushes.push(p));

      const started = Date.now();
      const queued = await accepted(file.data);
      expect(queued).toMatchObject({ status: 'queued', mode: 'valid_rows', filename: '报名名单.xlsx', eventId });
      const view = await finished(queued.id);
      const wallMs = Date.now() - started;

      expect(view).toMatchObject({ status: 'done', totalRows: 5000, processedRows: 5000, imported: 4950, duplicates: 0, errorCount: 50, message: null });
      expect(await entriesOf(eventId, view.id)).toBe(4950);
      const [members] = await api.dataSource.query(`SELECT COUNT(*)::int AS n, COUNT(DISTINCT id_number_hmac)::int AS people FROM entry_member WHERE event_id = $1`, [eventId]);
      expect(members).toEqual({ n: 4950, people: 4950 });
      const [timing] = await api.dataSource.query(
        `SELECT EXTRACT(EPOCH FROM (finished_at - started_at)) * 1000 AS run_ms, EXTRACT(EPOCH FROM (started_at - created_at)) * 1000 AS wait_ms FROM registration_import WHERE id = $1`,
        [view.id],
      );
      console.log(
        `[registration-import] 5,000-row import (4,950 imported, 50 bad): ${wallMs} ms from upload to "done" as polled; ` +
          `worker ${Math.round(Number(timing.run_ms))} ms from started_at to finished_at, after ${Math.round(Number(timing.wait_ms))} ms in the queue`,
      );

      // The report: exactly the 50 bad rows, each with its row number and the reason of its kind.
      const sheets = await report(view.id);
      const rows = sheets.get('报名表') ?? [];
      expect(rows[0]).toEqual([...IMPORT_COLUMNS, '原文件行号', '错误原因']);
      const reported = rows.slice(1);
      expect(reported).toHaveLength(50);
      expect(reported.map((r) => Number(r[IMPORT_COLUMNS.length]))).toEqual([...file.bad.keys()]);
      for (const r of reported) {
        const row = Number(r[IMPORT_COLUMNS.length]);
        const kind = file.bad.get(row) as BadKind;
        expect({ row, kind: kind.label, reason: r[IMPORT_COLUMNS.length + 1] }).toEqual({ row, kind: kind.label, reason: expect.stringMatching(kind.reason) });
      }
      // The original cells come back as uploaded (the phone of a "bad phone" row, for one).
      const badPhone = reported.find((r) => file.bad.get(Number(r[IMPORT_COLUMNS.length]))?.label === 'bad phone');
      expect(badPhone?.[2]).toBe('1381234');

      // Progress came over the socket, in order, ending with the final counts.
      for (let i = 0; i < 50 && !pushes.some((p) => p.id === view.id && p.status === 'done'); i += 1) await new Promise((r) => setTimeout(r, 100));
      const mine = pushes.filter((p) => p.id === view.id);
      expect(mine.length).toBeGreaterThanOrEqual(5000 / 200);
      const processed = mine.map((p) => p.processedRows);
      expect(processed).toEqual([...processed].sort((a, b) => a - b));
      expect(mine.at(-1)).toEqual({ id: view.id, eventId, status: 'done', totalRows: 5000, processedRows: 5000, imported: 4950, duplicates: 0, errorCount: 50 });

      const [audit] = await api.dataSource.query(`SELECT actor_user_id, detail FROM audit_log WHERE action = 'registration.import_finished' AND entity_id = $1`, [view.id]);
      expect(audit.detail).toMatchObject({ status: 'done', imported: 4950, duplicates: 0, errorCount: 50, totalRows: 5000 });
      const [uploaded] = await api.dataSource.query(`SELECT detail FROM audit_log WHERE action = 'registration.import_uploaded' AND entity_id = $1`, [view.id]);
      expect(uploaded.detail).toMatchObject({ eventId, mode: 'valid_rows', fileSize: file.data.length });

      // The same file again adds nobody: every good row is a duplicate now.
      const again = await finished((await accepted(file.data)).id);
      expect(again).toMatchObject({ status: 'done', totalRows: 5000, imported: 0, duplicates: 4950, errorCount: 50 });
      expect(await entriesOf(eventId)).toBe(4950);

      const list = ImportList.parse((await request(api.baseUrl).get(`/api/events/${eventId}/imports`).set(bearer(department)).expect(200)).body);
      expect(list.items.slice(0, 2).map((i) => i.id)).toEqual([again.id, view.id]);
    });

    it('should import nothing in all-or-nothing mode when one row is bad, and everything when none is', async () => {
      const rows = Array.from({ length: 30 }, (_, i) => importRow(9000 + i));
      const before = await entriesOf(eventId);
      const refused = await finished((await accepted(await importWorkbook([...rows, importRow(9100, { 手机号: '12' })]), 'all_or_nothing')).id);
      expect(refused).toMatchObject({ status: 'failed', imported: 0, errorCount: 1, processedRows: 31, message: expect.stringContaining('全部无误才导入') });
      expect(await entriesOf(eventId)).toBe(before);
      const sheets = await report(refused.id);
      expect((sheets.get('报名表') ?? []).slice(1).map((r) => [r[IMPORT_COLUMNS.length], r[IMPORT_COLUMNS.length + 1]])).toEqual([['32', '手机号：请输入 11 位手机号']]);

      const done = await finished((await accepted(await importWorkbook(rows), 'all_or_nothing')).id);
      expect(done).toMatchObject({ status: 'done', imported: 30, duplicates: 0, errorCount: 0 });
      expect(await entriesOf(eventId)).toBe(before + 30);
    });

    it('should count every row once when BullMQ runs the same import twice at once (a stalled job run again)', async () => {
      // Two runs of one job on an import already claimed (the first attempt stalled after
      // claiming it): 450 rows, three chunks, both runs racing for the event lock.
      const registrations = worker.get(RegistrationRepository);
      const handler = worker.get(RegistrationImportHandler);
      const rows = Array.from({ length: 450 }, (_, i) => importRow(20_000 + i));
      const data = await importWorkbook(rows);
      const before = await entriesOf(eventId);
      const me = (await request(api.baseUrl).get('/api/auth/me').set(bearer(department)).expect(200)).body as { user: { id: string } };
      const record = await registrations.createImport({
        eventId,
        createdBy: me.user.id,
        filename: '重复运行.xlsx',
        fileSha256: 'stalled',
        fileSize: data.length,
        mode: 'valid_rows',
        status: 'running',
        startedAt: new Date(),
      });
      await registrations.saveImportFile(record.id, data);
      const context = (attempt: number) => ({ id: record.id, attemptsMade: attempt, maxAttempts: 3, correlationId: `job:${record.id}`, progress: () => Promise.resolve() });
      await Promise.all([handler.handle({ importId: record.id }, context(0)), handler.handle({ importId: record.id }, context(1))]);

      const view = await finished(record.id);
      expect(view).toMatchObject({ status: 'done', totalRows: 450, processedRows: 450, imported: 450, duplicates: 0, errorCount: 0 });
      expect(await entriesOf(eventId, record.id)).toBe(450);
      expect(await entriesOf(eventId)).toBe(before + 450);
    });

    it('should form team entries in a team event, captain first, and refuse an incomplete team', async () => {
      const teamEvent = DEMO_EVENTS.find((e) => e.organizerOrgId === DEMO_ORG.jingxin && e.status === 'published' && e.teamSize === 2);
      expect(teamEvent).toBeDefined();
      const id = teamEvent?.id ?? '';
      const view = await finished(
        (
          await accepted(
            await importWorkbook([
              importRow(11000, { 团队名称: '焊花一队' }),
              importRow(11001, { 团队名称: '焊花二队' }),
              importRow(11002, { 团队名称: '焊花一队' }),
              importRow(11003, { 团队名称: '焊花二队' }),
              importRow(11004, { 团队名称: '独行队' }),
            ]),
            'valid_rows',
            { event: id },
          )
        ).id,
      );
      expect(view).toMatchObject({ status: 'done', imported: 4, errorCount: 1 });
      const teams = await api.dataSource.query(
        `SELECT e.team_name, array_agg(m.name ORDER BY m.position) AS names FROM entry e JOIN entry_member m ON m.entry_id = e.id
          WHERE e.import_id = $1 GROUP BY e.id, e.team_name, e.number ORDER BY e.number`,
        [view.id],
      );
      expect(teams).toEqual([
        { team_name: '焊花一队', names: ['选手11000', '选手11002'] },
        { team_name: '焊花二队', names: ['选手11001', '选手11003'] },
      ]);
      const sheets = await report(view.id);
      expect((sheets.get('报名表') ?? [])[1][IMPORT_COLUMNS.length + 1]).toBe('团队「独行队」有 1 行，本赛项每队须为 2 人');
    });

    it('should end a file with wrong columns or too many rows as failed, naming the problem', async () => {
      const header = [...IMPORT_COLUMNS.filter((c) => c !== '手机号'), '电子邮箱'];
      const wrong = await finished((await accepted(await importWorkbook([importRow(1)], { header }))).id);
      expect(wrong).toMatchObject({ status: 'failed', imported: 0, message: expect.stringMatching(/缺少列：「手机号」；多出列：「电子邮箱」/) });

      const many = Array.from({ length: IMPORT_MAX_ROWS + 1 }, (_, i) => importRow(12000 + i));
      const tooMany = await finished((await accepted(await importWorkbook(many))).id);
      expect(tooMany).toMatchObject({ status: 'failed', imported: 0, message: `文件有 ${IMPORT_MAX_ROWS + 1} 行数据，超过每次 ${IMPORT_MAX_ROWS} 行的上限；请分成几个文件导入` });
      const report = await request(api.baseUrl).get(`/api/imports/${tooMany.id}/report`).set(bearer(department)).expect(404);
      expect(report.body.message).toContain('没有逐行的错误');
    });

    it.each<[string, () => Promise<Buffer> | Buffer, number, RegExp]>([
      ['a CSV file', () => Buffer.from('姓名,身份证号\n张三,511702199001011234\n'), 415, /不是 Excel（\.xlsx）格式/],
      ['a legacy .xls file', () => Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(4096)]), 415, /旧版 Excel（\.xls）/],
      ['a file over the size limit', () => Buffer.alloc(IMPORT_MAX_BYTES + 1, 0x41), 413, /^文件不能超过 5 MB/],
      ['a zip bomb (100 MB of spaces in about 100 KB)', () => xlsxBomb(100), 400, /^文件异常：解压后内容超过 50 MB，疑似压缩炸弹/],
      [
        'a zip that understates its sizes',
        () => zipOf([...XLSX_SKELETON, { name: 'xl/worksheets/sheet1.xml', data: Buffer.alloc(4 * 1024 * 1024, 0x20), claimUncompressed: 2048 }]),
        400,
        /^文件异常：压缩包内的大小信息与实际内容不符/,
      ],
    ])('should refuse %s with a clear Chinese message and store nothing', async (_label, make, status, message) => {
      const [{ n: before }] = await api.dataSource.query(`SELECT COUNT(*)::int AS n FROM registration_import`);
      const reply = await upload(await make());
      expect({ status: reply.status, message: reply.body.message }).toEqual({ status, message: expect.stringMatching(message) });
      const [{ n: after }] = await api.dataSource.query(`SELECT COUNT(*)::int AS n FROM registration_import`);
      expect(after).toBe(before);
    });

    it('should keep an import and its report (whole ID numbers) to the event department and the bureau', async () => {
      const view = await finished((await accepted(await importWorkbook([importRow(13000, { 手机号: '1' })]))).id);
      expect(view).toMatchObject({ status: 'done', errorCount: 1 });
      const security = (await sessionFor(api.baseUrl, 'security')).accessToken;
      await request(api.baseUrl)
        .post('/api/admin/users')
        .set(bearer(security))
        .send({ displayName: '市住建局 导入测试', username: 'zhujian-import', role: 'department_organizer', organisationId: DEMO_ORG.zhujian, initialPassword: 'Zj#2026-import' })
        .expect(201);
      const other = (await signIn(api.baseUrl, 'zhujian-import', 'Zj#2026-import')).accessToken;
      for (const path of [`/api/imports/${view.id}`, `/api/imports/${view.id}/report`, `/api/events/${eventId}/imports`, `/api/events/${eventId}/imports/template`]) {
        const reply = await request(api.baseUrl).get(path).set(bearer(other));
        expect({ path, status: reply.status }).toEqual({ path, status: 403 });
      }
      await request(api.baseUrl).post(`/api/events/${eventId}/imports`).set(bearer(other)).field('mode', 'valid_rows').expect(403);
      const bureau = (await sessionFor(api.baseUrl, 'bureau')).accessToken;
      const sheets = await sheetsOf((await download(api.baseUrl, `/api/imports/${view.id}/report`, bureau).expect(200)).body as Buffer);
      expect((sheets.get('报名表') ?? [])[1][1]).toBe(String(importRow(13000).身份证号));
      const [audit] = await api.dataSource.query(`SELECT detail FROM audit_log WHERE action = 'registration.import_report_downloaded' AND entity_id = $1`, [view.id]);
      expect(audit.detail).toEqual({ eventId, rows: 1 });
    });

    it('should refuse a missing file or mode, and an event not open for registration', async () => {
      const noFile = await request(api.baseUrl).post(`/api/events/${eventId}/imports`).set(bearer(department)).field('mode', 'valid_rows').expect(400);
      expect(noFile.body.message).toBe('请选择要上传的 Excel 文件');
      const noMode = await request(api.baseUrl)
        .post(`/api/events/${eventId}/imports`)
        .set(bearer(department))
        .attach('file', await importWorkbook([importRow(1)]), { filename: 'a.xlsx', contentType: XLSX })
        .expect(400);
      expect(noMode.body.issues).toEqual([{ path: 'mode', message: '请选择导入方式' }]);
      const closed = DEMO_EVENTS.find((e) => e.organizerOrgId === DEMO_ORG.jingxin && e.status === 'running');
      const reply = await upload(await importWorkbook([importRow(1)]), 'valid_rows', { event: closed?.id }).expect(409);
      expect(reply.body.message).toContain('不在报名期');
    });
  });
});
