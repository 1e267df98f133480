import ExcelJS from 'exceljs';

import { exampleSheet } from './results-sheet.fixture';
import { renderResultsXlsx, XLSX_LAYOUT } from './results-xlsx';
import type { ResultsSheet } from './results-sheet';

async function readBack(sheet: ResultsSheet): Promise<ExcelJS.Worksheet> {
  const workbook = new ExcelJS.Workbook();
  const file = await renderResultsXlsx(sheet);
  // exceljs's typings want its own Buffer type; a Node Buffer is what it reads at run time.
  await workbook.xlsx.load(file as unknown as ExcelJS.Buffer);
  expect(workbook.worksheets).toHaveLength(1);
  return workbook.worksheets[0];
}

/** Column letter for a 1-based column number (A … Z, AA …). */
function letter(col: number): string {
  let s = '';
  for (let n = col; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

/** Header texts of row 4 mapped to their column numbers (merged cells repeat the master's text). */
function headerColumns(ws: ExcelJS.Worksheet): Map<string, number> {
  const map = new Map<string, number>();
  ws.getRow(XLSX_LAYOUT.headerBottom).eachCell((cell, col) => {
    if (!map.has(String(cell.value))) map.set(String(cell.value), col);
  });
  return map;
}

const BASE_COLUMNS = 11; // 名次 … 区县 (6), 总分, 奖项, 称号, 晋级推荐, 巴渠工匠推荐

describe('renderResultsXlsx', () => {
  it('should merge the title across the whole table width and name the status', async () => {
    for (const [status, suffix] of [
      ['draft', '成绩表'],
      ['notice', '成绩公示名单'],
      ['final', '最终成绩'],
    ] as const) {
      const sheet = exampleSheet(8, { status });
      const ws = await readBack(sheet);
      const last = letter(BASE_COLUMNS + sheet.stages.length);
      expect(ws.model.merges).toEqual(expect.arrayContaining([`A1:${last}1`, `A2:${last}2`]));
      expect(ws.getCell('A1').value).toBe(`2026年达州技能大赛焊工赛项${suffix}`);
    }
  });

  it('should widen the merges with the number of stages', async () => {
    const sheet = exampleSheet(3, {
      stages: [
        { name: '理论', weight: 20 },
        { name: '实操一', weight: 40 },
        { name: '实操二', weight: 40 },
      ],
    });
    const ws = await readBack(sheet);
    expect(ws.model.merges).toEqual(expect.arrayContaining(['A1:N1', 'G3:I3']));
    expect(['G', 'H', 'I'].map((c) => ws.getCell(`${c}4`).value)).toEqual(['理论（20%）', '实操一（40%）', '实操二（40%）']);
  });

  it('should show series, organiser, version and the computed date in Dazhou in the subtitle', async () => {
    // 18:00 UTC on 30 November is 02:00 on 1 December in Dazhou.
    const ws = await readBack(exampleSheet(4, { computedAt: new Date('2026-11-30T18:00:00Z'), version: 7 }));
    const subtitle = String(ws.getCell('A2').value);
    expect(subtitle).toContain('达州技能大赛（2026）');
    expect(subtitle).toContain('达州市经济和信息化局');
    expect(subtitle).toContain('第 7 版');
    expect(subtitle).toContain('计算日期：2026年12月1日');
    expect(subtitle).toContain('公示期：2026年12月2日至2026年12月8日');
  });

  it('should build two header rows with vertical merges and the stage group over its columns', async () => {
    const ws = await readBack(exampleSheet(4));
    const merges = ws.model.merges;
    for (const col of ['A', 'B', 'C', 'D', 'E', 'F', 'I', 'J', 'K', 'L', 'M']) expect(merges).toContain(`${col}3:${col}4`);
    expect(merges).toContain('G3:H3');
    expect(['A3', 'B3', 'C3', 'D3', 'E3', 'F3', 'G3', 'I3', 'J3', 'K3', 'L3', 'M3'].map((a) => ws.getCell(a).value)).toEqual([
      '名次',
      '选手编号',
      '姓名',
      '身份证号',
      '单位',
      '区县',
      '各阶段成绩',
      '总分',
      '奖项',
      '称号',
      '晋级推荐',
      '巴渠工匠推荐',
    ]);
    expect(ws.getCell('G4').value).toBe('理论（30%）');
    expect(ws.getCell('H4').value).toBe('实操（70%）');
    expect(ws.getCell('G3').font?.bold).toBe(true);
    expect(ws.getCell('G4').border?.bottom?.style).toBe('thin');
  });

  it('should not merge a single stage column sideways', async () => {
    const ws = await readBack(exampleSheet(3, { stages: [{ name: '实操', weight: 100 }] }));
    expect(ws.model.merges).toEqual(expect.arrayContaining(['A1:L1']));
    expect(ws.model.merges.filter((m) => /^G3:/.test(m))).toEqual([]);
    expect(ws.getCell('G3').value).toBe('各阶段成绩');
    expect(ws.getCell('G4').value).toBe('实操（100%）');
  });

  it('should write every row in order with the masked ID exactly as given and scores as 2-decimal numbers', async () => {
    const sheet = exampleSheet(26);
    const ws = await readBack(sheet);
    const cols = headerColumns(ws);
    sheet.rows.forEach((row, i) => {
      const r = ws.getRow(XLSX_LAYOUT.firstDataRow + i);
      expect(r.getCell(cols.get('选手编号')!).value).toBe(row.number);
      expect(r.getCell(cols.get('姓名')!).value).toBe(row.name);
      expect(r.getCell(cols.get('身份证号')!).value).toBe(row.idMasked);
      if (row.standing === 'valid') {
        expect(r.getCell(cols.get('名次')!).value).toBe(row.rank);
        const total = r.getCell(cols.get('总分')!);
        expect(total.value).toBe(row.total / 100);
        expect(total.numFmt).toBe('0.00');
        expect(r.getCell(cols.get('理论（30%）')!).value).toBe(row.stageScores['理论']! / 100);
        expect(r.getCell(cols.get('实操（70%）')!).value).toBe(row.stageScores['实操']! / 100);
      }
    });
    // The fixture's first row: shared second place below it, titles joined, nomination shown.
    const first = ws.getRow(XLSX_LAYOUT.firstDataRow);
    expect(first.getCell(cols.get('奖项')!).value).toBe('一等奖');
    expect(first.getCell(cols.get('称号')!).value).toBe('技能达人、擂主');
    expect(first.getCell(cols.get('晋级推荐')!).value).toBe('高级工');
    expect(first.getCell(cols.get('巴渠工匠推荐')!).value).toBe('是');
    expect(ws.getRow(XLSX_LAYOUT.firstDataRow + 2).getCell(1).value).toBe(2);
    expect(ws.getRow(XLSX_LAYOUT.firstDataRow + 1).getCell(cols.get('巴渠工匠推荐')!).value).toBeNull();
  });

  it('should list those apart after the places with 缺考 / 取消资格 and no counted score', async () => {
    const sheet = exampleSheet(26);
    const ws = await readBack(sheet);
    const cols = headerColumns(ws);
    const places = sheet.rows.filter((r) => r.standing === 'valid').length;
    expect(places).toBe(24);
    const absent = ws.getRow(XLSX_LAYOUT.firstDataRow + places);
    const disqualified = ws.getRow(XLSX_LAYOUT.firstDataRow + places + 1);
    expect(absent.getCell(1).value).toBe('缺考');
    expect(disqualified.getCell(1).value).toBe('取消资格');
    expect(disqualified.getCell(cols.get('姓名')!).value).toBe(sheet.rows[places + 1].name);
    // The disqualified entry has a theory score and a total in the input; neither is shown.
    expect(sheet.rows[places + 1].total).toBeGreaterThan(0);
    expect(disqualified.getCell(cols.get('总分')!).value).toBeNull();
    expect(disqualified.getCell(cols.get('理论（30%）')!).value).toBeNull();
  });

  it('should move an entry listed apart after the places even when given among them', async () => {
    const sheet = exampleSheet(13);
    const apart = sheet.rows[12];
    expect(apart.standing).toBe('absent');
    sheet.rows = [sheet.rows[0], apart, ...sheet.rows.slice(1, 12)];
    const ws = await readBack(sheet);
    const names = sheet.rows.map((_, i) => ws.getCell(XLSX_LAYOUT.firstDataRow + i, 3).value);
    expect(names[names.length - 1]).toBe(apart.name);
    expect(names.slice(0, 12)).toEqual([sheet.rows[0], ...sheet.rows.slice(2)].map((r) => r.name));
    expect(ws.getCell(XLSX_LAYOUT.firstDataRow + 12, 1).value).toBe('缺考');
  });

  it('should freeze the header, print A4 landscape one page wide with the header repeated, and carry the inputs hash', async () => {
    const sheet = exampleSheet(10, { inputsHash: 'sha256:abc&def' });
    const ws = await readBack(sheet);
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 4 });
    expect(ws.pageSetup).toMatchObject({ paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0 });
    expect(ws.pageSetup.printTitlesRow).toBe('3:4');
    expect(ws.headerFooter.oddFooter).toContain('sha256:abc&&def'); // & doubled: a literal in footer codes
    expect(ws.headerFooter.oddFooter).toContain('第 &P 页 共 &N 页');
    const notes: string[] = [];
    for (let r = XLSX_LAYOUT.firstDataRow + sheet.rows.length; r <= ws.rowCount; r += 1) notes.push(String(ws.getCell(r, 1).value ?? ''));
    expect(notes.join('\n')).toContain('数据校验值：sha256:abc&def');
    expect(notes.join('\n')).toContain('擂主：张伟');
    expect(notes.join('\n')).toContain('达州市人力资源和社会保障局');
  });

  it('should size columns to their content within limits and wrap long units', async () => {
    const ws = await readBack(exampleSheet(12));
    const widths = ws.columns.map((c) => c.width ?? 0);
    for (const w of widths) {
      expect(w).toBeGreaterThanOrEqual(6);
      expect(w).toBeLessThanOrEqual(36);
    }
    // 5117**********1234 is 18 characters wide.
    expect(ws.getColumn(4).width).toBeGreaterThanOrEqual(18);
    expect(ws.getColumn(5).width).toBe(36);
    expect(ws.getCell('E5').alignment?.wrapText).toBe(true);
  });

  it('should write text that looks like a formula as text', async () => {
    const sheet = exampleSheet(3);
    sheet.rows[0] = { ...sheet.rows[0], name: '=HYPERLINK("http://x","y")', employer: '+1+2' };
    const ws = await readBack(sheet);
    const nameCell = ws.getCell(XLSX_LAYOUT.firstDataRow, 3);
    expect(nameCell.type).toBe(ExcelJS.ValueType.String);
    expect(nameCell.value).toBe('\'=HYPERLINK("http://x","y")');
    expect(ws.getCell(XLSX_LAYOUT.firstDataRow, 5).value).toBe("'+1+2");
  });

  it('should render an empty sheet with its title and headers', async () => {
    const ws = await readBack(exampleSheet(0, { arena: null }));
    expect(ws.getCell('A1').value).toBe('2026年达州技能大赛焊工赛项成绩公示名单');
    expect(ws.getCell('A3').value).toBe('名次');
    expect(String(ws.getCell(XLSX_LAYOUT.firstDataRow + 1, 1).value)).toContain('数据校验值');
  });
});
