import { ErrorCode, type MarkSubmit } from '@dz/contracts';
import { marksToSend, MarkOutbox, memoryMarkStore, newIdempotencyKey, outcomeOfAck, type QueuedMark, type SendOutcome } from './mark-queue';

const EVENT = '00000000-0000-4000-8000-000000000001';
const OTHER_JUDGE = '00000000-0000-4000-8000-000000000002';
const JUDGE = '00000000-0000-4000-8000-000000000003';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

const body = (aspectKey: string, value: number) => ({ eventId: EVENT, judgingCode: 'J001', stage: '实操', aspectKey, value });

const queued = (over: Partial<QueuedMark>): QueuedMark => ({
  ...body('A1', 8),
  idempotencyKey: newIdempotencyKey(),
  judgeUserId: JUDGE,
  createdAt: 0,
  state: 'queued',
  reason: null,
  ...over,
});

describe('newIdempotencyKey', () => {
  it('should use randomUUID where the context has it', () => {
    expect(newIdempotencyKey({ getRandomValues: (a) => a, randomUUID: () => 'from-random-uuid' })).toBe('from-random-uuid');
  });

  it('should build a v4 UUID from getRandomValues on a plain-http tablet', () => {
    const fill = <T extends ArrayBufferView>(a: T): T => {
      if (a instanceof Uint8Array) a.fill(0xff);
      return a;
    };
    const key = newIdempotencyKey({ getRandomValues: fill });
    expect(key).toMatch(UUID);
  });

  it('should give a different key each time', () => {
    const keys = new Set(Array.from({ length: 100 }, () => newIdempotencyKey()));
    expect(keys.size).toBe(100);
  });
});

describe('outcomeOfAck', () => {
  it('should count an ok ack as saved', () => {
    expect(outcomeOfAck({ ok: true, data: { markId: EVENT, seq: 1, duplicate: false } })).toEqual({ kind: 'saved', ack: { markId: EVENT, seq: 1, duplicate: false } });
  });

  it('should refuse for good with the Chinese reason when the server says never', () => {
    expect(outcomeOfAck({ ok: false, error: { statusCode: 409, code: ErrorCode.Conflict, message: '已提交，修改须走更正流程' } })).toEqual({
      kind: 'refused',
      reason: '已提交，修改须走更正流程',
    });
  });

  it('should retry after a rate limit or a server fault', () => {
    expect(outcomeOfAck({ ok: false, error: { statusCode: 429, code: ErrorCode.TooManyRequests, message: '提交过于频繁' } })).toEqual({ kind: 'retry' });
    expect(outcomeOfAck({ ok: false, error: { statusCode: 500, code: ErrorCode.Internal, message: '服务器错误' } })).toEqual({ kind: 'retry' });
  });
});

describe('marksToSend', () => {
  it("should list only this judge's queued marks, oldest first", () => {
    const a = queued({ createdAt: 3 });
    const b = queued({ createdAt: 1 });
    const refused = queued({ createdAt: 0, state: 'refused', reason: '不行' });
    const other = queued({ createdAt: 0, judgeUserId: OTHER_JUDGE });
    expect(marksToSend([a, b, refused, other], JUDGE).map((m) => m.idempotencyKey)).toEqual([b.idempotencyKey, a.idempotencyKey]);
  });
});

describe(MarkOutbox.name, () => {
  /** A server that answers as scripted and records every body it is sent. */
  const server = (answer: (m: MarkSubmit) => SendOutcome) => {
    const sent: MarkSubmit[] = [];
    return {
      sent,
      send: (m: MarkSubmit) => {
        sent.push(m);
        return Promise.resolve(answer(m));
      },
    };
  };
  const saved = (): SendOutcome => ({ kind: 'saved', ack: { markId: EVENT, seq: 1, duplicate: false } });

  it('should keep a mark queued and stored while offline, then resend it with the same key', async () => {
    const store = memoryMarkStore();
    let online = false;
    const api = server(() => (online ? saved() : { kind: 'retry' }));
    const outbox = new MarkOutbox(store, api.send, JUDGE);
    const mark = await outbox.enqueue(body('A1', 8));
    await outbox.flush();
    expect(outbox.snapshot().map((i) => i.state)).toEqual(['queued']);
    expect(await store.getAll()).toHaveLength(1);

    online = true;
    await outbox.flush();
    expect(outbox.snapshot().map((i) => i.state)).toEqual(['saved']);
    expect(await store.getAll()).toEqual([]);
    expect(new Set(api.sent.map((m) => m.idempotencyKey))).toEqual(new Set([mark.idempotencyKey]));
  });

  it('should survive a reload: a new outbox on the same store sends what the last one left', async () => {
    const store = memoryMarkStore();
    const first = new MarkOutbox(store, () => Promise.resolve({ kind: 'retry' }), JUDGE);
    const mark = await first.enqueue(body('B1', 2));
    await first.flush();

    const api = server(saved);
    const second = new MarkOutbox(store, api.send, JUDGE);
    await second.load();
    expect(second.snapshot().map((i) => i.state)).toEqual(['queued']);
    await second.flush();
    expect(api.sent).toEqual([{ ...body('B1', 2), idempotencyKey: mark.idempotencyKey }]);
    expect(await store.getAll()).toEqual([]);
  });

  it('should not send the marks another judge left on the tablet', async () => {
    const store = memoryMarkStore();
    await store.put(queued({ judgeUserId: OTHER_JUDGE }));
    const api = server(saved);
    const outbox = new MarkOutbox(store, api.send, JUDGE);
    await outbox.load();
    await outbox.flush();
    expect(api.sent).toEqual([]);
    expect(outbox.snapshot()).toEqual([]);
  });

  it('should show a refused mark with its reason and never send it again', async () => {
    const store = memoryMarkStore();
    const api = server(() => ({ kind: 'refused', reason: '该选手本阶段的评分已由裁判长签核' }));
    const outbox = new MarkOutbox(store, api.send, JUDGE);
    await outbox.enqueue(body('A1', 8));
    await outbox.flush();
    await outbox.flush();
    expect(api.sent).toHaveLength(1);
    expect(outbox.snapshot()[0]).toMatchObject({ state: 'refused', reason: '该选手本阶段的评分已由裁判长签核' });
    expect((await store.getAll())[0]).toMatchObject({ state: 'refused' });

    await outbox.dismiss(outbox.snapshot()[0].mark.idempotencyKey);
    expect(outbox.snapshot()).toEqual([]);
    expect(await store.getAll()).toEqual([]);
  });

  it('should stop at the first mark that cannot go and keep the order for the next flush', async () => {
    const store = memoryMarkStore();
    let calls = 0;
    const api = server(() => (++calls === 2 ? { kind: 'retry' } : saved()));
    let clock = 0;
    const outbox = new MarkOutbox(store, () => Promise.resolve({ kind: 'retry' }), JUDGE, () => ++clock);
    await outbox.enqueue(body('A1', 1));
    await outbox.enqueue(body('A2', 2));
    await outbox.enqueue(body('A3', 3));
    await outbox.flush();
    const reloaded = new MarkOutbox(store, api.send, JUDGE);
    await reloaded.load();
    await reloaded.flush();
    expect(api.sent.map((m) => m.aspectKey)).toEqual(['A1', 'A2']);
    expect(reloaded.snapshot().map((i) => [i.mark.aspectKey, i.state])).toEqual([
      ['A1', 'saved'],
      ['A2', 'queued'],
      ['A3', 'queued'],
    ]);
    await reloaded.flush();
    expect(api.sent.map((m) => m.aspectKey)).toEqual(['A1', 'A2', 'A2', 'A3']);
    expect(reloaded.snapshot().every((i) => i.state === 'saved')).toBe(true);
  });

  it('should treat a send that throws (no ack in time) as one to retry', async () => {
    const outbox = new MarkOutbox(memoryMarkStore(), () => Promise.reject(new Error('operation has timed out')), JUDGE);
    await outbox.enqueue(body('A1', 8));
    await outbox.flush();
    expect(outbox.snapshot()[0].state).toBe('queued');
  });
});
