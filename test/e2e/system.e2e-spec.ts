import {
  ErrorBody,
  Queues,
  type Ack,
  Rooms,
  type ClientToServerEvents,
  type EventStatusChanged,
  type NotificationSent,
  type ServerToClientEvents,
} from '@dz/contracts';
import { createDataSource, DEMO_EVENTS, DEMO_PASSWORD } from '@dz/persistence';
import { Queue, QueueEvents } from 'bullmq';
import { Redis } from 'ioredis';
import { io, type Socket } from 'socket.io-client';
import type { DataSource } from 'typeorm';
import { JobQueue } from '../../apps/api/src/modules/queue/job-queue';
import { SocketEmitter } from '../../apps/worker/src/jobs/socket-emitter';
import { freePort } from '../../scripts/lib/ports';
import { generateSecrets } from '../../scripts/lib/secrets';
import { seedDemo, testEnvironment } from '../setup/api-app';
import { signIn as signInDemo } from '../setup/auth';
import { createTestDatabase, testQueuePrefix, type TestDatabase } from '../setup/database';
import { runNode, waitForHttp, type RunningProcess } from '../setup/processes';
import { stackValue } from '../setup/stack-env';

type ClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/**
 * The real API and worker processes, talking through PostgreSQL and Redis: a job put on the
 * queue is handled by the worker, which writes the outbox and pushes a socket event through
 * the Redis emitter to the API process, which delivers it to the signed-in user's socket.
 */
describe('api and worker processes', () => {
  jest.setTimeout(120_000);
  let database: TestDatabase;
  let dataSource: DataSource;
  let api: RunningProcess;
  let worker: RunningProcess;
  let baseUrl: string;
  let redis: Redis;
  let jobs: JobQueue;
  let prefix: string;
  const sockets: ClientSocket[] = [];

  beforeAll(async () => {
    database = await createTestDatabase();
    dataSource = createDataSource({ url: database.url, poolSize: 2 });
    await dataSource.initialize();
    const secrets = generateSecrets();
    await seedDemo(database, secrets);
    prefix = testQueuePrefix();
    const port = await freePort();
    const env = { ...process.env, ...testEnvironment(database, secrets, prefix), LOG_LEVEL: 'info', PORT: String(port), HOST: '127.0.0.1' };
    api = runNode('dist/apps/api/src/main.js', env);
    worker = runNode('dist/apps/worker/src/main.js', env);
    baseUrl = `http://127.0.0.1:${port}`;
    await waitForHttp(`${baseUrl}/api/health`);
    await worker.waitFor(/worker ready/);
    redis = new Redis(stackValue('redisUrl'), { maxRetriesPerRequest: null });
    jobs = new JobQueue(redis, prefix);
  });

  afterAll(async () => {
    for (const socket of sockets) socket.close();
    await jobs?.close();
    redis?.disconnect();
    await api?.stop();
    await worker?.stop();
    await dataSource?.destroy();
    await database?.drop();
  });

  const connect = (token?: string) =>
    new Promise<ClientSocket>((resolve, reject) => {
      const socket: ClientSocket = io(baseUrl, {
        path: '/socket.io',
        transports: ['websocket'],
        auth: token ? { token } : {},
        extraHeaders: { origin: baseUrl },
        reconnection: false,
        timeout: 10_000,
      });
      sockets.push(socket);
      socket.once('connect', () => resolve(socket));
      socket.once('connect_error', reject);
    });

  const watch = (socket: ClientSocket, body: unknown) =>
    socket.timeout(10_000).emitWithAck('event.watch', body) as Promise<Ack<{ room: string }>>;

  const signIn = (account: string) => signInDemo(baseUrl, account);

  it('should let an anonymous socket watch a published event', async () => {
    const socket = await connect();
    const reply = await watch(socket, { eventId: DEMO_EVENTS[0].id });
    expect(reply).toEqual({ ok: true, data: { room: `event:${DEMO_EVENTS[0].id}:public` } });
  });

  it('should answer a malformed socket message with an error ack and keep the socket', async () => {
    const socket = await connect();
    const bad = await watch(socket, { eventId: 42 });
    expect(bad.ok).toBe(false);
    const error = ErrorBody.parse((bad as { error: unknown }).error);
    expect(error.code).toBe('VALIDATION_FAILED');
    expect(error.issues?.[0].path).toBe('eventId');
    const unknown = await watch(socket, { eventId: '7d1f3a56-1111-4a2b-9c3d-000000000000' });
    expect(unknown).toMatchObject({ ok: false, error: { code: 'NOT_FOUND', statusCode: 404 } });
    expect(socket.connected).toBe(true);
    expect((await watch(socket, { eventId: DEMO_EVENTS[0].id })).ok).toBe(true);
  });

  it('should carry a job from the queue through the worker to the signed-in user socket', async () => {
    const { accessToken, user } = await signIn('13800000001');
    const socket = await connect(accessToken);
    const received = new Promise<NotificationSent>((resolve) => socket.once('notification.sent', resolve));

    const jobId = await jobs.enqueue('notification.send', {
      channel: 'sms',
      recipientUserId: user.id,
      to: '13800000001',
      template: 'verification_code',
      params: { code: '482913', minutes: '10' },
    });
    const event = await received;
    expect(event.template).toBe('verification_code');
    const [row] = await dataSource.query(`SELECT id, job_id, body FROM notification_outbox WHERE id = $1`, [event.notificationId]);
    expect(row.job_id).toBe(jobId);
    expect(row.body).toContain('482913');
    // The worker's log lines carry no phone number.
    expect(worker.output()).not.toContain('13800000001');
  });

  it("should hear only its own deployment's socket channel on a shared Redis", async () => {
    // Demo ids are the same in every deployment: another one's broadcast to this event's room
    // (here from an emitter with another QUEUE_PREFIX) must not reach this API's viewers.
    const socket = await connect();
    const eventId = DEMO_EVENTS[0].id;
    expect((await watch(socket, { eventId })).ok).toBe(true);
    const heard: EventStatusChanged[] = [];
    const own = new Promise<void>((resolve) =>
      socket.on('event.status_changed', (e) => {
        heard.push(e);
        if (e.status === 'running') resolve();
      }),
    );
    const room = Rooms.eventPublic(eventId);
    // One connection publishes both, the foreign first: had it crossed, it would arrive first.
    new SocketEmitter(redis, `${prefix}-other`).toRoom(room, 'event.status_changed', { eventId, status: 'cancelled', at: new Date().toISOString() });
    new SocketEmitter(redis, prefix).toRoom(room, 'event.status_changed', { eventId, status: 'running', at: new Date().toISOString() });
    await own;
    expect(heard.map((e) => e.status)).toEqual(['running']);
  });

  it('should log JSON lines with a request id and no personal data', async () => {
    await fetch(`${baseUrl}/api/events/public`, { headers: { 'x-request-id': 'e2e-trace-0001' } });
    await signIn('13800000001');
    await new Promise((r) => setTimeout(r, 300));
    const lines = api
      .output()
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as { req?: { id?: string }; msg?: string });
    const requestLines = lines.filter((line) => line.req);
    expect(requestLines.length).toBeGreaterThan(0);
    for (const line of requestLines) expect(line.req?.id).toEqual(expect.any(String));
    expect(requestLines.some((line) => line.req?.id === 'e2e-trace-0001')).toBe(true);
    expect(api.output()).not.toContain('13800000001');
    expect(api.output()).not.toContain(DEMO_PASSWORD);
  });

  it('should sign a contestant up with the SMS code from the outbox, and never log an ID number or phone', async () => {
    const phone = '13912345678';
    const idNumber = '511722198808084563';
    const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
      fetch(`${baseUrl}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
    expect((await post('/api/auth/signup/code', { phone })).status).toBe(204);
    expect((await post('/api/auth/signup/code', { phone })).status).toBe(429);
    let code: string | undefined;
    for (let i = 0; i < 100 && !code; i += 1) {
      const outbox = (await (await fetch(`${baseUrl}/api/dev/outbox`)).json()) as { items: { toMasked: string; body: string }[] };
      code = outbox.items.find((m) => m.toMasked === '139****5678')?.body.match(/验证码为 (\d{6})/)?.[1];
      if (!code) await new Promise((r) => setTimeout(r, 100));
    }
    expect(code).toMatch(/^\d{6}$/);
    const weak = await post('/api/auth/signup', { phone, code, password: 'password1', displayName: '王芳', idNumber, idConsent: true });
    expect(weak.status).toBe(400);
    expect((await weak.json()).code).toBe('PASSWORD_POLICY');
    const noConsent = await post('/api/auth/signup', { phone, code, password: 'Strong#Pass42', displayName: '王芳', idNumber, idConsent: false });
    expect(noConsent.status).toBe(400);
    const created = await post('/api/auth/signup', { phone, code, password: 'Strong#Pass42', displayName: '王芳', idNumber, idConsent: true });
    expect(created.status).toBe(201);
    const session = (await created.json()) as { accessToken: string; user: { roles: string[] } };
    expect(session.user.roles).toEqual(['contestant']);
    const profile = await fetch(`${baseUrl}/api/me/profile`, { headers: { authorization: `Bearer ${session.accessToken}` } });
    expect(await profile.json()).toMatchObject({ phone, idNumber, idConsentVersion: 'pipl-id-2026-11' });
    const [row] = await dataSource.query(`SELECT id_number_enc, id_consent_at FROM app_user WHERE phone = $1`, [phone]);
    expect(row.id_number_enc).not.toContain(idNumber);
    expect(row.id_consent_at).not.toBeNull();

    await new Promise((r) => setTimeout(r, 300));
    const logs = `${api.output()}\n${worker.output()}`;
    expect(logs.length).toBeGreaterThan(1000);
    expect(logs.match(/(?<![\dA-Za-z])\d{17}[\dXx](?![\dA-Za-z])/g)).toBeNull();
    expect(logs.match(/(?<!\d)1[3-9]\d{9}(?!\d)/g)).toBeNull();
  });

  it('should purge audit rows past retention through the nightly job, and refuse a shorter one', async () => {
    const queue = new Queue(Queues.maintenance, { connection: redis, prefix });
    const schedulers = await queue.getJobSchedulers();
    expect(schedulers.map((s) => s.key)).toContain('audit-purge-nightly');
    await dataSource.query(`INSERT INTO audit_log (action, at) VALUES ('test.ancient', now() - interval '400 days')`);
    await jobs.enqueue('audit.purge', { retentionDays: 365 });
    for (let i = 0; i < 100; i += 1) {
      const [{ n }] = await dataSource.query(`SELECT count(*)::int AS n FROM audit_log WHERE action = 'audit.purged'`);
      if (n > 0) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    const [{ n: ancient }] = await dataSource.query(`SELECT count(*)::int AS n FROM audit_log WHERE action = 'test.ancient'`);
    expect(ancient).toBe(0);
    const [purged] = await dataSource.query(`SELECT detail FROM audit_log WHERE action = 'audit.purged'`);
    expect(purged.detail).toEqual({ retentionDays: 365, purged: 1 });
    await expect(jobs.enqueue('audit.purge', { retentionDays: 30 })).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    await queue.close();
  });

  it('should refuse a payload that breaks its contract before it is queued', async () => {
    await expect(jobs.enqueue('notification.send', { channel: 'fax' } as never)).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
  });

  it('should fail a forged job for good in the worker, without retries', async () => {
    const queue = new Queue(Queues.notifications, { connection: redis, prefix });
    const eventsConnection = redis.duplicate();
    const events = new QueueEvents(Queues.notifications, { connection: eventsConnection, prefix });
    await events.waitUntilReady();
    const job = await queue.add('notification.send', { channel: 'fax' }, { attempts: 5 });
    const failed = await new Promise<string>((resolve) => {
      events.on('failed', ({ jobId, failedReason }) => {
        if (jobId === job.id) resolve(failedReason);
      });
    });
    expect(failed).toMatch(/invalid payload for "notification.send"/);
    const state = await queue.getJob(job.id ?? '');
    expect(state?.attemptsMade).toBe(1);
    await events.close();
    await queue.close();
    eventsConnection.disconnect();
  });
});
