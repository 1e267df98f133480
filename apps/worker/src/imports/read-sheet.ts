import { IMPORT_DATA_SHEET } from '@dz/contracts';
import ExcelJS from 'exceljs';
import { cellText, type CellText } from './cell-text';

/** The data sheet's name in the template; a workbook without it is read from its first sheet. */
export const DATA_SHEET = IMPORT_DATA_SHEET;

export interface SheetRow {
  /** The row number as Excel shows it (the header is row 1). */
  row: number;
  cells: CellText[];
}

export interface ImportSheet {
  header: string[];
  /** Rows with at least one non-empty cell among the first `width` columns, in order. */
  rows: SheetRow[];
}

/**
 * Reads the data sheet of an uploaded workbook. The API has already checked the archive (zip
 * guard: sizes, ratio, members), so loading it whole is bounded; a 5,000-row file is a few MB
 * of XML. `width` is how many columns of each row are kept.
 */
export async function readImportSheet(data: Buffer, width: number): Promise<ImportSheet> {
  const workbook = new ExcelJS.Workbook();
  // exceljs types its parameter as Node's older Buffer; the runtime takes any Buffer.
  await workbook.xlsx.load(data as unknown as ArrayBuffer);
  const sheet = workbook.getWorksheet(DATA_SHEET) ?? workbook.worksheets[0];
  if (!sheet) return { header: [], rows: [] };
  const headerRow = sheet.getRow(1);
  const header: string[] = [];
  for (let c = 1; c <= headerRow.cellCount; c += 1) header.push(cellText(headerRow.getCell(c).value).text);
  while (header.length > 0 && header[header.length - 1] === '') header.pop();
  const rows: SheetRow[] = [];
  sheet.eachRow({ includeEmpty: false }, (row, number) => {
    if (number === 1) return;
    const cells: CellText[] = [];
    for (let c = 1; c <= width; c += 1) cells.push(cellText(row.getCell(c).value));
    if (cells.some((cell) => cell.text !== '')) rows.push({ row: number, cells });
  });
  return { header, rows };
}
