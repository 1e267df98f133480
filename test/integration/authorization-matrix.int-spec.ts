import { CLIENT_EVENTS, ROLES, type Ack, type ClientToServerEvents, type Role, type ServerToClientEvents } from '@dz/contracts';
import { DEMO_EVENTS, DEMO_ORG, DEMO_USERS } from '@dz/persistence';
import { RequestMethod, type Type } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { ModulesContainer } from '@nestjs/core';
import { io, type Socket } from 'socket.io-client';
import request from 'supertest';
import { ACCESS_POLICY, type AccessPolicy } from '../../apps/api/src/modules/auth/access-policy';
import { RealtimeGateway } from '../../apps/api/src/modules/realtime/realtime.gateway';
import { startTestApi, type TestApi } from '../setup/api-app';
import { signIn } from '../setup/auth';

/**
 * The authorization matrix: every HTTP route registered in the Nest application and every
 * socket event, with who may call it. A route added without a line here (or without a policy)
 * fails this test; each line is then checked by calling it as every role.
 */
type Allowed = 'public' | 'signed_in' | readonly Role[];
const STAFF_EVENTS: readonly Role[] = ['department_organizer', 'bureau_admin'];

const ROUTES: Record<string, Allowed> = {
  'GET /api/health': 'public',
  'GET /api/events/public': 'public',
  'GET /api/events/public/:id': 'public',
  'GET /api/events/managed': STAFF_EVENTS,
  'GET /api/events/managed/:id': STAFF_EVENTS,
  'POST /api/auth/login': 'public',
  'POST /api/auth/login/totp': 'public',
  'POST /api/auth/refresh': 'public',
  'POST /api/auth/logout': 'public',
  'GET /api/auth/me': 'signed_in',
  'POST /api/auth/signup/code': 'public',
  'POST /api/auth/signup': 'public',
  'POST /api/auth/password': 'signed_in',
  'GET /api/me/profile': 'signed_in',
  'GET /api/people/:id': ['bureau_admin', 'security_admin'],
  'GET /api/admin/users': ['security_admin'],
  'GET /api/admin/users/export.xlsx': ['security_admin'],
  'POST /api/admin/users': ['security_admin'],
  'POST /api/admin/users/:id/disable': ['security_admin'],
  'POST /api/admin/users/:id/enable': ['security_admin'],
  'POST /api/admin/users/:id/unlock': ['security_admin'],
  'POST /api/admin/users/:id/grants': ['security_admin'],
  'DELETE /api/admin/users/:id/grants/:grantId': ['security_admin'],
  'GET /api/organisations': ['bureau_admin', 'security_admin', 'department_organizer'],
  'POST /api/organisations': ['bureau_admin'],
  'GET /api/audit': ['auditor'],
  'GET /api/dev/outbox': 'public',
  'GET /api/catalogues': 'signed_in',
  'POST /api/catalogues/industries': ['bureau_admin'],
  'PATCH /api/catalogues/industries/:id': ['bureau_admin'],
  'DELETE /api/catalogues/industries/:id': ['bureau_admin'],
  'POST /api/catalogues/occupations': ['bureau_admin'],
  'PATCH /api/catalogues/occupations/:code': ['bureau_admin'],
  'GET /api/proposals': STAFF_EVENTS,
  'POST /api/proposals': ['department_organizer'],
  'GET /api/proposals/:id': STAFF_EVENTS,
  'PUT /api/proposals/:id': ['department_organizer'],
  'POST /api/proposals/:id/transitions': STAFF_EVENTS,
  'GET /api/proposals/:id/diff': STAFF_EVENTS,
  'POST /api/proposals/:id/attachment': ['department_organizer'],
  'GET /api/proposals/:id/attachment': STAFF_EVENTS,
  'POST /api/events/:id/eligibility': ['contestant'],
  'POST /api/events/:id/entries': ['contestant'],
  'GET /api/me/entries': 'signed_in',
  'POST /api/entries/:id/withdraw': 'signed_in',
  'GET /api/entries/:id/ticket': 'signed_in',
  'GET /api/events/:id/entries': STAFF_EVENTS,
  'POST /api/events/:id/entries/decisions': STAFF_EVENTS,
  'POST /api/events/:id/draws': STAFF_EVENTS,
  'POST /api/draws/:id/run': STAFF_EVENTS,
  'GET /api/draws/:id/mapping': STAFF_EVENTS,
  'GET /api/events/public/:id/draws': 'public',
  'GET /api/events/public/draws/:id/verify': 'public',
  'POST /api/events/:id/checkins': STAFF_EVENTS,
  'POST /api/events/:id/checkins/close': STAFF_EVENTS,
  'POST /api/entries/:id/late': STAFF_EVENTS,
  'GET /api/events/:id/imports/template': STAFF_EVENTS,
  'POST /api/events/:id/imports': STAFF_EVENTS,
  'GET /api/events/:id/imports': STAFF_EVENTS,
  'GET /api/imports/:id': STAFF_EVENTS,
  'GET /api/imports/:id/report': STAFF_EVENTS,
  'PUT /api/events/:id/schemes/:stage': STAFF_EVENTS,
  'GET /api/events/:id/schemes/:stage': STAFF_EVENTS,
  'GET /api/events/:id/schemes': STAFF_EVENTS,
  'GET /api/events/:id/schemes/:stage/template.xlsx': STAFF_EVENTS,
  'POST /api/events/:id/schemes/:stage/import': STAFF_EVENTS,
  'POST /api/events/:id/judges': STAFF_EVENTS,
  'GET /api/events/:id/judges': STAFF_EVENTS,
  'POST /api/events/:id/judges/overrides': ['bureau_admin'],
  'GET /api/events/:id/judge-candidates': STAFF_EVENTS,
  'GET /api/judging/mine': ['judge'],
  'GET /api/events/:id/judge-sheet': ['judge'],
  'POST /api/events/:id/marks': ['judge'],
  'GET /api/events/:id/marks/board': ['judge', ...STAFF_EVENTS],
  'GET /api/events/:id/marks/history': ['judge', ...STAFF_EVENTS],
  'GET /api/events/:id/marks/verify': ['judge', 'auditor', ...STAFF_EVENTS],
  'POST /api/events/:id/signoffs': ['judge'],
  'POST /api/events/:id/times': ['judge'],
  'POST /api/events/:id/corrections': ['judge'],
  'POST /api/corrections/:id/approve': ['judge'],
  'POST /api/corrections/:id/reject': ['judge'],
  'GET /api/events/:id/standings': 'public',
  'GET /api/events/:id/standings/feed': 'public',
  'GET /api/events/:id/standings/staff': STAFF_EVENTS,
  'GET /api/events/:id/standings/staff/feed': STAFF_EVENTS,
  'POST /api/events/:id/standings/rebuild': STAFF_EVENTS,
  'GET /api/events/:id/board': STAFF_EVENTS,
  'PUT /api/events/:id/board': STAFF_EVENTS,
  'GET /api/events/:id/results': STAFF_EVENTS,
  'GET /api/events/:id/results/versions/:version': STAFF_EVENTS,
  'POST /api/events/:id/results/compute': STAFF_EVENTS,
  'GET /api/events/:id/results/jobs/:jobId': STAFF_EVENTS,
  'POST /api/events/:id/results/notice': ['bureau_admin'],
  'POST /api/events/:id/results/final': ['bureau_admin'],
  'POST /api/events/:id/entries/:entryId/disqualification': STAFF_EVENTS,
  'GET /api/events/:id/results/versions/:version/export.xlsx': STAFF_EVENTS,
  'GET /api/events/:id/results/versions/:version/notice.pdf': STAFF_EVENTS,
  'GET /api/public/events/:id/results': 'public',
  'GET /api/public/events/:id/results/notice.pdf': 'public',
  'POST /api/events/:id/appeals': ['contestant'],
  'GET /api/events/:id/appeals': ['department_organizer', 'bureau_admin', 'judge'],
  'GET /api/appeals/mine': ['contestant'],
  'POST /api/appeals/:id/decision': ['judge', 'bureau_admin'],
  'GET /api/appeals/:id/attachments/:attachmentId': ['contestant', 'department_organizer', 'bureau_admin', 'judge'],
  'PUT /api/events/:id/arena': STAFF_EVENTS,
  'GET /api/events/:id/arena': STAFF_EVENTS,
  'GET /api/events/:id/arena/public': 'public',
  'POST /api/events/:id/arena/bouts': STAFF_EVENTS,
  // The chief judge or the event's staff (checked in the service).
  'POST /api/events/:id/arena/bouts/:number/close': ['judge', ...STAFF_EVENTS],
  'GET /api/events/:id/arena/sheet': ['judge'],
  'POST /api/events/:id/arena/marks': ['judge'],
  'GET /api/events/:id/certificates': STAFF_EVENTS,
  'POST /api/events/:id/certificates/batches': ['bureau_admin'],
  'GET /api/certificate-batches/:id': ['bureau_admin'],
  'GET /api/events/:id/certificates.zip': STAFF_EVENTS,
  'GET /api/certificates/mine': ['contestant'],
  'GET /api/certificates/:id/file': ['contestant', 'department_organizer', 'bureau_admin'],
  'POST /api/certificates/:id/revocation': ['bureau_admin'],
  'GET /api/certificate-templates': ['bureau_admin'],
  'PUT /api/certificate-templates/:series/:kind': ['bureau_admin'],
  'GET /api/public/certificates/key.pem': 'public',
  'GET /api/public/certificates/keys': 'public',
  'GET /api/public/certificates/:number': 'public',
  'GET /api/statistics/dashboard': STAFF_EVENTS,
  'GET /api/statistics/tables/:table/export.xlsx': STAFF_EVENTS,
  'GET /api/statistics/annual-report.xlsx': STAFF_EVENTS,
  'GET /api/statistics/annual-report.pdf': STAFF_EVENTS,
  'POST /api/statistics/refresh': ['bureau_admin'],
  'GET /api/public/statistics': 'public',
  'GET /api/notifications': 'signed_in',
  'POST /api/notifications/:id/read': 'signed_in',
};

/** Public routes whose handler checks a credential of its own (the refresh cookie): 401 is theirs. */
const OWN_CREDENTIAL = new Set(['POST /api/auth/refresh']);

const SOCKET_EVENTS: Record<(typeof CLIENT_EVENTS)[number], Allowed> = {
  'event.watch': 'public',
  'event.watch_staff': STAFF_EVENTS,
  'mark.submit': ['judge'],
  // Public: the staff room of the same message is checked in the handler (staff board tests).
  'standings.subscribe': 'public',
  'arena.mark': ['judge'],
  // Public: as standings.subscribe, the staff room is checked in the handler.
  'arena.subscribe': 'public',
};

/** One demo account per role: the first of each in DEMO_USERS (the demo judging event has more judges). */
const ACCOUNT_OF: Record<Role, string> = Object.fromEntries(
  [...DEMO_USERS].reverse().map((u) => [u.grants[0].role, u.username ?? u.phone ?? '']),
) as Record<Role, string>;

const CONTESTANT = DEMO_USERS.find((u) => u.grants[0].role === 'contestant');
const OWN_EVENT = DEMO_EVENTS.find((e) => e.organizerOrgId === DEMO_ORG.jingxin && e.status === 'published');
const OTHER_DEPARTMENT_EVENT = DEMO_EVENTS.find((e) => e.organizerOrgId !== DEMO_ORG.jingxin && e.status === 'draft');

/** Path parameters that exist in the demo data, so allowed callers reach the handler. */
const PARAMS: Record<string, string> = {
  id: '',
  grantId: '00000000-0000-4000-8000-0000000000ff',
  code: '6-18-02-04',
  stage: encodeURIComponent('实操'),
  version: '1',
  jobId: '1',
  entryId: '00000000-0000-4000-8000-0000000000fe',
  attachmentId: '00000000-0000-4000-8000-0000000000fd',
  number: '1',
  table: 'contestants_by_county',
};

function fill(path: string): string {
  const id = /\/(events|proposals)\//.test(path) ? (OWN_EVENT?.id ?? '') : path.includes('/notifications/') ? PARAMS.grantId : (CONTESTANT?.id ?? '');
  return path.replace(/:(\w+)/g, (_, name: string) => (name === 'id' ? id : PARAMS[name]));
}

const permits = (allowed: Allowed, role: Role | null) =>
  allowed === 'public' || (role !== null && (allowed === 'signed_in' || allowed.includes(role)));

interface RouteInfo {
  key: string;
  policy: AccessPolicy | undefined;
}

const METHOD_NAMES: Record<number, string> = {
  [RequestMethod.GET]: 'GET',
  [RequestMethod.POST]: 'POST',
  [RequestMethod.PUT]: 'PUT',
  [RequestMethod.DELETE]: 'DELETE',
  [RequestMethod.PATCH]: 'PATCH',
};

/** Every route of every controller in the running application, with its declared policy. */
function registeredRoutes(api: TestApi): RouteInfo[] {
  const routes: RouteInfo[] = [];
  for (const module of api.app.get(ModulesContainer).values()) {
    for (const wrapper of module.controllers.values()) {
      const controller = wrapper.metatype as Type | null;
      if (!controller) continue;
      const base = String(Reflect.getMetadata(PATH_METADATA, controller) ?? '');
      const classPolicy = Reflect.getMetadata(ACCESS_POLICY, controller) as AccessPolicy | undefined;
      for (const name of Object.getOwnPropertyNames(controller.prototype)) {
        const handler = controller.prototype[name] as unknown;
        if (name === 'constructor' || typeof handler !== 'function') continue;
        const method = Reflect.getMetadata(METHOD_METADATA, handler) as number | undefined;
        if (method === undefined) continue;
        const path = String(Reflect.getMetadata(PATH_METADATA, handler) ?? '');
        const full = `/api/${[base, path].filter((p) => p && p !== '/').join('/')}`.replace(/\/+/g, '/').replace(/\/$/, '');
        routes.push({ key: `${METHOD_NAMES[method]} ${full}`, policy: (Reflect.getMetadata(ACCESS_POLICY, handler) as AccessPolicy | undefined) ?? classPolicy });
      }
    }
  }
  return routes;
}

describe('authorization matrix', () => {
  jest.setTimeout(120_000);
  let api: TestApi;
  const tokens = new Map<Role, string>();
  const sockets: Socket[] = [];

  beforeAll(async () => {
    api = await startTestApi({ seed: true });
    for (const role of ROLES) tokens.set(role, (await signIn(api.baseUrl, ACCOUNT_OF[role])).accessToken);
  });

  afterAll(async () => {
    for (const socket of sockets) socket.close();
    await api?.close();
  });

  it('should list every registered route, each with a declared policy', () => {
    const routes = registeredRoutes(api);
    expect(routes.map((r) => r.key).sort()).toEqual(Object.keys(ROUTES).sort());
    const undeclared = routes.filter((r) => !r.policy).map((r) => r.key);
    expect(undeclared).toEqual([]);
  });

  it('should declare on each route exactly the roles of the matrix', () => {
    for (const { key, policy } of registeredRoutes(api)) {
      const expected = ROUTES[key];
      const declared: Allowed | undefined = policy?.kind === 'roles' ? policy.roles : policy?.kind;
      expect({ key, declared: Array.isArray(declared) ? [...declared].sort() : declared }).toEqual({
        key,
        declared: Array.isArray(expected) ? [...expected].sort() : expected,
      });
    }
  });

  const callers: (Role | null)[] = [null, ...ROLES];
  const cases = Object.entries(ROUTES).flatMap(([key, allowed]) =>
    // Public routes are called anonymously only: a token would change nothing but could end a
    // session (logout).
    (allowed === 'public' ? [null] : callers).map((role) => [key, role ?? 'anonymous', role, allowed] as const),
  );

  it.each(cases)('%s as %s', async (key, _label, role, allowed) => {
    const [method, path] = key.split(' ');
    const call = request(api.baseUrl)[method.toLowerCase() as 'get' | 'post' | 'put' | 'delete'](fill(path));
    if (role) call.set('authorization', `Bearer ${tokens.get(role)}`);
    const response = method === 'GET' ? await call : await call.send({});
    if (permits(allowed, role)) {
      const refusals = OWN_CREDENTIAL.has(key) ? [403] : [401, 403];
      expect({ key, role, refused: refusals.includes(response.status), status: response.status }).toMatchObject({ key, role, refused: false });
    } else {
      expect({ key, role, status: response.status }).toEqual({ key, role, status: role ? 403 : 401 });
    }
  });

  it('should refuse a department the events of another department by id (IDOR)', async () => {
    const token = tokens.get('department_organizer');
    const own = await request(api.baseUrl).get(`/api/events/managed/${OWN_EVENT?.id}`).set('authorization', `Bearer ${token}`);
    expect(own.status).toBe(200);
    const other = await request(api.baseUrl).get(`/api/events/managed/${OTHER_DEPARTMENT_EVENT?.id}`).set('authorization', `Bearer ${token}`);
    expect(other.status).toBe(403);
    expect(other.body.code).toBe('FORBIDDEN');
    const list = await request(api.baseUrl).get('/api/events/managed').set('authorization', `Bearer ${token}`).expect(200);
    expect(new Set(list.body.items.map((e: { organizerOrgId: string }) => e.organizerOrgId))).toEqual(new Set([DEMO_ORG.jingxin]));
    const bureau = await request(api.baseUrl).get(`/api/events/managed/${OTHER_DEPARTMENT_EVENT?.id}`).set('authorization', `Bearer ${tokens.get('bureau_admin')}`);
    expect(bureau.status).toBe(200);
    const [denied] = await api.dataSource.query(`SELECT detail, result FROM audit_log WHERE action = 'authz.denied' AND detail->>'reason' = 'organisation' LIMIT 1`);
    expect(denied.result).toBe('denied');
  });

  it('should list every socket event of the gateway with a declared policy', () => {
    const handled = Object.getOwnPropertyNames(RealtimeGateway.prototype)
      .map((name) => RealtimeGateway.prototype[name as keyof RealtimeGateway] as unknown)
      .filter((fn): fn is object => typeof fn === 'function' && Reflect.getMetadata('message', fn) !== undefined)
      .map((fn) => ({ event: Reflect.getMetadata('message', fn) as string, policy: Reflect.getMetadata(ACCESS_POLICY, fn) as AccessPolicy | undefined }));
    expect(handled.map((h) => h.event).sort()).toEqual(Object.keys(SOCKET_EVENTS).sort());
    expect([...CLIENT_EVENTS].sort()).toEqual(Object.keys(SOCKET_EVENTS).sort());
    expect(handled.filter((h) => !h.policy).map((h) => h.event)).toEqual([]);
  });

  const connect = (token?: string) =>
    new Promise<Socket<ServerToClientEvents, ClientToServerEvents>>((resolve, reject) => {
      const socket: Socket<ServerToClientEvents, ClientToServerEvents> = io(api.baseUrl, {
        transports: ['websocket'],
        auth: token ? { token } : {},
        extraHeaders: { origin: api.baseUrl },
        reconnection: false,
      });
      sockets.push(socket);
      socket.once('connect', () => resolve(socket));
      socket.once('connect_error', reject);
    });

  const socketCases = Object.entries(SOCKET_EVENTS).flatMap(([event, allowed]) =>
    callers.map((role) => [event as keyof ClientToServerEvents, role ?? 'anonymous', role, allowed] as const),
  );

  it.each(socketCases)('socket %s as %s', async (event, _label, role, allowed) => {
    const socket = await connect(role ? tokens.get(role) : undefined);
    const reply = (await socket.timeout(10_000).emitWithAck(event, { eventId: OWN_EVENT?.id })) as Ack<unknown>;
    if (permits(allowed, role)) {
      // Past the policy: a watch succeeds; a mark or a board subscription with only an event id
      // fails its contract (the staff room's own check is in standings.int-spec).
      expect(reply.ok ? 'ok' : reply.error.code).toBe(['mark.submit', 'standings.subscribe', 'arena.mark', 'arena.subscribe'].includes(event) ? 'VALIDATION_FAILED' : 'ok');
    } else {
      expect(reply).toMatchObject({ ok: false, error: { code: role ? 'FORBIDDEN' : 'UNAUTHENTICATED' } });
    }
    socket.close();
  });

  it('should refuse a socket staff room of another department (IDOR)', async () => {
    const socket = await connect(tokens.get('department_organizer'));
    const reply = (await socket.timeout(10_000).emitWithAck('event.watch_staff', { eventId: OTHER_DEPARTMENT_EVENT?.id })) as Ack<unknown>;
    expect(reply).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });
});
