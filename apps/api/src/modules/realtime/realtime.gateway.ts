import {
  Rooms,
  WatchEventBody,
  AppError,
  ErrorCode,
  toFieldIssues,
  type Ack,
  type ClientToServerEvents,
  type ServerToClientEvents,
  type SessionUser,
} from '@dz/contracts';
import { Logger } from '@nestjs/common';
import {
  ConnectedSocket,
  MessageBody,
  SubscribeMessage,
  WebSocketGateway,
  WebSocketServer,
  type OnGatewayConnection,
  type OnGatewayInit,
} from '@nestjs/websockets';
import type { Server, Socket } from 'socket.io';
import { parseCookies, SESSION_COOKIE } from '../../common/cookies';
import { toErrorBody } from '../../common/to-error-body';
import { AuthService } from '../auth/auth.service';
import { EventsService } from '../events/events.service';

interface SocketData {
  user: SessionUser | null;
}
type AppServer = Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;
type AppSocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;

/**
 * The socket gateway. Incoming messages are untrusted: each passes its zod contract and every
 * failure is an error ack, never an exception that kills the handler.
 */
@WebSocketGateway()
export class RealtimeGateway implements OnGatewayInit, OnGatewayConnection {
  private readonly logger = new Logger(RealtimeGateway.name);

  @WebSocketServer()
  server: AppServer;

  constructor(
    private readonly auth: AuthService,
    private readonly events: EventsService,
  ) {}

  afterInit(server: AppServer): void {
    // Identify the caller at the handshake from the same session cookie the HTTP API uses.
    // Anonymous sockets are allowed: the audience watches public boards without an account.
    server.use((socket, next) => {
      socket.data.user = null;
      const token = parseCookies(socket.handshake.headers.cookie)[SESSION_COOKIE];
      if (!token) return next();
      this.auth
        .me(token)
        .then(({ user }) => {
          socket.data.user = user;
          next();
        })
        .catch(() => next());
    });
  }

  async handleConnection(socket: AppSocket): Promise<void> {
    const user = socket.data.user;
    if (user) await socket.join(Rooms.user(user.id));
  }

  @SubscribeMessage('event.watch')
  async watchEvent(@ConnectedSocket() socket: AppSocket, @MessageBody() body: unknown): Promise<Ack<{ room: string }>> {
    try {
      const parsed = WatchEventBody.safeParse(body);
      if (!parsed.success) throw new AppError(ErrorCode.ValidationFailed, '订阅参数有误', toFieldIssues(parsed.error));
      await this.events.getPublic(parsed.data.eventId);
      const room = Rooms.eventPublic(parsed.data.eventId);
      await socket.join(room);
      return { ok: true, data: { room } };
    } catch (error) {
      const { body: errorBody, unexpected } = toErrorBody(error, socket.id);
      if (unexpected) this.logger.error({ err: error, socketId: socket.id }, 'event.watch failed');
      return { ok: false, error: errorBody };
    }
  }
}
