import type { ResultsSheet, ResultsSheetRow } from './results-sheet';

const SURNAMES = ['张', '王', '李', '赵', '陈', '刘', '杨', '黄', '周', '吴', '徐', '孙', '胡', '朱', '高', '林', '何', '郭', '马', '罗'];
const GIVEN = ['伟', '芳', '娜', '秀英', '敏', '静', '丽', '强', '磊', '军', '洋', '勇', '艳', '杰', '娟', '涛', '明', '超', '秀兰', '霞'];
const COUNTIES = ['通川区', '达川区', '万源市', '宣汉县', '开江县', '大竹县', '渠县', '达州高新区', '达州东部经开区'];
const EMPLOYERS = [
  '达州钢铁集团有限责任公司',
  '四川省达州水电建筑工程有限公司',
  '达州职业技术学院',
  '宣汉县正原微玻纤有限公司',
  '达州市技师学院',
  // Long enough to wrap in the notice's unit column and widen the xlsx column to its limit.
  '四川省达州市通川区某某精密机械制造有限责任公司第二分公司焊接与装配车间',
];
const APART_EVERY = 12;

/**
 * A deterministic sheet of `n` entries (n ≥ 0) for tests and previews: stages 理论 30% and 实操
 * 70%, places first (with a shared rank at places 2–3 when n ≥ 3), then about one entry in twelve
 * listed apart (alternately 缺考 and 取消资格), awards 10/20/30 %, titles, one overlong unit.
 */
export function exampleSheet(n: number, overrides: Partial<ResultsSheet> = {}): ResultsSheet {
  const apartCount = Math.floor(n / APART_EVERY);
  const validCount = n - apartCount;
  const rows: ResultsSheetRow[] = [];
  let previousTotal = Number.POSITIVE_INFINITY;
  let previousRank = 0;
  for (let i = 0; i < validCount; i += 1) {
    // Totals fall with the place; places 2 and 3 tie.
    const total = i === 2 ? rows[1].total : 9650 - i * 37;
    const theory = Math.min(10000, total + 150 - (i % 5) * 60);
    const practical = Math.round((total * 100 - theory * 30) / 70);
    const rank = total === previousTotal ? previousRank : i + 1;
    previousTotal = total;
    previousRank = rank;
    const share = rank / Math.max(validCount, 1);
    const award = share <= 0.1 ? '一等奖' : share <= 0.3 ? '二等奖' : share <= 0.6 ? '三等奖' : null;
    rows.push({
      rank,
      standing: 'valid',
      number: 1001 + i,
      judgingCode: `H${String(37 + i * 7).padStart(3, '0')}`,
      name: personName(i),
      idMasked: `5117**********${String(1000 + ((i * 7919) % 9000)).padStart(4, '0')}`,
      employer: i % 9 === 4 ? null : EMPLOYERS[i % EMPLOYERS.length],
      county: COUNTIES[i % COUNTIES.length],
      stageScores: { 理论: theory, 实操: practical },
      total,
      award,
      titles: rank === 1 ? ['技能达人', '擂主'] : award === '一等奖' ? ['技能达人'] : [],
      upgradeTo: award === '一等奖' ? '高级工' : award === '二等奖' ? '中级工' : null,
      nominated: rank === 1,
    });
  }
  for (let j = 0; j < apartCount; j += 1) {
    const absent = j % 2 === 0;
    const i = validCount + j;
    rows.push({
      rank: null,
      standing: absent ? 'absent' : 'disqualified',
      number: 1001 + i,
      judgingCode: absent ? null : `H${String(37 + i * 7).padStart(3, '0')}`,
      name: personName(i),
      idMasked: `5117**********${String(1000 + ((i * 7919) % 9000)).padStart(4, '0')}`,
      employer: EMPLOYERS[i % EMPLOYERS.length],
      county: COUNTIES[i % COUNTIES.length],
      stageScores: absent ? { 理论: null, 实操: null } : { 理论: 7200, 实操: null },
      total: absent ? 0 : 2160,
      award: null,
      titles: [],
      upgradeTo: null,
      nominated: false,
    });
  }
  return {
    eventTitle: '2026年达州技能大赛焊工赛项',
    seriesLabel: '达州技能大赛（2026）',
    organiser: '达州市经济和信息化局',
    occupation: '6-18-02-04 焊工',
    stages: [
      { name: '理论', weight: 30 },
      { name: '实操', weight: 70 },
    ],
    version: 3,
    computedAt: new Date('2026-12-01T02:30:00Z'),
    inputsHash: 'sha256:9f2c4e7a1b3d5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8',
    status: 'notice',
    notice: { startsOn: '2026-12-02', endsOn: '2026-12-08' },
    issuer: '达州市人力资源和社会保障局',
    rows,
    arena: { champion: personName(0), longestDefence: { name: personName(1), defences: 5 } },
    ...overrides,
  };
}

/** A distinct name for every index below 400; two or three characters. */
function personName(i: number): string {
  const surname = SURNAMES[i % SURNAMES.length];
  const given = GIVEN[Math.floor(i / SURNAMES.length) % GIVEN.length];
  return `${surname}${given}`;
}
