import {
  AWARD_ROUNDING_LABELS,
  AwardsPlan,
  BOUNDARY_TIE_LABELS,
  BudgetLine,
  COMPETITION_LEVEL_LABELS,
  EligibilityRules,
  ROUNDS,
  ScheduleItem,
  SERIES_LABELS,
  Stage,
} from '@dz/contracts';
import { Typography } from 'antd';
import type { ReactNode } from 'react';
import {
  ARENA_FIRST_HOLDER_LABELS,
  awardTierText,
  eligibilitySentences,
  FORMAT_LABELS,
  roundsText,
  stagesText,
  teamSizeText,
} from '../../lib/event-text';
import { formatDateTime, formatDateTimeRange } from '../../lib/format';
import { formatFen } from '../../lib/money';
import type { EventFieldName } from '../../lib/proposals';


/** Names for the ids and codes a draft holds; `undefined` when unknown (the raw value is shown). */
export interface FieldLookups {
  industryName: (id: string) => string | undefined;
  occupationName: (code: string) => string | undefined;
  organisationName: (id: string) => string | undefined;
}

const EMPTY = <Typography.Text type="secondary">（未填写）</Typography.Text>;

function lookup(name: (key: string) => string | undefined, key: string): ReactNode {
  const found = name(key);
  return found ?? <span className="dz-mono">{key}</span>;
}

function list(items: ReactNode[], empty: ReactNode = EMPTY): ReactNode {
  if (items.length === 0) return empty;
  return (
    <ul className="dz-value-list">
      {items.map((item, i) => (
        <li key={i}>{item}</li>
      ))}
    </ul>
  );
}

/** Whatever a newer server sends that this page cannot read: compact JSON rather than nothing. */
function raw(value: unknown): ReactNode {
  return <span className="dz-mono">{JSON.stringify(value)}</span>;
}

/**
 * One field of a draft, readable: dates in China time, codes by their Chinese names, lists as
 * lists. Used by the detail page and by the version difference, where values come as raw JSON
 * (hence the checks: a value of an unexpected shape is shown as it is).
 */
export function renderFieldValue(field: EventFieldName, value: unknown, lookups: FieldLookups): ReactNode {
  if (value === undefined || value === null || value === '') {
    if (field === 'county') return '市级（不限区县）';
    if (field === 'arenaFirstHolder' || field === 'edition') return <Typography.Text type="secondary">—</Typography.Text>;
    return EMPTY;
  }
  switch (field) {
    case 'title':
    case 'venue':
    case 'county':
      return typeof value === 'string' ? value : raw(value);
    case 'description':
      return typeof value === 'string' ? <div className="dz-pre">{value}</div> : raw(value);
    case 'series':
      return typeof value === 'string' && value in SERIES_LABELS ? SERIES_LABELS[value as keyof typeof SERIES_LABELS] : raw(value);
    case 'level':
      return typeof value === 'string' && value in COMPETITION_LEVEL_LABELS
        ? COMPETITION_LEVEL_LABELS[value as keyof typeof COMPETITION_LEVEL_LABELS]
        : raw(value);
    case 'format':
      return typeof value === 'string' && value in FORMAT_LABELS ? FORMAT_LABELS[value as keyof typeof FORMAT_LABELS] : raw(value);
    case 'arenaFirstHolder':
      return typeof value === 'string' && value in ARENA_FIRST_HOLDER_LABELS
        ? ARENA_FIRST_HOLDER_LABELS[value as keyof typeof ARENA_FIRST_HOLDER_LABELS]
        : raw(value);
    case 'edition':
      return typeof value === 'number' ? `${value}年` : raw(value);
    case 'teamSize':
      return typeof value === 'number' ? teamSizeText(value) : raw(value);
    case 'capacity':
      return typeof value === 'number' ? `${value}` : raw(value);
    case 'registrationClosesAt':
    case 'startsAt':
      return typeof value === 'string' ? formatDateTime(value) : raw(value);
    case 'industryId':
      return typeof value === 'string' ? lookup(lookups.industryName, value) : raw(value);
    case 'occupationCode':
      return typeof value === 'string' ? (
        <>
          {lookups.occupationName(value) ?? ''} <span className="dz-mono">{value}</span>
        </>
      ) : (
        raw(value)
      );
    case 'rounds': {
      const rounds = Array.isArray(value) ? value.filter((r): r is (typeof ROUNDS)[number] => (ROUNDS as readonly unknown[]).includes(r)) : null;
      return rounds && rounds.length === (value as unknown[]).length ? (rounds.length > 0 ? roundsText(rounds) : EMPTY) : raw(value);
    }
    case 'stages': {
      const parsed = Stage.array().safeParse(value);
      if (!parsed.success) return raw(value);
      const total = parsed.data.reduce((sum, s) => sum + s.weight, 0);
      return (
        <>
          {stagesText(parsed.data)}
          {total !== 100 && <Typography.Text type="danger">（合计 {total}%）</Typography.Text>}
        </>
      );
    }
    case 'schedule':
    case 'eligibility':
    case 'awardsPlan':
    case 'budget': {
      const items = fieldValueItems(field, value, lookups);
      if (items === null) return raw(value);
      return list(
        items.map((i) => i.node),
        field === 'eligibility' ? '无特别限制' : EMPTY,
      );
    }
    case 'coOrganizerIds': {
      if (!Array.isArray(value) || !value.every((v) => typeof v === 'string')) return raw(value);
      return value.length > 0 ? (value as string[]).map((id) => lookups.organisationName(id) ?? id).join('、') : '无';
    }
    default:
      return raw(value);
  }
}

/** One line of a list-like field: `text` identifies it when two versions are compared. */
export interface ValueItem {
  text: string;
  node: ReactNode;
}

const item = (text: string, node: ReactNode = text): ValueItem => ({ text, node });

/**
 * The lines of a list-like field (日程, 参赛条件, 奖项设置, 经费预算), or `null` for any other
 * field or a value of an unexpected shape.
 */
export function fieldValueItems(field: EventFieldName, value: unknown, lookups: FieldLookups): ValueItem[] | null {
  switch (field) {
    case 'schedule': {
      const parsed = ScheduleItem.array().safeParse(value ?? []);
      if (!parsed.success) return null;
      return parsed.data.map((s) => {
        const when = formatDateTimeRange(s.startsAt, s.endsAt);
        return item(
          `${s.title} ${when} ${s.venue}`,
          <>
            <strong>{s.title}</strong> {when}
            {s.venue && <Typography.Text type="secondary">（{s.venue}）</Typography.Text>}
          </>,
        );
      });
    }
    case 'eligibility': {
      const parsed = EligibilityRules.safeParse(value ?? {});
      if (!parsed.success) return null;
      return eligibilitySentences(parsed.data, lookups.occupationName).map((s) => item(s));
    }
    case 'awardsPlan': {
      const parsed = AwardsPlan.safeParse(value);
      if (!parsed.success) return null;
      const plan = parsed.data;
      const items = plan.tiers.map((t) => item(awardTierText(t)));
      if (plan.titles.length > 0) items.push(item(`荣誉称号：${plan.titles.join('、')}`));
      if (plan.upgradeRecommendation) items.push(item('推荐获奖选手晋升一级职业技能等级'));
      if (plan.craftsmanNominations > 0) items.push(item(`推荐“巴渠工匠” ${plan.craftsmanNominations} 名`));
      if (plan.tiers.some((t) => t.mode === 'ratio')) items.push(item(`名额取整：${AWARD_ROUNDING_LABELS[plan.rounding]}`));
      items.push(item(`等次分界处并列：${BOUNDARY_TIE_LABELS[plan.boundaryTies]}`));
      return items;
    }
    case 'budget': {
      const parsed = BudgetLine.array().safeParse(value ?? []);
      if (!parsed.success) return null;
      if (parsed.data.length === 0) return [];
      const total = formatFen(parsed.data.reduce((sum, b) => sum + b.amountFen, 0));
      return [
        ...parsed.data.map((b) => item(`${b.item}：${formatFen(b.amountFen)}`)),
        item(`合计：${total}`, <strong>合计：{total}</strong>),
      ];
    }
    default:
      return null;
  }
}

/**
 * One side of a change in the version difference. Lists mark only the lines the other side
 * lacks (a changed age limit, not the whole 参赛条件); other fields are marked as a whole.
 */
export function renderDiffSide(
  field: EventFieldName,
  value: unknown,
  other: unknown,
  side: 'before' | 'after',
  lookups: FieldLookups,
): ReactNode {
  const className = side === 'before' ? 'dz-diff-before' : 'dz-diff-after';
  const items = value === null || value === undefined ? null : fieldValueItems(field, value, lookups);
  const otherItems = other === null || other === undefined ? [] : fieldValueItems(field, other, lookups);
  if (items === null || otherItems === null) return <div className={className}>{renderFieldValue(field, value, lookups)}</div>;
  if (items.length === 0) return <div className={className}>{renderFieldValue(field, value, lookups)}</div>;
  const others = new Set(otherItems.map((i) => i.text));
  return (
    <ul className="dz-value-list">
      {items.map((i, n) => (
        <li key={n} className={others.has(i.text) ? 'dz-diff-same' : className}>
          {i.node}
        </li>
      ))}
    </ul>
  );
}
