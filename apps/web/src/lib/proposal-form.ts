import {
  EventDraftBody,
  type AwardRounding,
  type BoundaryTies,
  type CompetitionLevel,
  type County,
  type FieldIssue,
  type Round,
  type Series,
  type SkillLevel,
  type z,
} from '@dz/contracts';
import type { Dayjs } from 'dayjs';
import { chinaWallClockToIso, isoToChinaWallClock } from './format';
import { fenToYuan, yuanToFen } from './money';

/**
 * The proposal form (申报表) and `EventDraftBody`: the form's field names follow the contract's
 * paths (`['stages', 1, 'weight']`), so a zod issue, from `safeParse` here or from the server,
 * lands under the field it is about. Two differences: dates are pickers' Dayjs values (China
 * wall clock), and money is typed in yuan (`amountYuan`, a string) where the contract holds fen.
 */

export interface StageForm {
  name?: string;
  weight?: number | null;
}
export interface ScheduleForm {
  title?: string;
  startsAt?: Dayjs | null;
  endsAt?: Dayjs | null;
  venue?: string;
}
export interface TierForm {
  name?: string;
  mode?: 'ratio' | 'count';
  value?: number | null;
  minScore?: number | null;
}
export interface BudgetForm {
  item?: string;
  /** Yuan with at most two decimals, as typed (InputNumber in string mode). */
  amountYuan?: string | null;
}
export interface DraftFormValues {
  title?: string;
  series?: Series;
  edition?: number | null;
  level?: CompetitionLevel;
  industryId?: string;
  occupationCode?: string;
  teamSize?: number | null;
  capacity?: number | null;
  format?: 'rounds' | 'arena';
  rounds?: Round[];
  arenaFirstHolder?: 'qualifying_top' | 'last_champion' | null;
  stages?: StageForm[];
  schedule?: ScheduleForm[];
  venue?: string;
  county?: County | null;
  registrationClosesAt?: Dayjs | null;
  startsAt?: Dayjs | null;
  eligibility?: {
    ageMin?: number | null;
    ageMax?: number | null;
    skillLevelMin?: SkillLevel | null;
    skillLevelMax?: SkillLevel | null;
    counties?: County[];
    requireDazhouEmployer?: boolean;
    occupationCodes?: string[];
  };
  awardsPlan?: {
    tiers?: TierForm[];
    titles?: string[];
    upgradeRecommendation?: boolean;
    craftsmanNominations?: number | null;
    rounding?: AwardRounding;
    boundaryTies?: BoundaryTies;
  };
  budget?: BudgetForm[];
  coOrganizerIds?: string[];
  description?: string;
}

/** A form field's path, as antd's `NamePath`. */
export type FieldPath = (string | number)[];

/** The year of `now` in Dazhou (UTC+8). */
function chinaYear(now: Date): number {
  return new Date(now.getTime() + 8 * 3_600_000).getUTCFullYear();
}

/** A new proposal: a theory/practice split of 30/70 and the usual 10/20/30 % prize tiers. */
export function newDraftFormValues(now: Date = new Date()): DraftFormValues {
  return {
    series: 'dazhou_skills_competition',
    edition: chinaYear(now),
    level: 'municipal_industry',
    teamSize: 1,
    format: 'rounds',
    rounds: ['final'],
    arenaFirstHolder: null,
    stages: [
      { name: '理论', weight: 30 },
      { name: '实操', weight: 70 },
    ],
    schedule: [],
    county: null,
    eligibility: {
      ageMin: null,
      ageMax: null,
      skillLevelMin: null,
      skillLevelMax: null,
      counties: [],
      requireDazhouEmployer: false,
      occupationCodes: [],
    },
    awardsPlan: {
      tiers: [
        { name: '一等奖', mode: 'ratio', value: 10, minScore: 0 },
        { name: '二等奖', mode: 'ratio', value: 20, minScore: 0 },
        { name: '三等奖', mode: 'ratio', value: 30, minScore: 0 },
      ],
      titles: [],
      upgradeRecommendation: false,
      craftsmanNominations: 0,
      rounding: 'floor',
      boundaryTies: 'higher',
    },
    budget: [],
    coOrganizerIds: [],
    description: '',
  };
}

/** A saved draft as form values. */
export function draftToFormValues(draft: EventDraftBody): DraftFormValues {
  return {
    ...draft,
    rounds: [...draft.rounds],
    stages: draft.stages.map((s) => ({ ...s })),
    schedule: draft.schedule.map((s) => ({
      title: s.title,
      venue: s.venue,
      startsAt: isoToChinaWallClock(s.startsAt),
      endsAt: isoToChinaWallClock(s.endsAt),
    })),
    registrationClosesAt: isoToChinaWallClock(draft.registrationClosesAt),
    startsAt: isoToChinaWallClock(draft.startsAt),
    eligibility: {
      ...draft.eligibility,
      counties: [...draft.eligibility.counties],
      occupationCodes: [...draft.eligibility.occupationCodes],
    },
    awardsPlan: {
      ...draft.awardsPlan,
      tiers: draft.awardsPlan.tiers.map((t) => ({ ...t })),
      titles: [...draft.awardsPlan.titles],
    },
    budget: draft.budget.map((b) => ({ item: b.item, amountYuan: fenToYuan(b.amountFen) })),
    coOrganizerIds: [...draft.coOrganizerIds],
  };
}

const iso = (d: Dayjs | null | undefined): string | undefined => (d && d.isValid() ? chinaWallClockToIso(d) : undefined);
/** An empty number input is `null`; a required number then reads as missing. */
const num = (n: number | null | undefined): number | undefined => (typeof n === 'number' ? n : undefined);
const nullableNum = (n: number | null | undefined): number | null => (typeof n === 'number' ? n : null);
const blank = (s: string | null | undefined): string | undefined => (s ? s : undefined);

/** What the form holds, shaped for `EventDraftBody.safeParse` (missing values stay missing). */
export function formValuesToCandidate(values: DraftFormValues): unknown {
  const format = values.format;
  const eligibility = values.eligibility ?? {};
  const awards = values.awardsPlan ?? {};
  return {
    title: values.title ?? '',
    series: values.series,
    edition: nullableNum(values.edition),
    level: values.level,
    industryId: blank(values.industryId),
    occupationCode: blank(values.occupationCode),
    teamSize: num(values.teamSize),
    capacity: num(values.capacity),
    format,
    // A field hidden by the other format is not sent.
    rounds: format === 'rounds' ? (values.rounds ?? []) : [],
    arenaFirstHolder: format === 'arena' ? (values.arenaFirstHolder ?? null) : null,
    stages: (values.stages ?? []).map((s) => ({ name: s?.name ?? '', weight: num(s?.weight) })),
    schedule: (values.schedule ?? []).map((s) => ({
      title: s?.title ?? '',
      startsAt: iso(s?.startsAt),
      endsAt: iso(s?.endsAt),
      venue: s?.venue ?? '',
    })),
    venue: values.venue ?? '',
    county: values.county ?? null,
    registrationClosesAt: iso(values.registrationClosesAt),
    startsAt: iso(values.startsAt),
    eligibility: {
      ageMin: nullableNum(eligibility.ageMin),
      ageMax: nullableNum(eligibility.ageMax),
      skillLevelMin: eligibility.skillLevelMin ?? null,
      skillLevelMax: eligibility.skillLevelMax ?? null,
      counties: eligibility.counties ?? [],
      requireDazhouEmployer: eligibility.requireDazhouEmployer ?? false,
      occupationCodes: eligibility.occupationCodes ?? [],
    },
    awardsPlan: {
      tiers: (awards.tiers ?? []).map((t) => ({
        name: t?.name ?? '',
        mode: t?.mode,
        value: num(t?.value),
        minScore: num(t?.minScore) ?? 0,
      })),
      titles: (awards.titles ?? []).map((t) => t.trim()),
      upgradeRecommendation: awards.upgradeRecommendation ?? false,
      craftsmanNominations: num(awards.craftsmanNominations) ?? 0,
      rounding: awards.rounding ?? 'floor',
      boundaryTies: awards.boundaryTies ?? 'higher',
    },
    budget: (values.budget ?? []).map((b) => ({ item: b?.item ?? '', amountFen: yuanToFen(b?.amountYuan) ?? undefined })),
    coOrganizerIds: values.coOrganizerIds ?? [],
    description: values.description ?? '',
  };
}

/** What to say when a value is missing altogether, by path (`*` for a list index). */
const REQUIRED_MESSAGES: Readonly<Record<string, string>> = {
  title: '请填写赛项名称',
  series: '请选择赛事品牌',
  level: '请选择竞赛级别',
  industryId: '请选择所属产业',
  occupationCode: '请选择职业（工种）',
  teamSize: '请填写每队人数',
  capacity: '请填写名额',
  format: '请选择赛制',
  venue: '请填写比赛地点',
  registrationClosesAt: '请选择报名截止时间',
  startsAt: '请选择比赛开始时间',
  'stages.*.name': '请填写阶段名称',
  'stages.*.weight': '请填写权重',
  'schedule.*.title': '请填写日程名称',
  'schedule.*.startsAt': '请选择开始时间',
  'schedule.*.endsAt': '请选择结束时间',
  'awardsPlan.tiers.*.name': '请填写奖项名称',
  'awardsPlan.tiers.*.mode': '请选择设奖方式',
  'awardsPlan.tiers.*.value': '请填写比例或名额',
  'budget.*.item': '请填写预算项目',
  'budget.*.amountFen': '请填写金额（元，最多两位小数）',
};

/** A server path (`draft.stages.1.weight`) or a zod path as the contract's path, numbers as numbers. */
export function contractPath(path: string | readonly PropertyKey[]): FieldPath {
  const parts: FieldPath = (typeof path === 'string' ? (path === '(body)' ? [] : path.split('.')) : [...path]).map((p) =>
    typeof p === 'number' ? p : /^\d+$/.test(String(p)) ? Number(p) : String(p),
  );
  // PUT /api/proposals/:id validates `{ version, draft }`: its issues start with `draft`.
  return parts[0] === 'draft' ? parts.slice(1) : parts;
}

/** The contract's path as the form's: money is typed in yuan. */
export function formPath(path: FieldPath): FieldPath {
  return path.at(-1) === 'amountFen' && path[0] === 'budget' ? [...path.slice(0, -1), 'amountYuan'] : path;
}

function valueAt(root: unknown, path: FieldPath): unknown {
  let current = root;
  for (const key of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string | number, unknown>)[key];
  }
  return current;
}

const isMissing = (v: unknown) => v === undefined || v === null || v === '' || (typeof v === 'number' && Number.isNaN(v));

export interface PlacedIssues {
  /** Errors per registered field, keyed by `JSON.stringify(path)`. */
  fields: Map<string, { name: FieldPath; errors: string[] }>;
  /** Messages no field took, for an Alert (prefixed with the field's label when known). */
  rest: string[];
}

/**
 * Puts each issue under the nearest registered form field: its own path, else its closest
 * ancestor (`awardsPlan.titles.2` → the titles select). `candidate` is what was validated, to
 * say 请选择… rather than zod's generic words when a value is missing altogether.
 */
export function placeIssues(
  issues: readonly { path: string | readonly PropertyKey[]; message: string; code?: string }[],
  registered: readonly FieldPath[],
  candidate?: unknown,
): PlacedIssues {
  const known = new Set(registered.map((p) => JSON.stringify(p)));
  const fields = new Map<string, { name: FieldPath; errors: string[] }>();
  const rest: string[] = [];
  for (const issue of issues) {
    const path = contractPath(issue.path);
    const pattern = path.map((p) => (typeof p === 'number' ? '*' : p)).join('.');
    const required = REQUIRED_MESSAGES[pattern];
    const message =
      required && issue.code !== 'custom' && candidate !== undefined && isMissing(valueAt(candidate, path))
        ? required
        : issue.message;
    const target = formPath(path);
    let name: FieldPath | null = null;
    for (let n = target.length; n > 0 && name === null; n -= 1) {
      if (known.has(JSON.stringify(target.slice(0, n)))) name = target.slice(0, n);
    }
    if (name === null) {
      rest.push(message);
      continue;
    }
    const key = JSON.stringify(name);
    const entry = fields.get(key) ?? { name, errors: [] };
    if (!entry.errors.includes(message)) entry.errors.push(message);
    fields.set(key, entry);
  }
  return { fields, rest };
}

/** The issues of a failed `safeParse`, with their codes (to tell a refinement from a missing value). */
export function zodFormIssues(error: z.ZodError): { path: readonly PropertyKey[]; message: string; code: string }[] {
  return error.issues.map((i) => ({ path: i.path, message: i.message, code: i.code }));
}

/** Server issues (`FieldIssue`) in the same shape. */
export function serverFormIssues(issues: readonly FieldIssue[]): { path: string; message: string }[] {
  return issues.map((i) => ({ path: i.path, message: i.message }));
}

/** The live 权重合计 of the stages as typed. */
export function stagesWeightTotal(stages: readonly (StageForm | undefined)[] | undefined): number {
  return (stages ?? []).reduce((sum, s) => sum + (typeof s?.weight === 'number' ? s.weight : 0), 0);
}

/**
 * The leaf paths of a partial form value as `onValuesChange` reports it
 * (`{ stages: [, { weight: 50 }] }` → `[['stages', 1, 'weight']]`); a Dayjs or any other
 * non-plain object is a leaf.
 */
export function leafPaths(value: unknown, prefix: FieldPath = []): FieldPath[] {
  const out: FieldPath[] = [];
  if (Array.isArray(value)) {
    value.forEach((item: unknown, index) => {
      if (item !== undefined) out.push(...leafPaths(item, [...prefix, index]));
    });
  } else if (value !== null && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    for (const [key, item] of Object.entries(value)) out.push(...leafPaths(item, [...prefix, key]));
  } else {
    return [prefix];
  }
  return out.length > 0 ? out : [prefix];
}

type FormIssue = { path: readonly PropertyKey[]; message: string; code: string };

/** A valid draft, used only to let the cross-field rules speak (see `validateDraft`). */
const PROBE_BASE = {
  title: '校验用赛项',
  series: 'skill_master_arena',
  edition: null,
  level: 'special',
  industryId: '00000000-0000-4000-8000-000000000000',
  occupationCode: '6-18-02-04',
  teamSize: 1,
  capacity: 1,
  format: 'rounds',
  rounds: ['final'],
  arenaFirstHolder: null,
  stages: [{ name: '全部', weight: 100 }],
  schedule: [],
  venue: '校验地点',
  county: null,
  registrationClosesAt: '2000-01-01T00:00:00.000Z',
  startsAt: '2000-01-02T00:00:00.000Z',
  awardsPlan: { tiers: [{ name: '一等奖', mode: 'count', value: 1, minScore: 0 }] },
} as const;

/** The fields each top-level rule of `EventDraftBody` reads together. */
const CROSS_FIELD_GROUPS: readonly (keyof typeof EventDraftBody.shape)[][] = [
  ['stages'],
  ['registrationClosesAt', 'startsAt'],
  ['series', 'edition'],
  ['format', 'rounds', 'arenaFirstHolder'],
];

/**
 * `EventDraftBody.safeParse`, telling everything at once. zod runs the rules that span fields
 * (各阶段权重之和应为 100, 报名截止时间应早于…) only once every field is valid, which would make
 * people fix the form in two rounds; so, on failure, the same rules are run again on a valid
 * draft carrying just the fields they read, wherever those fields are valid by themselves.
 */
export function validateDraft(candidate: unknown): { ok: true; draft: EventDraftBody } | { ok: false; issues: FormIssue[] } {
  const parsed = EventDraftBody.safeParse(candidate);
  if (parsed.success) return { ok: true, draft: parsed.data };
  const issues: FormIssue[] = zodFormIssues(parsed.error);
  const values = (candidate ?? {}) as Record<string, unknown>;
  const probe: Record<string, unknown> = { ...PROBE_BASE };
  for (const group of CROSS_FIELD_GROUPS) {
    if (group.every((field) => EventDraftBody.shape[field].safeParse(values[field]).success)) {
      for (const field of group) probe[field] = values[field];
    }
  }
  const cross = EventDraftBody.safeParse(probe);
  if (!cross.success) {
    const key = (i: FormIssue) => `${JSON.stringify(i.path)}:${i.message}`;
    const seen = new Set(issues.map(key));
    for (const issue of zodFormIssues(cross.error)) if (issue.code === 'custom' && !seen.has(key(issue))) issues.push(issue);
  }
  return { ok: false, issues };
}
