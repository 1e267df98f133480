import type { Catalogues, Industry } from '@dz/contracts';
import request from 'supertest';
import { proposalDraft } from '../factories/proposal.factory';
import { startTestApi, type TestApi } from '../setup/api-app';
import { bearer, sessionFor, signIn } from '../setup/auth';

describe('catalogues (产业与职业目录)', () => {
  jest.setTimeout(120_000);
  let api: TestApi;
  let bureau: string;
  let department: string;

  beforeAll(async () => {
    api = await startTestApi({ seed: true });
    bureau = (await sessionFor(api.baseUrl, 'bureau')).accessToken;
    department = (await signIn(api.baseUrl, 'jingxin')).accessToken;
  });

  afterAll(async () => {
    await api?.close();
  });

  const catalogues = async (): Promise<Catalogues> =>
    (await request(api.baseUrl).get('/api/catalogues').set(bearer(department)).expect(200)).body;
  const addIndustry = async (name: string, parentId: string | null = null): Promise<Industry> =>
    (await request(api.baseUrl).post('/api/catalogues/industries').set(bearer(bureau)).send({ name, parentId }).expect(201)).body;
  const patchIndustry = (id: string, body: Record<string, unknown>) =>
    request(api.baseUrl).patch(`/api/catalogues/industries/${id}`).set(bearer(bureau)).send(body);
  const auditFor = async (entityId: string): Promise<string[]> =>
    (await api.dataSource.query(`SELECT action FROM audit_log WHERE entity_id = $1 ORDER BY id`, [entityId])).map((r: { action: string }) => r.action);

  it('should grow, rename, move and prune the industry tree, each step audited', async () => {
    const top = await addIndustry('数字经济');
    const child = await addIndustry('大数据', top.id);
    const grandchild = await addIndustry('数据标注', child.id);
    expect((await catalogues()).industries).toEqual(expect.arrayContaining([top, child, grandchild]));

    const renamed = (await patchIndustry(child.id, { name: '大数据与算力' }).expect(200)).body as Industry;
    expect(renamed).toEqual({ ...child, name: '大数据与算力' });
    // To the top level and back under its old parent.
    expect((await patchIndustry(grandchild.id, { parentId: null }).expect(200)).body.parentId).toBeNull();
    expect((await patchIndustry(grandchild.id, { parentId: top.id, sort: 5 }).expect(200)).body).toMatchObject({ parentId: top.id, sort: 5 });

    await request(api.baseUrl).delete(`/api/catalogues/industries/${grandchild.id}`).set(bearer(bureau)).expect(204);
    expect((await catalogues()).industries.map((i) => i.id)).not.toContain(grandchild.id);
    expect(await auditFor(grandchild.id)).toEqual([
      'catalogue.industry_added',
      'catalogue.industry_changed',
      'catalogue.industry_changed',
      'catalogue.industry_removed',
    ]);
  });

  it('should refuse a move under the node itself or its own branch, and leave the tree as it was', async () => {
    const top = await addIndustry('现代物流');
    const child = await addIndustry('冷链物流', top.id);
    const self = await patchIndustry(top.id, { parentId: top.id }).expect(400);
    expect(self.body.issues).toEqual([{ path: 'parentId', message: '不能移到自己或下级产业之下' }]);
    const below = await patchIndustry(top.id, { parentId: child.id }).expect(400);
    expect(below.body.message).toBe('不能把产业移到它自己或它的下级产业之下');
    const missing = await patchIndustry(child.id, { parentId: '00000000-0000-4000-8000-00000000dead' }).expect(400);
    expect(missing.body.issues[0]).toEqual({ path: 'parentId', message: '上级产业不存在，请刷新后重选' });
    const after = (await catalogues()).industries;
    expect(after.find((i) => i.id === top.id)?.parentId).toBeNull();
    expect(after.find((i) => i.id === child.id)?.parentId).toBe(top.id);
  });

  it('should never let two moves made at once close a cycle', async () => {
    const a = await addIndustry('清洁能源');
    const b = await addIndustry('天然气化工');
    const replies = await Promise.all([patchIndustry(a.id, { parentId: b.id }), patchIndustry(b.id, { parentId: a.id })]);
    expect(replies.map((r) => r.status).sort()).toEqual([200, 400]);
    const rows = (await catalogues()).industries.filter((i) => i.id === a.id || i.id === b.id);
    expect(rows.filter((i) => i.parentId === null)).toHaveLength(1);
  });

  it('should keep names unique among siblings and say so in Chinese', async () => {
    const top = await addIndustry('文化旅游');
    await addIndustry('康养', top.id);
    const twin = await request(api.baseUrl).post('/api/catalogues/industries').set(bearer(bureau)).send({ name: '康养', parentId: top.id }).expect(409);
    expect(twin.body.message).toBe('同一上级下已有「康养」');
    // The same name under another parent is fine.
    await addIndustry('康养');
    const empty = await request(api.baseUrl).post('/api/catalogues/industries').set(bearer(bureau)).send({ name: ' ' }).expect(400);
    expect(empty.body.issues).toEqual([{ path: 'name', message: '请填写产业名称' }]);
    const nothing = await patchIndustry(top.id, {}).expect(400);
    expect(nothing.body.issues).toEqual([{ path: '(body)', message: '请至少修改一项' }]);
    await patchIndustry('00000000-0000-4000-8000-00000000beef', { name: '不存在' }).expect(404);
    await patchIndustry('not-a-uuid', { name: '不存在' }).expect(400);
  });

  it('should refuse to delete an industry that has sub-industries or that an event names', async () => {
    const top = await addIndustry('电子信息');
    const child = await addIndustry('智能终端', top.id);
    const parent = await request(api.baseUrl).delete(`/api/catalogues/industries/${top.id}`).set(bearer(bureau)).expect(409);
    expect(parent.body.message).toBe('「电子信息」下还有 1 个下级产业，请先移走或删除它们');
    await request(api.baseUrl).post('/api/proposals').set(bearer(department)).send(proposalDraft({ industryId: child.id })).expect(201);
    const used = await request(api.baseUrl).delete(`/api/catalogues/industries/${child.id}`).set(bearer(bureau)).expect(409);
    expect(used.body.message).toBe('已有 1 个赛项属于「智能终端」，不能删除；可以改名或移动');
    expect((await catalogues()).industries.map((i) => i.id)).toEqual(expect.arrayContaining([top.id, child.id]));
  });

  it('should add and rename occupations by their national code, refusing duplicates', async () => {
    const added = await request(api.baseUrl).post('/api/catalogues/occupations').set(bearer(bureau)).send({ code: '4-04-05-05', name: '人工智能训练师' }).expect(201);
    expect(added.body).toEqual({ code: '4-04-05-05', name: '人工智能训练师' });
    const twin = await request(api.baseUrl).post('/api/catalogues/occupations').set(bearer(bureau)).send({ code: '4-04-05-05', name: '别的名字' }).expect(409);
    expect(twin.body.issues).toEqual([{ path: 'code', message: '该编码已在目录中：人工智能训练师' }]);
    const badCode = await request(api.baseUrl).post('/api/catalogues/occupations').set(bearer(bureau)).send({ code: '440405', name: '人工智能训练师' }).expect(400);
    expect(badCode.body.issues[0]).toEqual({ path: 'code', message: '职业编码格式应为 6-18-02-04' });

    const renamed = await request(api.baseUrl).patch('/api/catalogues/occupations/4-04-05-05').set(bearer(bureau)).send({ name: '人工智能训练师（数据标注）' }).expect(200);
    expect(renamed.body).toEqual({ code: '4-04-05-05', name: '人工智能训练师（数据标注）' });
    expect((await catalogues()).occupations).toContainEqual({ code: '4-04-05-05', name: '人工智能训练师（数据标注）' });
    await request(api.baseUrl).patch('/api/catalogues/occupations/9-99-99-99').set(bearer(bureau)).send({ name: '不存在的职业' }).expect(404);
    expect(await auditFor('4-04-05-05')).toEqual(['catalogue.occupation_added', 'catalogue.occupation_changed']);
  });

  it('should let only the bureau edit the catalogues', async () => {
    const top = await addIndustry('农产品加工');
    await patchIndustry(top.id, { name: '绿色食品' }).set(bearer(department)).expect(403);
    await request(api.baseUrl).post('/api/catalogues/occupations').set(bearer(department)).send({ code: '4-04-05-06', name: '某职业' }).expect(403);
    expect((await catalogues()).industries.find((i) => i.id === top.id)?.name).toBe('农产品加工');
  });
});
