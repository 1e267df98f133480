import { AppError, ErrorCode, type MarkAck } from '@dz/contracts';
import type { ChainTip, JudgingRepository, MarkAudit, MarkSubmission, NewMark, StoredMark, SubmissionState, TransactionRunner } from '@dz/persistence';
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

  /** Entries are named e1, e2 … by judging code C-e1, C-e2 …; every judge is assigned. */
  submissionStates(_eventId: string, marks: MarkSubmission[]) {
    const tipRow = this.rows.at(-1);
    return Promise.resolve({
      items: marks.map((m): SubmissionState => {
        const entryId = m.judgingCode.replace(/^C-/, '');
        const stored = this.rows.find((r) => r.judgeUserId === m.judgeUserId && r.idempotencyKey === m.idempotencyKey);
        return {
          byKey: stored ? { mark: stored, judgingCode: `C-${stored.entryId}` } : null,
          assignment: null,
          entry: { id: entryId, workstation: null, judgingCode: m.judgingCode, registrantUserId: null, employers: [], memberUserIds: [] },
          scheme: null,
          signedOff: this.signedOff.has(entryId),
          originalId:
            this.rows.find((r) => r.kind === 'original' && r.entryId === entryId && r.aspectKey === m.aspectKey && r.judgeUserId === m.judgeUserId)?.id ?? null,
        };
      }),
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

function pending(judge: string, key: string, entryId = 'e1', aspectKey = 'A1', value = 500): PendingMark {
  const mark: NewMark = { eventId: 'ev', entryId, stage: '实操', aspectKey, judgeUserId: judge, value, kind: 'original', refersTo: null, reason: null, idempotencyKey: key };
  return {
    eventId: 'ev',
    submission: { judgeUserId: judge, idempotencyKey: key, judgingCode: `C-${entryId}`, stage: '实操', aspectKey },
    audit: { action: 'mark.submitted', actorRoles: ['judge'], detail: {}, correlationId: null, ip: null },
    check: (state) => {
      if (value < 0) throw new AppError(ErrorCode.ValidationFailed, `「${aspectKey}」分值不能为负`);
      return { ...mark, entryId: state.entry?.id ?? entryId };
    },
    replay: (stored, code): MarkAck => {
      if (stored.value !== mark.value || stored.aspectKey !== mark.aspectKey || code !== `C-${entryId}`) throw new AppError(ErrorCode.Conflict, '该幂等键已用于另一条评分');
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

  it('should still acknowledge a resend of a stored mark after scoring closed, and refuse a key reused for another entry', async () => {
    await appender.append(pending('j1', 'k1', 'e1'));
    marks.status = 'scoring_closed';
    await expect(appender.append(pending('j1', 'k1', 'e1'))).resolves.toEqual({ markId: 'm1', seq: 1, duplicate: true });
    await expect(appender.append(pending('j1', 'k1', 'e2'))).rejects.toMatchObject({ code: 'CONFLICT' });
    expect(marks.rows).toHaveLength(1);
  });

  it('should refuse a mark that fails its checks without holding back the rest of its batch', async () => {
    const [first, bad, good] = await Promise.allSettled([
      appender.append(pending('j1', 'k1', 'e1')),
      appender.append(pending('j2', 'k2', 'e1', 'A1', -1)),
      appender.append(pending('j3', 'k3', 'e1')),
    ]);
    expect(first.status).toBe('fulfilled');
    expect(bad).toMatchObject({ status: 'rejected', reason: { code: 'VALIDATION_FAILED', message: expect.stringContaining('不能为负') } });
    expect(good).toEqual({ status: 'fulfilled', value: { markId: 'm2', seq: 2, duplicate: false } });
    expect(marks.batches).toEqual([1, 1]);
  });
});
