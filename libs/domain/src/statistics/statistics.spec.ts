import fc from 'fast-check';

import { SMALL_CELL_LABEL, STATISTICS_TABLES, type StatCell, type StatisticsDashboard } from '@dz/contracts';

import { residentIdCheckDigit } from '../identity/resident-id';
import { ageBand, ageBandOfAge, employerType, residentIdFacts, statisticsTable, suppressCells, suppressCount, upgradeStepLabel } from './statistics';

const idOf = (birth: string, sequence: string) => {
  const first17 = `511702${birth}${sequence}`;
  return first17 + residentIdCheckDigit(first17);
};

describe('residentIdFacts', () => {
  it('should read the birth date from digits 7–14 and the sex from the 17th digit', () => {
    expect(residentIdFacts(idOf('19900315', '123'))).toEqual({ birthDate: '1990-03-15', sex: 'male' });
    expect(residentIdFacts(idOf('20010228', '124'))).toEqual({ birthDate: '2001-02-28', sex: 'female' });
  });

  it('should give null for a number that is not a valid resident ID', () => {
    expect(residentIdFacts('511702199003151230')).toBeNull();
    expect(residentIdFacts('123')).toBeNull();
  });

  it('should agree with the digits for any valid number (property)', () => {
    fc.assert(
      fc.property(fc.date({ min: new Date('1930-01-01T00:00:00Z'), max: new Date('2015-12-31T00:00:00Z'), noInvalidDate: true }), fc.integer({ min: 0, max: 999 }), (date, seq) => {
        const birth = date.toISOString().slice(0, 10);
        const id = idOf(birth.replace(/-/g, ''), String(seq).padStart(3, '0'));
        const facts = residentIdFacts(id);
        expect(facts).toEqual({ birthDate: birth, sex: seq % 2 === 1 ? 'male' : 'female' });
      }),
    );
  });
});

describe('employerType', () => {
  it.each([
    ['达州职业技术学院', 'school'],
    ['达州市工业技术学校', 'school'],
    ['四川文理学院', 'school'],
    ['宣汉县职业中学', 'school'],
    ['达州技师学院', 'school'],
    ['渠县技校', 'school'],
    ['达州钢铁集团有限公司', 'enterprise'],
    ['四川达州普光天然气净化厂', 'enterprise'],
    ['达州学院路餐饮有限公司', 'enterprise'],
    ['达州市中心医院', 'enterprise'],
    ['  ', 'unknown'],
    ['', 'unknown'],
  ])('should classify %s as %s', (name, expected) => {
    expect(employerType(name)).toBe(expected);
  });

  it('should classify any name ending in 有限公司 as an enterprise (property)', () => {
    fc.assert(fc.property(fc.string({ maxLength: 20 }), (prefix) => expect(employerType(`${prefix}有限公司`)).toBe('enterprise')));
  });
});

describe('ageBand', () => {
  it('should count whole years on the event day, the birthday included', () => {
    expect(ageBand('2000-06-01', '2025-05-31')).toBe('under_25');
    expect(ageBand('2000-06-01', '2025-06-01')).toBe('25_34');
    expect(ageBand('1970-01-01', '2025-01-01')).toBe('55_plus');
    expect(ageBand('1980-12-31', '2025-12-30')).toBe('35_44');
    expect(ageBand(null, '2025-01-01')).toBe('unknown');
    expect(ageBand('2030-01-01', '2025-01-01')).toBe('unknown');
  });

  it('should never put an older person in a lower band (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 100 }), fc.integer({ min: 0, max: 100 }), (a, b) => {
        const order = ['under_25', '25_34', '35_44', '45_54', '55_plus'];
        const [young, old] = a <= b ? [a, b] : [b, a];
        expect(order.indexOf(ageBandOfAge(young))).toBeLessThanOrEqual(order.indexOf(ageBandOfAge(old)));
      }),
    );
  });
});

describe('suppressCount', () => {
  it('should show 1–4 as <5 and keep 0 and 5 and above', () => {
    expect([0, 1, 3, 4, 5, 120].map(suppressCount)).toEqual([0, SMALL_CELL_LABEL, SMALL_CELL_LABEL, SMALL_CELL_LABEL, 5, 120]);
  });
});

describe('suppressCells', () => {
  const cells = (...counts: number[]): StatCell[] => counts.map((count, i) => ({ key: `k${i}`, label: `L${i}`, count }));

  it('should show a cell of 3 people as <5', () => {
    expect(suppressCells(cells(3, 12, 0)).map((c) => c.count)).toEqual([SMALL_CELL_LABEL, 12, 0]);
  });

  it('should suppress the smallest other cell when the total is shown and one cell alone is small', () => {
    expect(suppressCells(cells(3, 12, 40, 0), { totalShown: true }).map((c) => c.count)).toEqual([SMALL_CELL_LABEL, SMALL_CELL_LABEL, 40, 0]);
    // Two small cells already hide each other.
    expect(suppressCells(cells(3, 2, 40), { totalShown: true }).map((c) => c.count)).toEqual([SMALL_CELL_LABEL, SMALL_CELL_LABEL, 40]);
  });

  it('should never reveal a count of 1–4, nor leave exactly one cell hidden under a shown total (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 30 }), { maxLength: 12 }), fc.boolean(), (counts, totalShown) => {
        const out = suppressCells(cells(...counts), { totalShown });
        out.forEach((c, i) => {
          if (counts[i] > 0 && counts[i] < 5) expect(c.count).toBe(SMALL_CELL_LABEL);
          else if (c.count !== SMALL_CELL_LABEL) expect(c.count).toBe(counts[i]);
        });
        const hidden = out.filter((c) => c.count === SMALL_CELL_LABEL).length;
        const nonZero = counts.filter((n) => n > 0).length;
        if (totalShown && nonZero > 1) expect(hidden === 1).toBe(false);
      }),
    );
  });
});

describe('upgradeStepLabel', () => {
  it('should name both rungs of the ladder', () => {
    expect(upgradeStepLabel('senior>technician')).toBe('高级工→技师');
    expect(upgradeStepLabel('odd')).toBe('odd');
  });
});

describe('statisticsTable', () => {
  const dashboard: StatisticsDashboard = {
    filters: {},
    scope: 'bureau',
    refreshedAt: null,
    events: { totals: { proposed: 3, approved: 2, rejected: 1, held: 1, final: 1 }, byDepartment: [{ key: 'd', label: '市经信局', proposed: 3, approved: 2, rejected: 1, held: 1 }], byStatus: [{ key: 'final', label: '成绩确定', count: 1 }], medianApprovalDays: 4, approvalSamples: 2 },
    contestants: {
      totals: { registered: 10, approved: 8, present: 7 },
      byCounty: [{ key: '渠县', label: '渠县', registered: 10, approved: 8, present: 7 }],
      byIndustry: [],
      byOccupation: [],
      byAgeBand: [],
      bySex: [],
      byEmployerType: [],
      bySkillLevel: [],
    },
    outcomes: {
      awarded: 3,
      prizesByTier: [{ key: '一等奖', label: '一等奖', count: 1 }],
      titles: [],
      upgrades: [],
      nominations: { count: 1, cumulative: 4, target: 300, byYear: [{ key: '2025', label: '2025年', count: 1 }] },
      arenaChampions: [{ eventId: '00000000-0000-4000-a000-000000000001', eventTitle: '焊工擂台赛', year: 2025, champion: '张*', county: '渠县', defences: 3, bouts: 5 }],
      defenceRuns: [],
    },
    yearOverYear: [],
    options: { years: [2025], departments: [] },
  };

  it('should write each row of the chart with its figures', () => {
    expect(statisticsTable(dashboard, 'contestants_by_county')).toEqual({ title: '参赛人员区县分布', columns: ['区县', '报名人数', '审核通过', '实到人数'], rows: [['渠县', 10, 8, 7]] });
    expect(statisticsTable(dashboard, 'nominations_by_year').rows).toEqual([['2025年', 1], ['累计（目标 300 名）', 4]]);
    expect(statisticsTable(dashboard, 'arena_champions').rows).toEqual([[2025, '焊工擂台赛', '张*', '渠县', 3, 5]]);
  });

  it('should give every table a title and rows as wide as its columns', () => {
    for (const table of STATISTICS_TABLES) {
      const t = statisticsTable(dashboard, table);
      expect(t.title.length).toBeGreaterThan(0);
      for (const row of t.rows) expect(row).toHaveLength(t.columns.length);
    }
  });
});
