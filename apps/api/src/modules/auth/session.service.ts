import { AppError, ErrorCode, type SessionReply, type SessionUser } from '@dz/contracts';
import { maskPhone } from '@dz/domain';
import { AuditRepository, SessionRepository, TransactionRunner, UserRepository, type Tx, type UserRecord } from '@dz/persistence';
import { Inject, Injectable } from '@nestjs/common';
import { createHash, randomBytes } from 'node:crypto';
import { API_CONFIG, type ApiConfig } from '../../config/api-config';
import type { RequestMeta } from './auth.types';
import { bearerToken } from './bearer';
import type { Principal } from './principal';
import { SessionEvents } from './session-events';
import { TokenService } from './token.service';

/** 等保 2.0: a session ends after 30 minutes without activity and 12 hours after sign-in. */
export const SESSION_IDLE_MS = 30 * 60 * 1000;
export const SESSION_ABSOLUTE_MS = 12 * 60 * 60 * 1000;
/** Two tabs refreshing at once: the loser's stale token is not treated as theft within this. */
const REFRESH_RACE_MS = 10_000;
/** lastSeen is written at most this often per session (not on every request). */
const TOUCH_EVERY_MS = 60_000;

export const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

export interface IssuedSession {
  reply: SessionReply;
  refreshToken: string;
}

@Injectable()
export class SessionService {
  constructor(
    private readonly sessions: SessionRepository,
    private readonly users: UserRepository,
    private readonly audit: AuditRepository,
    private readonly transactions: TransactionRunner,
    private readonly tokens: TokenService,
    private readonly events: SessionEvents,
    @Inject(API_CONFIG) private readonly config: ApiConfig,
  ) {}

  /** Starts a session for a user who has passed every factor; audited in the same transaction. */
  async start(user: UserRecord, meta: RequestMeta, now: Date, tx: Tx, extra: Record<string, unknown> = {}): Promise<IssuedSession> {
    const refreshToken = randomBytes(32).toString('base64url');
    const session = await this.sessions.create(
      { userId: user.id, refreshHash: hashToken(refreshToken), now, expiresAt: new Date(now.getTime() + SESSION_ABSOLUTE_MS) },
      tx,
    );
    await this.users.clearFailedLogins(user.id, tx);
    await this.audit.append(
      { actorUserId: user.id, actorRoles: user.roles, action: 'auth.login_succeeded', entityType: 'session', entityId: session.id, detail: extra, ...meta },
      tx,
    );
    return { reply: this.reply(user, session.id, now), refreshToken };
  }

  /** Rotates the refresh token: a new access token and a new refresh token, the old one spent. */
  async refresh(refreshToken: string | undefined, meta: RequestMeta, now = new Date()): Promise<IssuedSession> {
    const lookup = refreshToken ? await this.sessions.findByRefreshHash(hashToken(refreshToken)) : { kind: 'unknown' as const };
    if (lookup.kind === 'previous') {
      const racing = lookup.session.refreshRotatedAt && now.getTime() - lookup.session.refreshRotatedAt.getTime() < REFRESH_RACE_MS;
      if (!racing && !lookup.session.revokedAt) {
        // A spent refresh token came back: it was copied. End the session for everyone holding it.
        await this.transactions.run(async (tx) => {
          await this.sessions.revoke(lookup.session.id, now, 'refresh_reuse', tx);
          await this.audit.append(
            { actorUserId: lookup.session.userId, action: 'auth.refresh_reuse', result: 'denied', entityType: 'session', entityId: lookup.session.id, ...meta },
            tx,
          );
        });
        this.events.revoked({ kind: 'session', sessionId: lookup.session.id });
      }
      throw new AppError(ErrorCode.Unauthenticated, '会话已失效，请重新登录');
    }
    if (lookup.kind !== 'current' || !refreshToken) throw new AppError(ErrorCode.Unauthenticated, '请先登录');
    const { session } = lookup;
    const user = await this.users.findById(session.userId);
    if (!user || !this.isLive(session, user, now)) throw new AppError(ErrorCode.Unauthenticated, '会话已过期，请重新登录');
    const next = randomBytes(32).toString('base64url');
    if (!(await this.sessions.rotate(session.id, hashToken(refreshToken), hashToken(next), now))) {
      throw new AppError(ErrorCode.Unauthenticated, '会话已在其他窗口刷新，请重试');
    }
    return { reply: this.reply(user, session.id, now), refreshToken: next };
  }

  /** The caller of an access token, or an Unauthenticated error; checks the session every time. */
  async authenticate(accessToken: string | undefined, now = new Date()): Promise<Principal> {
    const claims = this.tokens.verify(accessToken, 'access', now.getTime());
    const session = claims?.sid ? await this.sessions.findById(claims.sid) : null;
    const user = session ? await this.users.findById(session.userId) : null;
    if (!claims || !session || !user || session.userId !== claims.sub || !this.isLive(session, user, now)) {
      throw new AppError(ErrorCode.Unauthenticated, '请先登录');
    }
    if (now.getTime() - session.lastSeenAt.getTime() > TOUCH_EVERY_MS) await this.sessions.touch(session.id, now);
    return {
      user: toSessionUser(user),
      sessionId: session.id,
      roles: user.roles,
      organisationIds: user.organisationIds,
      grants: user.grants.map((g) => ({ role: g.role, organisationId: g.organisationId })),
    };
  }

  /** Logout from whatever the client still holds: a valid access token or the refresh cookie. */
  async logoutRequest(authorization: string | undefined, refreshToken: string | undefined, meta: RequestMeta): Promise<void> {
    const principal = await this.authenticate(bearerToken(authorization)).catch(() => undefined);
    await this.logout(principal, refreshToken, meta);
  }

  async logout(principal: Principal | undefined, refreshToken: string | undefined, meta: RequestMeta, now = new Date()): Promise<void> {
    let sessionId = principal?.sessionId;
    if (!sessionId && refreshToken) {
      const lookup = await this.sessions.findByRefreshHash(hashToken(refreshToken));
      if (lookup.kind === 'current') sessionId = lookup.session.id;
    }
    if (!sessionId) return;
    const session = await this.sessions.findById(sessionId);
    if (!session || session.revokedAt) return;
    await this.transactions.run(async (tx) => {
      await this.sessions.revoke(session.id, now, 'logout', tx);
      await this.audit.append({ actorUserId: session.userId, actorRoles: principal?.roles, action: 'auth.logout', entityType: 'session', entityId: session.id, ...meta }, tx);
    });
    this.events.revoked({ kind: 'session', sessionId: session.id });
  }

  /** Ends every session of a user inside the caller's transaction; sockets close after commit. */
  async revokeAllInTx(userId: string, reason: string, now: Date, tx: Tx): Promise<() => void> {
    await this.sessions.revokeAllForUser(userId, now, reason, tx);
    return () => this.events.revoked({ kind: 'user', userId });
  }

  private isLive(session: { revokedAt: Date | null; expiresAt: Date; lastSeenAt: Date }, user: UserRecord, now: Date): boolean {
    return (
      !session.revokedAt &&
      !user.disabledAt &&
      session.expiresAt.getTime() > now.getTime() &&
      now.getTime() - session.lastSeenAt.getTime() <= SESSION_IDLE_MS
    );
  }

  private reply(user: UserRecord, sessionId: string, now: Date): SessionReply {
    const exp = Math.floor(now.getTime() / 1000) + this.config.ACCESS_TOKEN_TTL_SECONDS;
    return {
      status: 'ok',
      accessToken: this.tokens.sign({ typ: 'access', sub: user.id, sid: sessionId, exp }),
      accessExpiresAt: new Date(exp * 1000).toISOString(),
      user: toSessionUser(user),
    };
  }
}

export function toSessionUser(user: UserRecord): SessionUser {
  return {
    id: user.id,
    displayName: user.displayName,
    phoneMasked: user.phone ? maskPhone(user.phone) : null,
    roles: user.roles,
    organisationIds: user.organisationIds,
    totpEnabled: Boolean(user.totpEnabledAt),
  };
}
