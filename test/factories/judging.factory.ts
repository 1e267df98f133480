import type { Ack, ClientToServerEvents, EventDraftBody, MarkAck, MarkingSchemeBody, ProposalDetail, PublicDraw, ServerToClientEvents } from '@dz/contracts';
import * as argon2 from 'argon2';
import { io, type Socket } from 'socket.io-client';
import request from 'supertest';
import type { TestApi } from '../setup/api-app';
import { bearer, signIn } from '../setup/auth';
import { createContestants, moveEvent, person, publishedEvent, type Contestant } from './registration.factory';

export type JudgeSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

export interface TestJudge {
  userId: string;
  username: string;
  name: string;
  token: string;
}

export const JUDGE_PASSWORD = 'Judge#2026-fair';

/**
 * `count` judge accounts (role `judge`), created in the database directly like
 * createContestants, optionally holding their judge grant in an organisation of that name
 * (their employer, for recusal), and signed in over HTTP.
 */
export async function createJudges(api: TestApi, count: number, options: { prefix: string; organisation?: string }): Promise<TestJudge[]> {
  const hash = await argon2.hash(JUDGE_PASSWORD, { type: argon2.argon2id, memoryCost: 1024, timeCost: 1, parallelism: 1 });
  let organisationId: string | null = null;
  if (options.organisation) {
    const [org]: { id: string }[] = await api.dataSource.query(
      `INSERT INTO organisation (kind, name) VALUES ('employer', $1) ON CONFLICT (kind, name) DO UPDATE SET name = EXCLUDED.name RETURNING id`,
      [options.organisation],
    );
    organisationId = org.id;
  }
  const judges: TestJudge[] = [];
  for (let i = 0; i < count; i += 1) {
    const username = `${options.prefix}${i + 1}`;
    const name = `裁判${username}`;
    const [row]: { id: string }[] = await api.dataSource.query(
      `INSERT INTO app_user (display_name, username, password_hash, password_changed_at) VALUES ($1, $2, $3, now()) RETURNING id`,
      [name, username, hash],
    );
    await api.dataSource.query(`INSERT INTO role_grant (user_id, role, organisation_id) VALUES ($1, 'judge', $2)`, [row.id, organisationId]);
    judges.push({ userId: row.id, username, name, token: '' });
  }
  await Promise.all(judges.map(async (j) => (j.token = (await signIn(api.baseUrl, j.username, JUDGE_PASSWORD)).accessToken)));
  return judges;
}

export interface RunningEvent {
  event: ProposalDetail;
  contestants: Contestant[];
  /** Approved entries in contestant order, with the judging code the draw gave them. */
  entries: { entryId: string; judgingCode: string; contestant: Contestant; employer: string }[];
}

/**
 * An event in `running` with a finished draw, so every entry has a judging code: published,
 * `count` contestants registered (employer of the i-th: `employerOf(i)`) and approved,
 * registration closed, the draw committed and run, then started. `draft` overrides the
 * proposal (e.g. the arena format).
 */
export async function runningEvent(
  api: TestApi,
  options: { count: number; firstIndex: number; title: string; employerOf?: (i: number) => string; draft?: Partial<EventDraftBody> },
): Promise<RunningEvent> {
  const organiser = (await signIn(api.baseUrl, 'jingxin')).accessToken;
  const event = await publishedEvent(api, { capacity: Math.max(options.count, 1), title: options.title, ...options.draft });
  const contestants = await createContestants(api, options.count, options.firstIndex);
  const employers = contestants.map((_, i) => options.employerOf?.(i) ?? '达州钢铁集团');
  const entryIds: string[] = [];
  for (const [i, c] of contestants.entries()) {
    const entry = await request(api.baseUrl)
      .post(`/api/events/${event.id}/entries`)
      .set(bearer(c.token))
      .send({ teamName: null, members: [person(c.index, { employer: employers[i] })] })
      .expect(201);
    entryIds.push(entry.body.id);
  }
  await request(api.baseUrl).post(`/api/events/${event.id}/entries/decisions`).set(bearer(organiser)).send({ entryIds, action: 'approve' }).expect(200);
  await moveEvent(api, event.id, 'registration_closed');
  const draw = (await request(api.baseUrl).post(`/api/events/${event.id}/draws`).set(bearer(organiser)).send({ twoStage: true }).expect(201)).body as PublicDraw;
  await request(api.baseUrl).post(`/api/draws/${draw.id}/run`).set(bearer(organiser)).expect(200);
  await moveEvent(api, event.id, 'running');
  const codes: { id: string; judging_code: string }[] = await api.dataSource.query(`SELECT id, judging_code FROM entry WHERE event_id = $1`, [event.id]);
  const codeOf = new Map(codes.map((c) => [c.id, c.judging_code]));
  return {
    event,
    contestants,
    entries: entryIds.map((entryId, i) => ({ entryId, judgingCode: codeOf.get(entryId) as string, contestant: contestants[i], employer: employers[i] })),
  };
}

/** A valid scheme: section A with `measurement` aspects A1…, section B with `judgement` aspects B1…, 10 marks each. */
export function schemeBody(options: { measurement: number; judgement: number; method?: MarkingSchemeBody['method'] }): MarkingSchemeBody {
  const aspects = (prefix: string, kind: 'measurement' | 'judgement', n: number) =>
    Array.from({ length: n }, (_, i) => ({ key: `${prefix}${i + 1}`, title: `${kind === 'measurement' ? '尺寸' : '外观'}${i + 1}`, kind, maxMarks: 1000 }));
  const sections = [
    ...(options.measurement > 0 ? [{ key: 'A', title: '测量', aspects: aspects('A', 'measurement', options.measurement), sections: [] }] : []),
    ...(options.judgement > 0 ? [{ key: 'B', title: '评价', aspects: aspects('B', 'judgement', options.judgement), sections: [] }] : []),
  ];
  return { method: options.method ?? 'mean', totalMarks: (options.measurement + options.judgement) * 1000, sections };
}

/** A judge's socket, as a tablet opens it; reconnects on its own unless `reconnection` is false. */
export function judgeSocket(api: TestApi, token: string | undefined, options: { reconnection?: boolean } = {}): JudgeSocket {
  return io(api.baseUrl, {
    transports: ['websocket'],
    auth: token ? { token } : {},
    extraHeaders: { origin: api.baseUrl },
    reconnection: options.reconnection ?? true,
    reconnectionDelay: 20,
    reconnectionDelayMax: 200,
    forceNew: true,
  });
}

export function connected(socket: JudgeSocket, timeoutMs = 10_000): Promise<void> {
  if (socket.connected) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      socket.off('connect', onConnect);
      reject(new Error('socket did not connect'));
    }, timeoutMs);
    const onConnect = () => {
      clearTimeout(timer);
      resolve();
    };
    socket.once('connect', onConnect);
  });
}

/** One `mark.submit` with its ack (rejects when no ack comes within the timeout). */
export async function submitMark(socket: JudgeSocket, body: unknown, timeoutMs = 10_000): Promise<Ack<MarkAck>> {
  return (await socket.timeout(timeoutMs).emitWithAck('mark.submit', body)) as Ack<MarkAck>;
}
