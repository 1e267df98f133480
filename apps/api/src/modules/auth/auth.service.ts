import { AppError, ErrorCode, type LoginBody, type SessionUser } from '@dz/contracts';
import { isMainlandMobile, maskPhone } from '@dz/domain';
import { AuditRepository, SessionRepository, TransactionRunner, UserRepository, type UserWithRoles } from '@dz/persistence';
import { Injectable } from '@nestjs/common';
import * as argon2 from 'argon2';
import { createHash, randomBytes } from 'node:crypto';

/** A session ends 30 minutes after the last request, and 12 hours after sign-in in any case. */
export const SESSION_IDLE_MS = 30 * 60 * 1000;
export const SESSION_ABSOLUTE_MS = 12 * 60 * 60 * 1000;

export interface RequestMeta {
  ip: string | null;
  correlationId: string | null;
}

const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

@Injectable()
export class AuthService {
  /** Verified against when the account is unknown, so both paths cost one argon2 verify. */
  private readonly decoyHash = argon2.hash('decoy-password-for-timing', { type: argon2.argon2id });

  constructor(
    private readonly users: UserRepository,
    private readonly sessions: SessionRepository,
    private readonly audit: AuditRepository,
    private readonly transactions: TransactionRunner,
  ) {}

  async login(body: LoginBody, meta: RequestMeta, now = new Date()): Promise<{ user: SessionUser; token: string }> {
    const user = await this.users.findByAccount(body.account);
    const valid = await argon2.verify(user?.passwordHash ?? (await this.decoyHash), body.password);
    if (!user || !valid || user.disabledAt) {
      await this.audit.append({
        actorUserId: user?.id ?? null,
        action: 'auth.login_failed',
        entityType: 'user',
        entityId: user?.id,
        detail: { account: maskAccount(body.account), reason: !user ? 'unknown_account' : user.disabledAt ? 'disabled' : 'bad_password' },
        ...meta,
      });
      throw new AppError(ErrorCode.InvalidCredentials, '账号或密码错误');
    }
    const token = randomBytes(32).toString('base64url');
    await this.transactions.run(async (tx) => {
      const session = await this.sessions.create(
        { userId: user.id, tokenHash: hashToken(token), now, expiresAt: new Date(now.getTime() + SESSION_ABSOLUTE_MS) },
        tx,
      );
      await this.audit.append({ actorUserId: user.id, action: 'auth.login_succeeded', entityType: 'session', entityId: session.id, ...meta }, tx);
    });
    return { user: toSessionUser(user), token };
  }

  /** The signed-in user for a session token; throws Unauthenticated when absent or expired. */
  async me(token: string | undefined, now = new Date()): Promise<{ user: SessionUser }> {
    const session = token ? await this.sessions.findUnrevoked(hashToken(token)) : null;
    const expired =
      !session ||
      session.expiresAt.getTime() <= now.getTime() ||
      now.getTime() - session.lastSeenAt.getTime() > SESSION_IDLE_MS;
    const user = session && !expired ? await this.users.findById(session.userId) : null;
    if (!session || !user || user.disabledAt) throw new AppError(ErrorCode.Unauthenticated, '请先登录');
    await this.sessions.touch(session.id, now);
    return { user: toSessionUser(user) };
  }

  async logout(token: string | undefined, meta: RequestMeta, now = new Date()): Promise<void> {
    const session = token ? await this.sessions.findUnrevoked(hashToken(token)) : null;
    if (!session) return;
    await this.transactions.run(async (tx) => {
      await this.sessions.revoke(session.id, now, tx);
      await this.audit.append({ actorUserId: session.userId, action: 'auth.logout', entityType: 'session', entityId: session.id, ...meta }, tx);
    });
  }
}

function toSessionUser(user: UserWithRoles): SessionUser {
  return {
    id: user.id,
    displayName: user.displayName,
    phoneMasked: user.phone ? maskPhone(user.phone) : null,
    roles: user.roles,
  };
}

/** Audit records keep the attempted account, masked when it is a phone number. */
function maskAccount(account: string): string {
  return isMainlandMobile(account) ? maskPhone(account) : account.slice(0, 32);
}
