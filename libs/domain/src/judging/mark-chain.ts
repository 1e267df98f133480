import { MARK_RECORD_KINDS } from '@dz/contracts';
import { sha256Hex } from '../registration/sha256';

/**
 * The hash chain over an event's mark records (append-only: originals, corrections and the chief
 * judge's decisions on them). Each record's hash covers its content and the previous record's
 * hash, so changing, removing or reordering any stored record breaks the chain from that point.
 * The API stores `hash` and `prevHash` with each record; anyone holding the rows can re-check them
 * with verifyChain, on the server or in the browser.
 */

export { MARK_RECORD_KINDS };
export type MarkRecordKind = (typeof MARK_RECORD_KINDS)[number];

/** What the first record's hash is chained to. */
export const MARK_CHAIN_GENESIS = 'GENESIS';

/** The hashed content of one mark record. */
export interface MarkRecordContent {
  id: string;
  eventId: string;
  entryId: string;
  stage: string;
  aspectKey: string;
  judgeId: string;
  /** Hundredths (an integer). */
  value: number;
  kind: MarkRecordKind;
  /** The record a correction or a decision on one refers to; null for an original. */
  refersTo: string | null;
  reason: string | null;
  idempotencyKey: string;
  /** As stored, byte for byte (e.g. '2026-11-25T02:30:00.000Z'): it is hashed as text. */
  createdAt: string;
}

/** A stored record: its content, its hash and the hash of the record before it. */
export interface MarkChainRow extends MarkRecordContent {
  hash: string;
  /** null for the first record of the chain. */
  prevHash: string | null;
}

export type MarkChainVerification =
  | { ok: true }
  | {
      ok: false;
      /** Index in the given rows of the first record that does not check out. */
      brokenAt: number;
      id: string;
      /** 'hash': the content does not match its hash; 'link': prevHash is not the previous hash. */
      reason: 'hash' | 'link';
    };

const requireText = (value: unknown, field: string) => {
  if (typeof value !== 'string') {
    throw new RangeError(`评分记录的 ${field} 应为字符串`);
  }
};

/**
 * The canonical text of a record: JSON of an object with exactly these keys in this order —
 * id, eventId, entryId, stage, aspectKey, judgeId, value, kind, refersTo, reason,
 * idempotencyKey, createdAt — no whitespace, strings escaped as JSON.stringify does, value as a
 * decimal integer, refersTo and reason as null when absent. Any other field (hash, prevHash) is
 * left out. Throws a RangeError for a non-integer value, an unknown kind or a non-string field.
 */
export function canonicalMarkContent(row: MarkRecordContent): string {
  for (const field of ['id', 'eventId', 'entryId', 'stage', 'aspectKey', 'judgeId'] as const) {
    requireText(row[field], field);
  }
  requireText(row.idempotencyKey, 'idempotencyKey');
  requireText(row.createdAt, 'createdAt');
  if (row.refersTo !== null) {
    requireText(row.refersTo, 'refersTo');
  }
  if (row.reason !== null) {
    requireText(row.reason, 'reason');
  }
  if (!Number.isSafeInteger(row.value)) {
    throw new RangeError(`评分记录的分值应为以 0.01 分计的整数（收到 ${row.value}）`);
  }
  if (!(MARK_RECORD_KINDS as readonly string[]).includes(row.kind)) {
    throw new RangeError(`未知的评分记录类型：${String(row.kind)}`);
  }
  // Built field by field, so the key order is this literal's, whatever the row's order.
  return JSON.stringify({
    id: row.id,
    eventId: row.eventId,
    entryId: row.entryId,
    stage: row.stage,
    aspectKey: row.aspectKey,
    judgeId: row.judgeId,
    value: row.value,
    kind: row.kind,
    refersTo: row.refersTo,
    reason: row.reason,
    idempotencyKey: row.idempotencyKey,
    createdAt: row.createdAt,
  });
}

/** SHA-256 (64 lowercase hex) of `${prevHash ?? 'GENESIS'}\n${content}`, as UTF-8. */
export function chainHash(prevHash: string | null, content: string): string {
  return sha256Hex(`${prevHash ?? MARK_CHAIN_GENESIS}\n${content}`);
}

/**
 * Checks rows in chain order: each prevHash must be the hash of the row before it (null, or
 * `previousHash` when checking a tail of the chain, for the first), and each hash must be
 * chainHash(prevHash, canonicalMarkContent(row)). Reports the first row that fails; the link is
 * checked before the hash, so a removed row shows as a broken link at the row after it.
 */
export function verifyChain(
  rows: readonly MarkChainRow[],
  previousHash: string | null = null,
): MarkChainVerification {
  let expectedPrev = previousHash;
  for (let i = 0; i < rows.length; i += 1) {
    const row = rows[i];
    if (row.prevHash !== expectedPrev) {
      return { ok: false, brokenAt: i, id: row.id, reason: 'link' };
    }
    let content: string;
    try {
      content = canonicalMarkContent(row);
    } catch {
      return { ok: false, brokenAt: i, id: row.id, reason: 'hash' };
    }
    if (chainHash(row.prevHash, content) !== row.hash) {
      return { ok: false, brokenAt: i, id: row.id, reason: 'hash' };
    }
    expectedPrev = row.hash;
  }
  return { ok: true };
}
