import { COUNTIES, type EligibilityRules, IMPORT_COLUMNS, IMPORT_DATA_SHEET, IMPORT_MAX_BYTES, IMPORT_MAX_ROWS, IMPORT_REPORT_COLUMNS, IMPORT_SAMPLE_MARKER, SKILL_LEVEL_LABELS, SKILL_LEVELS } from '@dz/contracts';
import { residentIdCheckDigit } from '@dz/domain';
import ExcelJS, { type CellValue } from 'exceljs';
import { escapeCell, type XlsxSheet } from '../../common/xlsx/safe-xlsx';

/**
 * The two workbooks of the Excel import that the API writes: the template to fill in and the
 * error report (the bad rows as uploaded, plus why). The worker reads what comes back; the
 * names below (data sheet, sample marker, report columns) are the ones it knows.
 */

/** The sheet the worker reads first. */
export const DATA_SHEET = IMPORT_DATA_SHEET;
/** Rows whose 姓名 starts with this are the template's sample: the worker skips them. */
export const SAMPLE_MARKER = IMPORT_SAMPLE_MARKER;
/** Added by the report after the template's columns; the worker accepts a corrected report as it is. */
export const REPORT_COLUMNS = IMPORT_REPORT_COLUMNS;

/** Columns typed as text, so Excel keeps 18-digit ID numbers and leading zeros. */
const TEXT_COLUMNS = new Set<string>(['身份证号', '手机号', '证书编号', '职业编码']);
const WIDTHS: Record<(typeof IMPORT_COLUMNS)[number], number> = {
  姓名: 12,
  身份证号: 22,
  手机号: 15,
  区县: 14,
  工作单位或学校: 28,
  单位是否在达州: 14,
  职业技能等级: 14,
  证书编号: 20,
  职业编码: 13,
  团队名称: 16,
};

export interface TemplateEvent {
  title: string;
  occupationCode: string;
  teamSize: number;
  startsAt: Date;
  eligibility: EligibilityRules;
}

/** The import template for one event: the header, one sample row and a sheet of instructions. */
export async function buildTemplate(event: TemplateEvent, occupationNames: Readonly<Record<string, string>>): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = '达州技能大赛';
  const sheet = workbook.addWorksheet(DATA_SHEET, { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = IMPORT_COLUMNS.map((header) => ({
    header,
    width: WIDTHS[header],
    style: TEXT_COLUMNS.has(header) ? { numFmt: '@' } : {},
  }));
  const header = sheet.getRow(1);
  header.font = { bold: true };
  header.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE6F4FF' } };
  const team = event.teamSize > 1;
  const sample = [
    `${SAMPLE_MARKER}张三`,
    `51170219900101123${residentIdCheckDigit('51170219900101123')}`,
    '13800000000',
    COUNTIES[0],
    '达州市某某机械有限公司',
    '是',
    SKILL_LEVEL_LABELS.intermediate,
    'ZS-2024-000123',
    event.occupationCode,
    team ? '示例一队' : '',
  ];
  const row = sheet.addRow(sample.map((value) => escapeCell(value)));
  row.font = { italic: true, color: { argb: 'FF8C8C8C' } };

  const help = workbook.addWorksheet('填写说明');
  help.getColumn(1).width = 110;
  const lines = instructions(event, occupationNames);
  lines.forEach((line, i) => {
    const cell = help.getCell(i + 1, 1);
    cell.value = escapeCell(line);
    cell.alignment = { wrapText: true, vertical: 'top' };
    if (i === 0) cell.font = { bold: true, size: 14 };
  });
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

function instructions(event: TemplateEvent, occupationNames: Readonly<Record<string, string>>): string[] {
  const occupation = (code: string) => (occupationNames[code] ? `${occupationNames[code]}（${code}）` : code);
  const rules = eligibilityLines(event, occupation);
  return [
    `「${event.title}」报名导入模板 · 填写说明`,
    `1. 在「${DATA_SHEET}」工作表中每行填写一名选手；第 1 行是表头，请勿修改列名或调整列的顺序。`,
    `2. 第 2 行是示例（姓名以「${SAMPLE_MARKER}」开头），导入时会自动忽略，也可以直接删除。`,
    `3. 每个文件最多 ${IMPORT_MAX_ROWS} 行，不超过 ${Math.round(IMPORT_MAX_BYTES / 1024 / 1024)} MB，只接受 .xlsx 格式（旧版 .xls 请先另存为 .xlsx）。`,
    '4. 各列填写要求：',
    '   姓名：2–32 个字。',
    '   身份证号：18 位居民身份证号码，最后一位可为 X；本列已设为文本格式，从别处粘贴时请选择「只粘贴值」，否则 Excel 会把号码末几位变成 0。',
    '   手机号：11 位手机号码。',
    `   区县：${COUNTIES.join('、')} 之一。`,
    '   工作单位或学校：2–60 个字。',
    '   单位是否在达州：填写「是」或「否」。',
    `   职业技能等级：${SKILL_LEVELS.map((l) => SKILL_LEVEL_LABELS[l]).join('、')} 之一；没有等级请留空。`,
    '   证书编号：填写了职业技能等级时必须填写（至少 4 位）。',
    `   职业编码：《职业分类大典》编码，如 ${event.occupationCode}。`,
    event.teamSize > 1
      ? `   团队名称：本赛项为团体赛，每队 ${event.teamSize} 人；同一队的各行填写相同的团队名称（2–30 个字），每队的第一行为队长。`
      : '   团队名称：本赛项为个人赛，留空即可。',
    '5. 本赛项的参赛条件（与在线报名相同，逐行检查）：',
    ...rules.map((line) => `   ${line}`),
    '6. 同一人（以身份证号为准）在本赛项只能报名一次：文件中重复的人会被标为错误；已经报名的人会被跳过，所以同一文件重复上传不会重复报名。',
    '7. 导入方式：「只导入无误的行」跳过有错误的行；「全部无误才导入」只要有一行错误就整个文件都不导入。',
    '8. 导入完成后可下载错误报告：保留有错误的原始各行，最后一列写明原因；改正后可直接上传该报告。',
  ];
}

function eligibilityLines(event: TemplateEvent, occupation: (code: string) => string): string[] {
  const e = event.eligibility;
  const lines: string[] = [];
  const day = event.startsAt.toLocaleDateString('zh-CN', { timeZone: 'Asia/Shanghai' });
  if (e.ageMin !== null || e.ageMax !== null) {
    const range = e.ageMin !== null && e.ageMax !== null ? `${e.ageMin}–${e.ageMax} 岁` : e.ageMin !== null ? `不小于 ${e.ageMin} 岁` : `不大于 ${e.ageMax} 岁`;
    lines.push(`年龄：${range}（按比赛日 ${day} 计算周岁）`);
  }
  if (e.skillLevelMin || e.skillLevelMax) {
    const min = e.skillLevelMin ? SKILL_LEVEL_LABELS[e.skillLevelMin] : null;
    const max = e.skillLevelMax ? SKILL_LEVEL_LABELS[e.skillLevelMax] : null;
    lines.push(`职业技能等级：${min && max ? `${min} 至 ${max}` : min ? `${min} 及以上` : `${max} 及以下`}`);
  }
  if (e.counties.length > 0) lines.push(`区县：${e.counties.join('、')}`);
  if (e.requireDazhouEmployer) lines.push('须在达州市内的单位工作或就读（单位是否在达州填「是」）');
  if (e.occupationCodes.length > 0) lines.push(`职业：${e.occupationCodes.map(occupation).join('、')}`);
  return lines.length > 0 ? lines : ['无特别限制'];
}

export interface ReportRow {
  row: number;
  message: string;
}

/**
 * The error report: for each bad row, its cells as uploaded (as text), its row number in the
 * uploaded file and the reason, last. `data` has passed the zip guard at upload.
 */
export async function reportSheets(data: Buffer, errors: readonly ReportRow[]): Promise<XlsxSheet[]> {
  const workbook = new ExcelJS.Workbook();
  // exceljs types its parameter as Node's older Buffer; the runtime takes any Buffer.
  await workbook.xlsx.load(data as unknown as ArrayBuffer);
  const sheet = workbook.getWorksheet(DATA_SHEET) ?? workbook.worksheets[0];
  const keys = IMPORT_COLUMNS.map((_, i) => `c${i}`);
  const rows = errors.map(({ row, message }) => {
    const cells = sheet ? sheet.getRow(row) : null;
    const values: Record<string, unknown> = { row, message };
    keys.forEach((key, i) => (values[key] = cells ? cellText(cells.getCell(i + 1).value) : ''));
    return values;
  });
  return [
    {
      name: DATA_SHEET,
      columns: [
        ...IMPORT_COLUMNS.map((header, i) => ({ header, key: keys[i], width: WIDTHS[header] })),
        { header: REPORT_COLUMNS[0], key: 'row', width: 12 },
        { header: REPORT_COLUMNS[1], key: 'message', width: 80 },
      ],
      rows,
    },
  ];
}

/** A cell's text as the person typed it (rich text joined, a formula's result, a link's text). */
export function cellText(value: CellValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return Number.isInteger(value) && Math.abs(value) < 1e21 ? value.toFixed(0) : String(value);
  if (typeof value === 'boolean') return value ? '是' : '否';
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? '' : value.toISOString().slice(0, 10);
  if ('richText' in value) return value.richText.map((r) => r.text).join('');
  if ('hyperlink' in value) return cellText(value.text as CellValue);
  if ('formula' in value || 'sharedFormula' in value) return cellText((value.result ?? null) as CellValue);
  if ('error' in value) return String(value.error);
  return '';
}
