import fc from 'fast-check';

import { type CertificatePlanInput, type CertificatePlanRow, planCertificates } from './certificate-plan';

const member = (id: string, name = `选手${id}`) => ({ memberId: `m-${id}`, personKey: `pk-${id}`, name, idNumberMasked: '5117**********1234' });

function row(entryId: string, overrides: Partial<CertificatePlanRow> = {}): CertificatePlanRow {
  return { entryId, standing: 'valid', rank: null, award: null, titles: [], members: [member(entryId)], ...overrides };
}

const kindsOf = (plans: ReturnType<typeof planCertificates>, personKey: string) => plans.filter((p) => p.personKey === personKey).map((p) => p.kind);

describe('planCertificates', () => {
  it('should give a participation proof to a valid entry without honours', () => {
    const plans = planCertificates({ rows: [row('e1', { rank: 7 })], championEntryId: null });
    expect(plans).toEqual([
      { entryId: 'e1', memberId: 'm-e1', personKey: 'pk-e1', kind: 'participation', award: null, titles: [], rank: null, personName: '选手e1', idNumberMasked: '5117**********1234' },
    ]);
  });

  it('should add an award certificate for an award or for a title alone', () => {
    const plans = planCertificates({
      rows: [row('e1', { rank: 1, award: '一等奖', titles: ['技能达人'] }), row('e2', { rank: 12, titles: ['技能达人'] })],
      championEntryId: null,
    });
    expect(kindsOf(plans, 'pk-e1')).toEqual(['award', 'participation']);
    expect(kindsOf(plans, 'pk-e2')).toEqual(['award', 'participation']);
    const award = plans.find((p) => p.personKey === 'pk-e1' && p.kind === 'award');
    expect(award).toMatchObject({ award: '一等奖', titles: ['技能达人'], rank: 1 });
  });

  it('should give the champion three certificates and nobody else a champion certificate', () => {
    const plans = planCertificates({ rows: [row('e1', { rank: 1, award: '一等奖' }), row('e2', { rank: 2, award: '二等奖' })], championEntryId: 'e1' });
    expect(kindsOf(plans, 'pk-e1')).toEqual(['award', 'champion', 'participation']);
    expect(kindsOf(plans, 'pk-e2')).toEqual(['award', 'participation']);
    expect(plans.find((p) => p.kind === 'champion')).toMatchObject({ entryId: 'e1', award: '一等奖', rank: 1 });
  });

  it('should give nothing to absent or disqualified entries, even with an award or as champion', () => {
    const plans = planCertificates({
      rows: [row('e1', { standing: 'absent' }), row('e2', { standing: 'disqualified', award: '一等奖', rank: 1 }), row('e3')],
      championEntryId: 'e2',
    });
    expect(plans.map((p) => p.personKey)).toEqual(['pk-e3']);
  });

  it('should give every member of a team entry the same certificates', () => {
    const team = row('t1', { award: '二等奖', rank: 2, members: [member('a', '张三'), member('b', '李四'), member('c', '王五')] });
    const plans = planCertificates({ rows: [team], championEntryId: 't1' });
    expect(plans).toHaveLength(9);
    for (const id of ['a', 'b', 'c']) expect(kindsOf(plans, `pk-${id}`)).toEqual(['award', 'champion', 'participation']);
    expect(plans.filter((p) => p.personKey === 'pk-b').every((p) => p.personName === '李四' && p.memberId === 'm-b')).toBe(true);
  });

  it('should ignore a champion entry id that is not among the rows', () => {
    const plans = planCertificates({ rows: [row('e1')], championEntryId: 'missing' });
    expect(plans.map((p) => p.kind)).toEqual(['participation']);
  });

  it('should plan a person in two entries once per kind, from the better-ranked entry', () => {
    const same = { memberId: 'x', personKey: 'pk-same', name: '重复者', idNumberMasked: '5117**********0000' };
    const plans = planCertificates({
      rows: [row('e9', { rank: 5, award: '三等奖', members: [{ ...same, memberId: 'x9' }] }), row('e2', { rank: 2, award: '一等奖', members: [{ ...same, memberId: 'x2' }] })],
      championEntryId: null,
    });
    expect(plans.map((p) => p.kind)).toEqual(['award', 'participation']);
    expect(plans.find((p) => p.kind === 'award')).toMatchObject({ entryId: 'e2', memberId: 'x2', award: '一等奖' });
    expect(plans.find((p) => p.kind === 'participation')).toMatchObject({ entryId: 'e2' });
  });

  it('should plan nothing for no rows', () => {
    expect(planCertificates({ rows: [], championEntryId: null })).toEqual([]);
  });
});

/** Rows with unique entry ids; persons drawn from a small pool so that repeats (the guarded case) happen. */
const rowsArb = fc
  .uniqueArray(
    fc.record({
      entryId: fc.stringMatching(/^e[0-9]{1,3}$/),
      standing: fc.constantFrom('valid', 'valid', 'absent', 'disqualified') as fc.Arbitrary<CertificatePlanRow['standing']>,
      rank: fc.option(fc.integer({ min: 1, max: 20 })),
      award: fc.option(fc.constantFrom('一等奖', '二等奖', '三等奖')),
      titles: fc.subarray(['技能达人', '巴渠工匠']),
      members: fc.uniqueArray(fc.integer({ min: 0, max: 15 }), { minLength: 1, maxLength: 3 }).map((ids) => ids.map((i) => ({ memberId: `m${i}`, personKey: `pk${i}`, name: `选手${i}`, idNumberMasked: '5117**********1234' }))),
    }),
    { selector: (r) => r.entryId, maxLength: 12 },
  );

const inputArb: fc.Arbitrary<CertificatePlanInput> = rowsArb.chain((rows) =>
  fc.record({ rows: fc.constant(rows), championEntryId: rows.length ? fc.option(fc.constantFrom(...rows.map((r) => r.entryId))) : fc.constant(null) }),
);

describe('planCertificates properties', () => {
  it('should not depend on the order of rows or members', () => {
    fc.assert(
      fc.property(inputArb, fc.infiniteStream(fc.integer()), (input, noise) => {
        const key = () => noise.next().value as number;
        const shuffle = <T>(xs: T[]) => xs.map((x) => ({ x, k: key() })).sort((a, b) => a.k - b.k).map((e) => e.x);
        const shuffled = { ...input, rows: shuffle(input.rows.map((r) => ({ ...r, members: shuffle(r.members) }))) };
        expect(planCertificates(shuffled)).toEqual(planCertificates(input));
      }),
    );
  });

  it('should never plan the same (personKey, kind) twice', () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        const plans = planCertificates(input);
        const keys = plans.map((p) => `${p.personKey}/${p.kind}`);
        expect(new Set(keys).size).toBe(keys.length);
      }),
    );
  });

  it('should agree with a naive count when no person is in two entries', () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        const persons = input.rows.flatMap((r) => r.members.map((m) => m.personKey));
        fc.pre(new Set(persons).size === persons.length);
        let expected = 0;
        for (const r of input.rows) {
          if (r.standing !== 'valid') continue;
          const perMember = 1 + (r.award !== null || r.titles.length > 0 ? 1 : 0) + (r.entryId === input.championEntryId ? 1 : 0);
          expected += perMember * r.members.length;
        }
        expect(planCertificates(input)).toHaveLength(expected);
      }),
    );
  });

  it('should give every person of a valid entry a participation proof and nobody else anything', () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        const plans = planCertificates(input);
        const valid = new Set(input.rows.filter((r) => r.standing === 'valid').flatMap((r) => r.members.map((m) => m.personKey)));
        expect(new Set(plans.filter((p) => p.kind === 'participation').map((p) => p.personKey))).toEqual(valid);
        for (const p of plans) expect(valid.has(p.personKey)).toBe(true);
      }),
    );
  });
});
