import { formatChinaDate, formatIsoDate, formatNoticePeriod, formatPoints, isApart, pointsOf, rankLabel } from './results-sheet';
import { exampleSheet } from './results-sheet.fixture';

describe('results-sheet formatting', () => {
  it('should write hundredths as points with two decimals', () => {
    expect(formatPoints(8750)).toBe('87.50');
    expect(formatPoints(10000)).toBe('100.00');
    expect(formatPoints(1)).toBe('0.01');
    expect(formatPoints(0)).toBe('0.00');
    expect(pointsOf(9613)).toBe(96.13);
  });

  it('should write calendar dates the Chinese way, without leading zeros', () => {
    expect(formatIsoDate('2026-01-05')).toBe('2026年1月5日');
    expect(formatNoticePeriod({ startsOn: '2026-12-02', endsOn: '2026-12-08' })).toBe('2026年12月2日至2026年12月8日');
    expect(() => formatIsoDate('2026-1-5')).toThrow('Not a YYYY-MM-DD date');
  });

  it('should date an instant by the calendar in Dazhou (UTC+8)', () => {
    expect(formatChinaDate(new Date('2026-11-30T15:59:59Z'))).toBe('2026年11月30日');
    expect(formatChinaDate(new Date('2026-11-30T16:00:00Z'))).toBe('2026年12月1日');
  });

  it('should label the rank column by standing', () => {
    expect(rankLabel({ rank: 3, standing: 'valid' })).toBe('3');
    expect(rankLabel({ rank: null, standing: 'absent' })).toBe('缺考');
    expect(rankLabel({ rank: null, standing: 'disqualified' })).toBe('取消资格');
    expect(isApart({ standing: 'valid' })).toBe(false);
    expect(isApart({ standing: 'absent' })).toBe(true);
  });
});

describe(exampleSheet.name, () => {
  it('should give n rows, places in rank order first, then those apart', () => {
    for (const n of [0, 1, 11, 12, 26, 120]) {
      const { rows } = exampleSheet(n);
      expect(rows).toHaveLength(n);
      const firstApart = rows.findIndex((r) => r.standing !== 'valid');
      const places = firstApart === -1 ? rows : rows.slice(0, firstApart);
      expect(rows.slice(places.length).every((r) => r.standing !== 'valid' && r.rank === null)).toBe(true);
      places.forEach((r, i) => {
        if (i > 0) expect(r.rank!).toBeGreaterThanOrEqual(places[i - 1].rank!);
      });
      expect(new Set(rows.map((r) => r.name)).size).toBe(n);
    }
  });
});
