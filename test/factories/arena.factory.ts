import type { Ack, ArenaMarkAck, ArenaState, ArenaSubscribeReply, EventDraftBody } from '@dz/contracts';
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import type { TestApi } from '../setup/api-app';
import { bearer, signIn } from '../setup/auth';
import { createJudges, runningEvent, type JudgeSocket, type RunningEvent, type TestJudge } from './judging.factory';
import { viewerSocket, type ViewerSocket } from './standings.factory';

export const ARENA_STAGE = '实操';

/** The proposal fields of an arena event whose first holder is last edition's champion. */
export const ARENA_DRAFT: Partial<EventDraftBody> = { format: 'arena', rounds: [], arenaFirstHolder: 'last_champion' };

/** A bout sheet: A1 measurement (10 marks) and B1 judgement (0–3 points → 10 marks); 20 marks in all. */
export const ARENA_SCHEME = {
  method: 'mean',
  totalMarks: 2000,
  sections: [
    { key: 'A', title: '操作', aspects: [{ key: 'A1', title: '焊缝尺寸', kind: 'measurement', maxMarks: 1000 }], sections: [] },
    { key: 'B', title: '评价', aspects: [{ key: 'B1', title: '焊缝外观', kind: 'judgement', maxMarks: 1000 }], sections: [] },
  ],
} as const;

export interface ArenaFixture {
  running: RunningEvent;
  organiser: string;
  /** judges[0] is the chief judge (裁判长). */
  judges: TestJudge[];
}

/** A running arena event with `count` drawn entries, the bout sheet on 实操 and `judges` assigned (the first as chief). */
export async function arenaEvent(
  api: TestApi,
  options: { count: number; firstIndex: number; title: string; judges: number; prefix: string; draft?: Partial<EventDraftBody> },
): Promise<ArenaFixture> {
  const organiser = (await signIn(api.baseUrl, 'jingxin')).accessToken;
  const running = await runningEvent(api, { count: options.count, firstIndex: options.firstIndex, title: options.title, draft: { ...ARENA_DRAFT, ...options.draft } });
  await request(api.baseUrl).put(`/api/events/${running.event.id}/schemes/${encodeURIComponent(ARENA_STAGE)}`).set(bearer(organiser)).send(ARENA_SCHEME).expect(200);
  const judges = await createJudges(api, options.judges, { prefix: options.prefix });
  for (const [i, j] of judges.entries()) {
    await request(api.baseUrl)
      .post(`/api/events/${running.event.id}/judges`)
      .set(bearer(organiser))
      .send({ judgeUserId: j.userId, role: i === 0 ? 'chief' : 'judge' })
      .expect(200);
  }
  return { running, organiser, judges };
}

/** One `arena.mark` with its ack. */
export async function arenaMark(socket: JudgeSocket, body: unknown, timeoutMs = 10_000): Promise<Ack<ArenaMarkAck>> {
  return (await socket.timeout(timeoutMs).emitWithAck('arena.mark', body)) as Ack<ArenaMarkAck>;
}

export const markBody = (eventId: string, bout: number, judgingCode: string, aspectKey: string, value: number) => ({
  idempotencyKey: randomUUID(),
  eventId,
  bout,
  judgingCode,
  aspectKey,
  value,
});

/**
 * An arena viewer as a board runs it: subscribes on every (re)connect with the seq it holds,
 * applies a state only when its seq is higher, and records each seq applied, so a test can
 * check none was applied twice or out of order.
 */
export class ArenaViewer {
  readonly socket: ViewerSocket;
  state: ArenaState | null = null;
  readonly applied: number[] = [];
  readonly raw: string[] = [];
  readonly problems: string[] = [];

  constructor(
    baseUrl: string,
    private readonly eventId: string,
    private readonly room: 'public' | 'staff',
    token?: string,
  ) {
    this.socket = viewerSocket(baseUrl, token);
    // A reply lost to a disconnect is asked for again on the next connect.
    this.socket.on('connect', () => void this.subscribe().catch(() => undefined));
    this.socket.on('arena.state', (push) => {
      this.raw.push(JSON.stringify(push));
      if (push.eventId === this.eventId && push.room === this.room) this.apply(push.state);
    });
  }

  get seq(): number {
    return this.state?.seq ?? -1;
  }

  private apply(state: ArenaState): void {
    if (state.seq <= this.seq) return;
    if (this.applied.includes(state.seq)) this.problems.push(`seq ${state.seq} applied twice`);
    this.applied.push(state.seq);
    this.state = state;
  }

  async subscribe(): Promise<Ack<ArenaSubscribeReply>> {
    const since = this.state ? this.state.seq : undefined;
    const reply = (await this.socket.timeout(10_000).emitWithAck('arena.subscribe', { eventId: this.eventId, room: this.room, since })) as Ack<ArenaSubscribeReply>;
    this.raw.push(JSON.stringify(reply));
    if (!reply.ok) this.problems.push(`subscribe refused: ${reply.error.code} ${reply.error.message}`);
    else if (reply.data.state) this.apply(reply.data.state);
    return reply;
  }
}
