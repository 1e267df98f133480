import { recusalLines, schemeAspectList, scopeSummary } from './judges';

const ENTRY = '00000000-0000-4000-8000-000000000001';

describe('scopeSummary', () => {
  it('should say all when nothing narrows the scope', () => {
    expect(scopeSummary({ entryIds: null, stations: null, aspectKeys: null })).toEqual({ who: '全部选手', what: '全部评分项' });
  });

  it('should list stations in order, count contestants and name the aspects', () => {
    expect(scopeSummary({ entryIds: [ENTRY], stations: [3, 1], aspectKeys: ['A1', 'B2'] })).toEqual({ who: '工位 1、3，1 名指定选手', what: '评分项 A1、B2' });
  });
});

describe('recusalLines', () => {
  it('should list recusals by judging code, never by anything else, those without a code last', () => {
    expect(
      recusalLines([
        { entryId: ENTRY, judgingCode: null, reasons: ['裁判本人参赛'] },
        { entryId: ENTRY, judgingCode: 'J007', reasons: ['裁判与选手同属「达州钢铁集团」', '裁判所在单位与选手报名单位相同'] },
        { entryId: ENTRY, judgingCode: 'J002', reasons: ['裁判与选手同属「达州钢铁集团」'] },
      ]),
    ).toEqual(['J002：裁判与选手同属「达州钢铁集团」', 'J007：裁判与选手同属「达州钢铁集团」；裁判所在单位与选手报名单位相同', '（未抽签选手）：裁判本人参赛']);
  });
});

describe('schemeAspectList', () => {
  it('should walk the section tree in order', () => {
    const aspect = (key: string) => ({ key, title: key, kind: 'measurement' as const, maxMarks: 100 });
    expect(
      schemeAspectList([
        { key: 'A', title: 'A', aspects: [aspect('A1')], sections: [{ key: 'A.x', title: 'x', aspects: [aspect('A2')], sections: [] }] },
        { key: 'B', title: 'B', aspects: [aspect('B1')], sections: [] },
      ]).map((a) => a.key),
    ).toEqual(['A1', 'A2', 'B1']);
  });
});
