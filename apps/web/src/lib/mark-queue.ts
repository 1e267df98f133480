import { ErrorCode, type Ack, type MarkAck, type MarkSubmit } from '@dz/contracts';

/**
 * The judge tablet's durable outbox of marks (评分待发送队列). A mark is written to IndexedDB
 * before it is sent and deleted only when the server acknowledges it, so a reload, a crash or a
 * dropped connection never loses one. Every resend carries the mark's idempotency key unchanged,
 * which the server stores at most once. A refused mark stays (with its Chinese reason) for the
 * judge to read, and is never sent again.
 */

export type QueuedMarkState = 'queued' | 'refused';

export interface QueuedMark extends MarkSubmit {
  /** The judge who entered it: another judge signing in on the same tablet never sends it. */
  judgeUserId: string;
  /** ms since the epoch; marks are resent in the order they were entered. */
  createdAt: number;
  state: QueuedMarkState;
  /** Why the server refused it, in Chinese; null while queued. */
  reason: string | null;
}

/** Put, list and delete marks by idempotency key. */
export interface MarkStore {
  put(mark: QueuedMark): Promise<void>;
  getAll(): Promise<QueuedMark[]>;
  delete(idempotencyKey: string): Promise<void>;
}

/** What became of one send: stored (acked), refused for good, or to be tried again later. */
export type SendOutcome = { kind: 'saved'; ack: MarkAck } | { kind: 'refused'; reason: string } | { kind: 'retry' };

/**
 * Error codes that say "not now" rather than "never": a rate limit or a server fault. Anything
 * else (validation, sign-off, scope, recusal, a closed event) would be refused again on resend.
 */
const RETRYABLE: ReadonlySet<string> = new Set([ErrorCode.TooManyRequests, ErrorCode.Internal, ErrorCode.Unauthenticated]);

export function isRetryable(code: string, status?: number): boolean {
  return RETRYABLE.has(code) || (status !== undefined && status >= 500);
}

/** The outcome of a `mark.submit` ack. */
export function outcomeOfAck(ack: Ack<MarkAck>): SendOutcome {
  if (ack.ok) return { kind: 'saved', ack: ack.data };
  return isRetryable(ack.error.code, ack.error.statusCode) ? { kind: 'retry' } : { kind: 'refused', reason: ack.error.message };
}

/** The marks of `judgeUserId` still to send, oldest first. */
export function marksToSend(marks: readonly QueuedMark[], judgeUserId: string): QueuedMark[] {
  return marks.filter((m) => m.state === 'queued' && m.judgeUserId === judgeUserId).sort((a, b) => a.createdAt - b.createdAt);
}

/**
 * A fresh idempotency key (UUID v4). `crypto.randomUUID` exists only in secure contexts (https,
 * localhost); a venue tablet reaching the API over plain http on the LAN still has
 * `getRandomValues`, so the key is built from it there.
 */
export function newIdempotencyKey(cryptoApi: Pick<Crypto, 'getRandomValues'> & { randomUUID?: () => string } = globalThis.crypto): string {
  if (typeof cryptoApi.randomUUID === 'function') return cryptoApi.randomUUID();
  const b = cryptoApi.getRandomValues(new Uint8Array(16));
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const hex = Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** A store in memory: for tests, and for a browser without IndexedDB (private mode on old Safari). */
export function memoryMarkStore(): MarkStore {
  const rows = new Map<string, QueuedMark>();
  return {
    put: (mark) => {
      rows.set(mark.idempotencyKey, { ...mark });
      return Promise.resolve();
    },
    getAll: () => Promise.resolve([...rows.values()].map((m) => ({ ...m }))),
    delete: (key) => {
      rows.delete(key);
      return Promise.resolve();
    },
  };
}

const DB_NAME = 'dz-judging';
const STORE = 'marks';

function promised<T>(request: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error ?? new Error('IndexedDB request failed'));
  });
}

/** The IndexedDB store (`dz-judging` / `marks`, keyed by idempotency key). */
export function indexedDbMarkStore(factory: IDBFactory = indexedDB): MarkStore {
  let db: Promise<IDBDatabase> | null = null;
  const open = (): Promise<IDBDatabase> => {
    db ??= new Promise((resolve, reject) => {
      const request = factory.open(DB_NAME, 1);
      request.onupgradeneeded = () => {
        if (!request.result.objectStoreNames.contains(STORE)) request.result.createObjectStore(STORE, { keyPath: 'idempotencyKey' });
      };
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => {
        db = null;
        reject(request.error ?? new Error('IndexedDB open failed'));
      };
    });
    return db;
  };
  // Each write waits for its transaction to commit: a mark is durable before it is sent.
  const write = async (work: (store: IDBObjectStore) => void): Promise<void> => {
    const tx = (await open()).transaction(STORE, 'readwrite');
    work(tx.objectStore(STORE));
    await new Promise<void>((resolve, reject) => {
      tx.oncomplete = () => resolve();
      tx.onerror = () => reject(tx.error ?? new Error('IndexedDB write failed'));
      tx.onabort = () => reject(tx.error ?? new Error('IndexedDB write aborted'));
    });
  };
  return {
    put: (mark) => write((store) => store.put(mark)),
    getAll: async () => promised((await open()).transaction(STORE, 'readonly').objectStore(STORE).getAll() as IDBRequest<QueuedMark[]>),
    delete: (key) => write((store) => store.delete(key)),
  };
}

/** IndexedDB where the browser has it, else memory (marks then survive only until a reload). */
export function defaultMarkStore(): MarkStore {
  return typeof indexedDB !== 'undefined' ? indexedDbMarkStore() : memoryMarkStore();
}

/** A mark as the tablet shows it: waiting (待发送), stored (已保存) or refused (被拒绝). */
export type MarkState = 'queued' | 'saved' | 'refused';

export const MARK_STATE_LABELS: Record<MarkState, string> = { queued: '待发送', saved: '已保存', refused: '被拒绝' };

export interface OutboxItem {
  mark: QueuedMark;
  state: MarkState;
  reason: string | null;
}

/**
 * The outbox: enqueue a mark (stored first, then sent), flush on reconnect or `online`. One flush
 * at a time, in entry order; a `retry` outcome (offline, no ack in time) stops the flush and
 * keeps the rest queued for the next one. Listeners hear every change of state.
 */
export class MarkOutbox {
  private readonly items = new Map<string, OutboxItem>();
  private readonly listeners = new Set<() => void>();
  private flushing: Promise<void> | null = null;
  private again = false;
  private snapshotCache: OutboxItem[] = [];

  constructor(
    private readonly store: MarkStore,
    private readonly send: (mark: MarkSubmit) => Promise<SendOutcome>,
    private readonly judgeUserId: string,
    private readonly now: () => number = Date.now,
  ) {}

  /** Loads what a previous page load left in the store (this judge's marks only). */
  async load(): Promise<void> {
    for (const mark of await this.store.getAll()) {
      if (mark.judgeUserId !== this.judgeUserId || this.items.has(mark.idempotencyKey)) continue;
      this.items.set(mark.idempotencyKey, { mark, state: mark.state, reason: mark.reason });
    }
    this.changed();
  }

  /** Stores the mark durably, then tries to send it (and anything queued before it). */
  async enqueue(body: Omit<MarkSubmit, 'idempotencyKey'> & { idempotencyKey?: string }): Promise<QueuedMark> {
    const mark: QueuedMark = {
      ...body,
      idempotencyKey: body.idempotencyKey ?? newIdempotencyKey(),
      judgeUserId: this.judgeUserId,
      createdAt: this.now(),
      state: 'queued',
      reason: null,
    };
    await this.store.put(mark);
    this.items.set(mark.idempotencyKey, { mark, state: 'queued', reason: null });
    this.changed();
    void this.flush();
    return mark;
  }

  /** Sends every queued mark; a call during a flush runs one more flush after it. */
  flush(): Promise<void> {
    if (this.flushing) {
      this.again = true;
      return this.flushing;
    }
    this.flushing = this.run().finally(() => {
      this.flushing = null;
      if (this.again) {
        this.again = false;
        void this.flush();
      }
    });
    return this.flushing;
  }

  private async run(): Promise<void> {
    const queued = marksToSend(
      [...this.items.values()].filter((i) => i.state === 'queued').map((i) => i.mark),
      this.judgeUserId,
    );
    for (const mark of queued) {
      const { idempotencyKey, eventId, judgingCode, stage, aspectKey, value } = mark;
      let outcome: SendOutcome;
      try {
        outcome = await this.send({ idempotencyKey, eventId, judgingCode, stage, aspectKey, value });
      } catch {
        outcome = { kind: 'retry' };
      }
      if (outcome.kind === 'retry') return;
      if (outcome.kind === 'saved') {
        await this.store.delete(idempotencyKey);
        this.items.set(idempotencyKey, { mark, state: 'saved', reason: null });
      } else {
        const refused: QueuedMark = { ...mark, state: 'refused', reason: outcome.reason };
        await this.store.put(refused);
        this.items.set(idempotencyKey, { mark: refused, state: 'refused', reason: outcome.reason });
      }
      this.changed();
    }
  }

  /** Forgets a refused (or saved) mark, e.g. once the judge has read why and re-entered it. */
  async dismiss(idempotencyKey: string): Promise<void> {
    const item = this.items.get(idempotencyKey);
    if (!item || item.state === 'queued') return;
    await this.store.delete(idempotencyKey);
    this.items.delete(idempotencyKey);
    this.changed();
  }

  /** Every mark this page knows, in entry order; the same array until something changes. */
  snapshot = (): OutboxItem[] => this.snapshotCache;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  private changed(): void {
    this.snapshotCache = [...this.items.values()].sort((a, b) => a.mark.createdAt - b.mark.createdAt);
    for (const listener of this.listeners) listener();
  }
}
