import { MarkingSchemeBody } from '@dz/contracts';
import {
  addAspect,
  addSection,
  draftFromScheme,
  draftSignature,
  draftToBody,
  draftTotals,
  emptyDraft,
  marksText,
  placeIssues,
  removeNode,
  suggestAspectKey,
  updateAspect,
  updateSection,
  type SchemeDraft,
} from './scheme-editor';

const STORED = {
  method: 'median' as const,
  sections: [
    {
      key: 'A',
      title: '尺寸',
      aspects: [
        { key: 'A1', title: '宽度', kind: 'measurement' as const, maxMarks: 1250 },
        { key: 'A2', title: '扣分', kind: 'deduction' as const, maxMarks: 300 },
      ],
      sections: [{ key: 'A.1', title: '子部分', aspects: [{ key: 'A.1.1', title: '外观', kind: 'judgement' as const, maxMarks: 29 }], sections: [] }],
    },
  ],
};

/** Builds a draft by hand, as the organiser would click it. */
function clicked(): SchemeDraft {
  let draft = addSection(emptyDraft(), null);
  const a = draft.sections[0];
  draft = updateSection(draft, a.id, { title: '焊接' });
  draft = addAspect(draft, a.id);
  draft = addAspect(draft, a.id, 'judgement');
  const [m, j] = draft.sections[0].aspects;
  draft = updateAspect(draft, m.id, { title: '焊缝宽度', marks: '0.1' });
  draft = updateAspect(draft, j.id, { title: '成形', marks: '0.2' });
  return draft;
}

describe('scheme editor model', () => {
  it('should build a scheme by clicks, with suggested keys and an exact total', () => {
    const draft = clicked();
    expect(draft.sections[0].key).toBe('A');
    expect(draft.sections[0].aspects.map((a) => [a.key, a.kind])).toEqual([
      ['A1', 'measurement'],
      ['A2', 'judgement'],
    ]);
    // 0.1 + 0.2 is 0.3 here, not 0.30000000000000004.
    expect(draftTotals(draft)).toEqual({ total: 30, deductions: 0, aspects: 2, unparsed: 0 });
    const result = draftToBody(draft, undefined);
    expect(result).toEqual({
      ok: true,
      body: {
        method: 'mean',
        totalMarks: 30,
        sections: [
          {
            key: 'A',
            title: '焊接',
            aspects: [
              { key: 'A1', title: '焊缝宽度', kind: 'measurement', maxMarks: 10 },
              { key: 'A2', title: '成形', kind: 'judgement', maxMarks: 20 },
            ],
            sections: [],
          },
        ],
      },
    });
    expect(result.ok && MarkingSchemeBody.safeParse(result.body).success).toBe(true);
  });

  it('should round-trip a stored scheme through the draft, keeping the version', () => {
    const draft = draftFromScheme(STORED);
    expect(draft.sections[0].aspects[0].marks).toBe('12.5');
    expect(draft.sections[0].sections[0].aspects[0].marks).toBe('0.29');
    const result = draftToBody(draft, 4);
    expect(result).toEqual({ ok: true, body: { version: 4, method: 'median', totalMarks: 1279, sections: STORED.sections } });
    expect(draftTotals(draft)).toMatchObject({ total: 1279, deductions: 300 });
  });

  it('should refuse marks that are not two-decimal numbers, on their aspect', () => {
    let draft = draftFromScheme(STORED);
    const aspect = draft.sections[0].aspects[0];
    draft = updateAspect(draft, aspect.id, { marks: '1.005' });
    expect(draftToBody(draft, 1)).toEqual({
      ok: false,
      problems: [{ nodeId: aspect.id, field: 'marks', where: '部分「A」 · 评分项「A1」', message: '分值最多两位小数（收到 1.005）' }],
    });
    draft = updateAspect(draft, aspect.id, { marks: 'abc' });
    expect(draftToBody(draft, 1)).toMatchObject({ ok: false, problems: [{ message: '分值「abc」不是数字' }] });
    expect(draftTotals(draft)).toMatchObject({ total: 29, unparsed: 1 });
  });

  it('should suggest free keys and remove sections with everything under them', () => {
    let draft = draftFromScheme(STORED);
    draft = addSection(draft, null);
    expect(draft.sections[1].key).toBe('B');
    draft = addSection(draft, draft.sections[0].id);
    expect(draft.sections[0].sections.map((s) => s.key)).toEqual(['A.1', 'A.2']);
    expect(suggestAspectKey(draft, draft.sections[0])).toBe('A3');
    expect(suggestAspectKey(draft, draft.sections[0].sections[0])).toBe('A.1.2');
    draft = removeNode(draft, draft.sections[0].id);
    expect(draft.sections.map((s) => s.key)).toEqual(['B']);
    const again = draftFromScheme(STORED);
    const removed = removeNode(again, again.sections[0].aspects[1].id);
    expect(removed.sections[0].aspects.map((a) => a.key)).toEqual(['A1']);
  });

  it('should tell a changed draft from an unchanged one, whatever the ids', () => {
    expect(draftSignature(draftFromScheme(STORED))).toBe(draftSignature(draftFromScheme(STORED)));
    const draft = draftFromScheme(STORED);
    expect(draftSignature(updateSection(draft, draft.sections[0].id, { title: '尺寸2' }))).not.toBe(draftSignature(draft));
  });

  it('should place the server’s issues on the nodes they name', () => {
    const draft = draftFromScheme(STORED);
    const placed = placeIssues(draft, [
      { path: 'sections.0.sections.0.aspects.0.title', message: '请填写评分项名称' },
      { path: 'sections.0.aspects.1.maxMarks', message: '扣分上限须大于 0' },
      { path: 'sections.0', message: '每个评分部分至少要有一个评分项或子部分' },
      { path: 'totalMarks', message: '总分有误' },
      { path: 'sections.7.key', message: '不存在' },
    ]);
    expect(placed).toEqual([
      { nodeId: draft.sections[0].sections[0].aspects[0].id, field: 'title', where: '部分「A」 · 部分「A.1」 · 评分项「A.1.1」', message: '请填写评分项名称' },
      { nodeId: draft.sections[0].aspects[1].id, field: 'marks', where: '部分「A」 · 评分项「A2」', message: '扣分上限须大于 0' },
      { nodeId: draft.sections[0].id, field: null, where: '部分「A」', message: '每个评分部分至少要有一个评分项或子部分' },
      { nodeId: null, field: null, where: '评分表', message: '总分有误' },
      { nodeId: null, field: null, where: '评分表', message: '不存在' },
    ]);
  });

  it('should show hundredths as marks without needless zeros', () => {
    expect([1000, 1250, 1205, 5, 100000].map(marksText)).toEqual(['10', '12.5', '12.05', '0.05', '1000']);
  });
});
