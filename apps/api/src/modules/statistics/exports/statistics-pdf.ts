
import type { StatisticsTableData } from '@dz/domain';
import PDFDocument from 'pdfkit';
import { cjkFont } from '../../../common/pdf/cjk-font';

import type { StatisticsReport } from './statistics-xlsx';

const font = cjkFont;

/** A4 portrait in points. */
const PAGE = { width: 595.28, height: 841.89 };
const MARGIN = { top: 56, bottom: 56, left: 50, right: 50 };
const CONTENT_WIDTH = PAGE.width - MARGIN.left - MARGIN.right;
const BAR_COLOURS = ['#0d3c84', '#4f81bd', '#9bbb59'];
const GREY = '#555555';
const RULE = '#999999';
/** At most this many bars per chart: the table below lists every row. */
const MAX_BARS = 12;
const ROW_HEIGHT = 16;

type Doc = InstanceType<typeof PDFDocument>;

function ensureSpace(doc: Doc, needed: number): void {
  if (doc.y + needed > PAGE.height - MARGIN.bottom) doc.addPage();
}

/** The numeric columns of a table (those whose every value is a number), up to three series. */
function numericColumns(table: StatisticsTableData): number[] {
  if (table.rows.length === 0) return [];
  return table.columns.map((_, i) => i).filter((i) => i > 0 && table.rows.every((r) => typeof r[i] === 'number')).slice(0, 3);
}

/**
 * A horizontal grouped bar chart drawn with vector primitives: one group per row (its first
 * column as label), one bar per numeric column, a legend, and each bar's value at its end.
 */
function drawBarChart(doc: Doc, table: StatisticsTableData): void {
  const series = numericColumns(table);
  if (series.length === 0) return;
  const rows = table.rows.slice(0, MAX_BARS);
  const labelWidth = 120;
  const barArea = CONTENT_WIDTH - labelWidth - 40;
  const barHeight = 7;
  const groupHeight = series.length * barHeight + 6;
  const max = Math.max(1, ...rows.flatMap((r) => series.map((i) => Number(r[i]))));
  ensureSpace(doc, rows.length * groupHeight + 30);
  // Legend.
  let x = MARGIN.left + labelWidth;
  const legendY = doc.y;
  series.forEach((col, k) => {
    doc.rect(x, legendY + 2, 8, 8).fill(BAR_COLOURS[k]);
    doc.fillColor('#000000').font('regular').fontSize(8).text(table.columns[col], x + 11, legendY, { lineBreak: false });
    x += 11 + doc.widthOfString(table.columns[col]) + 14;
  });
  let y = legendY + 16;
  const x0 = MARGIN.left + labelWidth;
  for (const row of rows) {
    doc.fillColor('#000000').font('regular').fontSize(8).text(String(row[0]), MARGIN.left, y + groupHeight / 2 - 6, { width: labelWidth - 6, align: 'right', lineBreak: false, ellipsis: true });
    series.forEach((col, k) => {
      const value = Number(row[col]);
      const w = (value / max) * barArea;
      const by = y + 3 + k * barHeight;
      if (w > 0) doc.rect(x0, by, w, barHeight - 1).fill(BAR_COLOURS[k]);
      doc.fillColor(GREY).fontSize(6.5).text(String(value), x0 + w + 3, by - 1, { lineBreak: false });
    });
    y += groupHeight;
  }
  doc.moveTo(x0, legendY + 14).lineTo(x0, y).lineWidth(0.5).strokeColor(RULE).stroke();
  doc.y = y + 8;
  doc.x = MARGIN.left;
}

function drawTable(doc: Doc, table: StatisticsTableData): void {
  const first = Math.min(200, Math.max(90, CONTENT_WIDTH / table.columns.length));
  const rest = table.columns.length > 1 ? (CONTENT_WIDTH - first) / (table.columns.length - 1) : 0;
  const widths = table.columns.map((_, i) => (i === 0 ? first : rest));
  const drawRow = (values: (string | number)[], bold: boolean) => {
    ensureSpace(doc, ROW_HEIGHT);
    let x = MARGIN.left;
    const y = doc.y;
    if (bold) doc.rect(MARGIN.left, y, CONTENT_WIDTH, ROW_HEIGHT).fill('#e8edf5');
    values.forEach((v, i) => {
      doc.fillColor('#000000').font(bold ? 'bold' : 'regular').fontSize(8.5).text(String(v), x + 3, y + 3, { width: widths[i] - 6, align: typeof v === 'number' ? 'right' : 'left', lineBreak: false, ellipsis: true });
      x += widths[i];
    });
    doc.moveTo(MARGIN.left, y + ROW_HEIGHT).lineTo(MARGIN.left + CONTENT_WIDTH, y + ROW_HEIGHT).lineWidth(0.3).strokeColor(RULE).stroke();
    doc.y = y + ROW_HEIGHT;
  };
  drawRow(table.columns, true);
  if (table.rows.length === 0) drawRow(['（无数据）', ...table.columns.slice(1).map(() => '')], false);
  for (const row of table.rows) drawRow(row, false);
  doc.x = MARGIN.left;
  doc.moveDown(1);
}

/**
 * The annual report (年度技能竞赛工作统计表) as PDF: title, scope, headline figures, then each
 * table with its bar chart drawn in vector form. Resolves with the whole file.
 */
export function renderStatisticsPdf(report: StatisticsReport): Promise<Buffer> {
  const doc = new PDFDocument({ size: 'A4', margins: MARGIN, info: { Title: report.title, Author: '达州市人力资源和社会保障局' }, bufferPages: true });
  doc.registerFont('regular', font('regular') as never);
  doc.registerFont('bold', font('bold') as never);
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  doc.font('bold').fontSize(18).fillColor('#000000').text(report.title, { align: 'center' });
  doc.moveDown(0.3);
  doc.font('regular').fontSize(9).fillColor(GREY).text(report.filters, { align: 'center' });
  doc.moveDown(1);
  if (report.summary.length > 0) {
    doc.font('bold').fontSize(12).fillColor('#000000').text('一、主要指标');
    doc.moveDown(0.4);
    drawTable(doc, { title: '主要指标', columns: ['指标', '数值', '单位'], rows: report.summary.map((s) => [s.label, s.value, s.unit]) });
  }
  const numerals = ['二', '三', '四', '五', '六', '七', '八', '九', '十', '十一', '十二', '十三', '十四', '十五', '十六', '十七'];
  report.tables.forEach((table, i) => {
    ensureSpace(doc, 80);
    doc.font('bold').fontSize(12).fillColor('#000000').text(`${report.summary.length > 0 ? `${numerals[i] ?? i + 2}、` : ''}${table.title}`, MARGIN.left);
    doc.moveDown(0.4);
    drawBarChart(doc, table);
    drawTable(doc, table);
  });
  const range = doc.bufferedPageRange();
  for (let p = range.start; p < range.start + range.count; p += 1) {
    doc.switchToPage(p);
    // Below the bottom margin pdfkit would start a new page for the footer: lift it first.
    doc.page.margins.bottom = 0;
    doc.font('regular').fontSize(8).fillColor(GREY).text(`第 ${p + 1} 页 共 ${range.count} 页`, MARGIN.left, PAGE.height - MARGIN.bottom + 20, { width: CONTENT_WIDTH, align: 'center', lineBreak: false });
  }
  doc.end();
  return done;
}
