import type { Writable } from 'node:stream';

import ExcelJS from 'exceljs';

/**
 * Spreadsheet exports that cannot run anything. Values typed by the public (names, units,
 * remarks) end up in files opened by bureau staff, so every cell goes through `escapeCell`:
 *
 * - Text that a spreadsheet would read as a formula once someone re-enters or re-saves the cell
 *   as CSV gets a leading apostrophe (OWASP "CSV injection"). The apostrophe is part of the
 *   stored text, so it survives any conversion.
 * - Objects never reach ExcelJS as objects: ExcelJS turns `{ formula }`, `{ sharedFormula }`,
 *   `{ hyperlink }` and `{ richText }` values into live formulas and links.
 *
 * `writeXlsx` streams through ExcelJS's WorkbookWriter: each row is committed as soon as it is
 * written, and the writer waits for the destination to drain, so memory stays flat for exports
 * of any length when rows come from an async source such as a database cursor.
 */

export type SafeCellValue = string | number | boolean | Date | null;

export interface XlsxColumn {
  /** Header text for row 1. */
  header: string;
  /** Property of each row object to read. */
  key: string;
  /** Column width in characters (Excel's unit, the width of a "0"). */
  width?: number;
}

export type XlsxRow = Record<string, unknown>;

export interface XlsxSheet {
  /** 1–31 characters, none of `[ ] : * ? / \`, not starting or ending with `'`; unique. */
  name: string;
  columns: XlsxColumn[];
  rows: Iterable<XlsxRow> | AsyncIterable<XlsxRow>;
}

/**
 * First characters that make a spreadsheet treat text as a formula or a command (OWASP), plus
 * their full-width forms, which Chinese input methods produce: escaping those too costs nothing
 * and does not depend on how each spreadsheet program treats them.
 */
const FORMULA_TRIGGERS = new Set(['=', '+', '-', '@', '\t', '\r', '＝', '＋', '－', '＠']);

const SHEET_NAME_FORBIDDEN = /[[\]:*?/\\]/;
const SHEET_NAME_MAX_LENGTH = 31;

function escapeText(text: string): string {
  return FORMULA_TRIGGERS.has(text.charAt(0)) ? `'${text}` : text;
}

/**
 * Makes a value safe for a cell: risky text gets a leading `'`; finite numbers, booleans and valid
 * dates pass unchanged; null, undefined, NaN, ±Infinity and invalid dates become an empty cell;
 * anything else becomes its (escaped) text.
 */
export function escapeCell(value: unknown): SafeCellValue {
  if (value === null || value === undefined) {
    return null;
  }
  if (typeof value === 'string') {
    return escapeText(value);
  }
  if (typeof value === 'number') {
    // ExcelJS would write NaN and Infinity as text Excel reports as a corrupt file.
    return Number.isFinite(value) ? value : null;
  }
  if (typeof value === 'boolean') {
    return value;
  }
  if (value instanceof Date) {
    return Number.isNaN(value.getTime()) ? null : value;
  }
  return escapeText(toText(value));
}

/** Text for anything else (bigint, symbol, arrays, objects), without ever throwing. */
function toText(value: unknown): string {
  let text: string;
  try {
    text = String(value);
  } catch {
    // An object without a prototype (Object.create(null)) has no toString.
    text = Object.prototype.toString.call(value);
  }
  if (text === '[object Object]') {
    // JSON at least shows what a plain object held.
    try {
      text = JSON.stringify(value) ?? text;
    } catch {
      // Cycles and bigints: keep the generic text.
    }
  }
  return text;
}

function checkSheetNames(sheets: XlsxSheet[]): void {
  const seen = new Set<string>();
  for (const { name } of sheets) {
    if (
      name.length === 0 ||
      name.length > SHEET_NAME_MAX_LENGTH ||
      SHEET_NAME_FORBIDDEN.test(name) ||
      name.startsWith("'") ||
      name.endsWith("'")
    ) {
      throw new Error(
        `Invalid worksheet name ${JSON.stringify(name)}: ` +
          'use 1–31 characters, none of [ ] : * ? / \\, and no apostrophe at either end',
      );
    }
    // Excel compares sheet names case-insensitively.
    const folded = name.toLowerCase();
    if (seen.has(folded)) {
      throw new Error(`Duplicate worksheet name ${JSON.stringify(name)}`);
    }
    seen.add(folded);
  }
}

/**
 * Watches `stream` for failure: `failed` rejects with the first error, or when the stream closes
 * before finishing (a client hanging up mid-download). ExcelJS itself listens for errors only
 * while finishing, so without this an early failure would be an unhandled 'error' event, or a
 * workbook commit waiting forever for a 'finish' that never comes.
 */
function watchFailure(stream: Writable): { failed: Promise<never>; stop: () => void } {
  let onError: (error: Error) => void = () => undefined;
  let onClose: () => void = () => undefined;
  const failed = new Promise<never>((_resolve, reject) => {
    onError = reject;
    onClose = () => {
      if (!stream.writableFinished) {
        reject(new Error('The xlsx destination closed before the workbook was written'));
      }
    };
  });
  // Nobody may be awaiting `failed` when it rejects; the race below reports it instead.
  failed.catch(() => undefined);
  stream.on('error', onError);
  stream.on('close', onClose);
  return {
    failed,
    stop: () => {
      stream.off('error', onError);
      stream.off('close', onClose);
    },
  };
}

function drained(stream: Writable): Promise<void> {
  return new Promise((resolve) => stream.once('drain', () => resolve()));
}

/**
 * Writes the sheets as one .xlsx workbook to `stream` (which it ends), with a bold header row and
 * every cell passed through `escapeCell`. Resolves once the destination has finished. Rejects if
 * a sheet name is invalid, a row source throws, or the destination fails or closes early; the
 * destination is then left as it is, for the caller to destroy.
 */
export async function writeXlsx(stream: NodeJS.WritableStream, sheets: XlsxSheet[]): Promise<void> {
  checkSheetNames(sheets);
  const destination = stream as Writable;
  const { failed, stop } = watchFailure(destination);
  const orFail = <T>(promise: Promise<T>) => Promise.race([promise, failed]);
  try {
    const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
      stream: destination,
      useStyles: true, // for the bold header
      useSharedStrings: false, // shared strings would hold every distinct text in memory
    });
    for (const sheet of sheets) {
      const worksheet = workbook.addWorksheet(sheet.name);
      worksheet.columns = sheet.columns.map(({ key, width }) => ({ key, width }));
      const header = worksheet.addRow(sheet.columns.map(({ header }) => escapeCell(header)));
      header.font = { bold: true };
      header.commit();
      for await (const row of sheet.rows) {
        if (destination.destroyed) {
          await failed; // stop early rather than format rows nobody will receive
        }
        worksheet.addRow(sheet.columns.map(({ key }) => escapeCell(row[key]))).commit();
        if (destination.writableNeedDrain) {
          await orFail(drained(destination));
        }
      }
      worksheet.commit();
    }
    await orFail(workbook.commit());
  } finally {
    stop();
  }
}
