import { AWARD_ROUNDINGS, type AwardsPlan, type AwardTier, BOUNDARY_TIE_RULES, SKILL_LEVELS, type SkillLevel, type TieBreak } from '@dz/contracts';

import { sha256Hex } from '../registration/sha256';
import { compareKeys, type RankableRow, rankRows } from '../standings/ranking';

/**
 * Results (成绩与奖项) of an event, computed from the entries' final totals and the event's
 * awards plan: ranking, prize tiers, titles, skill-level upgrade recommendations and "巴渠工匠"
 * nominations. Pure: the same entries and rules always give the same results, whatever order
 * the entries come in, so a stored computation can be reproduced from its inputs (inputsHash).
 *
 * Every score is an integer in hundredths (a total out of 100 is at most 10000).
 */

/** Whether an entry competed (`valid`), did not turn up (缺考), or was disqualified (取消资格). */
export type EntryStanding = 'valid' | 'absent' | 'disqualified';

/** One entry as results need it: its scores (for ranking), standing and recorded skill level. */
export interface ResultEntry extends RankableRow {
  standing: EntryStanding;
  /** The entry's current level on the 八级工 ladder; null when none is recorded. */
  skillLevel: SkillLevel | null;
}

/** The event's tie-break chain and its awards plan (as parsed by the AwardsPlan schema). */
export interface ResultRules {
  tieBreaks: readonly TieBreak[];
  awards: AwardsPlan;
}

/** A valid entry's place in the results. */
export interface ResultPlace {
  key: string;
  /** Shared rank, 1-based: 1 + the number of valid entries strictly ahead (1, 2, 2, 4). */
  rank: number;
  /** Index into awards.tiers; null without an award. */
  tier: number | null;
  /** The tier's name (一等奖 …); null without an award. */
  award: string | null;
  /**
   * The plan's honorary titles (技能达人, 擂主 …): every entry of the first tier (index 0) gets
   * all of them; nobody else gets any (so none when nobody reaches the first tier).
   */
  titles: string[];
  /**
   * With awards.upgradeRecommendation: the level one step up the 八级工 ladder from the entry's
   * recorded level, for every entry with an award; null at the top (首席技师), with no recorded
   * level, without an award, or when the plan recommends no upgrades.
   */
  upgradeTo: SkillLevel | null;
  /** Why an awarded entry gets no recommendation although the plan makes them (Chinese); else null. */
  upgradeNote: string | null;
  /**
   * "巴渠工匠" nomination: entries with an award whose number of awarded entries strictly ahead
   * is below awards.craftsmanNominations, i.e. the first places by rank among awarded entries;
   * a tie group straddling the limit is nominated whole (so there may be more nominations than
   * the plan's number).
   */
  nominated: boolean;
}

/** How one prize tier turned out. */
export interface TierOutcome {
  name: string;
  mode: 'ratio' | 'count';
  /** Percent of valid entries (ratio) or number of places (count), as in the plan. */
  value: number;
  /** Lowest total for the tier, marks 0–100, as in the plan. */
  minScore: number;
  /** Places the plan allows: tierAllowance of the number of valid entries. */
  allowed: number;
  /**
   * Places left to fill after the tier before it overflowed (boundaryTies 'higher'): `allowed`
   * less that excess, never below 0. Equal to `allowed` otherwise.
   */
  places: number;
  /** Entries that got the tier; above `places` only when a tie group at its end was kept whole ('higher'). */
  awarded: number;
}

/** The results of an event. */
export interface Results {
  /** The number of valid entries (the base of ratio tiers). */
  validCount: number;
  /** Valid entries in display order (rankRows: rank, then key). */
  places: ResultPlace[];
  /** Entries that take no rank: absent ones, then disqualified ones, each by key. */
  apart: { key: string; standing: 'absent' | 'disqualified' }[];
  /** One outcome per tier of the plan, in the plan's order. */
  tiers: TierOutcome[];
}

/** Chinese reasons an awarded entry gets no upgrade recommendation. */
export const UPGRADE_NOTES = {
  top: '已是最高等级',
  noLevel: '无职业技能等级记录',
} as const;

/**
 * Places a tier allows among `validCount` valid entries (a non-negative integer): a ratio tier
 * gets validCount × value % made whole by `rounding` (floor: never above the ratio; round: half
 * up; ceil: never below it), a count tier min(value, validCount). Never more than validCount.
 * Exact: integer arithmetic only.
 */
export function tierAllowance(validCount: number, tier: AwardTier, rounding: AwardsPlan['rounding']): number {
  if (!Number.isSafeInteger(validCount) || validCount < 0) {
    throw new RangeError(`有效参赛人数应为非负整数（收到 ${validCount}）`);
  }
  if (!Number.isSafeInteger(tier.value) || tier.value < 0) {
    throw new RangeError(`奖项“${tier.name}”的比例或名额应为非负整数（收到 ${tier.value}）`);
  }
  if (tier.mode === 'count') {
    return Math.min(tier.value, validCount);
  }
  // share = validCount × value / 100, kept as the integer numerator over 100.
  const numerator = validCount * tier.value;
  if (!Number.isSafeInteger(numerator)) {
    throw new RangeError('有效参赛人数与比例之积过大');
  }
  const remainder = numerator % 100;
  const floor = (numerator - remainder) / 100;
  let places: number;
  switch (rounding) {
    case 'floor':
      places = floor;
      break;
    case 'round':
      places = remainder >= 50 ? floor + 1 : floor;
      break;
    case 'ceil':
      places = remainder > 0 ? floor + 1 : floor;
      break;
    default:
      throw new RangeError(`未知的名额取整方式：${String(rounding)}`);
  }
  return Math.min(places, validCount);
}

/**
 * The least total, in hundredths, that reaches a minimum score of `minScore` marks (0–100):
 * ⌈minScore × 100⌉ computed from the number's decimal text, so 60.15 gives 6015 exactly and
 * 60.001 gives 6001 (no float product decides a prize).
 */
export function minScoreHundredths(minScore: number): number {
  if (typeof minScore !== 'number' || !Number.isFinite(minScore) || minScore < 0 || minScore > 100) {
    throw new RangeError(`最低总分应在 0 至 100 分之间（收到 ${String(minScore)}）`);
  }
  const match = /^(\d+)(?:\.(\d+))?$/.exec(String(minScore));
  if (match === null) {
    // String() uses an exponent in this range only below 1e-6: more than 0, less than 0.01.
    return minScore > 0 ? 1 : 0;
  }
  const [, whole, fraction = ''] = match;
  const hundredths = Number(whole) * 100 + Number(fraction.slice(0, 2).padEnd(2, '0'));
  return /[1-9]/.test(fraction.slice(2)) ? hundredths + 1 : hundredths;
}

/** The level one step above `level` on the 八级工 ladder; null at the top (首席技师). */
export function nextSkillLevel(level: SkillLevel): SkillLevel | null {
  const index = SKILL_LEVELS.indexOf(level);
  if (index < 0) {
    throw new RangeError(`未知的职业技能等级：${String(level)}`);
  }
  return index + 1 < SKILL_LEVELS.length ? SKILL_LEVELS[index + 1] : null;
}

/**
 * The results of an event (see the types' comments for each field):
 * - places: the valid entries in display order (rankRows: total, then the tie-break chain, then
 *   key), rank shared when equal on total and chain (1, 2, 2, 4). Absent and disqualified
 *   entries take no rank and go to `apart`.
 * - tiers: each tier's allowance comes from the number of valid entries (tierAllowance). Tiers
 *   fill in order down the ranking, one tie group (same rank) at a time; a group gets the first
 *   tier, from the tier the group before it got (or the first tier) onwards, whose minimum it
 *   reaches (total ≥ minScore × 100, exactly) and which has room for it. A tie group never
 *   splits across tiers:
 *   - boundaryTies 'higher': room means one place left; the whole group goes there, and when it
 *     goes beyond the tier's places the excess is taken from the next tier's places (never below
 *     0; only the next tier is reduced).
 *   - boundaryTies 'lower': room means a place for every member of the group; the places left in
 *     a tier the group passes over stay empty.
 *   A tier passed over (full, too small for a group, or above a group's total) stays closed to
 *   every entry below, and once a group gets no award nobody below gets one: a lower rank never
 *   gets a better award. An entry that misses a tier's minimum may still get a later tier whose
 *   minimum it reaches.
 * - titles, upgradeTo/upgradeNote and nominated follow from the tiers (see ResultPlace).
 * Throws a RangeError when two entries (valid or not) have the same key, or when the plan has no
 * valid rounding or boundaryTies (pass a plan through AwardsPlan.parse to get their defaults).
 */
export function computeResults(entries: readonly ResultEntry[], rules: ResultRules): Results {
  const { awards } = rules;
  // A plan stored before these settings existed lacks them until AwardsPlan.parse fills the
  // defaults; refuse it rather than read a missing rule as some other rule.
  if (!(AWARD_ROUNDINGS as readonly unknown[]).includes(awards.rounding)) {
    throw new RangeError(`未知的名额取整方式：${String(awards.rounding)}`);
  }
  if (!(BOUNDARY_TIE_RULES as readonly unknown[]).includes(awards.boundaryTies)) {
    throw new RangeError(`未知的等次分界并列处理规则：${String(awards.boundaryTies)}`);
  }
  const seen = new Set<string>();
  const valid: ResultEntry[] = [];
  const absent: string[] = [];
  const disqualified: string[] = [];
  for (const entry of entries) {
    if (seen.has(entry.key)) {
      throw new RangeError(`成绩中有重复的条目：${entry.key}`);
    }
    seen.add(entry.key);
    switch (entry.standing) {
      case 'valid':
        valid.push(entry);
        break;
      case 'absent':
        absent.push(entry.key);
        break;
      case 'disqualified':
        disqualified.push(entry.key);
        break;
      default:
        throw new RangeError(`未知的参赛状态：${String((entry as { standing: unknown }).standing)}`);
    }
  }

  const validCount = valid.length;
  const thresholds = awards.tiers.map((t) => minScoreHundredths(t.minScore));
  const allowed = awards.tiers.map((t) => tierAllowance(validCount, t, awards.rounding));
  const places = [...allowed];
  const awarded = awards.tiers.map(() => 0);

  const ranked = rankRows(valid, rules.tieBreaks);
  const tierOf: (number | null)[] = [];
  // The first tier still open to the entries below.
  let open = 0;
  for (let start = 0; start < ranked.length; ) {
    let end = start + 1;
    while (end < ranked.length && ranked[end].rank === ranked[start].rank) end += 1;
    const size = end - start;
    // A tie group shares its total (equal rank means equal total).
    const total = ranked[start].row.total;
    let chosen: number | null = null;
    for (let t = open; t < awards.tiers.length; t += 1) {
      if (total < thresholds[t]) continue;
      const left = places[t] - awarded[t];
      if (awards.boundaryTies === 'higher' ? left > 0 : left >= size) {
        chosen = t;
        break;
      }
    }
    if (chosen === null) {
      open = awards.tiers.length;
    } else {
      open = chosen;
      awarded[chosen] += size;
      const excess = awarded[chosen] - places[chosen];
      if (excess > 0 && chosen + 1 < places.length) {
        places[chosen + 1] = Math.max(0, places[chosen + 1] - excess);
      }
    }
    for (let i = start; i < end; i += 1) tierOf.push(chosen);
    start = end;
  }

  const resultPlaces: ResultPlace[] = [];
  // Awarded entries in groups ranked strictly ahead of the current group.
  let awardedAhead = 0;
  let awardedInGroup = 0;
  ranked.forEach(({ row, rank }, i) => {
    if (i > 0 && ranked[i - 1].rank !== rank) {
      awardedAhead += awardedInGroup;
      awardedInGroup = 0;
    }
    const tier = tierOf[i];
    if (tier !== null) awardedInGroup += 1;
    let upgradeTo: SkillLevel | null = null;
    let upgradeNote: string | null = null;
    if (tier !== null && awards.upgradeRecommendation) {
      if (row.skillLevel === null) {
        upgradeNote = UPGRADE_NOTES.noLevel;
      } else {
        upgradeTo = nextSkillLevel(row.skillLevel);
        if (upgradeTo === null) upgradeNote = UPGRADE_NOTES.top;
      }
    }
    resultPlaces.push({
      key: row.key,
      rank,
      tier,
      award: tier === null ? null : awards.tiers[tier].name,
      titles: tier === 0 ? [...awards.titles] : [],
      upgradeTo,
      upgradeNote,
      nominated: tier !== null && awardedAhead < awards.craftsmanNominations,
    });
  });

  return {
    validCount,
    places: resultPlaces,
    apart: [
      ...absent.sort(compareKeys).map((key) => ({ key, standing: 'absent' as const })),
      ...disqualified.sort(compareKeys).map((key) => ({ key, standing: 'disqualified' as const })),
    ],
    tiers: awards.tiers.map((t, i) => ({
      name: t.name,
      mode: t.mode,
      value: t.value,
      minScore: t.minScore,
      allowed: allowed[i],
      places: places[i],
      awarded: awarded[i],
    })),
  };
}

// ── Inputs hash ─────────────────────────────────────────────────────────────

/**
 * `value` as JSON in one canonical form: object keys sorted by UTF-16 code units (as RFC 8785
 * does), arrays in order, no whitespace; otherwise as JSON.stringify (toJSON is used, undefined
 * members are left out, undefined in an array is null, -0 is 0). Throws a RangeError for NaN or
 * ±Infinity and a TypeError for a bigint, a Map or Set, a cycle, or a value JSON cannot hold at
 * the top (undefined, a function, a symbol), so no two different inputs silently hash alike.
 */
export function canonicalJson(value: unknown): string {
  const text = canonical(value, new Set());
  if (text === undefined) {
    throw new TypeError('该值无法表示为 JSON');
  }
  return text;
}

/** The canonical JSON of `value`, or undefined where JSON leaves a value out. */
function canonical(input: unknown, ancestors: Set<object>): string | undefined {
  let value = input;
  if (value !== null && typeof value === 'object' && typeof (value as { toJSON?: unknown }).toJSON === 'function') {
    value = (value as { toJSON: () => unknown }).toJSON();
  }
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'number':
      if (!Number.isFinite(value)) {
        throw new RangeError(`JSON 中不能有 ${String(value)}`);
      }
      return JSON.stringify(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'undefined':
    case 'function':
    case 'symbol':
      return undefined;
    case 'bigint':
      throw new TypeError('JSON 中不能有 bigint');
    case 'object':
      break;
  }
  if (value === null) {
    return 'null';
  }
  const object = value as object;
  if (object instanceof Map || object instanceof Set) {
    throw new TypeError('JSON 中不能有 Map 或 Set');
  }
  if (ancestors.has(object)) {
    throw new TypeError('循环引用的值无法表示为 JSON');
  }
  ancestors.add(object);
  let text: string;
  if (Array.isArray(object)) {
    text = `[${object.map((item: unknown) => canonical(item, ancestors) ?? 'null').join(',')}]`;
  } else {
    const record = object as Record<string, unknown>;
    const members: string[] = [];
    for (const key of Object.keys(record).sort(compareKeys)) {
      const member = canonical(record[key], ancestors);
      if (member !== undefined) members.push(`${JSON.stringify(key)}:${member}`);
    }
    text = `{${members.join(',')}}`;
  }
  ancestors.delete(object);
  return text;
}

/** SHA-256 of canonicalJson(value), as 64 lowercase hex characters. */
export function inputsHash(value: unknown): string {
  return sha256Hex(canonicalJson(value));
}

/**
 * Names the rules computeResults applies, stored with every computation: a change to them that
 * can move a place must come with a new name, so an old version's hash never matches new rules.
 */
export const RESULTS_ALGORITHM = 'dz-results/1';

/** What a stored results version hashes: the algorithm, the rules, and the entries by key. */
export interface ResultsInputs {
  algorithm: typeof RESULTS_ALGORITHM;
  rules: ResultRules;
  entries: ResultEntry[];
}

/**
 * The inputs of computeResults in a canonical order (entries sorted by key), so that
 * inputsHash(resultsInputs(entries, rules)) does not depend on the order rows were loaded in,
 * just as computeResults does not.
 */
export function resultsInputs(entries: readonly ResultEntry[], rules: ResultRules): ResultsInputs {
  return {
    algorithm: RESULTS_ALGORITHM,
    rules,
    entries: [...entries].sort((a, b) => compareKeys(a.key, b.key)),
  };
}
