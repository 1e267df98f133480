/**
 * Recusal (回避): a judge may not score a contestant they share an employer or school with, nor
 * their own entry. Employers are free text on entry forms, so names are compared after
 * normalisation; ids are compared exactly.
 */

export interface RecusalJudge {
  userId: string;
  /** The judge's employer or school as written, null when unknown. */
  employer: string | null;
  /** Organisations the judge belongs to in the system (ids). */
  organisationIds: string[];
}

export interface RecusalContestant {
  /** Employers or schools of the contestant (every member, for a team), as written. */
  employers: string[];
  /** The account that submitted the entry. */
  registrantUserId?: string | null;
  /** Accounts of the team members (or of the contestant). */
  memberUserIds?: string[];
  /** Organisations the entry is linked to in the system (ids), when known. */
  organisationIds?: string[];
}

/**
 * Employer entries that name no organisation ("无", "个体" …): two contestants, or a judge and a
 * contestant, who both have none do not share one. Compared after normalisation.
 */
export const NON_ORGANISATION_NAMES: readonly string[] = [
  '无',
  '暂无',
  '没有',
  '个人',
  '个体',
  '个体户',
  '自由职业',
  '自由职业者',
  '灵活就业',
  '待业',
  '无业',
  '-',
  '--',
  '/',
  'n/a',
  'na',
  'none',
];

/**
 * An organisation name reduced for comparison: full-width ASCII (Ａ, （, ０, the ideographic
 * space) to half-width, every whitespace removed, lower case. '达州职业技术学院（南校区）' and
 * ' 达州职业技术学院(南校区)' become the same string.
 */
export function normaliseOrganisationName(name: string): string {
  let halfWidth = '';
  for (const char of name) {
    const code = char.charCodeAt(0);
    if (code >= 0xff01 && code <= 0xff5e) {
      halfWidth += String.fromCharCode(code - 0xfee0);
    } else if (code === 0x3000) {
      halfWidth += ' ';
    } else {
      halfWidth += char;
    }
  }
  return halfWidth.replace(/\s+/g, '').toLowerCase();
}

const NON_ORGANISATIONS = new Set(NON_ORGANISATION_NAMES.map(normaliseOrganisationName));

/** True when `name` names an organisation that can be shared: not blank, not "无" and the like. */
function namesOrganisation(normalised: string): boolean {
  return normalised !== '' && !NON_ORGANISATIONS.has(normalised);
}

/**
 * Why `judge` must not score `contestant`, in Chinese; empty when they may. Reasons: the judge is
 * the registrant or a member of the entry (裁判本人参赛); the judge's employer matches one of the
 * contestant's after normaliseOrganisationName (裁判与选手同属「…」, the judge's spelling); an
 * organisation id shared with the entry.
 */
export function recusalReasons(judge: RecusalJudge, contestant: RecusalContestant): string[] {
  const reasons: string[] = [];
  const people = [contestant.registrantUserId, ...(contestant.memberUserIds ?? [])];
  if (judge.userId !== '' && people.includes(judge.userId)) {
    reasons.push('裁判本人参赛');
  }
  if (judge.employer !== null) {
    const judgeEmployer = normaliseOrganisationName(judge.employer);
    const shared =
      namesOrganisation(judgeEmployer) &&
      contestant.employers.some((e) => normaliseOrganisationName(e) === judgeEmployer);
    if (shared) {
      reasons.push(`裁判与选手同属「${judge.employer.trim()}」`);
    }
  }
  const entryOrganisations = new Set(contestant.organisationIds ?? []);
  if (judge.organisationIds.some((id) => id !== '' && entryOrganisations.has(id))) {
    reasons.push('裁判所在单位与选手报名单位相同');
  }
  return reasons;
}
