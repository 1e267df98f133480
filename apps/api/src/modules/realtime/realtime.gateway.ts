import {
  AppError,
  ArenaMarkSubmit,
  ArenaSubscribe,
  ErrorCode,
  MarkSubmit,
  Rooms,
  SocketAuth,
  StandingsSubscribe,
  toFieldIssues,
  WatchEventBody,
  type Ack,
  type ArenaMarkAck,
  type ArenaSubscribeReply,
  type ClientToServerEvents,
  type MarkAck,
  type ServerToClientEvents,
  type StandingsSubscribeReply,
} from '@dz/contracts';
import { Inject, Logger, type OnModuleDestroy } from '@nestjs/common';
import {
  ConnectedSocket,
  MessageBody,
  SubscribeMessage,
  WebSocketGateway,
  WebSocketServer,
  type OnGatewayConnection,
  type OnGatewayInit,
} from '@nestjs/websockets';
import type { Subscription } from 'rxjs';
import type { Server, Socket } from 'socket.io';
import { errorBody } from '../../common/error-body';
import { toErrorBody } from '../../common/to-error-body';
import { API_CONFIG, type ApiConfig } from '../../config/api-config';
import { ACCESS_POLICY, Public, Roles, type AccessPolicy } from '../auth/access-policy';
import { AccessDecider } from '../auth/access.guard';
import type { Principal } from '../auth/principal';
import { SessionEvents } from '../auth/session-events';
import { SessionService } from '../auth/session.service';
import { ArenaBroadcaster } from '../arena/arena.broadcaster';
import { ArenaService } from '../arena/arena.service';
import { EventsService } from '../events/events.service';
import { MarkService } from '../judging/mark.service';
import { TokenBucket } from '../../common/token-bucket';
import { AddressBuckets } from '../standings/public-rate.guard';
import { StandingsBroadcaster } from '../standings/standings.broadcaster';
import { StandingsService } from '../standings/standings.service';

interface SocketData {
  principal: Principal | null;
  /** mark.submit's rate limit, made on the socket's first mark. */
  markBucket?: TokenBucket;
  /** standings.subscribe's rate limit per socket. */
  boardBucket?: TokenBucket;
  /** arena.subscribe's rate limit per socket. */
  arenaBucket?: TokenBucket;
}

/** standings.subscribe per socket: a board joins once and asks again only after a gap. */
export const BOARD_SUBSCRIBE_RATE = { perSecond: 2, burst: 10 } as const;
/** …and per client address (a venue's phones may share one behind its Wi-Fi). */
export const BOARD_SUBSCRIBE_ADDRESS_RATE = { perSecond: 200, burst: 1000 } as const;

/** Roles of the staff board (the event's department organisers and the bureau). */
const BOARD_STAFF_POLICY: AccessPolicy = { kind: 'roles', roles: ['department_organizer', 'bureau_admin'], scope: { resource: 'event', param: 'eventId', everywhere: ['bureau_admin'] } };

type AppServer = Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;
type AppSocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;

/** Is a browser origin allowed: the API's own (same host) or one configured. */
export function originAllowed(origin: string | undefined, host: string | undefined, allowed: readonly string[]): boolean {
  // Browsers send no Origin on a same-origin GET (Socket.IO's long-polling handshake), and a
  // cross-site page cannot suppress it; sockets authenticate by token, not by cookie, so a
  // request without one (same-origin polling, a non-browser client) is let through.
  if (!origin) return true;
  if (allowed.includes(origin)) return true;
  try {
    return Boolean(host) && new URL(origin).host === host;
  } catch {
    return false;
  }
}

/**
 * The socket gateway. The handshake checks the Origin and the access token (the same as HTTP;
 * none means an anonymous viewer). Each message handler declares an AccessPolicy like a route,
 * and incoming bodies are untrusted: every failure is an error ack, never a thrown exception.
 * A revoked session or disabled user has its sockets closed at once, on every replica.
 */
@WebSocketGateway()
export class RealtimeGateway implements OnGatewayInit, OnGatewayConnection, OnModuleDestroy {
  private readonly logger = new Logger(RealtimeGateway.name);
  private subscription: Subscription | null = null;
  private readonly boardAddresses = new AddressBuckets(BOARD_SUBSCRIBE_ADDRESS_RATE);

  @WebSocketServer()
  server: AppServer;

  constructor(
    private readonly sessions: SessionService,
    private readonly decider: AccessDecider,
    private readonly sessionEvents: SessionEvents,
    private readonly events: EventsService,
    private readonly marks: MarkService,
    private readonly standings: StandingsService,
    private readonly broadcaster: StandingsBroadcaster,
    private readonly arena: ArenaService,
    private readonly arenaBroadcaster: ArenaBroadcaster,
    @Inject(API_CONFIG) private readonly config: ApiConfig,
  ) {}

  afterInit(server: AppServer): void {
    this.broadcaster.attach(server as never);
    this.arenaBroadcaster.attach(server as never);
    server.use((socket, next) => {
      socket.data.principal = null;
      const { origin, host } = socket.handshake.headers;
      if (!originAllowed(origin, host, this.config.ALLOWED_ORIGINS)) {
        return next(Object.assign(new Error('FORBIDDEN_ORIGIN'), { data: { code: ErrorCode.Forbidden, message: '不允许的来源' } }));
      }
      const auth = SocketAuth.safeParse(socket.handshake.auth ?? {});
      const token = auth.success ? auth.data.token : undefined;
      if (!auth.success) return next(Object.assign(new Error('UNAUTHENTICATED'), { data: { code: ErrorCode.Unauthenticated, message: '请先登录' } }));
      if (!token) return next();
      this.sessions
        .authenticate(token)
        .then((principal) => {
          socket.data.principal = principal;
          next();
        })
        .catch(() => next(Object.assign(new Error('UNAUTHENTICATED'), { data: { code: ErrorCode.Unauthenticated, message: '登录已失效，请重新登录' } })));
    });
    this.subscription = this.sessionEvents.revoked$.subscribe((event) => {
      const room = event.kind === 'session' ? Rooms.session(event.sessionId) : Rooms.user(event.userId);
      server.in(room).disconnectSockets(true);
    });
  }

  onModuleDestroy(): void {
    this.subscription?.unsubscribe();
  }

  async handleConnection(socket: AppSocket): Promise<void> {
    const principal = socket.data.principal;
    if (principal) await socket.join([Rooms.user(principal.user.id), Rooms.session(principal.sessionId)]);
  }

  @SubscribeMessage('event.watch')
  @Public()
  watchEvent(@ConnectedSocket() socket: AppSocket, @MessageBody() body: unknown): Promise<Ack<{ room: string }>> {
    return this.handle(socket, 'event.watch', this.watchEvent, body, WatchEventBody, async ({ eventId }) => {
      await this.events.getPublic(eventId);
      const room = Rooms.eventPublic(eventId);
      await socket.join(room);
      return { room };
    });
  }

  @SubscribeMessage('event.watch_staff')
  @Roles(['department_organizer', 'bureau_admin'], { resource: 'event', param: 'eventId', everywhere: ['bureau_admin'] })
  watchStaff(@ConnectedSocket() socket: AppSocket, @MessageBody() body: unknown): Promise<Ack<{ room: string }>> {
    return this.handle(socket, 'event.watch_staff', this.watchStaff, body, WatchEventBody, async ({ eventId }) => {
      const room = Rooms.eventStaff(eventId);
      await socket.join(room);
      return { room };
    });
  }

  /**
   * A judge's mark (MarkSubmit). Rate-limited per socket before anything else, so a flood costs
   * no database work; the service stores it at most once per idempotency key and checks the
   * assignment, recusal, the event's state, sign-off and the value.
   */
  @SubscribeMessage('mark.submit')
  @Roles(['judge'])
  submitMark(@ConnectedSocket() socket: AppSocket, @MessageBody() body: unknown): Promise<Ack<MarkAck>> {
    const now = Date.now();
    socket.data.markBucket ??= new TokenBucket(this.config.MARK_RATE_PER_SECOND, this.config.MARK_RATE_BURST, now);
    if (!socket.data.markBucket.take(now)) {
      return Promise.resolve({ ok: false, error: errorBody(ErrorCode.TooManyRequests, '提交过于频繁，请稍后用原幂等键重发', { correlationId: socket.id }) });
    }
    return this.handle(socket, 'mark.submit', this.submitMark, body, MarkSubmit, (mark, principal) =>
      this.marks.submit(principal as Principal, mark, { via: 'socket', correlationId: socket.id, ip: socket.handshake.address ?? null }),
    );
  }

  /**
   * A board joins an event's standings room (StandingsSubscribe) and gets the deltas after
   * `since` or a snapshot; it then receives `standings.delta`. The public room needs no login
   * and is rate-limited per socket and per client address; the staff room takes the staff
   * policy, checked here since one message serves both rooms. The room is joined before the
   * reply is read from the database, so no delta committed meanwhile is missed (a delta the
   * reply already holds arrives again and is ignored by its seq).
   */
  @SubscribeMessage('standings.subscribe')
  @Public()
  subscribeStandings(@ConnectedSocket() socket: AppSocket, @MessageBody() body: unknown): Promise<Ack<StandingsSubscribeReply>> {
    const now = Date.now();
    socket.data.boardBucket ??= new TokenBucket(BOARD_SUBSCRIBE_RATE.perSecond, BOARD_SUBSCRIBE_RATE.burst, now);
    if (!socket.data.boardBucket.take(now) || !this.boardAddresses.take(socket.handshake.address ?? 'unknown', now)) {
      return Promise.resolve({ ok: false, error: errorBody(ErrorCode.TooManyRequests, '请求过于频繁，请稍后再试', { correlationId: socket.id }) });
    }
    return this.handle(socket, 'standings.subscribe', this.subscribeStandings, body, StandingsSubscribe, async ({ eventId, room, since }, principal) => {
      if (room === 'staff') {
        if (!principal) throw new AppError(ErrorCode.Unauthenticated, '请先登录');
        await this.decider.check(BOARD_STAFF_POLICY, principal, { eventId }, 'socket standings.subscribe', socket.id);
        await this.standings.staffEvent(eventId);
        await socket.join(Rooms.eventStaff(eventId));
        return this.standings.staffSubscribe(eventId, since);
      }
      await this.standings.publicEvent(eventId);
      await socket.join(Rooms.eventPublic(eventId));
      return this.standings.publicSubscribe(eventId, since);
    });
  }

  /**
   * A judge's bout mark (ArenaMarkSubmit): the same per-socket rate limit as mark.submit, then
   * the service's checks (assignment, open bout, a side of it, scope, recusal, value).
   */
  @SubscribeMessage('arena.mark')
  @Roles(['judge'])
  submitArenaMark(@ConnectedSocket() socket: AppSocket, @MessageBody() body: unknown): Promise<Ack<ArenaMarkAck>> {
    const now = Date.now();
    socket.data.markBucket ??= new TokenBucket(this.config.MARK_RATE_PER_SECOND, this.config.MARK_RATE_BURST, now);
    if (!socket.data.markBucket.take(now)) {
      return Promise.resolve({ ok: false, error: errorBody(ErrorCode.TooManyRequests, '提交过于频繁，请稍后用原幂等键重发', { correlationId: socket.id }) });
    }
    return this.handle(socket, 'arena.mark', this.submitArenaMark, body, ArenaMarkSubmit, (mark, principal) =>
      this.arena.submitMark(principal as Principal, mark, { via: 'socket', correlationId: socket.id, ip: socket.handshake.address ?? null }),
    );
  }

  /**
   * A viewer joins an arena's room (ArenaSubscribe) and gets its seq and state (none when `since`
   * is current); then `arena.state` after each change. The room is joined before the state is
   * read, so no change is missed; a state at or below the seq held is ignored by the client.
   */
  @SubscribeMessage('arena.subscribe')
  @Public()
  subscribeArena(@ConnectedSocket() socket: AppSocket, @MessageBody() body: unknown): Promise<Ack<ArenaSubscribeReply>> {
    const now = Date.now();
    socket.data.arenaBucket ??= new TokenBucket(BOARD_SUBSCRIBE_RATE.perSecond, BOARD_SUBSCRIBE_RATE.burst, now);
    if (!socket.data.arenaBucket.take(now) || !this.boardAddresses.take(socket.handshake.address ?? 'unknown', now)) {
      return Promise.resolve({ ok: false, error: errorBody(ErrorCode.TooManyRequests, '请求过于频繁，请稍后再试', { correlationId: socket.id }) });
    }
    return this.handle(socket, 'arena.subscribe', this.subscribeArena, body, ArenaSubscribe, async ({ eventId, room, since }, principal) => {
      if (room === 'staff') {
        if (!principal) throw new AppError(ErrorCode.Unauthenticated, '请先登录');
        await this.decider.check(BOARD_STAFF_POLICY, principal, { eventId }, 'socket arena.subscribe', socket.id);
        await this.standings.staffEvent(eventId);
        await socket.join(Rooms.arenaStaff(eventId));
      } else {
        await this.standings.publicEvent(eventId);
        await socket.join(Rooms.arenaPublic(eventId));
      }
      return this.arena.subscribe(eventId, room, since);
    });
  }

  /**
   * Policy, then contract, then the work; any failure becomes an error ack. Roles are checked
   * before the body is read (a caller without the role learns nothing about the payload), the
   * organisation scope after, as it names a resource in the body.
   */
  private async handle<B extends object, R>(
    socket: AppSocket,
    event: string,
    handler: (...args: never[]) => unknown,
    body: unknown,
    schema: { safeParse(input: unknown): { success: true; data: B } | { success: false; error: import('zod').ZodError } },
    work: (body: B, principal: Principal | null) => Promise<R>,
  ): Promise<Ack<R>> {
    try {
      const policy = Reflect.getMetadata(ACCESS_POLICY, handler) as AccessPolicy | undefined;
      if (!policy) throw new AppError(ErrorCode.Forbidden, '该事件未声明访问策略，已拒绝');
      const principal = socket.data.principal;
      if (policy.kind !== 'public') {
        if (!principal) throw new AppError(ErrorCode.Unauthenticated, '请先登录');
        await this.decider.check(policy.kind === 'roles' ? { kind: 'roles', roles: policy.roles } : policy, principal, {}, `socket ${event}`, socket.id);
      }
      const parsed = schema.safeParse(body);
      if (!parsed.success) throw new AppError(ErrorCode.ValidationFailed, '消息参数有误', toFieldIssues(parsed.error));
      if (policy.kind === 'roles' && policy.scope && principal) {
        const params = Object.fromEntries(Object.entries(parsed.data).filter((e): e is [string, string] => typeof e[1] === 'string'));
        await this.decider.check(policy, principal, params, `socket ${event}`, socket.id);
      }
      return { ok: true, data: await work(parsed.data, principal) };
    } catch (error) {
      const { body: errorBody, unexpected } = toErrorBody(error, socket.id);
      if (unexpected) this.logger.error({ err: error, socketId: socket.id, event }, 'socket handler failed');
      return { ok: false, error: errorBody };
    }
  }
}
