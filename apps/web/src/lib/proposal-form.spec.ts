import { AwardsPlan, EventDraftBody } from '@dz/contracts';
import dayjs from 'dayjs';
import {
  contractPath,
  draftToFormValues,
  formPath,
  formValuesToCandidate,
  leafPaths,
  newDraftFormValues,
  placeIssues,
  stagesWeightTotal,
  validateDraft,
  zodFormIssues,
  type DraftFormValues,
} from './proposal-form';

const NOW = new Date('2026-11-25T16:30:00.000Z'); // 2026-11-26 00:30 in Dazhou

/** A complete form, as a department would fill it in (China wall clock in the pickers). */
function filled(): DraftFormValues {
  return {
    ...newDraftFormValues(NOW),
    title: '2026年达州技能大赛焊工赛项',
    industryId: '00000000-0000-4000-8000-000000000001',
    occupationCode: '6-18-02-04',
    capacity: 60,
    venue: '达州技师学院',
    registrationClosesAt: dayjs(new Date(2026, 11, 1, 17, 0)),
    startsAt: dayjs(new Date(2026, 11, 10, 9, 0)),
    budget: [{ item: '耗材', amountYuan: '1234.5' }],
  };
}

describe('newDraftFormValues', () => {
  it('should default to 理论 30 / 实操 70 and prize tiers of 10/20/30 %, this year in Dazhou', () => {
    const values = newDraftFormValues(NOW);
    expect(values.stages).toEqual([
      { name: '理论', weight: 30 },
      { name: '实操', weight: 70 },
    ]);
    expect(values.awardsPlan?.tiers?.map((t) => [t.name, t.mode, t.value])).toEqual([
      ['一等奖', 'ratio', 10],
      ['二等奖', 'ratio', 20],
      ['三等奖', 'ratio', 30],
    ]);
    expect(values.edition).toBe(2026);
    expect(newDraftFormValues(new Date('2026-12-31T16:30:00.000Z')).edition).toBe(2027);
  });
});

describe('formValuesToCandidate', () => {
  it('should make a valid draft of a filled form: China time as UTC, yuan as fen', () => {
    const parsed = EventDraftBody.parse(formValuesToCandidate(filled()));
    expect(parsed.registrationClosesAt).toBe('2026-12-01T09:00:00.000Z');
    expect(parsed.startsAt).toBe('2026-12-10T01:00:00.000Z');
    expect(parsed.budget).toEqual([{ item: '耗材', amountFen: 123450 }]);
    expect(parsed.arenaFirstHolder).toBeNull();
  });

  it('should round-trip a saved draft through the form', () => {
    const draft = EventDraftBody.parse(formValuesToCandidate(filled()));
    expect(EventDraftBody.parse(formValuesToCandidate(draftToFormValues(draft)))).toEqual(draft);
  });

  it('should keep the rounding rule and the boundary-tie rule through the form, floor and higher by default', () => {
    const byDefault = EventDraftBody.parse(formValuesToCandidate(filled()));
    expect([byDefault.awardsPlan.rounding, byDefault.awardsPlan.boundaryTies]).toEqual(['floor', 'higher']);
    const values = filled();
    values.awardsPlan = { ...values.awardsPlan, rounding: 'ceil', boundaryTies: 'lower' };
    const draft = EventDraftBody.parse(formValuesToCandidate(values));
    expect([draft.awardsPlan.rounding, draft.awardsPlan.boundaryTies]).toEqual(['ceil', 'lower']);
    const again = EventDraftBody.parse(formValuesToCandidate(draftToFormValues(draft)));
    expect([again.awardsPlan.rounding, again.awardsPlan.boundaryTies]).toEqual(['ceil', 'lower']);
  });

  it('should read a plan saved before the rounding and boundary-tie rules existed with their defaults', () => {
    const stored = { tiers: [{ name: '一等奖', mode: 'ratio', value: 10, minScore: 0 }], titles: [], upgradeRecommendation: false, craftsmanNominations: 0 };
    expect(AwardsPlan.parse(stored)).toMatchObject({ rounding: 'floor', boundaryTies: 'higher' });
    expect(AwardsPlan.safeParse({ ...stored, rounding: 'half' }).error?.issues[0]?.message).toBe('名额取整方式须为向下取整、四舍五入或向上取整');
  });

  it('should not send the fields of the other format', () => {
    const arena = formValuesToCandidate({ ...filled(), format: 'arena', rounds: ['final'], arenaFirstHolder: 'last_champion' });
    expect(arena).toMatchObject({ rounds: [], arenaFirstHolder: 'last_champion' });
    const rounds = formValuesToCandidate({ ...filled(), format: 'rounds', arenaFirstHolder: 'last_champion' });
    expect(rounds).toMatchObject({ arenaFirstHolder: null });
  });
});

describe('validateDraft', () => {
  it('should pass a filled form', () => {
    expect(validateDraft(formValuesToCandidate(filled())).ok).toBe(true);
  });

  it('should report the cross-field rules together with the missing fields', () => {
    const values = { ...filled(), title: '', capacity: null, stages: [{ name: '理论', weight: 30 }, { name: '实操', weight: 50 }] };
    values.registrationClosesAt = dayjs(new Date(2026, 11, 20, 9, 0));
    const result = validateDraft(formValuesToCandidate(values));
    if (result.ok) throw new Error('expected issues');
    const messages = result.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    expect(messages).toEqual(
      expect.arrayContaining([
        'title: 赛项名称至少 4 个字',
        'stages: 各阶段权重之和应为 100',
        'registrationClosesAt: 报名截止时间应早于比赛开始时间',
      ]),
    );
    expect(messages.some((m) => m.startsWith('capacity:'))).toBe(true);
  });

  it('should not blame a pair of dates when one of them is missing', () => {
    const result = validateDraft(formValuesToCandidate({ ...filled(), startsAt: null }));
    if (result.ok) throw new Error('expected issues');
    expect(result.issues.map((i) => i.path.join('.'))).toEqual(['startsAt']);
  });
});

describe('placeIssues', () => {
  const registered = [['title'], ['capacity'], ['stages'], ['stages', 1, 'weight'], ['budget', 0, 'amountYuan'], ['awardsPlan', 'titles']];

  it('should put each zod issue under its field, a missing value in plain words', () => {
    const candidate = formValuesToCandidate({ ...filled(), capacity: null });
    const parsed = EventDraftBody.safeParse(candidate);
    if (parsed.success) throw new Error('expected issues');
    const placed = placeIssues(zodFormIssues(parsed.error), registered, candidate);
    expect(placed.fields.get('["capacity"]')?.errors).toEqual(['请填写名额']);
    expect(placed.rest).toEqual([]);
  });

  it('should place server issues: the draft prefix dropped, fen under yuan, list items and ancestors', () => {
    const placed = placeIssues(
      [
        { path: 'draft.stages.1.weight', message: '权重不能超过 100' },
        { path: 'stages', message: '各阶段权重之和应为 100' },
        { path: 'draft.budget.0.amountFen', message: '金额不能为负' },
        { path: 'awardsPlan.titles.3', message: '称号过长' },
        { path: 'version', message: '版本号有误' },
      ],
      registered,
    );
    expect([...placed.fields.values()]).toEqual([
      { name: ['stages', 1, 'weight'], errors: ['权重不能超过 100'] },
      { name: ['stages'], errors: ['各阶段权重之和应为 100'] },
      { name: ['budget', 0, 'amountYuan'], errors: ['金额不能为负'] },
      { name: ['awardsPlan', 'titles'], errors: ['称号过长'] },
    ]);
    expect(placed.rest).toEqual(['版本号有误']);
  });

  it('should read paths both ways', () => {
    expect(contractPath('draft.schedule.2.endsAt')).toEqual(['schedule', 2, 'endsAt']);
    expect(contractPath(['stages', 0, 'name'])).toEqual(['stages', 0, 'name']);
    expect(contractPath('(body)')).toEqual([]);
    expect(formPath(['budget', 3, 'amountFen'])).toEqual(['budget', 3, 'amountYuan']);
  });
});

describe('leafPaths and stagesWeightTotal', () => {
  it('should find the edited leaves of a partial form value, a date being a leaf', () => {
    const changed = { stages: [undefined, { weight: 50 }], eligibility: { ageMin: 18 }, startsAt: dayjs() };
    expect(leafPaths(changed)).toEqual([['stages', 1, 'weight'], ['eligibility', 'ageMin'], ['startsAt']]);
  });

  it('should add up the weights typed so far', () => {
    expect(stagesWeightTotal([{ name: '理论', weight: 30 }, { name: '实操', weight: null }, undefined])).toBe(30);
    expect(stagesWeightTotal(undefined)).toBe(0);
  });
});
