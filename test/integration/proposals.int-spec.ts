import { PublicEventDetail, type EventStatus, type ProposalDetail, type Role } from '@dz/contracts';
import { transitionEvent } from '@dz/domain';
import { DEMO_ORG } from '@dz/persistence';
import fc from 'fast-check';
import request from 'supertest';
import { startTestApi, type TestApi } from '../setup/api-app';
import { bearer, sessionFor, signIn } from '../setup/auth';
import { proposalDraft } from '../factories/proposal.factory';

describe('proposals (申报)', () => {
  jest.setTimeout(180_000);
  let api: TestApi;
  let department: string;
  let bureau: string;
  let otherDepartment: string;
  let contestant: string;

  beforeAll(async () => {
    api = await startTestApi({ seed: true });
    department = (await signIn(api.baseUrl, 'jingxin')).accessToken;
    bureau = (await sessionFor(api.baseUrl, 'bureau')).accessToken;
    contestant = (await signIn(api.baseUrl, '13800000001')).accessToken;
    const security = (await sessionFor(api.baseUrl, 'security')).accessToken;
    await request(api.baseUrl)
      .post('/api/admin/users')
      .set(bearer(security))
      .send({ displayName: '市住建局 孙科长', username: 'zhujian', role: 'department_organizer', organisationId: DEMO_ORG.zhujian, initialPassword: 'Zj#2026-build' })
      .expect(201);
    otherDepartment = (await signIn(api.baseUrl, 'zhujian', 'Zj#2026-build')).accessToken;
  });

  afterAll(async () => {
    await api?.close();
  });

  const create = async (token = department, overrides = {}) =>
    (await request(api.baseUrl).post('/api/proposals').set(bearer(token)).send(proposalDraft(overrides)).expect(201)).body as ProposalDetail;
  const move = (token: string, proposal: { id: string; version: number }, to: EventStatus, extra: Record<string, unknown> = {}) =>
    request(api.baseUrl).post(`/api/proposals/${proposal.id}/transitions`).set(bearer(token)).send({ to, version: proposal.version, ...extra });

  it('should validate a draft field by field, in Chinese', async () => {
    const reply = await request(api.baseUrl)
      .post('/api/proposals')
      .set(bearer(department))
      .send(proposalDraft({ stages: [{ name: '理论', weight: 30 }, { name: '实操', weight: 60 }], registrationClosesAt: '2027-05-01T00:00:00.000Z' }))
      .expect(400);
    const paths = (reply.body.issues as { path: string; message: string }[]).map((i) => `${i.path}: ${i.message}`);
    expect(paths).toEqual(expect.arrayContaining(['stages: 各阶段权重之和应为 100', 'registrationClosesAt: 报名截止时间应早于比赛开始时间']));
    const unknown = await request(api.baseUrl).post('/api/proposals').set(bearer(department)).send(proposalDraft({ occupationCode: '9-99-99-99' })).expect(400);
    expect(unknown.body.issues).toEqual([{ path: 'occupationCode', message: '该职业不在职业目录中' }]);
  });

  it('should run the whole review: submit, return with a field comment, fix, resubmit, approve, publish', async () => {
    let proposal = await create();
    expect(proposal).toMatchObject({ status: 'draft', version: 1, organizerOrgId: DEMO_ORG.jingxin });
    // Drafts stay with their department.
    const queue = await request(api.baseUrl).get('/api/proposals?status=draft').set(bearer(bureau)).expect(200);
    expect(queue.body.items.map((p: { id: string }) => p.id)).not.toContain(proposal.id);

    proposal = (await move(department, proposal, 'submitted').expect(200)).body;
    expect(proposal.versions).toHaveLength(1);
    const inbox = await request(api.baseUrl).get('/api/notifications').set(bearer(bureau)).expect(200);
    expect(inbox.body.items[0]).toMatchObject({ link: `/proposals/${proposal.id}` });

    // A department never reviews its own proposal.
    const self = await move(department, proposal, 'approved').expect(403);
    expect(self.body.message).toContain('本单位');
    // A return needs a reason.
    const noReason = await move(bureau, proposal, 'returned').expect(400);
    expect(noReason.body.issues[0].path).toBe('reason');

    proposal = (
      await move(bureau, proposal, 'returned', { reason: '预算不完整', comments: [{ field: 'budget', comment: '请补充场地租赁费用' }] }).expect(200)
    ).body;
    expect(proposal.history.at(-1)).toMatchObject({ from: 'submitted', to: 'returned', reason: '预算不完整', comments: [{ field: 'budget', comment: '请补充场地租赁费用' }] });

    const fixed = proposalDraft({ budget: [{ item: '耗材', amountFen: 1_200_000 }, { item: '场地租赁', amountFen: 800_000 }] });
    const stale = await request(api.baseUrl).put(`/api/proposals/${proposal.id}`).set(bearer(department)).send({ version: proposal.version - 1, draft: fixed }).expect(409);
    expect(stale.body.code).toBe('CONFLICT');
    proposal = (await request(api.baseUrl).put(`/api/proposals/${proposal.id}`).set(bearer(department)).send({ version: proposal.version, draft: fixed }).expect(200)).body;
    proposal = (await move(department, proposal, 'submitted').expect(200)).body;
    expect(proposal.versions.map((v) => v.number)).toEqual([1, 2]);
    const diff = await request(api.baseUrl).get(`/api/proposals/${proposal.id}/diff?from=1&to=2`).set(bearer(bureau)).expect(200);
    expect(diff.body.changes.map((c: { field: string; label: string }) => `${c.field}:${c.label}`)).toEqual(['budget:经费预算']);

    proposal = (await move(bureau, proposal, 'approved').expect(200)).body;
    proposal = (await move(bureau, proposal, 'published').expect(200)).body;
    expect(proposal.history.map((h) => h.to)).toEqual(['submitted', 'returned', 'submitted', 'approved', 'published']);

    const publicDetail = PublicEventDetail.parse((await request(api.baseUrl).get(`/api/events/public/${proposal.id}`).expect(200)).body);
    expect(publicDetail).toMatchObject({ status: 'published', stages: [{ name: '理论', weight: 30 }, { name: '实操', weight: 70 }], titles: ['技能达人'] });
    expect(JSON.stringify(publicDetail)).not.toContain('场地租赁');
    const audit = await api.dataSource.query(`SELECT action FROM audit_log WHERE entity_type = 'event' AND entity_id = $1 ORDER BY id`, [proposal.id]);
    expect(audit.map((a: { action: string }) => a.action)).toEqual([
      'proposal.created',
      'event.submit',
      'event.return',
      'proposal.updated',
      'event.resubmit',
      'event.approve',
      'event.publish',
    ]);
  });

  it('should refuse another department its proposals by id (IDOR)', async () => {
    const proposal = await create();
    await request(api.baseUrl).get(`/api/proposals/${proposal.id}`).set(bearer(otherDepartment)).expect(403);
    await request(api.baseUrl).put(`/api/proposals/${proposal.id}`).set(bearer(otherDepartment)).send({ version: 1, draft: proposalDraft() }).expect(403);
    const list = await request(api.baseUrl).get('/api/proposals').set(bearer(otherDepartment)).expect(200);
    expect(list.body.items.every((p: { organizerOrgId: string }) => p.organizerOrgId === DEMO_ORG.zhujian)).toBe(true);
  });

  it('should let exactly one of two simultaneous approvals win', async () => {
    let proposal = await create();
    proposal = (await move(department, proposal, 'submitted').expect(200)).body;
    const [a, b] = await Promise.all([move(bureau, proposal, 'approved'), move(bureau, proposal, 'rejected', { reason: '同时处理' })]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    const loser = a.status === 409 ? a : b;
    expect(loser.body.message).toContain('已被他人处理');
    const history = await api.dataSource.query(`SELECT to_status FROM event_transition WHERE event_id = $1 ORDER BY at`, [proposal.id]);
    expect(history).toHaveLength(2);
  });

  it('should accept a PDF plan and refuse other files', async () => {
    const proposal = await create();
    const pdf = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(2000, 32), Buffer.from('\n%%EOF\n')]);
    await request(api.baseUrl).post(`/api/proposals/${proposal.id}/attachment`).set(bearer(department)).attach('file', Buffer.from('not a pdf'), { filename: '方案.pdf', contentType: 'application/pdf' }).expect(415);
    await request(api.baseUrl).post(`/api/proposals/${proposal.id}/attachment`).set(bearer(department)).attach('file', pdf, { filename: 'plan.docx', contentType: 'application/msword' }).expect(415);
    const big = await request(api.baseUrl)
      .post(`/api/proposals/${proposal.id}/attachment`)
      .set(bearer(department))
      .attach('file', Buffer.concat([pdf, Buffer.alloc(10 * 1024 * 1024)]), { filename: 'big.pdf', contentType: 'application/pdf' });
    expect(big.status).toBe(413);
    const ok = await request(api.baseUrl).post(`/api/proposals/${proposal.id}/attachment`).set(bearer(department)).attach('file', pdf, { filename: 'plan.pdf', contentType: 'application/pdf' }).expect(200);
    expect(ok.body.attachment).toMatchObject({ filename: 'plan.pdf', sizeBytes: pdf.length });
    const download = await request(api.baseUrl)
      .get(`/api/proposals/${proposal.id}/attachment`)
      .set(bearer(bureau))
      .buffer(true)
      .parse((res, callback) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => callback(null, Buffer.concat(chunks)));
      })
      .expect(200);
    expect(Buffer.compare(download.body as Buffer, pdf)).toBe(0);
  });

  it('should follow the lifecycle rules for random actions by random roles, and record every step', async () => {
    const actors: { name: string; token: () => string; roles: Role[]; organisationId: string }[] = [
      { name: 'department', token: () => department, roles: ['department_organizer'], organisationId: DEMO_ORG.jingxin },
      { name: 'other department', token: () => otherDepartment, roles: ['department_organizer'], organisationId: DEMO_ORG.zhujian },
      { name: 'bureau', token: () => bureau, roles: ['bureau_admin'], organisationId: DEMO_ORG.bureau },
      { name: 'contestant', token: () => contestant, roles: ['contestant'], organisationId: '' },
    ];
    const targets: EventStatus[] = ['submitted', 'returned', 'approved', 'rejected', 'published', 'registration_closed', 'running', 'cancelled', 'final'];
    const step = fc.record({ actor: fc.integer({ min: 0, max: actors.length - 1 }), to: fc.constantFrom(...targets), reason: fc.boolean() });

    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 8 }), async (steps) => {
        let proposal = await create();
        let status: EventStatus = 'draft';
        let records = 0;
        for (const { actor: index, to, reason } of steps) {
          const actor = actors[index];
          const expected = transitionEvent(status, to, { roles: actor.roles, organisationId: actor.organisationId }, { proposerOrganisationId: DEMO_ORG.jingxin, reason: reason ? '理由' : undefined });
          const reply = await move(actor.token(), proposal, to, reason ? { reason: '理由' } : {});
          if (actor.name === 'contestant' || (actor.name === 'other department' && !expected.ok)) {
            expect(reply.status).toBe(403);
          } else if (expected.ok) {
            expect(reply.status).toBe(200);
            proposal = reply.body;
            status = to;
            records += 1;
          } else {
            expect([400, 403, 409]).toContain(reply.status);
          }
          const [row] = await api.dataSource.query(`SELECT status, version FROM competition_event WHERE id = $1`, [proposal.id]);
          expect(row.status).toBe(status);
          const [{ n }] = await api.dataSource.query(`SELECT count(*)::int AS n FROM event_transition WHERE event_id = $1`, [proposal.id]);
          expect(n).toBe(records);
        }
      }),
      { numRuns: 12 },
    );
  });
});
