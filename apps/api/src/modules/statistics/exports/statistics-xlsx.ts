import type { StatisticsTableData } from '@dz/domain';
import ExcelJS from 'exceljs';

import { escapeCell } from '../../../common/xlsx/safe-xlsx';

/** A headline figure of the annual report's first sheet. */
export interface ReportSummaryLine {
  label: string;
  value: number | string;
  unit: string;
}

/** What the statistics files hold: a title, the filters in words, headline figures and tables. */
export interface StatisticsReport {
  title: string;
  filters: string;
  summary: ReportSummaryLine[];
  tables: StatisticsTableData[];
}

const FONT = '宋体';
const THIN: Partial<ExcelJS.Border> = { style: 'thin', color: { argb: 'FF000000' } };
const BORDER: Partial<ExcelJS.Borders> = { top: THIN, left: THIN, bottom: THIN, right: THIN };
const HEADER_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFD9E1F2' } };

/** A sheet name Excel accepts: no `[ ] : * ? / \`, at most 31 characters, unique in the book. */
export function sheetName(title: string, taken: Set<string>): string {
  const base = title.replace(/[[\]:*?/\\'“”]/g, '').slice(0, 28) || '表';
  let name = base;
  for (let i = 2; taken.has(name); i += 1) name = `${base.slice(0, 26)}${i}`;
  taken.add(name);
  return name;
}

/** Display width of text in Excel's unit: a CJK character is about two "0"s. */
const widthOf = (value: unknown) => [...String(value ?? '')].reduce((w, ch) => w + (ch.charCodeAt(0) > 0x2e80 ? 2 : 1), 0);

function writeTable(sheet: ExcelJS.Worksheet, table: StatisticsTableData, heading: string, filters: string): void {
  const span = Math.max(table.columns.length, 2);
  sheet.addRow([escapeCell(heading)]);
  sheet.mergeCells(1, 1, 1, span);
  sheet.getRow(1).font = { name: FONT, size: 14, bold: true };
  sheet.getRow(1).alignment = { horizontal: 'center' };
  sheet.addRow([escapeCell(filters)]);
  sheet.mergeCells(2, 1, 2, span);
  sheet.getRow(2).font = { name: FONT, size: 10, color: { argb: 'FF555555' } };
  const header = sheet.addRow(table.columns.map(escapeCell));
  header.eachCell((cell) => {
    cell.font = { name: FONT, bold: true };
    cell.fill = HEADER_FILL;
    cell.border = BORDER;
    cell.alignment = { horizontal: 'center', vertical: 'middle' };
  });
  for (const values of table.rows) {
    const row = sheet.addRow(values.map(escapeCell));
    row.eachCell({ includeEmpty: true }, (cell, col) => {
      cell.font = { name: FONT };
      cell.border = BORDER;
      cell.alignment = { horizontal: typeof values[col - 1] === 'number' ? 'right' : 'left' };
    });
  }
  table.columns.forEach((title, i) => {
    const widest = Math.max(widthOf(title), ...table.rows.map((r) => widthOf(r[i])));
    sheet.getColumn(i + 1).width = Math.min(40, Math.max(8, widest + 2));
  });
  sheet.views = [{ state: 'frozen', ySplit: 3 }];
}

/**
 * The statistics as xlsx: with headline figures, a first sheet 概况 and one sheet per table (the
 * annual report); without, the one table on one sheet (a chart's download). Every value passes
 * escapeCell (names and titles are typed by people).
 */
export async function renderStatisticsXlsx(report: StatisticsReport): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  book.creator = '达州市技能竞赛管理系统';
  const taken = new Set<string>();
  if (report.summary.length > 0) {
    const sheet = book.addWorksheet(sheetName('概况', taken));
    writeTable(sheet, { title: '概况', columns: ['指标', '数值', '单位'], rows: report.summary.map((l) => [l.label, l.value, l.unit]) }, report.title, report.filters);
  }
  for (const table of report.tables) {
    const sheet = book.addWorksheet(sheetName(table.title, taken));
    writeTable(sheet, table, report.summary.length > 0 ? `${report.title}：${table.title}` : table.title, report.filters);
  }
  return Buffer.from(await book.xlsx.writeBuffer());
}
