import { MarkingSchemeBody, SCHEME_SHEET_COLUMNS } from '@dz/contracts';
import fc from 'fast-check';

import { AGGREGATION_METHODS, ASPECT_KINDS, type AggregationMethod, type SchemeSection, validateScheme } from './marking-scheme';
import {
  METHOD_SHEET_LABELS,
  methodCellOf,
  methodSheetRows,
  parseMarksText,
  parseSheetKind,
  parseSheetMethod,
  schemeFromSheet,
  schemeToSheetRows,
  sheetText,
  type SheetCell,
} from './scheme-sheet';

const HEADER = [...SCHEME_SHEET_COLUMNS];

/** 焊工 practical: A (two measurements), B (a judgement, a deduction, subsection B2). */
const WELDING: SheetCell[][] = [
  HEADER,
  ['A', '焊缝尺寸', '', '', '', '', ''],
  ['A', '', '', 'A1', '焊缝宽度', '测量', 20],
  ['A', '', '', 'A2', '焊缝余高', '测量', '20.5'],
  ['B', '外观', '', '', '', '', ''],
  ['B', '', '', 'B1', '成形美观', '评价', 15],
  ['B', '', '', 'B9', '安全文明生产', '扣分', 5],
  ['B2', '试件', 'B', '', '', '', ''],
  ['B2', '', '', 'B2a', '试件变形', '评价', 44.5],
];

const messagesOf = (rows: SheetCell[][], method?: SheetCell) => schemeFromSheet(rows, method).problems.map((p) => p.message);

describe('schemeFromSheet', () => {
  it('should read sections, subsections and aspects, in hundredths, with the total', () => {
    const result = schemeFromSheet(WELDING, '去掉最高最低取平均');
    expect(result.problems).toEqual([]);
    expect(result.notes).toEqual([]);
    expect(result.rows).toBe(8);
    expect(result.scheme).toEqual({
      method: 'trimmed_mean',
      totalMarks: 10000,
      sections: [
        {
          key: 'A',
          title: '焊缝尺寸',
          aspects: [
            { key: 'A1', title: '焊缝宽度', kind: 'measurement', maxMarks: 2000 },
            { key: 'A2', title: '焊缝余高', kind: 'measurement', maxMarks: 2050 },
          ],
          sections: [],
        },
        {
          key: 'B',
          title: '外观',
          aspects: [
            { key: 'B1', title: '成形美观', kind: 'judgement', maxMarks: 1500 },
            { key: 'B9', title: '安全文明生产', kind: 'deduction', maxMarks: 500 },
          ],
          sections: [{ key: 'B2', title: '试件', aspects: [{ key: 'B2a', title: '试件变形', kind: 'judgement', maxMarks: 4450 }], sections: [] }],
        },
      ],
    });
    // What the PUT takes.
    expect(MarkingSchemeBody.safeParse(result.scheme).success).toBe(true);
  });

  it('should default the method to the mean with a note, and skip blank rows', () => {
    const rows = [...WELDING.slice(0, 3), [], ['', null, '  ', undefined], ...WELDING.slice(3)];
    const result = schemeFromSheet(rows);
    expect(result.problems).toEqual([]);
    expect(result.scheme?.method).toBe('mean');
    expect(result.notes).toEqual([{ row: null, message: '未在「设置」工作表中填写汇总方式，按平均分汇总' }]);
  });

  it('should refuse a wrong header, naming row 1', () => {
    const result = schemeFromSheet([['部分编号', '部分名称', '评分项编号'], ...WELDING.slice(1)], '平均分');
    expect(result.scheme).toBeNull();
    expect(result.problems).toEqual([{ row: 1, message: expect.stringContaining('第 1 行：表头应为「部分编号 | 部分名称 | 上级部分编号 | 评分项编号 | 评分项名称 | 类型 | 分值」') }]);
    expect(schemeFromSheet([], '平均分').problems[0].row).toBe(1);
  });

  it('should refuse a file without rows', () => {
    expect(schemeFromSheet([HEADER, [], ['']], '平均分').problems).toEqual([{ row: null, message: '文件中没有评分部分和评分项：请在表头下方逐行填写' }]);
  });

  it.each<[string, SheetCell[], string]>([
    ['an unknown kind', ['A', '', '', 'A3', '平整度', '打分', 5], '第 10 行：类型「打分」无效：须为测量、评价或扣分'],
    ['a blank kind', ['A', '', '', 'A3', '平整度', '', 5], '第 10 行：请填写类型：测量、评价或扣分'],
    ['non-numeric marks', ['A', '', '', 'A3', '平整度', '测量', '十分'], '第 10 行：分值「十分」不是数字'],
    ['marks with three decimals (text)', ['A', '', '', 'A3', '平整度', '测量', '1.005'], '第 10 行：分值最多两位小数（收到 1.005）'],
    ['marks with three decimals (number)', ['A', '', '', 'A3', '平整度', '测量', 2.125], '第 10 行：分值最多两位小数（收到 2.125）'],
    ['zero marks', ['A', '', '', 'A3', '平整度', '测量', 0], '第 10 行：分值须大于 0'],
    ['negative marks', ['A', '', '', 'A3', '平整度', '测量', '-2'], '第 10 行：分值须大于 0'],
    ['blank marks', ['A', '', '', 'A3', '平整度', '测量', ''], '第 10 行：请填写分值'],
    ['huge marks', ['A', '', '', 'A3', '平整度', '测量', '1000000'], '第 10 行：分值过大（每项最多 100000 分）'],
    ['an aspect key used before', ['A', '', '', 'B1', '平整度', '测量', 5], '第 10 行：评分项编号「B1」与第 6 行重复（部分和评分项的编号在整张表中不能重复）'],
    ['a section key used before', ['A1', '另一部分', '', '', '', '', ''], '第 10 行：部分编号「A1」与第 3 行重复（部分和评分项的编号在整张表中不能重复）'],
    ['a missing section', ['C', '', '', 'C1', '平整度', '测量', 5], '第 10 行：部分「C」不存在：请先用一行声明该部分（只填部分编号、部分名称）'],
    ['a missing parent', ['D', '子部分', 'X', '', '', '', ''], '第 10 行：上级部分「X」不存在：请先用一行声明该部分（只填部分编号、部分名称）'],
    ['its own parent', ['D', '子部分', 'D', '', '', '', ''], '第 10 行：上级部分编号不能是本部分自己'],
    ['an aspect without section', ['', '', '', 'A3', '平整度', '测量', 5], '第 10 行：评分项「A3」缺少部分编号：请填写它所属评分部分的编号'],
    ['a row without either key', ['', '名称', '', '', '平整度', '测量', 5], '第 10 行：请填写评分项编号（只声明部分的行不要填写评分项名称、类型和分值）'],
    ['a bad key', ['A', '', '', 'A 3', '平整度', '测量', 5], '第 10 行：评分项编号「A 3」有误：编号只能包含字母、数字、点、下划线和连字符'],
    ['a blank aspect title', ['A', '', '', 'A3', '', '测量', 5], '第 10 行：请填写评分项名称'],
    ['a section title that differs', ['A', '尺寸', '', 'A3', '平整度', '测量', 5], '第 10 行：部分名称「尺寸」与第 2 行声明的「焊缝尺寸」不一致（评分项行可不填部分名称）'],
  ])('should name the row of %s', (_, row, message) => {
    const messages = messagesOf([...WELDING, row], '平均分');
    expect(messages).toContain(message);
  });

  it('should tell a section declared too late from a missing one', () => {
    const rows = [HEADER, ['A', '', '', 'A1', '宽度', '测量', 10], ['A', '尺寸', '', '', '', '', '']];
    expect(messagesOf(rows, '平均分')).toEqual(['第 2 行：部分「A」在第 3 行才声明，须写在本行之前']);
    const late = [HEADER, ['B', '子部分', 'A', '', '', '', ''], ['A', '尺寸', '', '', '', '', ''], ['A', '', '', 'A1', '宽度', '测量', 10]];
    expect(messagesOf(late, '平均分')).toContain('第 2 行：上级部分「A」在第 3 行才声明，须写在本行之前');
  });

  it('should place validateScheme problems on their rows', () => {
    // An empty section and a deduction with nothing to take from.
    const rows = [HEADER, ['A', '尺寸', '', '', '', '', ''], ['A', '', '', 'A1', '宽度', '测量', 10], ['E', '空部分', '', '', '', '', ''], ['F', '纪律', '', '', '', '', ''], ['F', '', '', 'F1', '迟到', '扣分', 2]];
    expect(messagesOf(rows, '平均分')).toEqual(['第 4 行：每个评分部分至少要有一个评分项或子部分', '第 5 行：该部分没有测量或评价评分项，其扣分项无分可扣']);
  });

  it('should want at least one scored aspect (not a total of 0)', () => {
    const rows = [HEADER, ['F', '纪律', '', '', '', '', ''], ['F', '', '', 'F1', '迟到', '扣分', 2]];
    expect(messagesOf(rows, '平均分')).toEqual(['第 2 行：该部分没有测量或评价评分项，其扣分项无分可扣', '评分表至少要有一个测量或评价评分项']);
  });

  it('should refuse an unknown method', () => {
    expect(messagesOf(WELDING, '最高分')).toEqual(['「设置」工作表的汇总方式「最高分」无效：须为平均分、去掉最高最低取平均、中位数']);
  });

  it('should report every bad row at once, in row order', () => {
    const rows = [...WELDING, ['A', '', '', 'A3', '平整度', '打分', 5], ['A', '', '', 'A4', '', '测量', 'abc']];
    expect(schemeFromSheet(rows, '平均分').problems.map((p) => p.row)).toEqual([10, 11]);
  });

  it('should refuse a title over the contract limit, on its row', () => {
    const long = '长'.repeat(81);
    expect(messagesOf([...WELDING, ['A', '', '', 'A3', long, '测量', 5]], '平均分')).toEqual(['第 10 行：评分项名称过长']);
  });
});

describe('cells', () => {
  it('should read marks exactly, from text or numbers', () => {
    expect(parseMarksText('12.5')).toEqual({ ok: true, hundredths: 1250 });
    expect(parseMarksText(' 0.1 ')).toEqual({ ok: true, hundredths: 10 });
    expect(parseMarksText('.25')).toEqual({ ok: true, hundredths: 25 });
    expect(parseMarksText('7.500')).toEqual({ ok: true, hundredths: 750 });
    expect(parseMarksText('１２．５')).toEqual({ ok: true, hundredths: 1250 });
    expect(parseMarksText('10分')).toEqual({ ok: true, hundredths: 1000 });
    expect(parseMarksText(0.29)).toEqual({ ok: true, hundredths: 29 });
    expect(parseMarksText(0.1 + 0.2)).toMatchObject({ ok: false });
    expect(parseMarksText('.')).toMatchObject({ ok: false });
    expect(parseMarksText('1e3')).toMatchObject({ ok: false });
    expect(parseMarksText(Number.NaN)).toEqual({ ok: false, message: '分值不是有效数字' });
    expect(parseMarksText(null)).toEqual({ ok: false, message: '请填写分值' });
  });

  it('should read every way to write a method and a kind', () => {
    expect(AGGREGATION_METHODS.map((m) => parseSheetMethod(METHOD_SHEET_LABELS[m]))).toEqual([...AGGREGATION_METHODS]);
    expect(parseSheetMethod('去掉一个最高分和一个最低分后取平均')).toBe('trimmed_mean');
    expect(parseSheetMethod(' 中位数 ')).toBe('median');
    expect(parseSheetMethod('Median')).toBe('median');
    expect(parseSheetMethod('最高分')).toBeNull();
    expect(parseSheetKind('评价')).toBe('judgement');
    expect(parseSheetKind('deduction')).toBe('deduction');
    expect(parseSheetKind('打分')).toBeNull();
  });

  it('should drop the apostrophe an export puts before formula-like text only', () => {
    expect(sheetText("'=SUM(A1)")).toBe('=SUM(A1)');
    expect(sheetText("'s")).toBe("'s");
    expect(sheetText(12)).toBe('12');
    expect(sheetText(null)).toBe('');
  });

  it('should find the method row of the settings sheet', () => {
    expect(methodCellOf(methodSheetRows('median'))).toBe('中位数');
    expect(methodCellOf([['项目', '内容']])).toBeUndefined();
  });
});

// ── round trip ──────────────────────────────────────────────────────────────

const titleArb = fc
  .string({ minLength: 1, maxLength: 12, unit: fc.constantFrom('焊', '缝', '宽', '度', 'a', 'B', '1', ' ', '=', '-', '（', '）') })
  .map((s) => s.trim())
  .filter((s) => s.length > 0);

interface Shape {
  aspects: { kind: (typeof ASPECT_KINDS)[number]; marks: number; title: string }[];
  sections: Shape[];
  title: string;
}

const shapeArb: fc.Arbitrary<Shape> = fc.letrec<{ shape: Shape }>((tie) => ({
  shape: fc.record({
    title: titleArb,
    aspects: fc.array(fc.record({ kind: fc.constantFrom(...ASPECT_KINDS), marks: fc.integer({ min: 1, max: 100_000_00 }), title: titleArb }), { maxLength: 4 }),
    sections: fc.oneof({ depthSize: 'small', withCrossShrink: true }, fc.constant<Shape[]>([]), fc.array(tie('shape'), { maxLength: 3 })),
  }),
})).shape;

/** A valid scheme of that shape: unique keys, scored aspects where deductions need them. */
function schemeOf(shapes: Shape[], method: AggregationMethod) {
  let n = 0;
  const build = (shape: Shape): SchemeSection => {
    n += 1;
    const key = `S${n}`;
    const aspects = shape.aspects.map((a, i) => ({ key: `${key}-${i + 1}`, title: a.title, kind: a.kind, maxMarks: a.marks }));
    // Every section holds a scored aspect, so none is empty and no deduction is stranded.
    aspects.push({ key: `${key}-m`, title: '基本分', kind: 'measurement', maxMarks: 100 });
    return { key, title: shape.title, aspects, sections: shape.sections.map(build) };
  };
  const sections = shapes.map(build);
  const total = (ss: SchemeSection[]): number =>
    ss.reduce((sum, s) => sum + s.aspects.filter((a) => a.kind !== 'deduction').reduce((t, a) => t + a.maxMarks, 0) + total(s.sections), 0);
  return { method, totalMarks: total(sections), sections };
}

describe('round trip', () => {
  it('should give back the same scheme from its rows (scheme → rows → scheme)', () => {
    fc.assert(
      fc.property(fc.array(shapeArb, { minLength: 1, maxLength: 4 }), fc.constantFrom(...AGGREGATION_METHODS), (shapes, method) => {
        const scheme = schemeOf(shapes, method);
        fc.pre(validateScheme({ stage: 's', ...scheme }).length === 0 && MarkingSchemeBody.safeParse(scheme).success);
        const rows = schemeToSheetRows(scheme);
        const back = schemeFromSheet(rows, methodCellOf(methodSheetRows(method)));
        expect(back.problems).toEqual([]);
        expect(back.scheme).toEqual(scheme);
      }),
      { numRuns: 200 },
    );
  });

  it('should read marks text exactly as written for every two-decimal value', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 100_000_00 }), (h) => {
        const text = `${Math.floor(h / 100)}.${String(h % 100).padStart(2, '0')}`;
        expect(parseMarksText(text)).toEqual({ ok: true, hundredths: h });
        // And as the number a spreadsheet cell holds.
        expect(parseMarksText(Number(text))).toEqual({ ok: true, hundredths: h });
      }),
    );
  });
});
