import ExcelJS from 'exceljs';

import { escapeCell } from '../../../common/xlsx/safe-xlsx';
import { formatChinaDate, formatNoticePeriod, isApart, pointsOf, rankLabel, type ResultsSheet, type ResultsSheetRow } from './results-sheet';

/** Row numbers of the sheet's fixed parts (1-based, as Excel counts). */
export const XLSX_LAYOUT = { titleRow: 1, subtitleRow: 2, headerTop: 3, headerBottom: 4, firstDataRow: 5 } as const;

export const XLSX_TITLES: Record<ResultsSheet['status'], string> = {
  draft: '成绩表',
  notice: '成绩公示名单',
  final: '最终成绩',
};

const SHEET_NAME = '成绩表';
const SCORE_FORMAT = '0.00';
const THIN: Partial<ExcelJS.Border> = { style: 'thin', color: { argb: 'FF000000' } };
const BORDER: Partial<ExcelJS.Borders> = { top: THIN, left: THIN, bottom: THIN, right: THIN };
const HEADER_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFD9E1F2' } };
const FONT = '宋体';
/** Column widths in characters (Excel's unit): never narrower or wider than this. */
const MIN_WIDTH = 6;
const MAX_WIDTH = 36;
/** Row heights in points: one line of 10.5 pt text, and each further wrapped line. */
const DATA_ROW_HEIGHT = 18;
const LINE_HEIGHT = 14;

type CellValue = string | number | null;

interface Column {
  /** Header in row 3; for a stage column, the group title. */
  group: string;
  /** Header in row 4 under a group; null for a column whose header spans both rows. */
  sub: string | null;
  value: (row: ResultsSheetRow) => CellValue;
  score?: boolean;
  /** Long free text (units): wrapped rather than widened past MAX_WIDTH. */
  wrap?: boolean;
  align?: 'left' | 'center' | 'right';
}

const STAGE_GROUP = '各阶段成绩';

function columnsFor(sheet: ResultsSheet): Column[] {
  // Scores of entries listed apart are not counted, so they are not shown (the cells stay empty).
  const score = (row: ResultsSheetRow, hundredths: number | null | undefined): number | null =>
    isApart(row) || hundredths === null || hundredths === undefined ? null : pointsOf(hundredths);
  return [
    // Places as numbers (they sort and filter as such), 缺考 / 取消资格 as text.
    { group: '名次', sub: null, value: (r) => (isApart(r) || r.rank === null ? rankLabel(r) : r.rank), align: 'center' },
    { group: '选手编号', sub: null, value: (r) => r.number, align: 'center' },
    { group: '姓名', sub: null, value: (r) => r.name, align: 'center' },
    { group: '身份证号', sub: null, value: (r) => r.idMasked, align: 'center' },
    { group: '单位', sub: null, value: (r) => r.employer, wrap: true, align: 'left' },
    { group: '区县', sub: null, value: (r) => r.county, align: 'center' },
    ...sheet.stages.map(
      (stage): Column => ({
        group: STAGE_GROUP,
        sub: `${stage.name}（${stage.weight}%）`,
        value: (r) => score(r, r.stageScores[stage.name]),
        score: true,
        align: 'right',
      }),
    ),
    { group: '总分', sub: null, value: (r) => score(r, r.total), score: true, align: 'right' },
    { group: '奖项', sub: null, value: (r) => r.award, align: 'center' },
    { group: '称号', sub: null, value: (r) => (r.titles.length > 0 ? r.titles.join('、') : null), align: 'center' },
    { group: '晋级推荐', sub: null, value: (r) => r.upgradeTo, align: 'center' },
    { group: '巴渠工匠推荐', sub: null, value: (r) => (r.nominated ? '是' : null), align: 'center' },
  ];
}

/** Display width in Excel characters: CJK and full-width characters take two. */
function displayWidth(text: string): number {
  let width = 0;
  for (const ch of text) width += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/u.test(ch) ? 2 : 1;
  return width;
}

function subtitleOf(sheet: ResultsSheet): string {
  const parts = [
    sheet.seriesLabel,
    `职业（工种）：${sheet.occupation}`,
    `主办单位：${sheet.organiser}`,
    `第 ${sheet.version} 版`,
    `计算日期：${formatChinaDate(sheet.computedAt)}`,
  ];
  if (sheet.status === 'notice' && sheet.notice) parts.push(`公示期：${formatNoticePeriod(sheet.notice)}`);
  return parts.join('    ');
}

function arenaLine(sheet: ResultsSheet): string | null {
  const arena = sheet.arena;
  if (!arena || (!arena.champion && !arena.longestDefence)) return null;
  const parts: string[] = [];
  if (arena.champion) parts.push(`擂主：${arena.champion}`);
  if (arena.longestDefence) parts.push(`最长守擂：${arena.longestDefence.name}（连续守擂 ${arena.longestDefence.defences} 次）`);
  return parts.join('    ');
}

/**
 * The results as a bureau-style .xlsx report: a merged title row, a subtitle row, two header rows
 * with merged cells (stage columns grouped under 各阶段成绩), one row per entry (places, then those
 * listed apart with 缺考 / 取消资格 in the rank column), then note lines with the inputs hash.
 * Scores are numbers in points with two decimals. Set up to print on A4 landscape, one page wide,
 * with the header rows repeated. Every text cell passes through `escapeCell` (no formulas).
 */
export async function renderResultsXlsx(sheet: ResultsSheet): Promise<Buffer> {
  const columns = columnsFor(sheet);
  // The caller orders the rows; those apart still go last if one slipped in among the places,
  // as the PDF notice lists them under their own heading.
  const rows = [...sheet.rows.filter((r) => !isApart(r)), ...sheet.rows.filter(isApart)];
  const lastCol = columns.length;
  const { titleRow, subtitleRow, headerTop, headerBottom, firstDataRow } = XLSX_LAYOUT;

  const workbook = new ExcelJS.Workbook();
  workbook.creator = sheet.issuer;
  workbook.title = `${sheet.eventTitle}${XLSX_TITLES[sheet.status]}`;
  workbook.created = sheet.computedAt;
  workbook.modified = sheet.computedAt;
  const ws = workbook.addWorksheet(SHEET_NAME, {
    views: [{ state: 'frozen', xSplit: 0, ySplit: headerBottom, showGridLines: false }],
    pageSetup: {
      paperSize: 9, // A4
      orientation: 'landscape',
      fitToPage: true,
      fitToWidth: 1,
      fitToHeight: 0, // as many pages down as needed
      horizontalCentered: true,
      margins: { left: 0.4, right: 0.4, top: 0.5, bottom: 0.6, header: 0.3, footer: 0.3 },
      printTitlesRow: `${headerTop}:${headerBottom}`,
    },
    headerFooter: {
      // &P / &N: page number and count; && is a literal ampersand in Excel's footer codes.
      oddFooter: `&L&8${footerCodeSafe(`数据校验值：${sheet.inputsHash}`)}&R&8第 &P 页 共 &N 页`,
    },
  });

  // Title and subtitle, merged across the table.
  ws.mergeCells(titleRow, 1, titleRow, lastCol);
  const title = ws.getCell(titleRow, 1);
  title.value = escapeCell(`${sheet.eventTitle}${XLSX_TITLES[sheet.status]}`);
  title.font = { name: FONT, size: 18, bold: true };
  title.alignment = { horizontal: 'center', vertical: 'middle' };
  ws.getRow(titleRow).height = 36;

  ws.mergeCells(subtitleRow, 1, subtitleRow, lastCol);
  const subtitle = ws.getCell(subtitleRow, 1);
  subtitle.value = escapeCell(subtitleOf(sheet));
  subtitle.font = { name: FONT, size: 10 };
  subtitle.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
  ws.getRow(subtitleRow).height = 30; // room for a second line when the subtitle wraps

  // Two header rows: a column without a sub-header spans both; the stage group spans its columns.
  columns.forEach((column, index) => {
    const col = index + 1;
    if (column.sub === null) {
      ws.mergeCells(headerTop, col, headerBottom, col);
      ws.getCell(headerTop, col).value = escapeCell(column.group);
    } else {
      ws.getCell(headerTop, col).value = escapeCell(column.group);
      ws.getCell(headerBottom, col).value = escapeCell(column.sub);
    }
  });
  const stageCols = columns.flatMap((c, i) => (c.sub !== null ? [i + 1] : []));
  if (stageCols.length > 1) ws.mergeCells(headerTop, stageCols[0], headerTop, stageCols[stageCols.length - 1]);
  for (const r of [headerTop, headerBottom]) {
    ws.getRow(r).height = 20;
    for (let c = 1; c <= lastCol; c += 1) {
      const cell = ws.getCell(r, c);
      cell.font = { name: FONT, size: 11, bold: true };
      cell.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
      cell.fill = HEADER_FILL;
      cell.border = BORDER;
    }
  }

  // Column widths from the widest content, clamped; wrapped columns stop at the maximum.
  const widths = columns.map((column) => {
    const texts = [column.sub ?? column.group, ...rows.map((row) => displayText(column, row))];
    return Math.min(MAX_WIDTH, Math.max(MIN_WIDTH, Math.max(...texts.map(displayWidth)) + 2));
  });
  widths.forEach((width, index) => {
    ws.getColumn(index + 1).width = width;
  });

  // Data rows. Rows holding wrapped text get their height set, as not every spreadsheet program
  // fits row heights on opening.
  rows.forEach((row, index) => {
    const r = firstDataRow + index;
    const lines = Math.max(
      1,
      ...columns.map((column, c) => (column.wrap ? Math.ceil(displayWidth(displayText(column, row)) / (widths[c] - 1)) : 1)),
    );
    ws.getRow(r).height = Math.max(DATA_ROW_HEIGHT, lines * LINE_HEIGHT + 4);
    columns.forEach((column, c) => {
      const cell = ws.getCell(r, c + 1);
      cell.value = escapeCell(column.value(row));
      cell.font = { name: FONT, size: 10.5, color: isApart(row) ? { argb: 'FF7F7F7F' } : undefined };
      cell.alignment = { horizontal: column.align, vertical: 'middle', wrapText: column.wrap === true };
      cell.border = BORDER;
      if (column.score) cell.numFmt = SCORE_FORMAT;
    });
  });

  // Notes under the table: arena outcome, then the inputs hash that identifies this computation.
  let noteRow = firstDataRow + rows.length + 1;
  const notes = [
    arenaLine(sheet),
    `注：身份证号已作脱敏处理；缺考、取消资格人员不列入名次。成绩第 ${sheet.version} 版，数据校验值：${sheet.inputsHash}`,
    `${sheet.issuer}    ${formatChinaDate(sheet.computedAt)}`,
  ].filter((line): line is string => line !== null);
  notes.forEach((note, index) => {
    ws.mergeCells(noteRow, 1, noteRow, lastCol);
    const cell = ws.getCell(noteRow, 1);
    cell.value = escapeCell(note);
    cell.font = { name: FONT, size: 9 };
    // The last line (issuer and date) sits on the right, as a signature does.
    const last = index === notes.length - 1;
    cell.alignment = { horizontal: last ? 'right' : 'left', vertical: 'middle', wrapText: true };
    noteRow += 1;
  });

  const data = await workbook.xlsx.writeBuffer();
  return Buffer.from(data as ArrayBuffer);
}

function displayText(column: Column, row: ResultsSheetRow): string {
  const value = column.value(row);
  if (value === null) return '';
  return column.score && typeof value === 'number' ? value.toFixed(2) : String(value);
}

/** Excel reads `&` in header/footer text as the start of a code; doubled, it is a literal. */
function footerCodeSafe(text: string): string {
  return text.replace(/&/g, '&&');
}
