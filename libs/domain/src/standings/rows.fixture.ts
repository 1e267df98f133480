import type { TieBreak } from '@dz/contracts';
import fc from 'fast-check';

import type { RankableRow } from './ranking';

/** Rows and tie-break chains for the standings specs (not part of the library's API). */

export const row = (key: string, total: number, more: Partial<RankableRow> = {}): RankableRow => ({
  key,
  total,
  stageTotals: {},
  aspectScores: {},
  deductions: 0,
  ...more,
});

export const PRACTICAL: TieBreak = { kind: 'stage', stage: '实操' };
export const WELD: TieBreak = { kind: 'aspect', stage: '实操', aspectKey: 'weld' };
export const FEWER: TieBreak = { kind: 'fewer_deductions' };
export const QUICKER: TieBreak = { kind: 'less_time', stage: '实操' };
export const CHAIN: TieBreak[] = [PRACTICAL, WELD, FEWER];

/** A row's scores in small ranges, so ties are common; some stages and aspects missing. */
export const rowFieldsArb = fc.record({
  total: fc.integer({ min: 0, max: 4 }),
  stageTotals: fc.dictionary(fc.constantFrom('理论', '实操'), fc.integer({ min: 0, max: 3 })),
  aspectScores: fc.dictionary(fc.constantFrom('实操/weld', '实操/cut', '理论/q1'), fc.integer({ min: 0, max: 3 })),
  deductions: fc.integer({ min: 0, max: 3 }),
  timeUsed: fc.option(fc.dictionary(fc.constantFrom('理论', '实操'), fc.integer({ min: 1, max: 3 })), { nil: undefined }),
});

export const keyArb = fc.string({ minLength: 1, maxLength: 4 });

export const rowArb = fc.tuple(keyArb, rowFieldsArb).map(([key, fields]): RankableRow => ({ key, ...fields }));

/** Rows with distinct keys. */
export const rowsArb = fc.uniqueArray(rowArb, { maxLength: 30, selector: (r) => r.key });

export const tieBreaksArb = fc.array(
  fc.constantFrom<TieBreak>(
    PRACTICAL,
    { kind: 'stage', stage: '理论' },
    WELD,
    { kind: 'aspect', stage: '实操', aspectKey: 'cut' },
    { kind: 'aspect', stage: '理论', aspectKey: 'q1' },
    QUICKER,
    { kind: 'less_time', stage: '理论' },
    FEWER,
  ),
  { maxLength: 4 },
);
