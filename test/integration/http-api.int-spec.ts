import { ErrorBody, LoginReply, PUBLIC_EVENT_STATUSES, PublicEventList } from '@dz/contracts';
import { DEMO_EVENTS, DEMO_PASSWORD } from '@dz/persistence';
import request from 'supertest';
import { startTestApi, type TestApi } from '../setup/api-app';

describe('HTTP API', () => {
  let api: TestApi;
  const countRows = async (table: string) => (await api.dataSource.query(`SELECT count(*)::int AS n FROM ${table}`))[0].n as number;

  beforeAll(async () => {
    api = await startTestApi({ seed: true });
  });

  afterAll(async () => {
    await api.close();
  });

  const expectError = (body: unknown, status: number, code: string) => {
    const parsed = ErrorBody.parse(body);
    expect(parsed.statusCode).toBe(status);
    expect(parsed.code).toBe(code);
    // Every message a person reads is Chinese.
    expect(parsed.message).toMatch(/[\u4e00-\u9fff]/);
    return parsed;
  };

  describe('GET /api/health', () => {
    it('should report the database and Redis up', async () => {
      const response = await request(api.baseUrl).get('/api/health').expect(200);
      expect(response.body.info).toEqual({ database: { status: 'up' }, redis: { status: 'up' } });
    });
  });

  describe('GET /api/events/public', () => {
    it('should list only the events the public may see, soonest first', async () => {
      const response = await request(api.baseUrl).get('/api/events/public').expect(200);
      const list = PublicEventList.parse(response.body);
      const expected = DEMO_EVENTS.filter((e) => (PUBLIC_EVENT_STATUSES as readonly string[]).includes(e.status)).sort((a, b) => a.startsAt.localeCompare(b.startsAt));
      expect(list.items.map((e) => e.title)).toEqual(expected.map((e) => e.title));
      expect(list.items[0].organizerName).toMatch(/^达州市/);
    });

    it('should filter by series and limit', async () => {
      const response = await request(api.baseUrl).get('/api/events/public?series=skill_master_arena&limit=1').expect(200);
      const list = PublicEventList.parse(response.body);
      expect(list.items).toHaveLength(1);
      expect(list.items[0].series).toBe('skill_master_arena');
    });

    it('should reject a wrong query value field by field', async () => {
      const response = await request(api.baseUrl).get('/api/events/public?limit=abc&series=nope').expect(400);
      const body = expectError(response.body, 400, 'VALIDATION_FAILED');
      expect(body.issues?.map((i) => i.path).sort()).toEqual(['limit', 'series']);
    });
  });

  describe('GET /api/events/public/:id', () => {
    it('should return a published event', async () => {
      const response = await request(api.baseUrl).get(`/api/events/public/${DEMO_EVENTS[0].id}`).expect(200);
      expect(response.body.title).toBe(DEMO_EVENTS[0].title);
    });

    it('should answer 404 for an unknown id', async () => {
      const response = await request(api.baseUrl).get('/api/events/public/7d1f3a56-1111-4a2b-9c3d-000000000000').expect(404);
      expectError(response.body, 404, 'NOT_FOUND');
    });

    it('should answer 404 for a draft, which the public may not see', async () => {
      const draft = DEMO_EVENTS.find((e) => e.status === 'draft');
      await request(api.baseUrl).get(`/api/events/public/${draft?.id}`).expect(404);
    });

    it('should answer 400 for an id that is not a UUID', async () => {
      const response = await request(api.baseUrl).get('/api/events/public/not-a-uuid').expect(400);
      const body = expectError(response.body, 400, 'VALIDATION_FAILED');
      expect(body.issues).toEqual([{ path: 'id', message: '应为有效的 UUID' }]);
    });
  });

  describe('bad input', () => {
    it('should answer malformed JSON with 400 MALFORMED_JSON', async () => {
      const response = await request(api.baseUrl).post('/api/auth/login').set('Content-Type', 'application/json').send('{"account": "x",').expect(400);
      expectError(response.body, 400, 'MALFORMED_JSON');
    });

    it('should answer wrong types and missing fields with every field named', async () => {
      const response = await request(api.baseUrl).post('/api/auth/login').send({ account: 12 }).expect(400);
      const body = expectError(response.body, 400, 'VALIDATION_FAILED');
      expect(body.issues?.map((i) => i.path).sort()).toEqual(['account', 'password']);
      expect(body.correlationId).toEqual(response.headers['x-request-id']);
    });

    it('should answer an empty body with 400', async () => {
      const response = await request(api.baseUrl).post('/api/auth/login').expect(400);
      expectError(response.body, 400, 'VALIDATION_FAILED');
    });

    it('should answer a body over the limit with 413', async () => {
      const response = await request(api.baseUrl)
        .post('/api/auth/login')
        .send({ account: 'x'.repeat(api.config.BODY_LIMIT_BYTES + 10), password: 'y' })
        .expect(413);
      expectError(response.body, 413, 'PAYLOAD_TOO_LARGE');
    });

    it('should answer an unknown route with 404 ROUTE_NOT_FOUND', async () => {
      const response = await request(api.baseUrl).get('/api/no-such-thing').expect(404);
      expectError(response.body, 404, 'ROUTE_NOT_FOUND');
    });

    it('should lose nothing already stored after all that', async () => {
      expect(await countRows('competition_event')).toBe(DEMO_EVENTS.length);
    });
  });

  describe('POST /api/auth/login', () => {
    it('should refuse a wrong password with 401, and audit it with the phone masked', async () => {
      const response = await request(api.baseUrl).post('/api/auth/login').send({ account: '13800000001', password: 'wrong-password' }).expect(401);
      expectError(response.body, 401, 'INVALID_CREDENTIALS');
      expect(response.headers['set-cookie']).toBeUndefined();
      const [row] = await api.dataSource.query(`SELECT detail FROM audit_log WHERE action = 'auth.login_failed' ORDER BY id DESC LIMIT 1`);
      expect(row.detail).toEqual({ account: '138****0001', reason: 'bad_password', failures: 1 });
    });

    it('should refuse an unknown account the same way', async () => {
      const response = await request(api.baseUrl).post('/api/auth/login').send({ account: 'nobody', password: DEMO_PASSWORD }).expect(401);
      expect(response.body.message).toBe('账号或密码错误');
    });

    it('should sign in with a bearer token and a refresh cookie, and end the session on logout', async () => {
      const login = await request(api.baseUrl).post('/api/auth/login').send({ account: '13800000001', password: DEMO_PASSWORD }).expect(200);
      const reply = LoginReply.parse(login.body);
      if (reply.status !== 'ok') throw new Error('a contestant signs in with the password alone');
      expect(reply.user.roles).toEqual(['contestant']);
      expect(reply.user.phoneMasked).toBe('138****0001');
      expect(String(login.headers['set-cookie'])).toMatch(/dz_refresh=.+; Path=\/api\/auth; .*HttpOnly.*SameSite=Strict/i);
      const auth = { authorization: `Bearer ${reply.accessToken}` };
      await request(api.baseUrl).get('/api/auth/me').set(auth).expect(200);
      await request(api.baseUrl).post('/api/auth/logout').set(auth).expect(204);
      const after = await request(api.baseUrl).get('/api/auth/me').set(auth).expect(401);
      expectError(after.body, 401, 'UNAUTHENTICATED');
      const actions = await api.dataSource.query(`SELECT action FROM audit_log WHERE actor_user_id = $1 ORDER BY id`, [reply.user.id]);
      expect(actions.map((a: { action: string }) => a.action).slice(-2)).toEqual(['auth.login_succeeded', 'auth.logout']);
    });
  });

  describe('GET /api/docs', () => {
    it('should publish the OpenAPI document with the routes', async () => {
      const response = await request(api.baseUrl).get('/api/docs-json').expect(200);
      expect(Object.keys(response.body.paths)).toEqual(expect.arrayContaining(['/api/health', '/api/events/public', '/api/auth/login']));
    });
  });

  describe('the web app', () => {
    it('should serve index.html at / and for client-side routes, but not for /api', async () => {
      const home = await request(api.baseUrl).get('/').expect(200);
      expect(home.text).toContain('<html lang="zh-CN">');
      const deep = await request(api.baseUrl).get('/login').expect(200);
      expect(deep.text).toBe(home.text);
      await request(api.baseUrl).get('/api/login').expect(404);
    });
  });
});
