import type { PublicDraw } from '@dz/contracts';
import { runDraw, verifySeedCommitment } from '@dz/domain';

/**
 * 本地复核: the draw recomputed in the browser from its revealed seeds with the published
 * algorithm (libs/domain `runDraw`), compared with what the server stored. Pure; unit-tested.
 */

export interface DrawMismatch {
  entryId: string;
  field: 'workstation' | 'checkinCode' | 'judgingCode' | 'entry';
  stored: string | number | null;
  recomputed: string | number | null;
}

export interface LocalDrawCheck {
  /** The revealed seed hashes to the commitment published before the draw. */
  commitmentOk: boolean;
  /** The same for the judging-code seed; `null` while that seed is still secret. */
  codeCommitmentOk: boolean | null;
  mismatches: DrawMismatch[];
  /** True when every check above holds. */
  matches: boolean;
  /** Set when the seeds could not be used at all (malformed). */
  error: string | null;
}

/** Recomputes `draw`; `null` while its seed has not been revealed (nothing to check yet). */
export function checkDrawLocally(draw: PublicDraw): LocalDrawCheck | null {
  if (draw.seed === null) return null;
  const entryIds = draw.entries.map((e) => e.entryId);
  const mismatches: DrawMismatch[] = [];
  const commitmentOk = verifySeedCommitment(draw.seed, draw.seedCommitment);
  const codeCommitmentOk = draw.codeSeed === null ? null : verifySeedCommitment(draw.codeSeed, draw.codeSeedCommitment);
  try {
    const main = new Map(runDraw({ seedHex: draw.seed, entryIds, twoStage: draw.twoStage }).assignments.map((a) => [a.entryId, a]));
    const codes =
      draw.codeSeed === null
        ? null
        : new Map(runDraw({ seedHex: draw.codeSeed, entryIds, twoStage: false }).assignments.map((a) => [a.entryId, a]));
    const stored = new Set<string>();
    for (const a of draw.assignments) {
      stored.add(a.entryId);
      const mine = main.get(a.entryId);
      if (!mine) {
        mismatches.push({ entryId: a.entryId, field: 'entry', stored: a.workstation, recomputed: null });
        continue;
      }
      if (mine.workstation !== a.workstation) {
        mismatches.push({ entryId: a.entryId, field: 'workstation', stored: a.workstation, recomputed: mine.workstation });
      }
      // Codes are compared where they are public: the check-in code of a two-stage draw now,
      // the judging code once its own seed is revealed (when results are published).
      if (draw.twoStage && a.checkinCode !== null && mine.checkinCode !== a.checkinCode) {
        mismatches.push({ entryId: a.entryId, field: 'checkinCode', stored: a.checkinCode, recomputed: mine.checkinCode });
      }
      const code = codes?.get(a.entryId)?.judgingCode ?? null;
      if (codes && a.judgingCode !== null && code !== a.judgingCode) {
        mismatches.push({ entryId: a.entryId, field: 'judgingCode', stored: a.judgingCode, recomputed: code });
      }
    }
    for (const id of entryIds) {
      if (!stored.has(id)) mismatches.push({ entryId: id, field: 'entry', stored: null, recomputed: main.get(id)?.workstation ?? null });
    }
    return {
      commitmentOk,
      codeCommitmentOk,
      mismatches,
      matches: commitmentOk && codeCommitmentOk !== false && mismatches.length === 0,
      error: null,
    };
  } catch (error) {
    return {
      commitmentOk,
      codeCommitmentOk,
      mismatches,
      matches: false,
      error: error instanceof Error ? error.message : '抽签数据无法复核',
    };
  }
}

/** The draw to show: the newest that is not superseded, else the newest of all. */
export function currentDraw(draws: readonly PublicDraw[]): PublicDraw | null {
  const newest = [...draws].sort((a, b) => b.round - a.round);
  return newest.find((d) => d.status !== 'superseded') ?? newest[0] ?? null;
}

/** Assignments by workstation with each entry's number and (masked) name. */
export function assignmentRows(draw: PublicDraw) {
  const entries = new Map(draw.entries.map((e) => [e.entryId, e]));
  return [...draw.assignments]
    .sort((a, b) => a.workstation - b.workstation)
    .map((a) => ({ ...a, number: entries.get(a.entryId)?.number ?? null, name: entries.get(a.entryId)?.name ?? '—' }));
}

export const DRAW_STATUS_LABELS: Record<PublicDraw['status'], string> = {
  committed: '已公布承诺，待抽签',
  drawn: '已抽签',
  superseded: '已作废',
};
