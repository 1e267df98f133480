import PDFDocument from 'pdfkit';
import { cjkFont } from '../../../common/pdf/cjk-font';

import {
  formatChinaDate,
  formatIsoDate,
  formatNoticePeriod,
  formatPoints,
  isApart,
  rankLabel,
  type ResultsSheet,
  type ResultsSheetRow,
} from './results-sheet';

const font = cjkFont;

/** Page geometry in PDF points (A4 portrait is 595.28 × 841.89). */
const MARGIN = { top: 60, bottom: 64, left: 50, right: 50 };
const BLACK = '#000000';
const GREY = '#555555';
const RULE = '#333333';
const HEADER_FILL = '#e8edf5';

interface TableColumn {
  title: string;
  width: number;
  align: 'left' | 'center' | 'right';
  value: (row: ResultsSheetRow) => string;
}

const BODY_SIZE = 10.5;
const CELL_PAD_X = 4;
const CELL_PAD_Y = 4;
/** Long names and units wrap onto at most this many lines, then end in an ellipsis. */
const MAX_CELL_LINES = 3;

function placesColumns(): TableColumn[] {
  return [
    { title: '名次', width: 42, align: 'center', value: (r) => rankLabel(r) },
    { title: '编号', width: 52, align: 'center', value: (r) => String(r.number) },
    { title: '姓名', width: 80, align: 'center', value: (r) => r.name },
    { title: '单位', width: 196, align: 'left', value: (r) => r.employer ?? '' },
    { title: '总分', width: 55, align: 'center', value: (r) => formatPoints(r.total) },
    { title: '奖项', width: 70, align: 'center', value: (r) => r.award ?? '' },
  ];
}

function apartColumns(): TableColumn[] {
  return [
    { title: '编号', width: 60, align: 'center', value: (r) => String(r.number) },
    { title: '姓名', width: 90, align: 'center', value: (r) => r.name },
    { title: '单位', width: 255, align: 'left', value: (r) => r.employer ?? '' },
    { title: '情况', width: 90, align: 'center', value: (r) => rankLabel(r) },
  ];
}

/** The notice's date: the first day of the notice period, else the day the results were computed. */
function noticeDate(sheet: ResultsSheet): string {
  return sheet.notice ? formatIsoDate(sheet.notice.startsOn) : formatChinaDate(sheet.computedAt);
}

function introOf(sheet: ResultsSheet): string {
  const weights = sheet.stages.map((s) => `${s.name}${s.weight}%`).join('、');
  const basis = `根据${sheet.seriesLabel}工作安排，${sheet.eventTitle}（${sheet.occupation}）比赛已由${sheet.organiser}组织完成，经裁判评判和成绩复核，`;
  const scoring = weights ? `总分按${weights}加权计算，满分100分。` : '总分满分100分。';
  if (sheet.notice) {
    return (
      `${basis}现将比赛成绩及拟获奖人员名单予以公示。${scoring}` +
      `公示期为${formatNoticePeriod(sheet.notice)}。公示期内，参赛选手对本人成绩有异议的，可登录技能大赛系统提交申诉，` +
      '写明申诉事项和理由并附相关证明材料；逾期提交的申诉不予受理。'
    );
  }
  return `${basis}现将比赛成绩及获奖人员名单予以公布。${scoring}参赛选手对本人成绩有异议的，可登录技能大赛系统提交申诉。`;
}

/**
 * The printable results notice (成绩公示名单) as an A4 portrait PDF: heading, an introduction
 * with the notice period and how to appeal, the places as a table (header repeated on every
 * page, a row never split across pages, long names and units wrapped and cut with an ellipsis
 * after three lines), those listed apart under their own heading, the arena outcome when given,
 * the issuer and date, and 第 N 页 共 M 页 on every page. Shows names as given (the caller masks).
 */
export function renderResultsNotice(sheet: ResultsSheet): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const heading = `关于${sheet.eventTitle}比赛成绩的公示`;
    const doc = new PDFDocument({
      size: 'A4',
      layout: 'portrait',
      margins: MARGIN,
      bufferPages: true, // page numbers need the page count, known only at the end
      info: { Title: heading, Author: sheet.issuer, Subject: `${sheet.eventTitle} 成绩第 ${sheet.version} 版`, CreationDate: sheet.computedAt },
    });
    const chunks: Buffer[] = [];
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    try {
      draw(doc, sheet, heading);
      doc.end();
    } catch (error) {
      reject(error instanceof Error ? error : new Error(String(error)));
    }
  });
}

function draw(doc: PDFKit.PDFDocument, sheet: ResultsSheet, heading: string): void {
  // The typings accept only paths and bytes; pdfkit itself also takes a parsed fontkit font.
  doc.registerFont('sc', font('regular') as unknown as PDFKit.Mixins.PDFFontSource);
  doc.registerFont('sc-bold', font('bold') as unknown as PDFKit.Mixins.PDFFontSource);
  const left = MARGIN.left;
  const width = doc.page.width - MARGIN.left - MARGIN.right;

  doc.font('sc-bold').fontSize(18).fillColor(BLACK).text(heading, left, MARGIN.top, { width, align: 'center', lineGap: 4 });
  doc.moveDown(0.8);
  doc.font('sc').fontSize(12).text(introOf(sheet), left, doc.y, { width, indent: 24, lineGap: 5, align: 'left' });
  doc.moveDown(0.8);

  const places = sheet.rows.filter((r) => !isApart(r));
  const apart = sheet.rows.filter(isApart);

  drawTable(doc, placesColumns(), places, '暂无列入名次的选手。');

  if (apart.length > 0) {
    sectionHeading(doc, `以下 ${apart.length} 名选手不列入名次`, tableStartHeight(doc));
    drawTable(doc, apartColumns(), apart, '');
  }

  const arena = sheet.arena;
  if (arena && (arena.champion || arena.longestDefence)) {
    const lines: string[] = [];
    if (arena.champion) lines.push(`擂主：${arena.champion}`);
    if (arena.longestDefence) lines.push(`最长连续守擂：${arena.longestDefence.name}（守擂成功 ${arena.longestDefence.defences} 次）`);
    doc.font('sc').fontSize(11.5);
    const body = lines.reduce((sum, line) => sum + doc.heightOfString(line, { width, lineGap: 4 }), 0);
    sectionHeading(doc, '擂台赛结果', body);
    for (const line of lines) doc.font('sc').fontSize(11.5).fillColor(BLACK).text(line, left, doc.y, { width, indent: 24, lineGap: 4 });
  }

  // Issuer and date together, on the right, as a signature block.
  doc.font('sc').fontSize(12);
  const block = 2 * doc.currentLineHeight(true) + 40;
  ensureSpace(doc, block);
  doc.y += 28;
  doc.fillColor(BLACK).text(sheet.issuer, left, doc.y, { width, align: 'right' });
  doc.text(noticeDate(sheet), left, doc.y + 4, { width, align: 'right' });

  drawPageFurniture(doc, sheet);
}

function bottomLimit(doc: PDFKit.PDFDocument): number {
  return doc.page.height - MARGIN.bottom;
}

/** Starts a new page unless `height` more points fit on this one. */
function ensureSpace(doc: PDFKit.PDFDocument, height: number): boolean {
  if (doc.y + height <= bottomLimit(doc)) return false;
  doc.addPage();
  doc.y = MARGIN.top;
  return true;
}

/** A section title, kept on the page with `following` points of what comes after it. */
function sectionHeading(doc: PDFKit.PDFDocument, text: string, following: number): void {
  doc.font('sc-bold').fontSize(12.5);
  const height = doc.heightOfString(text) + 10;
  doc.y += 10;
  ensureSpace(doc, height + following);
  doc.fillColor(BLACK).text(text, MARGIN.left, doc.y, { width: doc.page.width - MARGIN.left - MARGIN.right });
  doc.y += 6;
}

/** Room a table needs to start: its header and one ordinary row. */
function tableStartHeight(doc: PDFKit.PDFDocument): number {
  doc.font('sc').fontSize(BODY_SIZE);
  return 2 * (doc.currentLineHeight() + 2 * CELL_PAD_Y);
}

function cellTextHeight(doc: PDFKit.PDFDocument, text: string, width: number): number {
  const line = doc.currentLineHeight();
  if (text === '') return line;
  return Math.min(doc.heightOfString(text, { width }), MAX_CELL_LINES * line);
}

function drawTable(doc: PDFKit.PDFDocument, columns: TableColumn[], rows: ResultsSheetRow[], emptyText: string): void {
  const left = MARGIN.left;
  const tableWidth = columns.reduce((sum, c) => sum + c.width, 0);

  const drawRow = (texts: string[], header: boolean): void => {
    doc.font(header ? 'sc-bold' : 'sc').fontSize(BODY_SIZE);
    const line = doc.currentLineHeight();
    const height = Math.max(...texts.map((t, i) => cellTextHeight(doc, t, columns[i].width - 2 * CELL_PAD_X))) + 2 * CELL_PAD_Y;
    const top = doc.y;
    let x = left;
    if (header) doc.rect(left, top, tableWidth, height).fill(HEADER_FILL);
    doc.lineWidth(0.6).strokeColor(RULE);
    texts.forEach((text, i) => {
      const column = columns[i];
      doc.rect(x, top, column.width, height).stroke();
      const textWidth = column.width - 2 * CELL_PAD_X;
      const textHeight = cellTextHeight(doc, text, textWidth);
      // Centre the text block vertically in the row.
      const y = top + (height - textHeight) / 2;
      doc.fillColor(BLACK).text(text, x + CELL_PAD_X, y, {
        width: textWidth,
        height: MAX_CELL_LINES * line,
        ellipsis: '…',
        align: header ? 'center' : column.align,
        lineBreak: true,
      });
      x += column.width;
    });
    doc.y = top + height;
    doc.x = left;
  };
  const rowHeight = (texts: string[]): number => {
    doc.font('sc').fontSize(BODY_SIZE);
    return Math.max(...texts.map((t, i) => cellTextHeight(doc, t, columns[i].width - 2 * CELL_PAD_X))) + 2 * CELL_PAD_Y;
  };
  const titles = columns.map((c) => c.title);
  const headerHeight = rowHeight(titles);

  const firstRow = rows.length > 0 ? rowHeight(columns.map((c) => c.value(rows[0]))) : 0;
  ensureSpace(doc, headerHeight + firstRow);
  drawRow(titles, true);
  if (rows.length === 0 && emptyText) {
    doc.font('sc').fontSize(BODY_SIZE).fillColor(GREY).text(emptyText, left, doc.y + 6, { width: tableWidth, align: 'center' });
    return;
  }
  for (const row of rows) {
    const texts = columns.map((c) => c.value(row));
    // A row never splits: if it does not fit, it starts the next page under a repeated header.
    if (ensureSpace(doc, rowHeight(texts))) drawRow(titles, true);
    drawRow(texts, false);
  }
}

/** Page numbers on every page, and a draft mark on every page of a draft. */
function drawPageFurniture(doc: PDFKit.PDFDocument, sheet: ResultsSheet): void {
  const { start, count } = doc.bufferedPageRange();
  for (let i = start; i < start + count; i += 1) {
    doc.switchToPage(i);
    // Writing inside the bottom margin would make pdfkit start a new page; lift the margin.
    const bottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    const width = doc.page.width - MARGIN.left - MARGIN.right;
    doc
      .font('sc')
      .fontSize(9)
      .fillColor(GREY)
      .text(`第 ${i - start + 1} 页 共 ${count} 页`, MARGIN.left, doc.page.height - 40, { width, align: 'center', lineBreak: false });
    if (sheet.status === 'draft') {
      doc.font('sc-bold').fontSize(10).fillColor('#c00000').text('草稿：仅供核对，不得公开', MARGIN.left, 28, { width, align: 'right', lineBreak: false });
    }
    doc.page.margins.bottom = bottom;
  }
}
