/**
 * Money crosses the API in fen (分, integers) so it never passes through floats; people type and
 * read yuan (元). These helpers convert between the two through strings, digit by digit.
 */

/** `"1234.5"` → `123450` fen; `null` for anything that is not a non-negative amount with at most two decimals. */
export function yuanToFen(yuan: string | number | null | undefined): number | null {
  if (yuan === null || yuan === undefined) return null;
  const text = String(yuan).trim().replace(/,/g, '');
  const match = /^(\d+)(?:\.(\d{0,2}))?$/.exec(text);
  if (!match) return null;
  const fen = Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0'));
  return Number.isSafeInteger(fen) ? fen : null;
}

/** `123450` fen → `"1234.50"` (for an input). */
export function fenToYuan(fen: number): string {
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(Math.trunc(fen));
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

/** `123450` fen → `"1,234.50 元"` (for reading). */
export function formatFen(fen: number): string {
  const [whole, cents] = fenToYuan(fen).split('.');
  return `${whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}.${cents} 元`;
}
