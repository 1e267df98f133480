// pg's parameter conversion (pg/lib/utils), which @types/pg does not declare.
declare module 'pg/lib/utils' {
  /** A query parameter as pg sends it: arrays as array literals, dates and JSON as text, null kept. */
  export function prepareValue(value: unknown): string | Buffer | null;
}
