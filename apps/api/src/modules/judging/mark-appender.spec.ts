import { AppError, ErrorCode, type MarkAck } from '@dz/contracts';
import type { ChainTip, JudgingRepository, MarkAudit, NewMark, StoredMark, TransactionRunner } from '@dz/persistence';
import { MarkAppender, type PendingMark } from './mark-appender';

/** An in-memory stand-in for the repository's append half. */
class FakeMarks {
  rows: StoredMark[] = [];
  status = 'running';
  batches: number[] = [];
  signedOff = new Set<string>();

  lockForMarks() {
    return Promise.resolve(this.status);
  }

  appendStates(_eventId: string, marks: NewMark[]) {
    const tipRow = this.rows.at(-1);
    return Promise.resolve({
      items: marks.map((m) => ({
        byKey: this.rows.find((r) => r.judgeUserId === m.judgeUserId && r.idempotencyKey === m.idempotencyKey) ?? null,
        signedOff: this.signedOff.has(m.entryId),
        originalId:
          this.rows.find((r) => r.kind === 'original' && r.entryId === m.entryId && r.aspectKey === m.aspectKey && r.judgeUserId === m.judgeUserId)?.id ?? null,
      })),
      tip: tipRow ? { seq: tipRow.seq, hash: tipRow.hash } : null,
    });
  }

  appendMarks(marks: NewMark[], tip: ChainTip | null, _audits: MarkAudit[]) {
    this.batches.push(marks.length);
    let seq = tip?.seq ?? 0;
    const stored = marks.map((m) => {
      seq += 1;
      return { ...m, id: `m${seq}`, seq, createdAt: new Date(0), prevHash: null, hash: `h${seq}` };
    });
    this.rows.push(...stored);
    return Promise.resolve(stored);
  }
}

const transactions = { run: <T>(work: (tx: object) => Promise<T>) => work({}) } as unknown as TransactionRunner;

function pending(judge: string, key: string, entryId = 'e1', aspectKey = 'A1'): PendingMark {
  const mark: NewMark = { eventId: 'ev', entryId, stage: '实操', aspectKey, judgeUserId: judge, value: 500, kind: 'original', refersTo: null, reason: null, idempotencyKey: key };
  return {
    mark,
    audit: { action: 'mark.submitted', actorRoles: ['judge'], detail: {}, correlationId: null, ip: null },
    replay: (stored): MarkAck => {
      if (stored.value !== mark.value || stored.aspectKey !== mark.aspectKey) throw new AppError(ErrorCode.Conflict, '该幂等键已用于另一条评分');
      return { markId: stored.id, seq: stored.seq, duplicate: true };
    },
  };
}

describe(MarkAppender.name, () => {
  let marks: FakeMarks;
  let appender: MarkAppender;

  beforeEach(() => {
    marks = new FakeMarks();
    appender = new MarkAppender(marks as unknown as JudgingRepository, transactions);
  });

  it('should batch what queues while a batch runs, and store a key twice in one batch only once', async () => {
    const results = await Promise.all([
      appender.append(pending('j1', 'k1')),
      appender.append(pending('j2', 'k2')),
      appender.append(pending('j2', 'k2')),
      appender.append(pending('j3', 'k3')),
    ]);
    expect(marks.batches).toEqual([1, 2]);
    expect(results).toEqual([
      { markId: 'm1', seq: 1, duplicate: false },
      { markId: 'm2', seq: 2, duplicate: false },
      { markId: 'm2', seq: 2, duplicate: true },
      { markId: 'm3', seq: 3, duplicate: false },
    ]);
  });

  it('should answer a stored key as a resend, and refuse a second original or a signed-off sheet', async () => {
    await appender.append(pending('j1', 'k1'));
    marks.signedOff.add('e9');
    const [resend, second, signed] = await Promise.allSettled([
      appender.append(pending('j1', 'k1')),
      appender.append(pending('j1', 'k2')),
      appender.append(pending('j1', 'k3', 'e9')),
    ]);
    expect(resend).toEqual({ status: 'fulfilled', value: { markId: 'm1', seq: 1, duplicate: true } });
    expect(second).toMatchObject({ status: 'rejected', reason: { code: 'CONFLICT', message: '已提交，修改须走更正流程' } });
    expect(signed).toMatchObject({ status: 'rejected', reason: { message: expect.stringContaining('签核') } });
    expect(marks.rows).toHaveLength(1);
  });

  it('should refuse two originals of one slot in one batch, and everything when the event is not running', async () => {
    const [first, , clash] = await Promise.allSettled([
      appender.append(pending('j1', 'k0', 'e2')),
      appender.append(pending('j1', 'k1')),
      appender.append(pending('j1', 'k2')),
    ]);
    expect(first.status).toBe('fulfilled');
    expect(clash).toMatchObject({ status: 'rejected', reason: { message: '已提交，修改须走更正流程' } });
    marks.status = 'scoring_closed';
    await expect(appender.append(pending('j4', 'k4', 'e3'))).rejects.toMatchObject({ code: 'INVALID_TRANSITION' });
    expect(marks.rows).toHaveLength(2);
  });
});
