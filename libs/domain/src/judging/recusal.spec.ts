import fc from 'fast-check';

import {
  NON_ORGANISATION_NAMES,
  normaliseOrganisationName,
  type RecusalContestant,
  recusalReasons,
  type RecusalJudge,
} from './recusal';

const judge = (overrides: Partial<RecusalJudge> = {}): RecusalJudge => ({
  userId: 'u-judge',
  employer: '达州职业技术学院',
  organisationIds: [],
  ...overrides,
});

const contestant = (overrides: Partial<RecusalContestant> = {}): RecusalContestant => ({
  employers: ['四川达州钢铁集团有限责任公司'],
  registrantUserId: 'u-contestant',
  memberUserIds: ['u-contestant'],
  ...overrides,
});

/** `text` with ASCII letters, digits and brackets written full width. */
const toFullWidth = (text: string) =>
  text.replace(/[!-~]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));

describe('normaliseOrganisationName', () => {
  it.each([
    ['达州职业技术学院', '达州职业技术学院'],
    ['  达州职业技术学院 ', '达州职业技术学院'],
    ['达州 职业技术 学院', '达州职业技术学院'],
    ['达州职业技术学院\u3000', '达州职业技术学院'],
    ['达州职业技术学院（南校区）', '达州职业技术学院(南校区)'],
    ['ＡＢＣ建筑公司', 'abc建筑公司'],
    ['Dazhou Steel', 'dazhousteel'],
    ['ｄａｚｈｏｕ\tＳＴＥＥＬ', 'dazhousteel'],
    ['达州市第１中学', '达州市第1中学'],
  ])('should normalise %p to %p', (name, expected) => {
    expect(normaliseOrganisationName(name)).toBe(expected);
  });

  it('should treat full-width and half-width ASCII alike', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary-ascii', maxLength: 30 }), (text) => {
        expect(normaliseOrganisationName(toFullWidth(text))).toBe(normaliseOrganisationName(text));
      }),
    );
  });

  it('should be idempotent and free of whitespace', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 30 }), (text) => {
        const once = normaliseOrganisationName(text);
        expect(normaliseOrganisationName(once)).toBe(once);
        expect(once).not.toMatch(/\s/);
      }),
    );
  });
});

describe('recusalReasons', () => {
  it('should let a judge from elsewhere score', () => {
    expect(recusalReasons(judge(), contestant())).toEqual([]);
  });

  it.each([
    ['达州职业技术学院'],
    [' 达州职业技术学院 '],
    ['达州 职业技术学院'],
    ['达州职业技术学院\u3000'],
  ])('should recuse a judge whose school is written %p', (employer) => {
    expect(recusalReasons(judge(), contestant({ employers: [employer] }))).toEqual([
      '裁判与选手同属「达州职业技术学院」',
    ]);
  });

  it('should compare full-width brackets, letters and case alike', () => {
    const j = judge({ employer: 'ABC 建筑工程有限公司(达州分公司)' });
    expect(recusalReasons(j, contestant({ employers: ['ａｂｃ建筑工程有限公司（达州分公司）'] }))).toEqual([
      '裁判与选手同属「ABC 建筑工程有限公司(达州分公司)」',
    ]);
  });

  it('should recuse a judge who shares an employer with any member of a team', () => {
    const team = contestant({
      employers: ['达川区职业中学', '达州职业技术学院', '达州职业技术学院'],
      memberUserIds: ['u-1', 'u-2', 'u-3'],
    });
    expect(recusalReasons(judge(), team)).toEqual(['裁判与选手同属「达州职业技术学院」']);
  });

  it('should not take a similar name for the same one', () => {
    expect(recusalReasons(judge(), contestant({ employers: ['达州职业技术学院附属中学'] }))).toEqual([]);
  });

  it.each([[null], [''], ['  '], ['无'], ['个体'], ['自由职业'], ['Ｎ／Ａ'], ['/']])(
    'should not recuse for a judge employer of %p',
    (employer) => {
      expect(recusalReasons(judge({ employer }), contestant({ employers: [employer ?? '', '无'] }))).toEqual([]);
    },
  );

  it.each<[string, Partial<RecusalContestant>]>([
    ['the contestant', { registrantUserId: 'u-judge', memberUserIds: ['u-judge'] }],
    ['a team member', { registrantUserId: 'u-lead', memberUserIds: ['u-lead', 'u-judge'] }],
    ['the registrant', { registrantUserId: 'u-judge', memberUserIds: undefined }],
  ])('should recuse a judge who is %s', (_label, overrides) => {
    expect(recusalReasons(judge(), contestant(overrides))).toEqual(['裁判本人参赛']);
  });

  it('should not match an absent registrant or member list', () => {
    const bare: RecusalContestant = { employers: [] };
    expect(recusalReasons(judge(), bare)).toEqual([]);
    expect(recusalReasons(judge(), { employers: [], registrantUserId: null })).toEqual([]);
  });

  it('should recuse on an organisation id shared with the entry', () => {
    const j = judge({ employer: null, organisationIds: ['org-1', 'org-2'] });
    expect(recusalReasons(j, contestant({ organisationIds: ['org-2'] }))).toEqual([
      '裁判所在单位与选手报名单位相同',
    ]);
    expect(recusalReasons(j, contestant({ organisationIds: ['org-3'] }))).toEqual([]);
    expect(recusalReasons(j, contestant())).toEqual([]);
  });

  it('should give every reason that applies, the judge’s own entry first', () => {
    const j = judge({ organisationIds: ['org-1'] });
    const own = contestant({
      employers: ['达州职业技术学院'],
      registrantUserId: 'u-judge',
      organisationIds: ['org-1'],
    });
    expect(recusalReasons(j, own)).toEqual([
      '裁判本人参赛',
      '裁判与选手同属「达州职业技术学院」',
      '裁判所在单位与选手报名单位相同',
    ]);
  });

  it('should list placeholders that normalise to themselves or to something non-empty', () => {
    for (const name of NON_ORGANISATION_NAMES) {
      expect(normaliseOrganisationName(name)).not.toBe('');
    }
  });

  it('should recuse exactly when the normalised names match', () => {
    const nameArb = fc.constantFrom(
      '达州职业技术学院',
      '达州职业技术学院 ',
      '达州 职业技术学院',
      '四川达州钢铁集团',
      'ABC 公司',
      'ａｂｃ公司',
      '达川区职业中学',
    );
    fc.assert(
      fc.property(nameArb, fc.array(nameArb, { maxLength: 4 }), (employer, employers) => {
        const reasons = recusalReasons(judge({ employer }), contestant({ employers }));
        const shares = employers.some((e) => normaliseOrganisationName(e) === normaliseOrganisationName(employer));
        expect(reasons).toEqual(shares ? [`裁判与选手同属「${employer.trim()}」`] : []);
      }),
    );
  });
});
