import { DEMO_CONTESTANT_ID_NUMBER, DEMO_PASSWORD, DEMO_TOTP_SECRET, DEMO_USERS } from '@dz/persistence';
import { io } from 'socket.io-client';
import { Client } from 'pg';
import request from 'supertest';
import { totpCode } from '../../apps/api/src/common/security/totp';
import { SessionService } from '../../apps/api/src/modules/auth/session.service';
import { startTestApi, type TestApi } from '../setup/api-app';
import ExcelJS from 'exceljs';
import { bearer, noteTotpStep, sessionFor, signIn } from '../setup/auth';

const CONTESTANT = DEMO_USERS.find((u) => u.phone === '13800000001');
const JUDGE = DEMO_USERS.find((u) => u.username === 'judge');

describe('identity and personal data', () => {
  jest.setTimeout(120_000);
  let api: TestApi;

  beforeAll(async () => {
    api = await startTestApi({ seed: true });
  });

  afterAll(async () => {
    await api?.close();
  });

  const login = (account: string, password: string) => request(api.baseUrl).post('/api/auth/login').send({ account, password });
  const audit = async (action: string, entityId?: string) =>
    (await api.dataSource.query(`SELECT * FROM audit_log WHERE action = $1 ${entityId ? 'AND entity_id = $2' : ''} ORDER BY id`, entityId ? [action, entityId] : [action])) as {
      result: string;
      detail: Record<string, unknown>;
      actor_roles: string[];
    }[];

  describe('lockout', () => {
    it('should lock after five failures, say until when, and keep existing sessions', async () => {
      const signedIn = await signIn(api.baseUrl, 'judge');
      for (let attempt = 1; attempt <= 4; attempt += 1) {
        const reply = await login('judge', 'Wrong-password-1');
        expect(reply.status).toBe(401);
      }
      const fifth = await login('judge', 'Wrong-password-1');
      expect(fifth.status).toBe(423);
      expect(fifth.body).toMatchObject({ code: 'ACCOUNT_LOCKED' });
      expect(fifth.body.message).toMatch(/账号已锁定至 \d{4}年\d{1,2}月\d{1,2}日 \d{2}:\d{2}/);
      // Even the right password is refused while locked.
      expect((await login('judge', DEMO_PASSWORD)).status).toBe(423);
      // The session signed in before the lock goes on working.
      await request(api.baseUrl).get('/api/auth/me').set(bearer(signedIn.accessToken)).expect(200);
      expect(await audit('auth.account_locked', JUDGE?.id)).toHaveLength(1);
      const [{ locked_until }] = await api.dataSource.query(`SELECT locked_until FROM app_user WHERE id = $1`, [JUDGE?.id]);
      const minutes = (new Date(locked_until).getTime() - Date.now()) / 60_000;
      expect(minutes).toBeGreaterThan(29);
      expect(minutes).toBeLessThanOrEqual(30);
      // The security administrator can lift it.
      const security = await sessionFor(api.baseUrl, 'security');
      await request(api.baseUrl).post(`/api/admin/users/${JUDGE?.id}/unlock`).set(bearer(security.accessToken)).expect(204);
      expect((await login('judge', DEMO_PASSWORD)).status).toBe(200);
    });
  });

  describe('refresh tokens', () => {
    it('should rotate the refresh token and end the session when a spent one comes back', async () => {
      const first = await signIn(api.baseUrl, '13800000001');
      const refreshed = await request(api.baseUrl).post('/api/auth/refresh').set('cookie', first.refreshCookie).expect(200);
      const next = String(refreshed.headers['set-cookie']).match(/dz_refresh=[^;]+/)?.[0];
      expect(next).toBeDefined();
      expect(next).not.toBe(first.refreshCookie);
      await request(api.baseUrl).get('/api/auth/me').set(bearer(refreshed.body.accessToken)).expect(200);
      // The spent token comes back after the two-tab grace period: treated as stolen.
      const sessions = api.app.get(SessionService);
      await expect(
        sessions.refresh(first.refreshCookie.split('=')[1], { ip: null, correlationId: null }, new Date(Date.now() + 11_000)),
      ).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
      await request(api.baseUrl).get('/api/auth/me').set(bearer(refreshed.body.accessToken)).expect(401);
      await request(api.baseUrl).post('/api/auth/refresh').set('cookie', next ?? '').expect(401);
      expect((await audit('auth.refresh_reuse')).map((r) => r.result)).toEqual(['denied']);
    });
  });

  describe('second factor', () => {
    it('should ask bureau staff for a TOTP code and refuse a wrong or replayed one', async () => {
      const first = await login('auditor', DEMO_PASSWORD).expect(200);
      expect(first.body).toEqual({ status: 'totp_required', challengeToken: expect.any(String) });
      const wrong = await request(api.baseUrl).post('/api/auth/login/totp').send({ challengeToken: first.body.challengeToken, code: '000000' });
      expect([401, 423]).toContain(wrong.status);
      const at = Date.now();
      const code = totpCode(DEMO_TOTP_SECRET, at);
      noteTotpStep(api.baseUrl, 'auditor', at);
      const ok = await request(api.baseUrl).post('/api/auth/login/totp').send({ challengeToken: first.body.challengeToken, code }).expect(200);
      expect(ok.body.user.roles).toEqual(['auditor']);
      const again = await login('auditor', DEMO_PASSWORD).expect(200);
      const replay = await request(api.baseUrl).post('/api/auth/login/totp').send({ challengeToken: again.body.challengeToken, code });
      expect(replay.status).toBe(401);
      expect(replay.body.code).toBe('SECOND_FACTOR_INVALID');
    });

    it('should enrol a new bureau account, hand out recovery codes once, and accept each code once', async () => {
      const security = await sessionFor(api.baseUrl, 'security');
      await request(api.baseUrl)
        .post('/api/admin/users')
        .set(bearer(security.accessToken))
        .send({ displayName: '新科员', username: 'newclerk', role: 'bureau_admin', organisationId: null, initialPassword: 'Kx7#pq92-Lm' })
        .expect(201);
      const step1 = await login('newclerk', 'Kx7#pq92-Lm').expect(200);
      expect(step1.body).toMatchObject({ status: 'totp_enrollment_required', otpauthUri: expect.stringMatching(/^otpauth:\/\/totp\//) });
      const enrolled = await request(api.baseUrl)
        .post('/api/auth/login/totp')
        .send({ challengeToken: step1.body.challengeToken, code: totpCode(step1.body.secret, Date.now()) })
        .expect(200);
      expect(enrolled.body.recoveryCodes).toHaveLength(10);
      const [recovery] = enrolled.body.recoveryCodes as string[];
      const step2 = await login('newclerk', 'Kx7#pq92-Lm').expect(200);
      expect(step2.body.status).toBe('totp_required');
      await request(api.baseUrl).post('/api/auth/login/totp').send({ challengeToken: step2.body.challengeToken, recoveryCode: recovery }).expect(200);
      const step3 = await login('newclerk', 'Kx7#pq92-Lm').expect(200);
      const reused = await request(api.baseUrl).post('/api/auth/login/totp').send({ challengeToken: step3.body.challengeToken, recoveryCode: recovery });
      expect(reused.status).toBe(401);
      const [row] = await api.dataSource.query(`SELECT totp_secret_enc FROM app_user WHERE username = 'newclerk'`);
      expect(row.totp_secret_enc).toMatch(/^v1\./);
      expect(row.totp_secret_enc).not.toContain(step1.body.secret);
    });
  });

  describe('revocation', () => {
    it('should cut off a disabled user at once, over HTTP and on the socket', async () => {
      const security = await sessionFor(api.baseUrl, 'security');
      const contestant = await signIn(api.baseUrl, '13800000001');
      const socket = io(api.baseUrl, { transports: ['websocket'], auth: { token: contestant.accessToken }, extraHeaders: { origin: api.baseUrl }, reconnection: false });
      await new Promise<void>((resolve, reject) => {
        socket.once('connect', () => resolve());
        socket.once('connect_error', reject);
      });
      const disconnected = new Promise<string>((resolve) => socket.once('disconnect', (reason) => resolve(reason)));
      await request(api.baseUrl)
        .post(`/api/admin/users/${CONTESTANT?.id}/disable`)
        .set(bearer(security.accessToken))
        .send({ reason: '测试停用' })
        .expect(204);
      expect(await disconnected).toBe('io server disconnect');
      await request(api.baseUrl).get('/api/auth/me').set(bearer(contestant.accessToken)).expect(401);
      expect((await login('13800000001', DEMO_PASSWORD)).status).toBe(401);
      await request(api.baseUrl).post(`/api/admin/users/${CONTESTANT?.id}/enable`).set(bearer(security.accessToken)).send({ reason: '测试恢复' }).expect(204);
      const [disabled] = await audit('user.disabled', CONTESTANT?.id);
      expect(disabled.detail).toMatchObject({ reason: '测试停用', before: { disabledAt: null } });
      expect(disabled.actor_roles).toEqual(['security_admin']);
    });

    it('should refuse a socket from a foreign origin and one with a bad token', async () => {
      const attempt = (options: Parameters<typeof io>[1]) =>
        new Promise<string>((resolve) => {
          const socket = io(api.baseUrl, { transports: ['websocket'], reconnection: false, ...options });
          socket.once('connect', () => {
            socket.close();
            resolve('connected');
          });
          socket.once('connect_error', (error) => {
            socket.close();
            resolve(error.message);
          });
        });
      expect(await attempt({ extraHeaders: { origin: 'https://evil.example' } })).toBe('FORBIDDEN_ORIGIN');
      expect(await attempt({ extraHeaders: { origin: api.baseUrl }, auth: { token: 'forged.token' } })).toBe('UNAUTHENTICATED');
      expect(await attempt({ extraHeaders: { origin: api.baseUrl } })).toBe('connected');
      // Same-origin long-polling carries no Origin at all (browsers omit it on same-origin GETs).
      expect(await attempt({ transports: ['polling'] })).toBe('connected');
    });

    it('should refuse to let the security administrator change their own account', async () => {
      const security = await sessionFor(api.baseUrl, 'security');
      const reply = await request(api.baseUrl)
        .post(`/api/admin/users/${security.user.id}/grants`)
        .set(bearer(security.accessToken))
        .send({ role: 'bureau_admin', organisationId: null })
        .expect(403);
      expect(reply.body.message).toContain('不能修改自己的账号或权限');
    });
  });

  describe('personal data', () => {
    it('should show the ID number whole to the person and the bureau (logged), masked to others', async () => {
      const before = Number((await api.dataSource.query(`SELECT count(*) FROM pii_access_log WHERE subject_user_id = $1`, [CONTESTANT?.id]))[0].count);
      const contestant = await signIn(api.baseUrl, '13800000001');
      const own = await request(api.baseUrl).get('/api/me/profile').set(bearer(contestant.accessToken)).expect(200);
      expect(own.body).toMatchObject({ phone: '13800000001', idNumber: DEMO_CONTESTANT_ID_NUMBER });

      const bureau = await sessionFor(api.baseUrl, 'bureau');
      const whole = await request(api.baseUrl).get(`/api/people/${CONTESTANT?.id}`).set(bearer(bureau.accessToken)).expect(200);
      expect(whole.body).toMatchObject({ idNumber: DEMO_CONTESTANT_ID_NUMBER, phone: '13800000001', masked: false });

      const security = await sessionFor(api.baseUrl, 'security');
      const masked = await request(api.baseUrl).get(`/api/people/${CONTESTANT?.id}`).set(bearer(security.accessToken)).expect(200);
      expect(masked.body).toMatchObject({ idNumber: '5117**********1234', phone: '138****0001', masked: true });
      const list = await request(api.baseUrl).get('/api/admin/users?q=李').set(bearer(security.accessToken)).expect(200);
      expect(JSON.stringify(list.body)).not.toContain(DEMO_CONTESTANT_ID_NUMBER);
      expect(JSON.stringify(list.body)).not.toContain('13800000001');

      const rows = await api.dataSource.query(`SELECT actor_user_id, fields, purpose FROM pii_access_log WHERE subject_user_id = $1 ORDER BY id`, [CONTESTANT?.id]);
      expect(rows.length - before).toBe(2);
      expect(rows.slice(-2).map((r: { purpose: string }) => r.purpose)).toEqual(['own_profile', 'person_detail']);
      const [stored] = await api.dataSource.query(`SELECT id_number_enc, id_number_hmac FROM app_user WHERE id = $1`, [CONTESTANT?.id]);
      expect(stored.id_number_enc).not.toContain(DEMO_CONTESTANT_ID_NUMBER);
      expect(stored.id_number_hmac).toMatch(/^[0-9a-f]{64}$/);
    });

    it('should escape formulas and mask personal data in the audited xlsx export', async () => {
      const security = await sessionFor(api.baseUrl, 'security');
      await request(api.baseUrl)
        .post('/api/admin/users')
        .set(bearer(security.accessToken))
        .send({ displayName: '=HYPERLINK("x")', username: 'formula', role: 'judge', organisationId: null, initialPassword: 'Kx7#pq92-Lm' })
        .expect(201);
      const response = await request(api.baseUrl)
        .get('/api/admin/users/export.xlsx')
        .set(bearer(security.accessToken))
        .buffer(true)
        .parse((res, callback) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () => callback(null, Buffer.concat(chunks)));
        })
        .expect(200);
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load(response.body as never);
      const values = workbook.worksheets[0].getSheetValues().flat().map(String);
      expect(values).toContain(`'=HYPERLINK("x")`);
      expect(values.join(' ')).not.toContain(DEMO_CONTESTANT_ID_NUMBER);
      expect((await audit('users.exported')).length).toBe(1);
    });

    it('should audit the auditor reading the audit log', async () => {
      const auditor = await sessionFor(api.baseUrl, 'auditor');
      const found = await request(api.baseUrl).get('/api/audit?action=user.disabled').set(bearer(auditor.accessToken)).expect(200);
      expect(found.body.items.length).toBeGreaterThan(0);
      const [searched] = await audit('audit.searched');
      expect(searched.actor_roles).toEqual(['auditor']);
      expect(searched.detail).toMatchObject({ query: { action: 'user.disabled' } });
    });
  });

  describe('the application database role', () => {
    const asApp = async <T>(work: (client: Client) => Promise<T>) => {
      const client = new Client({ connectionString: api.database.appUrl });
      await client.connect();
      try {
        return await work(client);
      } finally {
        await client.end();
      }
    };

    it('should have no UPDATE, DELETE or TRUNCATE on audit_log', async () => {
      await asApp(async (client) => {
        await client.query(`INSERT INTO audit_log (action) VALUES ('test.by_app_role')`);
        await expect(client.query(`UPDATE audit_log SET action = 'x'`)).rejects.toThrow(/permission denied for table audit_log/);
        await expect(client.query(`DELETE FROM audit_log`)).rejects.toThrow(/permission denied for table audit_log/);
        await expect(client.query(`TRUNCATE audit_log`)).rejects.toThrow(/permission denied for table audit_log/);
      });
    });

    it('should purge only rows older than 180 days, and refuse a shorter retention', async () => {
      await api.dataSource.query(`INSERT INTO audit_log (action, at) VALUES ('test.ancient', now() - interval '200 days'), ('test.recent', now() - interval '179 days')`);
      await asApp(async (client) => {
        await expect(client.query(`SELECT audit_log_purge(30)`)).rejects.toThrow(/kept at least 180 days/);
        const [{ purged }] = (await client.query(`SELECT audit_log_purge(180) AS purged`)).rows;
        expect(Number(purged)).toBe(1);
      });
      expect(await audit('test.ancient')).toHaveLength(0);
      expect(await audit('test.recent')).toHaveLength(1);
    });
  });
});
