import type { EntryList, EntryView, MyEntries, ProposalDetail, PublicDraw } from '@dz/contracts';
import { runDraw, seedCommitment } from '@dz/domain';
import { DEMO_EVENTS, DEMO_RESULTS } from '@dz/persistence';
import request from 'supertest';
import { createContestants, moveEvent, person, publishedEvent, residentIdFor, type Contestant } from '../factories/registration.factory';
import { startTestApi, type TestApi } from '../setup/api-app';
import { startTestWorker } from '../setup/worker';
import { publishResults } from '../factories/results.factory';
import type { INestApplicationContext } from '@nestjs/common';
import { bearer, sessionFor, signIn } from '../setup/auth';
import { decodeQr, renderPdfPage } from '../setup/pdf';

describe('registration (报名)', () => {
  jest.setTimeout(300_000);
  let api: TestApi;
  let organiser: string;
  /** The worker computes the results that publication (成绩公示) needs. */
  let worker: INestApplicationContext;

  beforeAll(async () => {
    api = await startTestApi({ seed: true });
    worker = await startTestWorker(api);
    organiser = (await signIn(api.baseUrl, 'jingxin')).accessToken;
  });

  afterAll(async () => {
    await worker?.close();
    await api?.close();
  });

  const register = (token: string, eventId: string, members: object[], teamName: string | null = null) =>
    request(api.baseUrl).post(`/api/events/${eventId}/entries`).set(bearer(token)).send({ teamName, members });
  const entries = async (eventId: string, query = ''): Promise<EntryList> =>
    (await request(api.baseUrl).get(`/api/events/${eventId}/entries?limit=500${query}`).set(bearer(organiser)).expect(200)).body;
  const mine = async (token: string): Promise<MyEntries> => (await request(api.baseUrl).get('/api/me/entries').set(bearer(token)).expect(200)).body;

  it('should seed demo entries in every state, the demo contestant approved with a ticket', async () => {
    const demo = (await signIn(api.baseUrl, '13800000001')).accessToken;
    const own = (await mine(demo)).items;
    // Also an entry in the demo results event (under notice), so the contestant can appeal.
    expect(own.map((e) => e.eventId).sort()).toEqual([DEMO_EVENTS[0].id, DEMO_RESULTS.eventId].sort());
    expect(own.find((e) => e.eventId === DEMO_EVENTS[0].id)).toEqual(
      expect.objectContaining({ status: 'approved', ticketAvailable: true, ticketPayload: expect.stringMatching(/^DZT1\./) }),
    );
    // The arena event belongs to another department: the bureau sees it, 市经信局 does not.
    await request(api.baseUrl).get(`/api/events/${DEMO_EVENTS[1].id}/entries`).set(bearer(organiser)).expect(403);
    const bureau = (await sessionFor(api.baseUrl, 'bureau')).accessToken;
    const arena = (await request(api.baseUrl).get(`/api/events/${DEMO_EVENTS[1].id}/entries`).set(bearer(bureau)).expect(200)).body as EntryList;
    expect(arena.items[16]).toMatchObject({ status: 'waitlisted', waitlistPosition: 1 });
    expect(arena.counts).toMatchObject({ approved: 12, submitted: 4, waitlisted: 2 });
  });

  describe('eligibility and single entries', () => {
    let event: ProposalDetail;
    let people: Contestant[];

    beforeAll(async () => {
      event = await publishedEvent(api, { capacity: 5, title: '技能达人擂台赛·焊工（资格测试）' });
      people = await createContestants(api, 4, 100);
    });

    it('should explain every failing rule in Chinese before submitting', async () => {
      const young = person(people[0].index, { idNumber: residentIdFor(0, Date.UTC(2012, 4, 15)), skillLevel: 'junior', employerInDazhou: false });
      const reply = await request(api.baseUrl).post(`/api/events/${event.id}/eligibility`).set(bearer(people[0].token)).send({ teamName: null, members: [young] }).expect(200);
      expect(reply.body.eligible).toBe(false);
      expect(reply.body.seatsLeft).toBe(5);
      const rules = reply.body.members[0].failures.map((f: { rule: string }) => f.rule);
      expect(rules).toEqual(expect.arrayContaining(['age', 'skill_level', 'employer']));
      expect(reply.body.members[0].failures.find((f: { rule: string }) => f.rule === 'age').message).toMatch(/年龄须在 18–55 岁之间.*您为 14 岁/);
      const ok = await request(api.baseUrl).post(`/api/events/${event.id}/eligibility`).set(bearer(people[0].token)).send({ teamName: null, members: [person(people[0].index)] }).expect(200);
      expect(ok.body).toMatchObject({ eligible: true, members: [{ index: 0, failures: [] }] });
    });

    it('should refuse an ineligible entry field by field, and a bad ID number', async () => {
      const refused = await register(people[0].token, event.id, [person(people[0].index, { skillLevel: 'junior' })]).expect(400);
      expect(refused.body.issues).toEqual([{ path: 'members.0.skillLevel', message: expect.stringContaining('中级工 至 技师') }]);
      const badId = await register(people[0].token, event.id, [person(people[0].index, { idNumber: '511702198501011000' })]).expect(400);
      expect(badId.body.issues[0].path).toBe('members.0.idNumber');
      const contract = await register(people[0].token, event.id, [{ ...person(people[0].index), phone: '123' }]).expect(400);
      expect(contract.body.issues[0]).toEqual({ path: 'members.0.phone', message: '请输入 11 位手机号' });
    });

    it('should register only the account holder, once per event', async () => {
      const someoneElse = await register(people[0].token, event.id, [person(people[1].index)]).expect(400);
      expect(someoneElse.body.message).toContain('只能为本人报名');
      const entry = (await register(people[0].token, event.id, [person(people[0].index)]).expect(201)).body as EntryView;
      expect(entry).toMatchObject({ status: 'submitted', number: 1, waitlistPosition: null, members: [{ idNumberMasked: expect.stringMatching(/^5117\*{10}\d{3}[\dX]$/), phoneMasked: expect.stringMatching(/^139\*{4}\d{4}$/) }] });
      const twice = await register(people[0].token, event.id, [person(people[0].index)]).expect(409);
      expect(twice.body.message).toBe(`选手${people[0].index}已报名本赛项`);
      // The database refuses a second live entry of one person too, whatever the code does.
      const other = (await register(people[1].token, event.id, [person(people[1].index)]).expect(201)).body as EntryView;
      await expect(
        api.dataSource.query(
          `UPDATE entry_member SET id_number_hmac = (SELECT id_number_hmac FROM entry_member WHERE entry_id = $1) WHERE entry_id = $2`,
          [entry.id, other.id],
        ),
      ).rejects.toThrow(/uq_entry_member_person_per_event/);
      // Nobody else sees it; its contestant does, and may withdraw and register again.
      await request(api.baseUrl).post(`/api/entries/${entry.id}/withdraw`).set(bearer(people[2].token)).send({}).expect(404);
      await request(api.baseUrl).get(`/api/entries/${entry.id}/ticket`).set(bearer(people[2].token)).expect(404);
      expect((await mine(people[0].token)).items.map((e) => e.id)).toContain(entry.id);
      await request(api.baseUrl).post(`/api/entries/${entry.id}/withdraw`).set(bearer(people[0].token)).send({ reason: '时间冲突' }).expect(200);
      const again = (await register(people[0].token, event.id, [person(people[0].index)]).expect(201)).body as EntryView;
      expect(again.number).toBe(3);
      const audit = await api.dataSource.query(`SELECT action FROM audit_log WHERE entity_id = $1 ORDER BY id`, [entry.id]);
      expect(audit.map((a: { action: string }) => a.action)).toEqual(['entry.registered', 'entry.withdraw']);
    });

    it('should check every member of a team, and keep each person in one team', async () => {
      const teamEvent = await publishedEvent(api, { teamSize: 2, title: '技能达人擂台赛·焊工（团体测试）' });
      const [captain, mate, other] = await createContestants(api, 3, 300);
      const short = await register(captain.token, teamEvent.id, [person(captain.index)], '焊花队').expect(400);
      expect(short.body.issues).toEqual([{ path: 'members', message: '团体赛每队须为 2 人（现为 1 人）' }]);
      const unnamed = await register(captain.token, teamEvent.id, [person(captain.index), person(mate.index)]).expect(400);
      expect(unnamed.body.issues).toEqual([{ path: 'teamName', message: '团体赛须填写团队名称' }]);
      const weakMate = await register(captain.token, teamEvent.id, [person(captain.index), person(mate.index, { county: '通川区', skillLevel: null, certificateNo: null })], '焊花队').expect(400);
      expect(weakMate.body.issues[0].path).toBe('members.1.skillLevel');
      const team = (await register(captain.token, teamEvent.id, [person(captain.index), person(mate.index)], '焊花队').expect(201)).body as EntryView;
      expect(team).toMatchObject({ teamName: '焊花队', members: [{ name: `选手${captain.index}` }, { name: `选手${mate.index}` }] });
      // The mate sees the team entry as theirs too.
      expect((await mine(mate.token)).items.map((e) => e.id)).toContain(team.id);
      const poached = await register(other.token, teamEvent.id, [person(other.index), person(mate.index)], '第二队').expect(409);
      expect(poached.body.issues).toEqual([{ path: 'members.1.idNumber', message: `选手${mate.index}已报名本赛项` }]);
    });

    it('should keep registration to the registration period', async () => {
      const closed = await publishedEvent(api, { title: '技能达人擂台赛·焊工（已截止）' });
      await moveEvent(api, closed.id, 'registration_closed');
      const reply = await register(people[3].token, closed.id, [person(people[3].index)]).expect(409);
      expect(reply.body.message).toBe('该赛项当前不在报名期');
      await register(people[3].token, '00000000-0000-4000-8000-00000000dead', [person(people[3].index)]).expect(404);
    });
  });

  it('should seat exactly the capacity when 500 register at once, waitlist the rest in order, and promote the next 10 after 10 withdrawals', async () => {
    const event = await publishedEvent(api, { capacity: 100, title: '技能达人擂台赛·焊工（并发测试）' });
    const people = await createContestants(api, 500, 2000);
    const replies = await Promise.all(people.map((p) => register(p.token, event.id, [person(p.index)])));
    expect(replies.map((r) => r.status).filter((s) => s !== 201)).toEqual([]);

    const list = await entries(event.id);
    expect(list.total).toBe(500);
    expect(list.counts).toMatchObject({ submitted: 100, waitlisted: 400 });
    const numbers = list.items.map((e) => e.number);
    expect(new Set(numbers).size).toBe(500);
    expect(Math.min(...numbers)).toBe(1);
    expect(Math.max(...numbers)).toBe(500);
    // Seats go to the first 100 to arrive; the waitlist is in arrival order.
    const byNumber = [...list.items].sort((a, b) => a.number - b.number);
    expect(byNumber.slice(0, 100).every((e) => e.status === 'submitted')).toBe(true);
    expect(byNumber.slice(100).map((e) => e.waitlistPosition)).toEqual(Array.from({ length: 400 }, (_, i) => i + 1));
    const people500 = await api.dataSource.query(`SELECT COUNT(DISTINCT id_number_hmac) AS n FROM entry_member WHERE event_id = $1`, [event.id]);
    expect(Number(people500[0].n)).toBe(500);

    // Ten seat holders withdraw at once: exactly the next ten in line move up.
    const holders = byNumber.slice(0, 10);
    const tokenOf = new Map(people.map((p) => [`选手${p.index}`, p.token]));
    const withdrawals = await Promise.all(
      holders.map((e) => request(api.baseUrl).post(`/api/entries/${e.id}/withdraw`).set(bearer(tokenOf.get(e.members[0].name) as string)).send({})),
    );
    expect(withdrawals.map((r) => r.status)).toEqual(Array(10).fill(200));
    const after = [...(await entries(event.id)).items].sort((a, b) => a.number - b.number);
    expect(after.filter((e) => e.status === 'submitted' || e.status === 'approved')).toHaveLength(100);
    expect(after.slice(100, 110).map((e) => e.status)).toEqual(Array(10).fill('submitted'));
    expect(after.slice(110).every((e) => e.status === 'waitlisted')).toBe(true);
    expect(after[110].waitlistPosition).toBe(1);
    // Each promoted person is told.
    const promotedUser = people.find((p) => `选手${p.index}` === after[100].members[0].name) as Contestant;
    const inbox = await request(api.baseUrl).get('/api/notifications').set(bearer(promotedUser.token)).expect(200);
    expect(inbox.body.items.map((n: { title: string }) => n.title)).toContain('候补递补成功：您已获得参赛名额');
    const promotions = await api.dataSource.query(`SELECT COUNT(*) AS n FROM audit_log WHERE action = 'entry.promote' AND detail->>'eventId' = $1`, [event.id]);
    expect(Number(promotions[0].n)).toBe(10);
  });

  describe('review, the draw and check-in', () => {
    let event: ProposalDetail;
    let people: Contestant[];
    let all: EntryView[];

    beforeAll(async () => {
      event = await publishedEvent(api, { capacity: 6, title: '技能达人擂台赛·焊工（抽签测试）' });
      people = await createContestants(api, 8, 5000);
      for (const p of people) await register(p.token, event.id, [person(p.index)]).expect(201);
      all = [...(await entries(event.id)).items].sort((a, b) => a.number - b.number);
    });

    const decide = (body: object) => request(api.baseUrl).post(`/api/events/${event.id}/entries/decisions`).set(bearer(organiser)).send(body);

    it('should approve and reject in bulk, promote on rejection, and report what it could not do', async () => {
      const refused = await decide({ entryIds: [all[0].id], action: 'reject' }).expect(400);
      expect(refused.body.issues[0]).toEqual({ path: 'reason', message: '不通过须填写理由' });
      const approved = await decide({ entryIds: all.slice(0, 5).map((e) => e.id).concat(all[7].id), action: 'approve' }).expect(200);
      expect(approved.body.updated).toHaveLength(5);
      expect(approved.body.failed).toEqual([{ id: all[7].id, message: '第 8 号：名额已满，候补报名暂不能审核通过' }]);
      const rejected = await decide({ entryIds: [all[4].id], action: 'reject', reason: '证书编号无法核实' }).expect(200);
      expect(rejected.body).toMatchObject({ updated: [all[4].id], promoted: [all[6].id] });
      const other = await publishedEvent(api, { title: '技能达人擂台赛·焊工（他项）' });
      const cross = await request(api.baseUrl).post(`/api/events/${other.id}/entries/decisions`).set(bearer(organiser)).send({ entryIds: [all[5].id], action: 'approve' }).expect(200);
      expect(cross.body.failed[0].message).toBe('报名不存在或不属于本赛项');
      await decide({ entryIds: [all[5].id, all[6].id], action: 'approve' }).expect(200);
      const list = await entries(event.id);
      expect(list.counts).toMatchObject({ approved: 6, rejected: 1, waitlisted: 1 });
      // Staff lists never carry a full ID number or phone.
      expect(JSON.stringify(list)).not.toMatch(/\d{17}[\dX]|1\d{10}/);
    });

    it('should commit to a seed, draw, reveal it, and re-run to the same result', async () => {
      const early = await request(api.baseUrl).post(`/api/events/${event.id}/draws`).set(bearer(organiser)).send({ twoStage: true }).expect(409);
      expect(early.body.message).toBe('报名截止后、比赛开始前才能抽签');
      await moveEvent(api, event.id, 'registration_closed');
      const committed = (await request(api.baseUrl).post(`/api/events/${event.id}/draws`).set(bearer(organiser)).send({ twoStage: true }).expect(201)).body as PublicDraw;
      expect(committed).toMatchObject({ status: 'committed', seed: null, codeSeed: null, assignments: [] });
      expect(committed.entries).toHaveLength(6);
      expect(committed.entries.every((e) => /^选\*+\d$/.test(e.name) || e.name.includes('*'))).toBe(true);
      // The public sees the commitment before the draw, never the seed.
      const before = await request(api.baseUrl).get(`/api/events/public/${event.id}/draws`).expect(200);
      expect(before.body.items[0]).toMatchObject({ seedCommitment: committed.seedCommitment, seed: null });

      const drawn = (await request(api.baseUrl).post(`/api/draws/${committed.id}/run`).set(bearer(organiser)).expect(200)).body as PublicDraw;
      expect(drawn.status).toBe('drawn');
      expect(seedCommitment(drawn.seed as string)).toBe(committed.seedCommitment);
      expect(drawn.assignments.map((a) => a.workstation)).toEqual([1, 2, 3, 4, 5, 6]);
      // Judging codes stay hidden until results are published.
      expect(drawn.assignments.every((a) => a.judgingCode === null && /^C\d{3}$/.test(a.checkinCode ?? ''))).toBe(true);
      // Anyone re-runs it from the revealed seed and gets the same workstations and check-in codes.
      const again = runDraw({ seedHex: drawn.seed as string, entryIds: drawn.entries.map((e) => e.entryId).reverse(), twoStage: true });
      expect(again.assignments.map((a) => [a.entryId, a.workstation, a.checkinCode])).toEqual(drawn.assignments.map((a) => [a.entryId, a.workstation, a.checkinCode]));
      const verify = await request(api.baseUrl).get(`/api/events/public/draws/${drawn.id}/verify`).expect(200);
      expect(verify.body).toEqual({ drawId: drawn.id, matches: true, mismatches: [] });
      // Tampering shows.
      const [stored] = await api.dataSource.query(`SELECT assignments FROM draw WHERE id = $1`, [drawn.id]);
      await api.dataSource.query(`UPDATE draw SET assignments = jsonb_set(assignments, '{0,workstation}', '99') WHERE id = $1`, [drawn.id]);
      const tampered = await request(api.baseUrl).get(`/api/events/public/draws/${drawn.id}/verify`).expect(200);
      expect(tampered.body).toMatchObject({ matches: false, mismatches: [{ field: 'workstation', stored: 99 }] });
      await api.dataSource.query(`UPDATE draw SET assignments = $2::jsonb WHERE id = $1`, [drawn.id, JSON.stringify(stored.assignments)]);
      // The organiser holds the mapping from check-in code to judging code.
      const mapping = await request(api.baseUrl).get(`/api/draws/${drawn.id}/mapping`).set(bearer(organiser)).expect(200);
      expect(mapping.body.items.every((m: { judgingCode: string }) => /^J\d{3}$/.test(m.judgingCode))).toBe(true);
      const contestant = people[0];
      await request(api.baseUrl).get(`/api/draws/${drawn.id}/mapping`).set(bearer(contestant.token)).expect(403);

      // A redraw needs a reason, and keeps the old round on record.
      const noReason = await request(api.baseUrl).post(`/api/events/${event.id}/draws`).set(bearer(organiser)).send({ twoStage: true }).expect(400);
      expect(noReason.body.issues[0].path).toBe('reason');
      const redo = (await request(api.baseUrl).post(`/api/events/${event.id}/draws`).set(bearer(organiser)).send({ twoStage: true, reason: '工位 3 设备故障' }).expect(201)).body as PublicDraw;
      expect(redo.round).toBe(2);
      await request(api.baseUrl).post(`/api/draws/${redo.id}/run`).set(bearer(organiser)).expect(200);
      const history = (await request(api.baseUrl).get(`/api/events/public/${event.id}/draws`).expect(200)).body.items as PublicDraw[];
      expect(history.map((d) => [d.round, d.status, d.reason])).toEqual([
        [2, 'drawn', '工位 3 设备故障'],
        [1, 'superseded', null],
      ]);
      const audit = await api.dataSource.query(`SELECT action FROM audit_log WHERE entity_type = 'draw' ORDER BY id`);
      expect(audit.map((a: { action: string }) => a.action)).toEqual(['draw.committed', 'draw.drawn', 'draw.recommitted', 'draw.drawn']);
    });

    it('should check in by the signed ticket QR, once, and mark no-shows at the cut-off', async () => {
      const holder = people[0];
      const own = (await mine(holder.token)).items.find((e) => e.eventId === event.id) as EntryView;
      expect(own).toMatchObject({ status: 'approved', ticketAvailable: true, workstation: expect.any(Number), checkinCode: expect.stringMatching(/^C\d{3}$/) });
      const ticket = own.ticketPayload as string;
      expect(ticket).toMatch(/^DZT1\./);
      const pdf = await request(api.baseUrl).get(`/api/entries/${own.id}/ticket`).set(bearer(holder.token)).buffer(true).parse((res, done) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => done(null, Buffer.concat(chunks)));
      });
      expect(pdf.status).toBe(200);
      expect((pdf.body as Buffer).subarray(0, 5).toString()).toBe('%PDF-');
      // The printed QR code carries exactly the ticket payload, and the page says what it is.
      const page = renderPdfPage(pdf.body as Buffer);
      expect(decodeQr(page.png)).toBe(ticket);
      expect(page.text).toMatch(/准\s*考\s*证/);
      expect(page.text).toMatch(new RegExp(`检录编号\\s+${own.checkinCode}`));
      expect(page.text).toMatch(new RegExp(`工位号\\s+${own.workstation}`));

      const first = await request(api.baseUrl).post(`/api/events/${event.id}/checkins`).set(bearer(organiser)).send({ ticket }).expect(200);
      expect(first.body).toMatchObject({ alreadyCheckedIn: false, entry: { attendance: 'checked_in' } });
      const repeat = await request(api.baseUrl).post(`/api/events/${event.id}/checkins`).set(bearer(organiser)).send({ ticket }).expect(200);
      expect(repeat.body.alreadyCheckedIn).toBe(true);
      const forged = await request(api.baseUrl).post(`/api/events/${event.id}/checkins`).set(bearer(organiser)).send({ ticket: `${ticket.slice(0, -2)}xx` }).expect(400);
      expect(forged.body.message).toBe('准考证二维码无效或已被篡改');
      const waitlisted = all[7];
      const notApproved = await request(api.baseUrl).post(`/api/events/${event.id}/checkins`).set(bearer(organiser)).send({ entryId: waitlisted.id }).expect(409);
      expect(notApproved.body.message).toBe('该报名状态为「候补」，不能检录');

      const early = await request(api.baseUrl).post(`/api/events/${event.id}/checkins/close`).set(bearer(organiser)).expect(409);
      expect(early.body.message).toBe('比赛开始后才能截止检录');
      await api.dataSource.query(`UPDATE competition_event SET registration_closes_at = now() - interval '2 hours', starts_at = now() - interval '1 minute' WHERE id = $1`, [event.id]);
      const closed = await request(api.baseUrl).post(`/api/events/${event.id}/checkins/close`).set(bearer(organiser)).expect(200);
      expect(closed.body.noShows).toBe(5);
      const late = (await entries(event.id, '&attendance=no_show')).items[0];
      const refusedLate = await request(api.baseUrl).post(`/api/events/${event.id}/checkins`).set(bearer(organiser)).send({ entryId: late.id }).expect(409);
      expect(refusedLate.body.message).toContain('迟到入场');
      await request(api.baseUrl).post(`/api/entries/${late.id}/late`).set(bearer(organiser)).send({ reason: '' }).expect(400);
      const admitted = await request(api.baseUrl).post(`/api/entries/${late.id}/late`).set(bearer(organiser)).send({ reason: '交通管制，经裁判长同意入场' }).expect(200);
      expect(admitted.body.attendance).toBe('late');
      const counts = await entries(event.id, '&attendance=no_show');
      expect(counts.total).toBe(4);
    });

    it('should reveal the judging codes with the results, and they re-run too', async () => {
      await moveEvent(api, event.id, 'running');
      await moveEvent(api, event.id, 'scoring_closed');
      await publishResults(api, event.id);
      const [latest] = (await request(api.baseUrl).get(`/api/events/public/${event.id}/draws`).expect(200)).body.items as PublicDraw[];
      expect(latest.codeSeed).toMatch(/^[0-9a-f]{64}$/);
      expect(seedCommitment(latest.codeSeed as string)).toBe(latest.codeSeedCommitment);
      const codes = runDraw({ seedHex: latest.codeSeed as string, entryIds: latest.entries.map((e) => e.entryId), twoStage: false });
      const byEntry = new Map(codes.assignments.map((a) => [a.entryId, a.judgingCode]));
      expect(latest.assignments.every((a) => a.judgingCode === byEntry.get(a.entryId))).toBe(true);
      const verify = await request(api.baseUrl).get(`/api/events/public/draws/${latest.id}/verify`).expect(200);
      expect(verify.body.matches).toBe(true);
    });
  });
});
