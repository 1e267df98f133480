import { COUNTIES, type AwardsPlan, type CompetitionLevel, type EventStatus, type OrganisationKind, type Role, type Round, type Series } from '@dz/contracts';

/**
 * The demo's organisations, accounts and events. Ids are fixed so seeding twice adds nothing.
 * The names of employers and schools are illustrative.
 */
export interface SeedOrganisation {
  id: string;
  code: string;
  kind: OrganisationKind;
  name: string;
  county: string | null;
}

const org = (n: number) => `00000000-0000-4000-8000-${n.toString().padStart(12, '0')}`;
const user = (n: number) => `00000000-0000-4000-9000-${n.toString().padStart(12, '0')}`;
const event = (n: number) => `00000000-0000-4000-a000-${n.toString().padStart(12, '0')}`;

export const DEMO_ORG = {
  bureau: org(1),
  jingxin: org(11),
  zhujian: org(12),
  nongye: org(13),
  shangwu: org(14),
  jiaoyu: org(15),
  shuzi: org(16),
  minzheng: org(17),
};

export const DEMO_ORGANISATIONS: SeedOrganisation[] = [
  { id: DEMO_ORG.bureau, code: 'dz-hrss', kind: 'bureau', name: '达州市人力资源和社会保障局', county: '通川区' },
  { id: DEMO_ORG.jingxin, code: 'dz-jxj', kind: 'department', name: '达州市经济和信息化局', county: '通川区' },
  { id: DEMO_ORG.zhujian, code: 'dz-zjj', kind: 'department', name: '达州市住房和城乡建设局', county: '通川区' },
  { id: DEMO_ORG.nongye, code: 'dz-nyncj', kind: 'department', name: '达州市农业农村局', county: '通川区' },
  { id: DEMO_ORG.shangwu, code: 'dz-swj', kind: 'department', name: '达州市商务局', county: '通川区' },
  { id: DEMO_ORG.jiaoyu, code: 'dz-jyj', kind: 'department', name: '达州市教育局', county: '通川区' },
  { id: DEMO_ORG.shuzi, code: 'dz-szjjj', kind: 'department', name: '达州市数字经济局', county: '通川区' },
  { id: DEMO_ORG.minzheng, code: 'dz-mzj', kind: 'department', name: '达州市民政局', county: '通川区' },
  { id: org(31), code: 'co-welding', kind: 'co_organizer', name: '达州市焊接行业协会', county: '通川区' },
  { id: org(32), code: 'co-cuisine', kind: 'co_organizer', name: '达州市烹饪餐饮行业协会', county: '达川区' },
  { id: org(41), code: 'emp-machinery', kind: 'employer', name: '达州川东机械制造有限公司', county: '达州高新区' },
  { id: org(42), code: 'emp-gas', kind: 'employer', name: '达州天然气化工有限公司', county: '宣汉县' },
  { id: org(43), code: 'emp-restaurant', kind: 'employer', name: '达州巴渠人家餐饮有限公司', county: '通川区' },
  { id: org(51), code: 'sch-vocational', kind: 'school', name: '达州职业技术学院', county: '通川区' },
  { id: org(52), code: 'sch-industry', kind: 'school', name: '达州市工业技术学校', county: '达川区' },
  ...COUNTIES.map((name, i) => ({ id: org(61 + i), code: `county-${i + 1}`, kind: 'county' as const, name, county: name })),
];

export interface SeedUser {
  id: string;
  displayName: string;
  username: string | null;
  phone: string | null;
  grants: { role: Role; organisationId: string | null }[];
}

/** One account per role; all share DEMO_PASSWORD. */
export const DEMO_PASSWORD = 'Dazhou@2026';

/**
 * The bureau's demo accounts (bureau, security, auditor) sign in with a second factor: add this
 * base32 secret to an authenticator app (demo only; new accounts enrol their own).
 */
export const DEMO_TOTP_SECRET = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';
export const DEMO_TOTP_USERNAMES = ['bureau', 'security', 'auditor'];

/** The demo contestant's resident ID number (valid check digit; stored encrypted). */
export const DEMO_CONTESTANT_ID_NUMBER = '511702199503151234';

export const DEMO_USERS: SeedUser[] = [
  { id: user(1), displayName: '市人社局 王科长', username: 'bureau', phone: null, grants: [{ role: 'bureau_admin', organisationId: DEMO_ORG.bureau }] },
  { id: user(2), displayName: '安全管理员 刘工', username: 'security', phone: null, grants: [{ role: 'security_admin', organisationId: DEMO_ORG.bureau }] },
  { id: user(3), displayName: '审计管理员 陈工', username: 'auditor', phone: null, grants: [{ role: 'auditor', organisationId: DEMO_ORG.bureau }] },
  { id: user(4), displayName: '市经信局 赵主任', username: 'jingxin', phone: null, grants: [{ role: 'department_organizer', organisationId: DEMO_ORG.jingxin }] },
  { id: user(5), displayName: '裁判 周师傅', username: 'judge', phone: null, grants: [{ role: 'judge', organisationId: null }] },
  { id: user(6), displayName: '李明', username: null, phone: '13800000001', grants: [{ role: 'contestant', organisationId: null }] },
  // The judges of the demo judging event (DEMO_JUDGING); they sign in with their phone. Their
  // judge grants' organisations are their employers for recusal (none of the contestants').
  { id: user(7), displayName: '裁判 孙建国', username: null, phone: '13700000001', grants: [{ role: 'judge', organisationId: org(31) }] },
  { id: user(8), displayName: '裁判 何志强', username: null, phone: '13700000002', grants: [{ role: 'judge', organisationId: org(41) }] },
  { id: user(9), displayName: '裁判 冯丽华', username: null, phone: '13700000003', grants: [{ role: 'judge', organisationId: org(42) }] },
];

/**
 * An illustrative "3+3+N" industry tree (the bureau edits it: it is data, not code) and
 * occupations with their codes in the national classification. The codes follow the 2015/2022
 * editions of 《中华人民共和国职业分类大典》 as far as we could check them; the bureau's catalogue
 * page corrects and extends the list.
 */
const industry = (n: number) => `00000000-0000-4000-b000-${n.toString().padStart(12, '0')}`;
export const DEMO_INDUSTRIES: { id: string; parentId: string | null; name: string; sort: number }[] = [
  { id: industry(1), parentId: null, name: '支柱产业', sort: 1 },
  { id: industry(11), parentId: industry(1), name: '能源化工', sort: 1 },
  { id: industry(12), parentId: industry(1), name: '新材料', sort: 2 },
  { id: industry(13), parentId: industry(1), name: '智能制造', sort: 3 },
  { id: industry(2), parentId: null, name: '特色产业', sort: 2 },
  { id: industry(21), parentId: industry(2), name: '农产品加工', sort: 1 },
  { id: industry(22), parentId: industry(2), name: '商贸物流', sort: 2 },
  { id: industry(23), parentId: industry(2), name: '文化旅游', sort: 3 },
  { id: industry(3), parentId: null, name: '新兴产业（N）', sort: 3 },
  { id: industry(31), parentId: industry(3), name: '数字经济', sort: 1 },
  { id: industry(32), parentId: industry(3), name: '康养服务', sort: 2 },
  { id: industry(33), parentId: industry(3), name: '现代建筑', sort: 3 },
];
export const DEMO_INDUSTRY = { energy: industry(11), manufacturing: industry(13), food: industry(21), trade: industry(22), care: industry(32), building: industry(33), digital: industry(31) };

export const DEMO_OCCUPATIONS: { code: string; name: string }[] = [
  { code: '6-18-02-04', name: '焊工' },
  { code: '6-18-01-01', name: '车工' },
  { code: '6-18-01-02', name: '铣工' },
  { code: '6-31-01-03', name: '电工' },
  { code: '4-03-02-01', name: '中式烹调师' },
  { code: '4-03-02-02', name: '中式面点师' },
  { code: '4-03-02-03', name: '西式烹调师' },
  { code: '4-03-02-04', name: '西式面点师' },
  { code: '4-10-01-05', name: '养老护理员' },
  { code: '4-12-01-01', name: '汽车维修工' },
  { code: '4-10-03-01', name: '美容师' },
  { code: '4-10-03-02', name: '美发师' },
  { code: '6-29-01-01', name: '砌筑工' },
  { code: '4-01-02-02', name: '电子商务师' },
  { code: '4-01-02-07', name: '互联网营销师' },
  { code: '4-03-02-07', name: '茶艺师' },
  { code: '4-04-04-02', name: '网络与信息安全管理员' },
  { code: '6-31-01-10', name: '工业机器人系统运维员' },
];

export interface SeedEvent {
  id: string;
  title: string;
  series: Series;
  edition: number | null;
  occupationCode: string;
  occupationName: string;
  organizerOrgId: string;
  county: string | null;
  venue: string;
  format: 'rounds' | 'arena';
  teamSize: number;
  capacity: number;
  status: EventStatus;
  registrationClosesAt: string;
  startsAt: string;
  level?: CompetitionLevel;
  industryId?: string;
  rounds?: Round[];
  /** The column's default (一等奖 10 %, 二等奖 20 %, 三等奖 30 % of valid contestants) when absent. */
  awardsPlan?: AwardsPlan;
}

export const DEMO_EVENTS: SeedEvent[] = [
  {
    id: event(1),
    title: '2026年达州技能大赛·焊工赛项',
    series: 'dazhou_skills_competition',
    edition: 2026,
    occupationCode: '6-18-02-04',
    occupationName: '焊工',
    organizerOrgId: DEMO_ORG.jingxin,
    county: '达州高新区',
    venue: '达州职业技术学院实训中心',
    format: 'rounds',
    teamSize: 1,
    capacity: 60,
    status: 'published',
    registrationClosesAt: '2026-12-10T10:00:00.000Z',
    startsAt: '2026-12-18T01:00:00.000Z',
  },
  {
    id: event(2),
    title: '技能达人擂台赛·中式烹调师',
    series: 'skill_master_arena',
    edition: null,
    occupationCode: '4-03-02-01',
    occupationName: '中式烹调师',
    organizerOrgId: DEMO_ORG.shangwu,
    county: '达川区',
    venue: '达州市烹饪技能实训基地',
    format: 'arena',
    teamSize: 1,
    capacity: 16,
    status: 'published',
    registrationClosesAt: '2026-12-15T10:00:00.000Z',
    startsAt: '2026-12-26T01:30:00.000Z',
  },
  {
    id: event(3),
    title: '2026年达州技能大赛·养老护理员赛项',
    series: 'dazhou_skills_competition',
    edition: 2026,
    occupationCode: '4-10-01-05',
    occupationName: '养老护理员',
    organizerOrgId: DEMO_ORG.minzheng,
    county: '通川区',
    venue: '达州市社会福利院',
    format: 'rounds',
    teamSize: 1,
    capacity: 40,
    status: 'registration_closed',
    registrationClosesAt: '2026-11-20T10:00:00.000Z',
    startsAt: '2026-12-05T01:00:00.000Z',
  },
  {
    id: event(4),
    title: '技能达人擂台赛·车工（团体）',
    series: 'skill_master_arena',
    edition: null,
    occupationCode: '6-18-01-01',
    occupationName: '车工',
    organizerOrgId: DEMO_ORG.jingxin,
    county: '宣汉县',
    venue: '达州市工业技术学校数控车间',
    format: 'rounds',
    teamSize: 2,
    capacity: 12,
    status: 'published',
    registrationClosesAt: '2027-01-08T10:00:00.000Z',
    startsAt: '2027-01-16T01:00:00.000Z',
  },
  {
    id: event(5),
    title: '技能达人擂台赛·电工（申报草稿）',
    series: 'skill_master_arena',
    edition: null,
    occupationCode: '6-31-01-03',
    occupationName: '电工',
    organizerOrgId: DEMO_ORG.zhujian,
    county: '大竹县',
    venue: '大竹县职业中学',
    format: 'arena',
    teamSize: 1,
    capacity: 20,
    status: 'draft',
    registrationClosesAt: '2027-03-01T10:00:00.000Z',
    startsAt: '2027-03-20T01:00:00.000Z',
  },
  ...(
    [
      ['submitted', '技能达人擂台赛·汽车维修工', '4-12-01-01', '汽车维修工', 'dz-swj', DEMO_INDUSTRY.trade],
      ['returned', '技能达人擂台赛·中式面点师', '4-03-02-02', '中式面点师', 'dz-swj', DEMO_INDUSTRY.food],
      ['approved', '2026年达州技能大赛·电子商务师赛项', '4-01-02-02', '电子商务师', 'dz-szjjj', DEMO_INDUSTRY.digital],
      ['rejected', '技能达人擂台赛·美发师', '4-10-03-02', '美发师', 'dz-swj', DEMO_INDUSTRY.trade],
      ['running', '技能达人擂台赛·铣工', '6-18-01-02', '铣工', 'dz-jxj', DEMO_INDUSTRY.manufacturing],
      ['scoring_closed', '技能达人擂台赛·砌筑工', '6-29-01-01', '砌筑工', 'dz-zjj', DEMO_INDUSTRY.building],
      ['under_notice', '2025年达州技能大赛·西式面点师赛项', '4-03-02-04', '西式面点师', 'dz-jyj', DEMO_INDUSTRY.food],
      ['final', '2025年达州技能大赛·电工赛项', '6-31-01-03', '电工', 'dz-jxj', DEMO_INDUSTRY.energy],
      ['archived', '2024年达州技能大赛·美容师赛项', '4-10-03-01', '美容师', 'dz-swj', DEMO_INDUSTRY.trade],
      ['cancelled', '技能达人擂台赛·西式烹调师', '4-03-02-03', '西式烹调师', 'dz-swj', DEMO_INDUSTRY.food],
    ] as const
  ).map(([status, title, occupationCode, occupationName, orgCode, industryId], i): SeedEvent => {
    const past = ['running', 'scoring_closed', 'under_notice', 'final', 'archived'].includes(status);
    const year = title.match(/^(\d{4})年/)?.[1];
    return {
      id: event(6 + i),
      title,
      series: year ? 'dazhou_skills_competition' : 'skill_master_arena',
      edition: year ? Number(year) : null,
      occupationCode,
      occupationName,
      organizerOrgId: DEMO_ORGANISATIONS.find((o) => o.code === orgCode)?.id ?? DEMO_ORG.jingxin,
      county: COUNTIES[i % COUNTIES.length],
      venue: '达州市职业技能公共实训基地',
      format: 'rounds',
      teamSize: 1,
      capacity: 30 + i * 5,
      status,
      registrationClosesAt: past ? `2026-0${(i % 8) + 1}-10T10:00:00.000Z` : '2027-02-10T10:00:00.000Z',
      startsAt: past ? `2026-0${(i % 8) + 1}-20T01:00:00.000Z` : '2027-02-26T01:00:00.000Z',
      industryId,
    };
  }),
  {
    id: event(16),
    title: '2026年达州技能大赛·工业机器人系统运维员赛项',
    series: 'dazhou_skills_competition',
    edition: 2026,
    occupationCode: '6-31-01-10',
    occupationName: '工业机器人系统运维员',
    organizerOrgId: DEMO_ORG.jingxin,
    county: '达州高新区',
    venue: '达州职业技术学院智能制造实训中心',
    format: 'rounds',
    teamSize: 1,
    capacity: 20,
    status: 'under_notice',
    registrationClosesAt: '2026-11-10T10:00:00.000Z',
    startsAt: '2026-11-21T01:00:00.000Z',
    industryId: DEMO_INDUSTRY.manufacturing,
    // Fixed counts: eight contestants under the default ratios (10 %, rounded down) would get
    // no 一等奖.
    awardsPlan: {
      tiers: [
        { name: '一等奖', mode: 'count', value: 1, minScore: 60 },
        { name: '二等奖', mode: 'count', value: 2, minScore: 60 },
        { name: '三等奖', mode: 'count', value: 3, minScore: 60 },
      ],
      titles: ['技能达人'],
      upgradeRecommendation: true,
      craftsmanNominations: 1,
      rounding: 'floor',
      boundaryTies: 'higher',
    },
  },
  {
    id: event(17),
    title: '技能达人擂台赛·焊工',
    series: 'skill_master_arena',
    edition: null,
    occupationCode: '6-18-02-04',
    occupationName: '焊工',
    organizerOrgId: DEMO_ORG.jingxin,
    county: '达川区',
    venue: '达州市焊接技能实训基地',
    format: 'arena',
    teamSize: 1,
    capacity: 12,
    status: 'running',
    registrationClosesAt: '2026-11-18T10:00:00.000Z',
    startsAt: '2026-11-25T00:30:00.000Z',
  },
];


/**
 * Demo entries (报名), so a newcomer sees every entry state: the demo contestant 李明 approved
 * for the 焊工 event (with a ticket), a full arena event with a waitlist, and a closed event
 * ready for its draw.
 */
export const DEMO_ENTRY_PLAN: { eventId: string; withDemoContestant: boolean; statuses: ('submitted' | 'approved' | 'waitlisted' | 'rejected')[] }[] = [
  { eventId: event(1), withDemoContestant: true, statuses: [...Array(9).fill('approved'), 'submitted', 'submitted', 'rejected'] },
  { eventId: event(2), withDemoContestant: false, statuses: [...Array(12).fill('approved'), ...Array(4).fill('submitted'), 'waitlisted', 'waitlisted'] },
  { eventId: event(3), withDemoContestant: false, statuses: Array(12).fill('approved') },
];

/**
 * The demo judging event: the running 铣工 arena event gets approved entries with the draw done
 * (workstations and judging codes), a marking scheme for each of its stages (理论 30, 实操 70,
 * the column's default), and three judges, 孙建国 as the chief (裁判长), so a judge can sign in
 * and mark at once. 裁判 周师傅 (`judge`) is left unassigned, for the 裁判安排 tab.
 */
export const DEMO_JUDGING = {
  eventId: event(10),
  entries: 8,
  /** Assigned in this order; the first is the chief. */
  judgeUserIds: [user(7), user(8), user(9)],
  schemes: [
    {
      stage: '理论',
      method: 'mean' as const,
      totalMarks: 10000,
      sections: [
        { key: 'T', title: '理论知识', aspects: [{ key: 'T1', title: '理论考试成绩', kind: 'measurement' as const, maxMarks: 10000 }], sections: [] },
      ],
    },
    {
      stage: '实操',
      method: 'trimmed_mean' as const,
      totalMarks: 10000,
      sections: [
        {
          key: 'A',
          title: '工件尺寸与精度',
          aspects: [
            { key: 'A1', title: '外形尺寸', kind: 'measurement' as const, maxMarks: 2500 },
            { key: 'A2', title: '配合精度', kind: 'measurement' as const, maxMarks: 2500 },
            { key: 'A3', title: '表面粗糙度', kind: 'measurement' as const, maxMarks: 2000 },
          ],
          sections: [],
        },
        {
          key: 'B',
          title: '工艺与文明生产',
          aspects: [
            { key: 'B1', title: '加工工艺合理性', kind: 'judgement' as const, maxMarks: 1500 },
            { key: 'B2', title: '工件外观质量', kind: 'judgement' as const, maxMarks: 1500 },
            { key: 'B3', title: '安全文明生产', kind: 'deduction' as const, maxMarks: 500 },
          ],
          sections: [],
        },
      ],
    },
  ],
};

/**
 * The demo results event (成绩公示): the 工业机器人系统运维员 event of 市经信局 under notice. Eight
 * approved entries drawn and marked on DEMO_JUDGING's schemes by the same three judges (孙建国 the
 * chief), every mark in and signed off, the standings recorded, results version 1 computed and
 * stored and put under notice from the seeding day (China time) for `noticeDays` days, with the
 * event's transitions from its submission on. The demo contestant 李明 registered entry
 * `contestantNumber`, so signing in as `13800000001` can file an appeal (申诉).
 */
export const DEMO_RESULTS = {
  eventId: event(16),
  /** Each entry's level of performance, 0–1, by entry number (index + 1): its marks follow from it. */
  quality: [0.91, 0.64, 0.86, 0.78, 0.95, 0.7, 0.83, 0.52],
  /** The demo contestant's entry (registrant 李明, DEMO_USERS). */
  contestantNumber: 3,
  /** Entry numbers with a 安全文明生产 deduction (扣分) from every judge, hundredths. */
  deductions: { 6: 200 } as Record<number, number>,
  judgeUserIds: [user(7), user(8), user(9)],
  noticeDays: 7,
};

/**
 * The demo arena (擂台赛): 技能达人擂台赛·焊工 of 市经信局, running. Six approved entries drawn;
 * a qualifying round on 理论 (its top scorer is the first holder, the event's rule), bouts on
 * the 实操 bout sheet, the three demo judges (孙建国 the chief), the challenger order drawn with a
 * recorded seed. Bouts 1–3 are decided (守擂成功, 攻擂成功, 守擂成功) and bout 4 is open with the
 * marks of the first two judges in: 冯丽华 (`13700000003`) marks it on the bout sheet and the
 * chief (or `jingxin`) decides it.
 */
export const DEMO_ARENA = {
  eventId: event(17),
  /** Qualifying (理论) performance of each entry, 0–1, by entry number (no two alike). */
  qualifying: [0.82, 0.9, 0.76, 0.94, 0.7, 0.87],
  qualifyingStage: '理论',
  boutStage: '实操',
  judgeUserIds: [user(7), user(8), user(9)],
  schemes: [
    {
      stage: '理论',
      method: 'mean' as const,
      totalMarks: 10000,
      sections: [{ key: 'T', title: '资格赛理论考试', aspects: [{ key: 'T1', title: '理论考试成绩', kind: 'measurement' as const, maxMarks: 10000 }], sections: [] }],
    },
    {
      stage: '实操',
      method: 'mean' as const,
      totalMarks: 2000,
      sections: [
        { key: 'A', title: '焊接操作', aspects: [{ key: 'A1', title: '焊缝尺寸', kind: 'measurement' as const, maxMarks: 1000 }], sections: [] },
        { key: 'B', title: '焊缝评价', aspects: [{ key: 'B1', title: '焊缝外观', kind: 'judgement' as const, maxMarks: 1000 }], sections: [] },
      ],
    },
  ],
  /**
   * Each bout's performance of the holder and the challenger, 0–1. The first three are decided
   * (the holder keeps the title, the challenger takes it: 攻擂成功, the new holder keeps it); the
   * last stays open with the marks of `openBoutJudges` judges in.
   */
  bouts: [
    { holder: 0.9, challenger: 0.74 },
    { holder: 0.78, challenger: 0.93 },
    { holder: 0.88, challenger: 0.71 },
    { holder: 0.86, challenger: 0.89 },
  ],
  openBoutJudges: 2,
};
