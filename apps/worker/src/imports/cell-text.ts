import type { CellValue } from 'exceljs';

/** A cell as the import reads it: its text, and whether Excel stored it as a number. */
export interface CellText {
  text: string;
  /** True for a number cell: an 18-digit ID number stored as a number has lost its last digits. */
  numeric: boolean;
}

const EMPTY: CellText = { text: '', numeric: false };

/**
 * The text a person sees in a cell, whatever exceljs made of it: rich text joined, a hyperlink's
 * text, a formula's cached result, a date as YYYY-MM-DD, TRUE/FALSE as 是/否, an error as its
 * code (#N/A…). Surrounding spaces are trimmed; nothing here throws.
 */
export function cellText(value: CellValue): CellText {
  if (value === null || value === undefined) return EMPTY;
  if (typeof value === 'string') return { text: value.trim(), numeric: false };
  if (typeof value === 'number') return { text: Number.isFinite(value) ? numberText(value) : '', numeric: true };
  if (typeof value === 'boolean') return { text: value ? '是' : '否', numeric: false };
  if (value instanceof Date) return { text: Number.isNaN(value.getTime()) ? '' : value.toISOString().slice(0, 10), numeric: false };
  if ('richText' in value) return { text: value.richText.map((r) => r.text).join('').trim(), numeric: false };
  if ('hyperlink' in value) return cellText(value.text as CellValue);
  if ('formula' in value || 'sharedFormula' in value) return cellText((value.result ?? null) as CellValue);
  if ('error' in value) return { text: String(value.error), numeric: false };
  return EMPTY;
}

/** Integers without exponent or grouping (13800000000, not 1.38e10); other numbers as JS prints them. */
function numberText(value: number): string {
  return Number.isInteger(value) && Math.abs(value) < 1e21 ? value.toFixed(0) : String(value);
}
