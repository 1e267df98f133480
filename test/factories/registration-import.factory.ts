import { IMPORT_COLUMNS } from '@dz/contracts';
import { residentIdCheckDigit } from '@dz/domain';
import ExcelJS from 'exceljs';

export type ImportColumn = (typeof IMPORT_COLUMNS)[number];
/** One row of the import template, by column; a number stands for a number cell. */
export type ImportRowValues = Record<ImportColumn, string | number>;

/** An 18-character resident ID with a valid check digit; `birth` is YYYYMMDD. */
export function residentId(birth: string, sequence: number, region = '511702'): string {
  const first17 = `${region}${birth}${String(sequence).padStart(3, '0')}`;
  return `${first17}${residentIdCheckDigit(first17)}`;
}

const DAY_MS = 24 * 60 * 60 * 1000;
const FIRST_BIRTH = Date.UTC(1980, 0, 1);

/**
 * A valid row for the i-th person (0 ≤ i < 36,500): a distinct ID number (born 1980–1989, so
 * 37–47 years old in 2027) and phone, 中级工 with a certificate, employer in Dazhou, the welding
 * occupation. Override any column.
 */
export function importRow(i: number, overrides: Partial<ImportRowValues> = {}): ImportRowValues {
  const birth = new Date(FIRST_BIRTH + (i % 3650) * DAY_MS).toISOString().slice(0, 10).replaceAll('-', '');
  return {
    姓名: `选手${String(i).padStart(4, '0')}`,
    身份证号: residentId(birth, 100 + Math.floor(i / 3650)),
    手机号: `139${String(i).padStart(8, '0')}`,
    区县: '通川区',
    工作单位或学校: '达州市钢铁集团有限公司',
    单位是否在达州: '是',
    职业技能等级: '中级工',
    证书编号: `ZS-${String(i).padStart(6, '0')}`,
    职业编码: '6-18-02-04',
    团队名称: '',
    ...overrides,
  };
}

export interface WorkbookOptions {
  header?: readonly string[];
  sheetName?: string;
}

/** An .xlsx with the header (the template's unless given) and the rows, as exceljs writes it. */
export async function importWorkbook(rows: readonly (ImportRowValues | readonly (string | number)[])[], options: WorkbookOptions = {}): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet(options.sheetName ?? '报名表');
  sheet.addRow([...(options.header ?? IMPORT_COLUMNS)]);
  for (const row of rows) sheet.addRow(Array.isArray(row) ? [...row] : IMPORT_COLUMNS.map((c) => (row as ImportRowValues)[c]));
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
