import type { MarkKind } from '@dz/contracts';

/** What resolving corrections needs of a stored mark row. */
export interface CorrectableRow {
  id: string;
  kind: MarkKind;
  refersTo: string | null;
  /** Hundredths. */
  value: number;
}

/** One judge's original mark with what is in effect now. */
export interface EffectiveMark<R extends CorrectableRow = CorrectableRow> {
  original: R;
  /** Hundredths: the value of the last approved correction, else the original's. */
  effective: number;
  corrected: boolean;
  /** A correction awaiting the chief judge's decision, if any. */
  pending: R | null;
}

/**
 * Resolves an event's append-only rows (in chain order) to the marks in effect, by original
 * mark id: a correction counts only once a `correction_approval` row refers to it; a rejected
 * or undecided correction changes nothing. Later approvals win, as they come later in the chain.
 */
export function effectiveMarks<R extends CorrectableRow>(rows: readonly R[]): Map<string, EffectiveMark<R>> {
  const byId = new Map(rows.map((r) => [r.id, r]));
  const decided = new Set(rows.filter((r) => r.kind === 'correction_approval' || r.kind === 'correction_rejection').map((r) => r.refersTo));
  const marks = new Map<string, EffectiveMark<R>>();
  for (const row of rows) {
    if (row.kind === 'original') {
      marks.set(row.id, { original: row, effective: row.value, corrected: false, pending: null });
      continue;
    }
    const correction = row.kind === 'correction' ? row : row.refersTo ? byId.get(row.refersTo) : undefined;
    const target = correction?.refersTo ? marks.get(correction.refersTo) : undefined;
    if (!correction || !target) continue;
    if (row.kind === 'correction') {
      if (!decided.has(row.id)) target.pending = row;
    } else if (row.kind === 'correction_approval') {
      target.effective = correction.value;
      target.corrected = true;
    }
  }
  return marks;
}

/** The original a row is about: itself, the one a correction corrects, or the one a decision's correction corrects. */
export function originalIdOf<R extends CorrectableRow>(row: R, byId: ReadonlyMap<string, R>): string | null {
  if (row.kind === 'original') return row.id;
  if (row.kind === 'correction') return row.refersTo;
  const correction = row.refersTo ? byId.get(row.refersTo) : undefined;
  return correction?.refersTo ?? null;
}
