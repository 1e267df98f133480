import type { BoardMode, PublicBoardState, PublicStandingRow, PublicStandingsDelta, StaffStandingRow, StaffStandingsDelta } from '@dz/contracts';
import { publicBoardState, publicRowsOf } from './board-state';

/** Event states in which results are public (成绩公示 and after): the public board shows all. */
export const RESULTS_PUBLIC_STATUSES: readonly string[] = ['under_notice', 'final', 'archived'];

/** What decides the public board: the setting, the event's status, the time. */
export interface PublicView {
  publicMode: BoardMode;
  freezeAt: Date | null;
  blind: boolean;
  status: string;
  now: Date;
}

export function publicStateOf(view: PublicView): PublicBoardState {
  return publicBoardState(
    { publicMode: view.publicMode, freezeAt: view.freezeAt?.toISOString() ?? null },
    { now: view.now.getTime(), published: RESULTS_PUBLIC_STATUSES.includes(view.status) },
  );
}

/** The public rows of staff rows (entries without a public key, e.g. no judging code on a blind board, left out). */
export function publicRows(rows: readonly StaffStandingRow[], view: PublicView): PublicStandingRow[] {
  return publicRowsOf(rows, { blind: view.blind, published: RESULTS_PUBLIC_STATUSES.includes(view.status) });
}

/**
 * The public room's share of staff deltas: all of them while live or published; those made at
 * or before the freeze once frozen (the board stops there); none while hidden. The seq is kept,
 * so a public client's seq follows the feed's (it may skip seqs only while hidden or frozen,
 * and then takes a snapshot).
 */
export function publicDeltas(deltas: readonly StaffStandingsDelta[], view: PublicView): PublicStandingsDelta[] {
  const state = publicStateOf(view);
  if (state === 'hidden') return [];
  return deltas
    .filter((d) => state !== 'frozen' || (view.freezeAt !== null && new Date(d.at).getTime() <= view.freezeAt.getTime()))
    .map((d) => ({ seq: d.seq, at: d.at, rows: publicRows(d.rows, view) }));
}
