import {
  AppError,
  ErrorCode,
  Rooms,
  SocketAuth,
  toFieldIssues,
  WatchEventBody,
  type Ack,
  type ClientToServerEvents,
  type ServerToClientEvents,
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
import { toErrorBody } from '../../common/to-error-body';
import { API_CONFIG, type ApiConfig } from '../../config/api-config';
import { ACCESS_POLICY, Public, Roles, type AccessPolicy } from '../auth/access-policy';
import { AccessDecider } from '../auth/access.guard';
import type { Principal } from '../auth/principal';
import { SessionEvents } from '../auth/session-events';
import { SessionService } from '../auth/session.service';
import { EventsService } from '../events/events.service';

interface SocketData {
  principal: Principal | null;
}
type AppServer = Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;
type AppSocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;

/** Is a browser origin allowed: the API's own (same host) or one configured. */
export function originAllowed(origin: string | undefined, host: string | undefined, allowed: readonly string[]): boolean {
  if (!origin) return false;
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

  @WebSocketServer()
  server: AppServer;

  constructor(
    private readonly sessions: SessionService,
    private readonly decider: AccessDecider,
    private readonly sessionEvents: SessionEvents,
    private readonly events: EventsService,
    @Inject(API_CONFIG) private readonly config: ApiConfig,
  ) {}

  afterInit(server: AppServer): void {
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

  /** Policy, then contract, then the work; any failure becomes an error ack. */
  private async handle<B extends Record<string, string>, R>(
    socket: AppSocket,
    event: string,
    handler: (...args: never[]) => unknown,
    body: unknown,
    schema: { safeParse(input: unknown): { success: true; data: B } | { success: false; error: import('zod').ZodError } },
    work: (body: B) => Promise<R>,
  ): Promise<Ack<R>> {
    try {
      const policy = Reflect.getMetadata(ACCESS_POLICY, handler) as AccessPolicy | undefined;
      if (!policy) throw new AppError(ErrorCode.Forbidden, '该事件未声明访问策略，已拒绝');
      const parsed = schema.safeParse(body);
      if (!parsed.success) throw new AppError(ErrorCode.ValidationFailed, '消息参数有误', toFieldIssues(parsed.error));
      if (policy.kind !== 'public') {
        const principal = socket.data.principal;
        if (!principal) throw new AppError(ErrorCode.Unauthenticated, '请先登录');
        await this.decider.check(policy, principal, parsed.data, `socket ${event}`, socket.id);
      }
      return { ok: true, data: await work(parsed.data) };
    } catch (error) {
      const { body: errorBody, unexpected } = toErrorBody(error, socket.id);
      if (unexpected) this.logger.error({ err: error, socketId: socket.id, event }, 'socket handler failed');
      return { ok: false, error: errorBody };
    }
  }
}
