import { AGGREGATION_METHODS, MarkingSchemeBody, SCHEME_METHOD_LABEL, SCHEME_SETTINGS_SHEET, SCHEME_SHEET_COLUMNS, SchemeKey } from '@dz/contracts';
import { toHundredths } from './hundredths';
import {
  ASPECT_KIND_LABELS,
  ASPECT_KINDS,
  schemeMax,
  validateScheme,
  type AggregationMethod,
  type AspectKind,
  type SchemeAspect,
  type SchemeSection,
} from './marking-scheme';

/**
 * A marking scheme (评分表) as spreadsheet rows, both ways: `schemeToSheetRows` writes the rows of
 * the template, `schemeFromSheet` reads rows back into a scheme, or names every problem by its
 * row. Pure: the API reads the .xlsx (exceljs) and hands over plain cell values.
 *
 * The sheet (libs/contracts scheme-sheet.ts): row 1 is the header
 *   部分编号 | 部分名称 | 上级部分编号 | 评分项编号 | 评分项名称 | 类型 | 分值
 * then one row per section or aspect:
 * - a section row fills only the first three columns: its key, its title and, for a subsection,
 *   the key of its parent section, which must be declared on an earlier row;
 * - an aspect row fills 部分编号 (its section, declared on an earlier row), 评分项编号,
 *   评分项名称, 类型 (测量 / 评价 / 扣分) and 分值 (marks, at most two decimals); 部分名称 and
 *   上级部分编号 may be left blank or repeat the section's;
 * - blank rows are skipped. Keys are unique across the whole sheet.
 * The method (汇总方式) is one cell of the 设置 sheet: 平均分, 去掉最高最低取平均 or 中位数 (mean
 * when absent). The total is the sum of the measurement and judgement maxima.
 */

/** What a cell may hold once read: the API turns formulas, rich text and links into these. */
export type SheetCell = string | number | boolean | null | undefined;

/** A problem or remark about the file: `row` as Excel numbers it (the header is row 1), null for the whole file. */
export interface SheetProblem {
  row: number | null;
  /** Chinese, self-contained: 第 5 行：类型「打分」无效… */
  message: string;
}

export interface SheetScheme {
  method: AggregationMethod;
  /** Hundredths: the sum of the measurement and judgement maxima. */
  totalMarks: number;
  sections: SchemeSection[];
}

export interface SchemeSheetResult {
  /** Null when there are problems. */
  scheme: SheetScheme | null;
  problems: SheetProblem[];
  /** Remarks that did not stop the import (e.g. the method defaulted to the mean). */
  notes: SheetProblem[];
  /** Section and aspect rows read (blank rows not counted). */
  rows: number;
}

/** The method as the sheet writes it. */
export const METHOD_SHEET_LABELS: Readonly<Record<AggregationMethod, string>> = {
  mean: '平均分',
  trimmed_mean: '去掉最高最低取平均',
  median: '中位数',
};

/** Every spelling the sheet accepts for a method (spaces and punctuation aside). */
const METHOD_SPELLINGS: ReadonlyMap<string, AggregationMethod> = new Map<string, AggregationMethod>([
  ['平均分', 'mean'],
  ['平均', 'mean'],
  ['算术平均', 'mean'],
  ['mean', 'mean'],
  ['去掉最高最低取平均', 'trimmed_mean'],
  ['去掉最高分最低分取平均', 'trimmed_mean'],
  ['去掉最高分和最低分取平均', 'trimmed_mean'],
  ['去掉一个最高分和一个最低分后取平均', 'trimmed_mean'],
  ['去掉一个最高分和一个最低分取平均', 'trimmed_mean'],
  ['截尾平均', 'trimmed_mean'],
  ['trimmed_mean', 'trimmed_mean'],
  ['中位数', 'median'],
  ['median', 'median'],
]);

const KIND_SPELLINGS: ReadonlyMap<string, AspectKind> = new Map<string, AspectKind>([
  ...ASPECT_KINDS.map((k) => [ASPECT_KIND_LABELS[k], k] as const),
  ...ASPECT_KINDS.map((k) => [k, k] as const),
  ['测量分', 'measurement'],
  ['评价分', 'judgement'],
  ['扣分项', 'deduction'],
]);

/** Most marks one aspect may have (the contract's maximum, 100 000 marks). */
const MAX_MARKS_HUNDREDTHS = 100_000_00;

/** First characters a spreadsheet export escapes with a leading apostrophe (safe-xlsx escapeCell). */
const FORMULA_TRIGGERS = new Set(['=', '+', '-', '@', '\t', '\r', '＝', '＋', '－', '＠']);

/** A cell as trimmed text; the apostrophe an export put before a formula-like text is dropped. */
export function sheetText(cell: SheetCell): string {
  if (cell === null || cell === undefined) return '';
  const text = (typeof cell === 'string' ? cell : String(cell)).trim();
  return text.startsWith("'") && FORMULA_TRIGGERS.has(text.charAt(1)) ? text.slice(1) : text;
}

/** Full-width digits and point (typed with a Chinese input method) as ASCII. */
function asciiDigits(text: string): string {
  return text.replace(/[０-９]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0)).replace(/[．。]/g, '.');
}

/**
 * Marks as typed (text like `12.5`, or a number cell) → hundredths, exactly: text is read digit
 * by digit, never multiplied as a float. At most two decimals (trailing zeros beyond them are
 * fine), more than 0, at most 100 000 marks.
 */
export function parseMarksText(cell: SheetCell): { ok: true; hundredths: number } | { ok: false; message: string } {
  if (typeof cell === 'number') {
    if (!Number.isFinite(cell)) return { ok: false, message: '分值不是有效数字' };
    if (cell <= 0) return { ok: false, message: '分值须大于 0' };
    if (cell > MAX_MARKS_HUNDREDTHS / 100) return { ok: false, message: '分值过大（每项最多 100000 分）' };
    try {
      return { ok: true, hundredths: toHundredths(cell) };
    } catch {
      return { ok: false, message: `分值最多两位小数（收到 ${String(cell)}）` };
    }
  }
  const text = asciiDigits(sheetText(cell)).replace(/\s+/g, '').replace(/分$/, '');
  if (text === '') return { ok: false, message: '请填写分值' };
  const match = /^\+?(\d*)(?:\.(\d*))?$/.exec(text);
  if (match === null || (match[1] === '' && (match[2] ?? '') === '')) {
    return /^-\d/.test(text) ? { ok: false, message: '分值须大于 0' } : { ok: false, message: `分值「${sheetText(cell)}」不是数字` };
  }
  const whole = match[1].replace(/^0+(?=\d)/, '');
  const fraction = match[2] ?? '';
  if (fraction.length > 2 && !/^0*$/.test(fraction.slice(2))) return { ok: false, message: `分值最多两位小数（收到 ${sheetText(cell)}）` };
  if (whole.length > 6) return { ok: false, message: '分值过大（每项最多 100000 分）' };
  const hundredths = Number(whole || '0') * 100 + Number(fraction.slice(0, 2).padEnd(2, '0'));
  if (hundredths === 0) return { ok: false, message: '分值须大于 0' };
  if (hundredths > MAX_MARKS_HUNDREDTHS) return { ok: false, message: '分值过大（每项最多 100000 分）' };
  return { ok: true, hundredths };
}

/** The method of a 设置 cell; null for text the sheet does not know. */
export function parseSheetMethod(cell: SheetCell): AggregationMethod | null {
  const text = sheetText(cell).replace(/[\s,，、。;；]/g, '').toLowerCase();
  return METHOD_SPELLINGS.get(text) ?? null;
}

/** The kind of a 类型 cell; null for text the sheet does not know. */
export function parseSheetKind(cell: SheetCell): AspectKind | null {
  return KIND_SPELLINGS.get(sheetText(cell).replace(/\s+/g, '').toLowerCase()) ?? null;
}

/** A mark in hundredths as a number cell (1250 → 12.5), read from its exact decimal text. */
function marksCell(hundredths: number): number {
  const whole = Math.floor(hundredths / 100);
  const fraction = String(hundredths % 100).padStart(2, '0');
  return Number(`${whole}.${fraction}`);
}

/**
 * The rows of `scheme` as the template writes them, header first: each section's row, then its
 * aspects, then its subsections (depth first). Marks are number cells.
 */
export function schemeToSheetRows(scheme: { sections: readonly SchemeSection[] }): SheetCell[][] {
  const rows: SheetCell[][] = [[...SCHEME_SHEET_COLUMNS]];
  const walk = (sections: readonly SchemeSection[], parentKey: string) => {
    for (const section of sections) {
      rows.push([section.key, section.title, parentKey, '', '', '', '']);
      for (const aspect of section.aspects) {
        rows.push([section.key, '', '', aspect.key, aspect.title, ASPECT_KIND_LABELS[aspect.kind], marksCell(aspect.maxMarks)]);
      }
      walk(section.sections, section.key);
    }
  };
  walk(scheme.sections, '');
  return rows;
}

/** The 设置 sheet's rows for `method`. */
export function methodSheetRows(method: AggregationMethod): SheetCell[][] {
  return [
    ['项目', '内容'],
    [SCHEME_METHOD_LABEL, METHOD_SHEET_LABELS[method]],
  ];
}

/** The 汇总方式 cell of the 设置 sheet's rows (column B of the row whose column A says 汇总方式). */
export function methodCellOf(rows: readonly (readonly SheetCell[])[]): SheetCell {
  const row = rows.find((r) => sheetText(r[0]) === SCHEME_METHOD_LABEL);
  return row ? row[1] : undefined;
}

interface Declared {
  section: SchemeSection;
  row: number;
  parentKey: string;
  path: string;
}

const at = (row: number | null, message: string): SheetProblem => ({ row, message: row === null ? message : `第 ${row} 行：${message}` });

/** The row of the longest prefix of `path` (sections.0.aspects.2.maxMarks) that is a row. */
function rowOfPath(paths: ReadonlyMap<string, number>, path: string): number | null {
  const parts = path.split('.');
  while (parts.length > 0) {
    const row = paths.get(parts.join('.'));
    if (row !== undefined) return row;
    parts.pop();
  }
  return null;
}

/**
 * Reads a scheme from the sheet's rows (`rows[0]` is row 1, the header; a row may be shorter
 * than the header) and the 设置 sheet's method cell (`undefined` when there is none). Every
 * problem names its row; the scheme is checked against the contract and `validateScheme` too,
 * so a scheme returned (no problems) is one the PUT accepts.
 */
export function schemeFromSheet(rows: readonly (readonly SheetCell[])[], methodCell?: SheetCell): SchemeSheetResult {
  const problems: SheetProblem[] = [];
  const notes: SheetProblem[] = [];
  const fail = (): SchemeSheetResult => ({ scheme: null, problems, notes, rows: 0 });

  const header = (rows[0] ?? []).slice(0, SCHEME_SHEET_COLUMNS.length).map(sheetText);
  if (SCHEME_SHEET_COLUMNS.some((column, i) => header[i] !== column)) {
    problems.push(at(1, `表头应为「${SCHEME_SHEET_COLUMNS.join(' | ')}」，请使用评分表模板，不要修改列名或调整列的顺序`));
    return fail();
  }

  let method: AggregationMethod = 'mean';
  if (sheetText(methodCell) === '') {
    notes.push(at(null, `未在「${SCHEME_SETTINGS_SHEET}」工作表中填写${SCHEME_METHOD_LABEL}，按平均分汇总`));
  } else {
    const parsed = parseSheetMethod(methodCell);
    if (parsed === null) {
      problems.push(
        at(null, `「${SCHEME_SETTINGS_SHEET}」工作表的${SCHEME_METHOD_LABEL}「${sheetText(methodCell)}」无效：须为${AGGREGATION_METHODS.map((m) => METHOD_SHEET_LABELS[m]).join('、')}`),
      );
    } else {
      method = parsed;
    }
  }

  // Every section key and the row that declares it, to tell "later" from "missing".
  const sectionRows = new Map<string, number>();
  rows.forEach((cells, i) => {
    if (i > 0 && sheetText(cells[3]) === '' && sheetText(cells[0]) !== '' && !sectionRows.has(sheetText(cells[0]))) sectionRows.set(sheetText(cells[0]), i + 1);
  });
  const missingSection = (key: string, row: number, what: string): string => {
    const declaredAt = sectionRows.get(key);
    return declaredAt !== undefined && declaredAt > row
      ? `${what}「${key}」在第 ${declaredAt} 行才声明，须写在本行之前`
      : `${what}「${key}」不存在：请先用一行声明该部分（只填部分编号、部分名称）`;
  };

  const top: SchemeSection[] = [];
  const declared = new Map<string, Declared>();
  /** Key → row of its first use (sections and aspects share one namespace). */
  const keys = new Map<string, number>();
  /** Path in the scheme → row, to place the contract's and validateScheme's problems. */
  const paths = new Map<string, number>();
  let read = 0;

  const checkKey = (key: string, row: number, what: string): boolean => {
    const parsed = SchemeKey.safeParse(key);
    if (!parsed.success) {
      problems.push(at(row, `${what}「${key}」有误：${parsed.error.issues[0]?.message ?? '格式不正确'}`));
      return false;
    }
    const first = keys.get(key);
    if (first !== undefined) {
      problems.push(at(row, `${what}「${key}」与第 ${first} 行重复（部分和评分项的编号在整张表中不能重复）`));
      return false;
    }
    keys.set(key, row);
    return true;
  };

  rows.forEach((cells, i) => {
    if (i === 0) return;
    const row = i + 1;
    const [sectionKey, sectionTitle, parentKey, aspectKey, aspectTitle, kindText] = Array.from({ length: 6 }, (_, c) => sheetText(cells[c]));
    const marks = cells[6];
    const marksBlank = sheetText(marks) === '';
    if ([sectionKey, sectionTitle, parentKey, aspectKey, aspectTitle, kindText].every((t) => t === '') && marksBlank) return;
    read += 1;

    if (aspectKey === '' && aspectTitle === '' && kindText === '' && marksBlank) {
      // A section.
      if (sectionKey === '') {
        problems.push(at(row, '请填写部分编号（声明评分部分），或填写评分项编号（评分项）'));
        return;
      }
      if (!checkKey(sectionKey, row, '部分编号')) return;
      if (sectionTitle === '') problems.push(at(row, `请填写部分「${sectionKey}」的部分名称`));
      let parent: Declared | undefined;
      if (parentKey !== '') {
        if (parentKey === sectionKey) {
          problems.push(at(row, '上级部分编号不能是本部分自己'));
          return;
        }
        parent = declared.get(parentKey);
        if (parent === undefined) {
          problems.push(at(row, missingSection(parentKey, row, '上级部分')));
          return;
        }
      }
      const section: SchemeSection = { key: sectionKey, title: sectionTitle, aspects: [], sections: [] };
      const siblings = parent ? parent.section.sections : top;
      const path = `${parent ? `${parent.path}.sections` : 'sections'}.${siblings.length}`;
      siblings.push(section);
      declared.set(sectionKey, { section, row, parentKey, path });
      paths.set(path, row);
      return;
    }

    // An aspect.
    if (aspectKey === '') {
      problems.push(at(row, '请填写评分项编号（只声明部分的行不要填写评分项名称、类型和分值）'));
      return;
    }
    if (sectionKey === '') {
      problems.push(at(row, `评分项「${aspectKey}」缺少部分编号：请填写它所属评分部分的编号`));
      return;
    }
    const owner = declared.get(sectionKey);
    if (owner === undefined) {
      problems.push(at(row, missingSection(sectionKey, row, '部分')));
      return;
    }
    if (sectionTitle !== '' && sectionTitle !== owner.section.title) {
      problems.push(at(row, `部分名称「${sectionTitle}」与第 ${owner.row} 行声明的「${owner.section.title}」不一致（评分项行可不填部分名称）`));
    }
    if (parentKey !== '' && parentKey !== owner.parentKey) {
      problems.push(at(row, `上级部分编号「${parentKey}」与第 ${owner.row} 行声明的不一致（评分项行可不填上级部分编号）`));
    }
    const keyOk = checkKey(aspectKey, row, '评分项编号');
    const kind = parseSheetKind(kindText);
    if (kind === null) {
      problems.push(at(row, kindText === '' ? '请填写类型：测量、评价或扣分' : `类型「${kindText}」无效：须为测量、评价或扣分`));
    }
    const parsedMarks = parseMarksText(marks);
    if (!parsedMarks.ok) problems.push(at(row, parsedMarks.message));
    if (!keyOk || kind === null || !parsedMarks.ok) return;
    const aspect: SchemeAspect = { key: aspectKey, title: aspectTitle, kind, maxMarks: parsedMarks.hundredths };
    const path = `${owner.path}.aspects.${owner.section.aspects.length}`;
    owner.section.aspects.push(aspect);
    paths.set(path, row);
  });

  if (read === 0) {
    problems.push(at(null, '文件中没有评分部分和评分项：请在表头下方逐行填写'));
    return fail();
  }
  if (problems.length > 0) return { ...fail(), rows: read };

  const scheme: SheetScheme = { method, totalMarks: schemeMax({ sections: top }), sections: top };
  // With no scored aspect the total is 0; "至少要有一个测量或评价评分项" says it better than "总分须大于 0".
  const noTotal = (path: string) => scheme.totalMarks === 0 && path === 'totalMarks';
  const contract = MarkingSchemeBody.safeParse(scheme);
  const seen = new Set<string>();
  const report = (path: string, message: string) => {
    if (noTotal(path)) return;
    const problem = at(rowOfPath(paths, path), message);
    const id = `${problem.row}|${problem.message}`;
    if (seen.has(id)) return;
    seen.add(id);
    problems.push(problem);
  };
  if (!contract.success) {
    for (const issue of contract.error.issues) report(issue.path.map(String).join('.'), issue.message);
  }
  for (const problem of validateScheme({ stage: 'sheet', ...scheme })) report(problem.path, problem.message);
  problems.sort((a, b) => (a.row ?? Infinity) - (b.row ?? Infinity));
  return problems.length > 0 ? { ...fail(), rows: read } : { scheme, problems, notes, rows: read };
}
