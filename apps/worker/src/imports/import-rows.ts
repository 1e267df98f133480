import { COUNTIES, EntryPersonBody, IMPORT_COLUMNS, IMPORT_REPORT_COLUMNS, IMPORT_SAMPLE_MARKER, RegisterBody, SKILL_LEVEL_LABELS, SKILL_LEVELS, type SkillLevel } from '@dz/contracts';
import type { CellText } from './cell-text';

/**
 * One row of the Excel template → the body of a single registration (`EntryPersonBody`),
 * validated with that same contract, so an imported row passes exactly when the person could
 * have typed it into the form. Pure: no I/O, no clock.
 */

type Column = (typeof IMPORT_COLUMNS)[number];
type PersonField = keyof EntryPersonBody;

/** Which field each template column fills (the order is IMPORT_COLUMNS'). */
const FIELD_OF: Record<Column, PersonField | 'teamName'> = {
  姓名: 'name',
  身份证号: 'idNumber',
  手机号: 'phone',
  区县: 'county',
  工作单位或学校: 'employer',
  单位是否在达州: 'employerInDazhou',
  职业技能等级: 'skillLevel',
  证书编号: 'certificateNo',
  职业编码: 'occupationCode',
  团队名称: 'teamName',
};
const COLUMN_OF = Object.fromEntries(Object.entries(FIELD_OF).map(([column, field]) => [field, column])) as Record<PersonField | 'teamName', Column>;
const INDEX_OF = Object.fromEntries(IMPORT_COLUMNS.map((column, index) => [FIELD_OF[column], index])) as Record<PersonField | 'teamName', number>;

/** Columns the error report adds after the template's; a corrected report may be uploaded as it is. */
export const REPORT_COLUMNS = IMPORT_REPORT_COLUMNS;

/** Rows whose 姓名 starts with this are the template's sample and are skipped. */
export const SAMPLE_MARKER = IMPORT_SAMPLE_MARKER;

const SKILL_LEVEL_BY_LABEL = new Map<string, SkillLevel>(SKILL_LEVELS.map((level) => [SKILL_LEVEL_LABELS[level], level]));
const YES = new Set(['是', 'Y', 'YES', 'TRUE', '1']);
const NO = new Set(['否', 'N', 'NO', 'FALSE', '0']);

/**
 * Null when the header is the template's (optionally followed by the report's own columns),
 * else a Chinese message naming what is missing, extra or out of order.
 */
export function headerProblem(header: readonly string[]): string | null {
  const expected: readonly string[] = IMPORT_COLUMNS;
  const own = header.slice(0, expected.length);
  const rest = header.slice(expected.length);
  const reportOnly = rest.every((h) => (REPORT_COLUMNS as readonly string[]).includes(h));
  if (own.length === expected.length && own.every((h, i) => h === expected[i]) && reportOnly) return null;
  if (header.length === 0) return '文件的第一个工作表是空的：第 1 行应为表头，请使用导入模板';
  const present = new Set(header.filter((h) => h !== ''));
  const missing = expected.filter((column) => !present.has(column));
  const extra = [...present].filter((h) => !expected.includes(h) && !(REPORT_COLUMNS as readonly string[]).includes(h));
  const parts: string[] = [];
  if (missing.length > 0) parts.push(`缺少列：${missing.map((c) => `「${c}」`).join('、')}`);
  if (extra.length > 0) parts.push(`多出列：${extra.map((c) => `「${c}」`).join('、')}`);
  if (parts.length === 0) parts.push('列的顺序与模板不一致');
  return `表头与导入模板不一致（${parts.join('；')}）。第 1 行应依次为：${expected.join('、')}`;
}

export interface MappedRow {
  teamName: string | null;
  person: EntryPersonBody;
}

export type RowCheck = { ok: true; value: MappedRow } | { ok: false; message: string };

/** True for the template's sample row, which an organiser may leave in. */
export function isSampleRow(cells: readonly CellText[]): boolean {
  return (cells[INDEX_OF.name]?.text ?? '').startsWith(SAMPLE_MARKER);
}

/**
 * Maps a row's cells (in IMPORT_COLUMNS order) to a person and validates it with the single
 * entry's contract. Every problem of the row is reported, each led by its column's name:
 * `身份证号：…；手机号：…`.
 */
export function checkRow(cells: readonly CellText[]): RowCheck {
  const text = (field: PersonField | 'teamName') => cells[INDEX_OF[field]]?.text ?? '';
  const orNull = (field: PersonField | 'teamName') => (text(field) === '' ? null : text(field));
  const problems: string[] = [];
  const say = (field: PersonField | 'teamName', message: string) => problems.push(`${COLUMN_OF[field]}：${message}`);

  const idCell = cells[INDEX_OF.idNumber];
  if (idCell?.numeric) {
    say('idNumber', '单元格是数字格式，Excel 会把 18 位号码的末几位变成 0；请把该列设为「文本」后重新填写');
  }
  const yesNo = text('employerInDazhou').toUpperCase();
  const employerInDazhou = YES.has(yesNo) ? true : NO.has(yesNo) ? false : undefined;
  if (employerInDazhou === undefined) say('employerInDazhou', yesNo === '' ? '请填写「是」或「否」' : `应填写「是」或「否」，不能是「${text('employerInDazhou')}」`);
  const levelText = text('skillLevel');
  const skillLevel = levelText === '' ? null : SKILL_LEVEL_BY_LABEL.get(levelText);
  if (skillLevel === undefined) say('skillLevel', `「${levelText}」不是职业技能等级，应为 ${SKILL_LEVELS.map((l) => SKILL_LEVEL_LABELS[l]).join('、')} 之一，没有等级请留空`);

  const parsed = EntryPersonBody.safeParse({
    name: text('name'),
    idNumber: text('idNumber'),
    phone: text('phone'),
    county: text('county'),
    employer: text('employer'),
    // Unknown values were reported above; `false` keeps their zod check from repeating it.
    employerInDazhou: employerInDazhou ?? false,
    skillLevel: skillLevel ?? null,
    certificateNo: orNull('certificateNo'),
    occupationCode: text('occupationCode'),
  });
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const field = issue.path[0] as PersonField | undefined;
      if (field === undefined || !(field in INDEX_OF)) {
        problems.push(issue.message);
      } else if (field === 'county') {
        say('county', text('county') === '' ? '请填写区县' : `「${text('county')}」不是达州市的区县，应为 ${COUNTIES.join('、')} 之一`);
      } else if (!(idCell?.numeric && field === 'idNumber')) {
        say(field, issue.message);
      }
    }
  }
  const teamName = RegisterBody.shape.teamName.safeParse(orNull('teamName'));
  if (!teamName.success) say('teamName', teamName.error.issues[0]?.message ?? '团队名称有误');
  if (problems.length > 0 || !parsed.success || !teamName.success) return { ok: false, message: problems.join('；') };
  return { ok: true, value: { teamName: teamName.data, person: parsed.data } };
}

/** The 团队名称 cell as typed (trimmed): rows with the same one form one team entry. */
export function teamKey(cells: readonly CellText[]): string {
  return cells[INDEX_OF.teamName]?.text ?? '';
}
