import fc from 'fast-check';

import {
  AGGREGATION_METHOD_LABELS,
  AGGREGATION_METHODS,
  ASPECT_KIND_LABELS,
  ASPECT_KINDS,
  type AspectKind,
  flattenAspects,
  isScoredAspect,
  type MarkingScheme,
  type SchemeAspect,
  schemeMax,
  type SchemeSection,
  sectionMax,
  validateScheme,
} from './marking-scheme';

const aspect = (key: string, kind: AspectKind, maxMarks: number, title = `评分项 ${key}`): SchemeAspect => ({
  key,
  title,
  kind,
  maxMarks,
});

const section = (
  key: string,
  aspects: SchemeAspect[],
  sections: SchemeSection[] = [],
  title = `部分 ${key}`,
): SchemeSection => ({ key, title, aspects, sections });

/** A 焊工 practical sheet: 100 marks, one nested section, one deduction. */
const welding = (): MarkingScheme => ({
  stage: 'practical',
  method: 'trimmed_mean',
  totalMarks: 10000,
  sections: [
    section('A', [aspect('A1', 'measurement', 2000, '焊缝宽度'), aspect('A2', 'measurement', 2000, '焊缝余高')]),
    section(
      'B',
      [aspect('B1', 'judgement', 1500, '焊缝成形美观'), aspect('B9', 'deduction', 1000, '安全文明生产')],
      [section('B2', [aspect('B2a', 'judgement', 2500, '试件变形'), aspect('B2b', 'measurement', 2000, '射线探伤')])],
    ),
  ],
});

/** `welding()` changed by `edit`, which may mutate the copy. */
const edited = (edit: (s: MarkingScheme) => void): MarkingScheme => {
  const copy = welding();
  edit(copy);
  return copy;
};

describe('labels', () => {
  it('should name every aspect kind and aggregation method in Chinese', () => {
    expect(ASPECT_KINDS.map((k) => ASPECT_KIND_LABELS[k])).toEqual(['测量', '评价', '扣分']);
    expect(AGGREGATION_METHODS.map((m) => AGGREGATION_METHOD_LABELS[m])).toEqual([
      '平均分',
      '去掉一个最高分和一个最低分后取平均',
      '中位数',
    ]);
  });

  it.each([
    ['measurement', true],
    ['judgement', true],
    ['deduction', false],
  ] as const)('should count %s as scored: %p', (kind, scored) => {
    expect(isScoredAspect({ kind })).toBe(scored);
  });
});

describe('flattenAspects', () => {
  it('should list aspects depth first, own aspects before subsections, with their section path', () => {
    expect(flattenAspects(welding()).map((a) => [a.key, a.sectionPath])).toEqual([
      ['A1', ['A']],
      ['A2', ['A']],
      ['B1', ['B']],
      ['B9', ['B']],
      ['B2a', ['B', 'B2']],
      ['B2b', ['B', 'B2']],
    ]);
  });

  it('should keep every field of the aspect', () => {
    expect(flattenAspects(welding())[2]).toEqual({
      key: 'B1',
      title: '焊缝成形美观',
      kind: 'judgement',
      maxMarks: 1500,
      sectionPath: ['B'],
    });
  });

  it('should give nothing for an empty scheme', () => {
    expect(flattenAspects({ sections: [] })).toEqual([]);
  });
});

describe('schemeMax and sectionMax', () => {
  it('should add measurement and judgement maxima, not deductions', () => {
    const scheme = welding();
    expect(schemeMax(scheme)).toBe(10000);
    expect(scheme.sections.map(sectionMax)).toEqual([4000, 6000]);
    expect(sectionMax(scheme.sections[1].sections[0])).toBe(4500);
  });

  it('should equal the sum over flattenAspects, however the tree is shaped', () => {
    const leaf = fc.record({
      kind: fc.constantFrom(...ASPECT_KINDS),
      maxMarks: fc.integer({ min: 1, max: 5000 }),
    });
    // Up to three levels of sections, each with up to three aspects.
    type RawSection = { aspects: { kind: AspectKind; maxMarks: number }[]; sections: RawSection[] };
    const level = (children: fc.Arbitrary<RawSection[]>): fc.Arbitrary<RawSection> =>
      fc.record({ aspects: fc.array(leaf, { maxLength: 3 }), sections: children });
    const bottom = level(fc.constant([]));
    const tree = level(fc.array(level(fc.array(bottom, { maxLength: 2 })), { maxLength: 2 }));
    let counter = 0;
    const keyed = (r: RawSection): SchemeSection => {
      counter += 1;
      return section(
        `s${counter}`,
        r.aspects.map((a) => aspect(`a${(counter += 1)}`, a.kind, a.maxMarks)),
        r.sections.map(keyed),
      );
    };
    fc.assert(
      fc.property(fc.array(tree, { maxLength: 3 }), (raw) => {
        const sections = raw.map(keyed);
        const flat = flattenAspects({ sections });
        const expected = flat.filter(isScoredAspect).reduce((sum, a) => sum + a.maxMarks, 0);
        expect(schemeMax({ sections })).toBe(expected);
        expect(sections.reduce((sum, s) => sum + sectionMax(s), 0)).toBe(expected);
        expect(new Set(flat.map((a) => a.key)).size).toBe(flat.length);
      }),
    );
  });
});

describe('validateScheme', () => {
  it('should accept a well-formed sheet', () => {
    expect(validateScheme(welding())).toEqual([]);
  });

  it('should accept a sheet of one measurement aspect', () => {
    const single: MarkingScheme = {
      stage: 'theory',
      method: 'mean',
      totalMarks: 10000,
      sections: [section('T', [aspect('T1', 'measurement', 10000, '理论考试')])],
    };
    expect(validateScheme(single)).toEqual([]);
  });

  it.each<[string, (s: MarkingScheme) => void, { path: string; message: string }[]]>([
    [
      'a blank stage',
      (s) => {
        s.stage = '  ';
      },
      [{ path: 'stage', message: '请填写评分表所属的比赛阶段' }],
    ],
    [
      'an unknown method',
      (s) => {
        (s as { method: string }).method = 'max';
      },
      [{ path: 'method', message: '评分汇总方式须为平均分、去掉一个最高分和一个最低分后取平均或中位数' }],
    ],
    [
      'a zero total',
      (s) => {
        s.totalMarks = 0;
      },
      [{ path: 'totalMarks', message: '总分须大于 0' }],
    ],
    [
      'a total finer than 0.01',
      (s) => {
        s.totalMarks = 10000.5;
      },
      [{ path: 'totalMarks', message: '总分最多两位小数' }],
    ],
    [
      'maxima 2.00 short of the total',
      (s) => {
        s.sections[0].aspects[1].maxMarks = 1800;
      },
      [{ path: 'totalMarks', message: '测量和评价评分项满分合计 98.00 分，比总分 100.00 分少 2.00 分' }],
    ],
    [
      'maxima 0.50 over the total',
      (s) => {
        s.sections[1].sections[0].aspects[0].maxMarks = 2550;
      },
      [{ path: 'totalMarks', message: '测量和评价评分项满分合计 100.50 分，比总分 100.00 分多 0.50 分' }],
    ],
    [
      'a duplicate aspect key',
      (s) => {
        s.sections[1].sections[0].aspects[1].key = 'A1';
      },
      [{ path: 'sections.1.sections.0.aspects.1.key', message: '编号「A1」与 sections.0.aspects.0.key 重复' }],
    ],
    [
      'an aspect with a section’s key',
      (s) => {
        s.sections[1].aspects[0].key = 'B2';
      },
      [{ path: 'sections.1.sections.0.key', message: '编号「B2」与 sections.1.aspects.0.key 重复' }],
    ],
    [
      'a blank key',
      (s) => {
        s.sections[0].key = '';
      },
      [{ path: 'sections.0.key', message: '请填写编号' }],
    ],
    [
      'blank titles',
      (s) => {
        s.sections[0].title = ' ';
        s.sections[0].aspects[1].title = '';
      },
      [
        { path: 'sections.0.title', message: '请填写评分部分名称' },
        { path: 'sections.0.aspects.1.title', message: '请填写评分项名称' },
      ],
    ],
    [
      'an unknown kind',
      (s) => {
        (s.sections[0].aspects[0] as { kind: string }).kind = 'bonus';
      },
      [
        { path: 'sections.0.aspects.0.kind', message: '评分项类型须为测量、评价或扣分' },
        { path: 'totalMarks', message: '测量和评价评分项满分合计 80.00 分，比总分 100.00 分少 20.00 分' },
      ],
    ],
    [
      'a zero maximum',
      (s) => {
        s.sections[0].aspects[1].maxMarks = 0;
      },
      [{ path: 'sections.0.aspects.1.maxMarks', message: '满分须大于 0' }],
    ],
    [
      'a negative deduction limit',
      (s) => {
        s.sections[1].aspects[1].maxMarks = -100;
      },
      [{ path: 'sections.1.aspects.1.maxMarks', message: '扣分上限须大于 0' }],
    ],
    [
      'a maximum finer than 0.01',
      (s) => {
        s.sections[0].aspects[0].maxMarks = 1999.5;
      },
      [{ path: 'sections.0.aspects.0.maxMarks', message: '满分最多两位小数' }],
    ],
    [
      'a missing maximum',
      (s) => {
        s.sections[0].aspects[0].maxMarks = Number.NaN;
      },
      [{ path: 'sections.0.aspects.0.maxMarks', message: '请填写满分' }],
    ],
    [
      'an empty section',
      (s) => {
        s.sections.push(section('C', []));
      },
      [{ path: 'sections.2', message: '每个评分部分至少要有一个评分项或子部分' }],
    ],
    [
      'deductions with nothing to take them from',
      (s) => {
        s.sections[1].sections[0].sections.push(section('X', [aspect('X1', 'deduction', 500)]));
      },
      [{ path: 'sections.1.sections.0.sections.0', message: '该部分没有测量或评价评分项，其扣分项无分可扣' }],
    ],
  ])('should report %s', (_label, edit, problems) => {
    expect(validateScheme(edited(edit))).toEqual(problems);
  });

  it('should count deductions outside the total', () => {
    // Raising a deduction limit changes nothing about the total.
    expect(validateScheme(edited((s) => (s.sections[1].aspects[1].maxMarks = 9900)))).toEqual([]);
  });

  it('should accept deductions in a section whose scored aspects are all in subsections', () => {
    const scheme = edited((s) => {
      s.sections[1].aspects = [aspect('B9', 'deduction', 1000)];
      s.sections[1].sections[0].aspects.push(aspect('B1', 'judgement', 1500));
    });
    expect(validateScheme(scheme)).toEqual([]);
  });

  it('should ask for at least one scored aspect', () => {
    const none: MarkingScheme = { stage: 'practical', method: 'mean', totalMarks: 10000, sections: [] };
    expect(validateScheme(none)).toEqual([
      { path: 'sections', message: '评分表至少要有一个测量或评价评分项' },
    ]);
    const deductionsOnly: MarkingScheme = {
      ...none,
      sections: [section('D', [aspect('D1', 'deduction', 500)])],
    };
    expect(validateScheme(deductionsOnly)).toEqual([
      { path: 'sections.0', message: '该部分没有测量或评价评分项，其扣分项无分可扣' },
      { path: 'sections', message: '评分表至少要有一个测量或评价评分项' },
    ]);
  });

  it('should report every duplicate against the first use of the key', () => {
    const scheme = edited((s) => {
      s.sections[0].aspects[1].key = 'A1';
      s.sections[1].aspects[0].key = 'A1';
    });
    expect(validateScheme(scheme)).toEqual([
      { path: 'sections.0.aspects.1.key', message: '编号「A1」与 sections.0.aspects.0.key 重复' },
      { path: 'sections.1.aspects.0.key', message: '编号「A1」与 sections.0.aspects.0.key 重复' },
    ]);
  });

  it('should accept any total that equals the sum of the scored maxima, and only that', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.constantFrom(...ASPECT_KINDS), fc.integer({ min: 1, max: 100_000 })), {
          minLength: 1,
          maxLength: 12,
        }),
        fc.integer({ min: -500, max: 500 }),
        (leaves, offset) => {
          const aspects = leaves.map(([kind, max], i) => aspect(`k${i}`, kind, max));
          const sum = aspects.filter(isScoredAspect).reduce((s, a) => s + a.maxMarks, 0);
          fc.pre(sum > 0 && !aspects.every((a) => a.kind === 'deduction'));
          const scheme: MarkingScheme = {
            stage: 'practical',
            method: 'median',
            totalMarks: sum + offset,
            sections: [section('S', aspects)],
          };
          const problems = validateScheme(scheme);
          if (offset === 0) {
            expect(problems).toEqual([]);
          } else if (sum + offset <= 0) {
            expect(problems).toEqual([{ path: 'totalMarks', message: '总分须大于 0' }]);
          } else {
            expect(problems).toEqual([
              { path: 'totalMarks', message: expect.stringMatching(offset > 0 ? /少/ : /多/) },
            ]);
          }
        },
      ),
    );
  });
});
