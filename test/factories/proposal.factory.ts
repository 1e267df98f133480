import type { EventDraftBody } from '@dz/contracts';
import { DEMO_INDUSTRY } from '@dz/persistence';

/** A complete, valid proposal draft (passes EventDraftBody); override any field. */
export function proposalDraft(overrides: Partial<EventDraftBody> = {}): EventDraftBody {
  return {
    title: '技能达人擂台赛·焊工（测试）',
    series: 'skill_master_arena',
    edition: null,
    level: 'municipal_industry',
    industryId: DEMO_INDUSTRY.manufacturing,
    occupationCode: '6-18-02-04',
    teamSize: 1,
    capacity: 40,
    format: 'rounds',
    rounds: ['preliminary', 'final'],
    arenaFirstHolder: null,
    stages: [
      { name: '理论', weight: 30 },
      { name: '实操', weight: 70 },
    ],
    schedule: [{ title: '实操比赛', startsAt: '2027-04-20T01:00:00.000Z', endsAt: '2027-04-20T08:00:00.000Z', venue: '达州职业技术学院' }],
    venue: '达州职业技术学院实训中心',
    county: '通川区',
    registrationClosesAt: '2027-04-10T10:00:00.000Z',
    startsAt: '2027-04-20T01:00:00.000Z',
    eligibility: { ageMin: 18, ageMax: 55, skillLevelMin: 'intermediate', skillLevelMax: 'technician', counties: [], requireDazhouEmployer: true, occupationCodes: [] },
    awardsPlan: {
      tiers: [
        { name: '一等奖', mode: 'ratio', value: 10, minScore: 60 },
        { name: '二等奖', mode: 'ratio', value: 20, minScore: 60 },
      ],
      titles: ['技能达人'],
      upgradeRecommendation: true,
      craftsmanNominations: 1,
      rounding: 'floor',
      boundaryTies: 'higher',
    },
    budget: [{ item: '耗材', amountFen: 1_200_000 }],
    coOrganizerIds: [],
    description: '测试赛项',
    ...overrides,
  };
}
