import { MarkingSchemeView, SCHEME_SHEET_COLUMNS, SchemeImportPreview, SchemeStageList, type MarkingSchemeBody, type ProposalDetail } from '@dz/contracts';
import * as argon2 from 'argon2';
import ExcelJS from 'exceljs';
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { createJudges, runningEvent, schemeBody, type TestJudge } from '../factories/judging.factory';
import { createContestants, publishedEvent, type Contestant } from '../factories/registration.factory';
import { startTestApi, type TestApi } from '../setup/api-app';
import { bearer, sessionFor, signIn } from '../setup/auth';

const STAGE = '实操';
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const HEADER = [...SCHEME_SHEET_COLUMNS];

type Cell = string | number | null;

/** A workbook as a person might fill it: the 评分表 sheet and, optionally, a 设置 sheet with the method. */
async function workbook(rows: Cell[][], method?: string): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('评分表');
  for (const row of rows) sheet.addRow(row);
  if (method !== undefined) {
    const settings = book.addWorksheet('设置');
    settings.addRow(['项目', '内容']);
    settings.addRow(['汇总方式', method]);
  }
  return Buffer.from(await book.xlsx.writeBuffer());
}

/** A download as a Buffer (supertest parses only text by default). */
const download = (api: TestApi, path: string, token: string) =>
  request(api.baseUrl)
    .get(path)
    .set(bearer(token))
    .buffer(true)
    .parse((res, callback) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => callback(null, Buffer.concat(chunks)));
    });

/** A scheme with everything a sheet must carry: decimals, a subsection, a deduction, a key like 1.10. */
const STORED: MarkingSchemeBody = {
  method: 'median',
  totalMarks: 9050,
  sections: [
    {
      key: 'A',
      title: '焊缝尺寸',
      aspects: [
        { key: 'A1', title: '焊缝宽度', kind: 'measurement', maxMarks: 2050 },
        { key: '1.10', title: '焊缝余高', kind: 'measurement', maxMarks: 1999 },
      ],
      sections: [],
    },
    {
      key: 'B',
      title: '外观',
      aspects: [
        { key: 'B1', title: '=成形美观', kind: 'judgement', maxMarks: 1501 },
        { key: 'B9', title: '安全文明生产', kind: 'deduction', maxMarks: 500 },
      ],
      sections: [{ key: 'B2', title: '试件', aspects: [{ key: 'B2a', title: '试件变形', kind: 'judgement', maxMarks: 3500 }], sections: [] }],
    },
  ],
};

describe('marking schemes as Excel (评分表导入导出)', () => {
  jest.setTimeout(300_000);
  let api: TestApi;
  let organiser: string;
  let bureau: string;
  let event: ProposalDetail;
  let judge: TestJudge;
  let contestant: Contestant;
  let otherDepartment: string;

  beforeAll(async () => {
    api = await startTestApi({ seed: true });
    organiser = (await signIn(api.baseUrl, 'jingxin')).accessToken;
    bureau = (await sessionFor(api.baseUrl, 'bureau')).accessToken;
    event = await publishedEvent(api, { title: '技能达人擂台赛·焊工（评分表导入测试）' });
    [judge] = await createJudges(api, 1, { prefix: 'sheet' });
    [contestant] = await createContestants(api, 1, 7300);
    // An organiser of another department: the event is not theirs.
    const [org]: { id: string }[] = await api.dataSource.query(`INSERT INTO organisation (kind, name) VALUES ('department', '市住建局（测试）') RETURNING id`);
    const hash = await argon2.hash('Zhujian#2026-ok', { type: argon2.argon2id, memoryCost: 1024, timeCost: 1, parallelism: 1 });
    const [user]: { id: string }[] = await api.dataSource.query(
      `INSERT INTO app_user (display_name, username, password_hash, password_changed_at) VALUES ('住建局 钱科长', 'zhujian-sheet', $1, now()) RETURNING id`,
      [hash],
    );
    await api.dataSource.query(`INSERT INTO role_grant (user_id, role, organisation_id) VALUES ($1, 'department_organizer', $2)`, [user.id, org.id]);
    otherDepartment = (await signIn(api.baseUrl, 'zhujian-sheet', 'Zhujian#2026-ok')).accessToken;
  });

  afterAll(async () => {
    await api?.close();
  });

  const base = () => `/api/events/${event.id}/schemes`;
  const stageUrl = (stage = STAGE) => `${base()}/${encodeURIComponent(stage)}`;
  const upload = (data: Buffer, token = organiser, filename = '评分表.xlsx', stage = STAGE) =>
    request(api.baseUrl).post(`${stageUrl(stage)}/import`).set(bearer(token)).attach('file', data, { filename, contentType: XLSX });
  const stages = async () => SchemeStageList.parse((await request(api.baseUrl).get(base()).set(bearer(organiser)).expect(200)).body);

  it('should list the stages, give an example template, and import it as a preview that saves nothing', async () => {
    const before = await stages();
    expect(before.items.map(({ stage, weight, scheme, marked, lockedReason }) => ({ stage, weight, scheme, marked, lockedReason }))).toEqual([
      { stage: '理论', weight: 30, scheme: null, marked: false, lockedReason: null },
      { stage: '实操', weight: 70, scheme: null, marked: false, lockedReason: null },
    ]);
    const template = await download(api, `${stageUrl()}/template.xlsx`, organiser).expect(200);
    expect(template.headers['content-type']).toContain(XLSX);
    expect(decodeURIComponent(template.headers['content-disposition'])).toContain(`评分表-${event.draft.title}-实操.xlsx`);
    const preview = SchemeImportPreview.parse((await upload(template.body as Buffer).expect(200)).body);
    expect(preview).toMatchObject({ stage: STAGE, filename: '评分表.xlsx', notes: [], scheme: { method: 'trimmed_mean', totalMarks: 10000 } });
    expect(preview.rows).toBe(10);
    // A preview only: nothing stored.
    expect((await stages()).items[1].scheme).toBeNull();
    await request(api.baseUrl).get(stageUrl()).set(bearer(organiser)).expect(404);
    // The example saves as it is.
    const saved = MarkingSchemeView.parse((await request(api.baseUrl).put(stageUrl()).set(bearer(organiser)).send(preview.scheme).expect(200)).body);
    expect(saved).toMatchObject({ version: 1, totalMarks: 10000, method: 'trimmed_mean' });
  });

  it('should round-trip the stored scheme: template download → import equals it, and the PUT saves it', async () => {
    const current = (await stages()).items[1].scheme;
    const stored = MarkingSchemeView.parse(
      (await request(api.baseUrl).put(stageUrl()).set(bearer(organiser)).send({ ...STORED, version: current?.version }).expect(200)).body,
    );
    const template = await download(api, `${stageUrl()}/template.xlsx`, bureau).expect(200);
    const preview = SchemeImportPreview.parse((await upload(template.body as Buffer, bureau).expect(200)).body);
    expect(preview.scheme).toEqual({ method: stored.method, totalMarks: stored.totalMarks, sections: stored.sections });
    expect(preview.scheme.sections[1].aspects[0].title).toBe('=成形美观');

    // Edited in Excel: one more aspect; imported, then saved with the version the editor holds.
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(template.body as unknown as ArrayBuffer);
    book.getWorksheet('评分表')?.addRow(['A', null, null, 'A3', '平整度', '测量', '9.5']);
    const edited = SchemeImportPreview.parse((await upload(Buffer.from(await book.xlsx.writeBuffer())).expect(200)).body);
    expect(edited.scheme.totalMarks).toBe(STORED.totalMarks + 950);
    const saved = MarkingSchemeView.parse((await request(api.baseUrl).put(stageUrl()).set(bearer(organiser)).send({ ...edited.scheme, version: stored.version }).expect(200)).body);
    expect(saved).toMatchObject({ version: stored.version + 1, totalMarks: 10000, method: 'median' });
    expect(saved.sections[0].aspects.map((a) => a.key)).toEqual(['A1', '1.10', 'A3']);
    const [audit] = await api.dataSource.query(`SELECT detail FROM audit_log WHERE action = 'scheme.saved' AND entity_id = $1 ORDER BY id DESC LIMIT 1`, [event.id]);
    expect(audit.detail).toMatchObject({ stage: STAGE, version: saved.version, aspects: 6 });
  });

  describe('bad files', () => {
    const good: Cell[][] = [HEADER, ['A', '尺寸', null, null, null, null, null], ['A', null, null, 'A1', '宽度', '测量', 10]];

    it.each<[string, () => Promise<Buffer>, number, string, string[]]>([
      ['a wrong header', () => workbook([['编号', '名称'], ...good.slice(1)], '平均分'), 400, '第 1 行：表头应为', ['rows.1']],
      ['an unknown kind', () => workbook([...good, ['A', null, null, 'A2', '高度', '打分', 5]], '平均分'), 400, '第 4 行：类型「打分」无效：须为测量、评价或扣分', ['rows.4']],
      ['non-numeric marks', () => workbook([...good, ['A', null, null, 'A2', '高度', '测量', '五分']], '平均分'), 400, '第 4 行：分值「五分」不是数字', ['rows.4']],
      ['three decimals', () => workbook([...good, ['A', null, null, 'A2', '高度', '测量', 1.125]], '平均分'), 400, '第 4 行：分值最多两位小数（收到 1.125）', ['rows.4']],
      ['a duplicate key', () => workbook([...good, ['A', null, null, 'A1', '高度', '测量', 5]], '平均分'), 400, '第 4 行：评分项编号「A1」与第 3 行重复', ['rows.4']],
      ['a missing section', () => workbook([...good, ['Z', null, null, 'Z1', '高度', '测量', 5]], '平均分'), 400, '第 4 行：部分「Z」不存在', ['rows.4']],
      ['a missing parent', () => workbook([...good, ['C', '子部分', 'Q', null, null, null, null]], '平均分'), 400, '第 4 行：上级部分「Q」不存在', ['rows.4']],
      ['no rows', () => workbook([HEADER], '平均分'), 400, '文件中没有评分部分和评分项', ['file']],
      ['an unknown method', () => workbook(good, '最高分'), 400, '汇总方式「最高分」无效', ['file']],
      ['text that is not xlsx', async () => Buffer.from('部分编号,部分名称\nA,尺寸\n'), 415, '文件不是 Excel（.xlsx）格式', ['file']],
      ['an empty file', async () => Buffer.alloc(0), 400, '上传的文件是空的', ['file']],
    ])('should refuse %s with the row and what is wrong', async (_, file, status, message, paths) => {
      const reply = await upload(await file()).expect(status);
      expect(reply.body.message).toContain(message);
      expect(reply.body.issues.map((i: { path: string }) => i.path)).toEqual(paths);
    });

    it('should list every bad row, and refuse a request without a file or for an unknown stage', async () => {
      const reply = await upload(await workbook([...good, ['A', null, null, 'A2', '高度', '打分', 5], ['A', null, null, 'A3', '深度', '测量', 'x'], ['A', null, null, 'A1', '重复', '测量', 1]], '平均分')).expect(400);
      expect(reply.body.message).toMatch(/^评分表文件有 3 处错误：第 4 行：.*；第 5 行：.*；第 6 行：/);
      expect(reply.body.issues.map((i: { path: string }) => i.path)).toEqual(['rows.4', 'rows.5', 'rows.6']);
      const none = await request(api.baseUrl).post(`${stageUrl()}/import`).set(bearer(organiser)).expect(400);
      expect(none.body.message).toBe('请选择要上传的评分表 Excel 文件（.xlsx）');
      const wrongField = await request(api.baseUrl).post(`${stageUrl()}/import`).set(bearer(organiser)).attach('upload', await workbook(good), 'a.xlsx').expect(400);
      expect(wrongField.body.message).toContain('file 字段');
      const noStage = await upload(await workbook(good), organiser, 'a.xlsx', '决赛').expect(404);
      expect(noStage.body.message).toContain('赛项没有「决赛」阶段');
      await download(api, `${stageUrl('决赛')}/template.xlsx`, organiser).expect(404);
    });
  });

  it('should show a stage with marks as locked, with the reason, and leave the other stages open', async () => {
    const running = await runningEvent(api, { count: 1, firstIndex: 7400, title: '技能达人擂台赛·焊工（评分表锁定测试）' });
    const url = `/api/events/${running.event.id}/schemes`;
    await request(api.baseUrl).put(`${url}/${encodeURIComponent(STAGE)}`).set(bearer(organiser)).send(schemeBody({ measurement: 1, judgement: 1 })).expect(200);
    const [marker] = await createJudges(api, 1, { prefix: 'locker' });
    await request(api.baseUrl).post(`/api/events/${running.event.id}/judges`).set(bearer(organiser)).send({ judgeUserId: marker.userId }).expect(200);
    const open = SchemeStageList.parse((await request(api.baseUrl).get(url).set(bearer(organiser)).expect(200)).body);
    expect(open.items.map((i) => [i.stage, i.marked, i.lockedReason])).toEqual([
      ['理论', false, null],
      ['实操', false, null],
    ]);
    await request(api.baseUrl)
      .post(`/api/events/${running.event.id}/marks`)
      .set(bearer(marker.token))
      .send({ idempotencyKey: randomUUID(), eventId: running.event.id, judgingCode: running.entries[0].judgingCode, stage: STAGE, aspectKey: 'A1', value: 5 })
      .expect(200);
    const locked = SchemeStageList.parse((await request(api.baseUrl).get(url).set(bearer(organiser)).expect(200)).body);
    expect(locked.items.map((i) => [i.stage, i.marked, i.lockedReason])).toEqual([
      ['理论', false, null],
      ['实操', true, '「实操」阶段已有评分，评分表不能再修改'],
    ]);
    expect(locked.items[1].scheme?.version).toBe(1);
  });

  it('should let only the event’s organisers and the bureau see stages, templates and imports', async () => {
    const file = await workbook([HEADER, ['A', '尺寸', null, null, null, null, null], ['A', null, null, 'A1', '宽度', '测量', 10]]);
    for (const token of [judge.token, contestant.token, otherDepartment]) {
      const refused = await upload(file, token);
      expect([403, 404]).toContain(refused.status);
      expect(refused.body.message).toMatch(/[\u4e00-\u9fa5]/);
      expect([403, 404]).toContain((await download(api, `${stageUrl()}/template.xlsx`, token)).status);
      expect([403, 404]).toContain((await request(api.baseUrl).get(base()).set(bearer(token))).status);
    }
    await request(api.baseUrl).post(`${stageUrl()}/import`).attach('file', file, 'a.xlsx').expect(401);
    await upload(file, bureau).expect(200);
  });
});
