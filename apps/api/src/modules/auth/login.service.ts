import {
  AppError,
  ErrorCode,
  type LoginBody,
  type LoginReply,
  type SessionReply,
  type TotpLoginBody,
} from '@dz/contracts';
import { isMainlandMobile, maskPhone } from '@dz/domain';
import { AuditRepository, TransactionRunner, UserRepository, type UserRecord } from '@dz/persistence';
import { Injectable } from '@nestjs/common';
import * as argon2 from 'argon2';
import { PiiCipher } from '@dz/persistence';
import { generateRecoveryCodes, hashRecoveryCode } from '../../common/security/recovery-codes';
import { generateTotpSecret, otpauthUri, verifyTotp } from '../../common/security/totp';
import { SECOND_FACTOR_ROLES } from './access-policy';
import type { RequestMeta } from './auth.types';
import { SessionService, type IssuedSession } from './session.service';
import { TokenService } from './token.service';

/** 等保 2.0: five failed sign-ins lock the account for thirty minutes. */
export const LOCK_THRESHOLD = 5;
export const LOCK_MS = 30 * 60 * 1000;
const CHALLENGE_SECONDS = 5 * 60;

export type LoginOutcome = { reply: LoginReply; refreshToken?: string };

/** Formats a lock's end for people in Dazhou: 2026年11月25日 14:05. */
export function formatChinaTime(at: Date): string {
  const china = new Date(at.getTime() + 8 * 3600 * 1000);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${china.getUTCFullYear()}年${china.getUTCMonth() + 1}月${china.getUTCDate()}日 ${pad(china.getUTCHours())}:${pad(china.getUTCMinutes())}`;
}

@Injectable()
export class LoginService {
  /** Verified against when the account is unknown, so both paths cost one argon2 verify. */
  private readonly decoyHash = argon2.hash('decoy-password-for-timing', { type: argon2.argon2id });

  constructor(
    private readonly users: UserRepository,
    private readonly audit: AuditRepository,
    private readonly transactions: TransactionRunner,
    private readonly sessions: SessionService,
    private readonly tokens: TokenService,
    private readonly cipher: PiiCipher,
  ) {}

  /** The password step. Staff of the bureau continue with a second factor. */
  async login(body: LoginBody, meta: RequestMeta, now = new Date()): Promise<LoginOutcome> {
    const user = await this.users.findByAccount(body.account);
    const valid = await argon2.verify(user?.passwordHash ?? (await this.decoyHash), body.password);
    if (!user) {
      await this.audit.append({ actorUserId: null, action: 'auth.login_failed', result: 'failed', detail: { account: maskAccount(body.account), reason: 'unknown_account' }, ...meta });
      throw new AppError(ErrorCode.InvalidCredentials, '账号或密码错误');
    }
    this.assertNotLocked(user, now);
    if (!valid || user.disabledAt) {
      await this.fail(user, body.account, user.disabledAt ? 'disabled' : 'bad_password', meta, now);
    }
    if (!user.roles.some((role) => SECOND_FACTOR_ROLES.includes(role))) {
      const issued = await this.transactions.run((tx) => this.sessions.start(user, meta, now, tx));
      return { reply: issued.reply, refreshToken: issued.refreshToken };
    }
    const exp = Math.floor(now.getTime() / 1000) + CHALLENGE_SECONDS;
    if (user.totpEnabledAt && user.totpSecretEnc) {
      return { reply: { status: 'totp_required', challengeToken: this.tokens.sign({ typ: 'totp', sub: user.id, exp }) } };
    }
    // First sign-in of a bureau account: enrol an authenticator now (the secret is kept
    // encrypted and becomes active only when a code from it is confirmed).
    const secret = generateTotpSecret();
    await this.users.setPendingTotpSecret(user.id, this.cipher.encrypt(secret));
    return {
      reply: {
        status: 'totp_enrollment_required',
        challengeToken: this.tokens.sign({ typ: 'totp_enroll', sub: user.id, exp }),
        secret,
        otpauthUri: otpauthUri({ secret, account: user.username ?? user.displayName, issuer: '达州技能大赛' }),
      },
    };
  }

  /** The second-factor step: a TOTP code (or a recovery code) completes the sign-in. */
  async loginTotp(body: TotpLoginBody, meta: RequestMeta, now = new Date()): Promise<IssuedSession & { reply: SessionReply }> {
    const claims =
      this.tokens.verify(body.challengeToken, 'totp', now.getTime()) ?? this.tokens.verify(body.challengeToken, 'totp_enroll', now.getTime());
    const user = claims ? await this.users.findById(claims.sub) : null;
    if (!claims || !user || user.disabledAt || !user.totpSecretEnc) {
      throw new AppError(ErrorCode.Unauthenticated, '登录已超时，请重新输入密码');
    }
    this.assertNotLocked(user, now);
    const enrolling = claims.typ === 'totp_enroll';
    if (enrolling && body.recoveryCode) throw new AppError(ErrorCode.ValidationFailed, '首次设置二次验证时请输入动态验证码');

    return this.transactions.run(async (tx) => {
      let accepted = false;
      let via = 'totp';
      if (body.code) {
        const result = verifyTotp(this.cipher.decrypt(user.totpSecretEnc as string), body.code, now.getTime());
        accepted = result.ok && (await this.users.acceptTotpStep(user.id, result.step, tx));
      } else if (body.recoveryCode) {
        via = 'recovery_code';
        accepted = await this.users.consumeRecoveryCode(user.id, hashRecoveryCode(body.recoveryCode), now, tx);
      }
      if (!accepted) return this.failSecondFactor(user, meta, now);

      let recoveryCodes: string[] | undefined;
      if (enrolling) {
        recoveryCodes = generateRecoveryCodes();
        await this.users.enableTotp(user.id, now, tx);
        await this.users.replaceRecoveryCodes(user.id, recoveryCodes.map(hashRecoveryCode), tx);
        await this.audit.append({ actorUserId: user.id, actorRoles: user.roles, action: 'auth.totp_enrolled', entityType: 'user', entityId: user.id, ...meta }, tx);
      }
      const refreshed = (await this.users.findById(user.id, tx)) ?? user;
      const issued = await this.sessions.start(refreshed, meta, now, tx, { secondFactor: via });
      return { reply: { ...issued.reply, ...(recoveryCodes ? { recoveryCodes } : {}) }, refreshToken: issued.refreshToken };
    });
  }

  private assertNotLocked(user: UserRecord, now: Date): void {
    if (user.lockedUntil && user.lockedUntil.getTime() > now.getTime()) {
      throw new AppError(ErrorCode.AccountLocked, `连续登录失败次数过多，账号已锁定至 ${formatChinaTime(user.lockedUntil)}，请稍后再试`);
    }
  }

  private async fail(user: UserRecord, account: string, reason: string, meta: RequestMeta, now: Date): Promise<never> {
    const { count, lockedUntil } = await this.users.recordFailedLogin(user.id, now, LOCK_THRESHOLD, LOCK_MS);
    const locked = lockedUntil !== null && lockedUntil.getTime() > now.getTime();
    await this.audit.append({
      actorUserId: user.id,
      actorRoles: user.roles,
      action: locked && count === LOCK_THRESHOLD ? 'auth.account_locked' : 'auth.login_failed',
      result: 'failed',
      entityType: 'user',
      entityId: user.id,
      detail: { account: maskAccount(account), reason, failures: count },
      ...meta,
    });
    if (locked) throw new AppError(ErrorCode.AccountLocked, `连续登录失败次数过多，账号已锁定至 ${formatChinaTime(lockedUntil)}，请稍后再试`);
    throw new AppError(ErrorCode.InvalidCredentials, '账号或密码错误');
  }

  private async failSecondFactor(user: UserRecord, meta: RequestMeta, now: Date): Promise<never> {
    const { count, lockedUntil } = await this.users.recordFailedLogin(user.id, now, LOCK_THRESHOLD, LOCK_MS);
    await this.audit.append({
      actorUserId: user.id,
      actorRoles: user.roles,
      action: 'auth.second_factor_failed',
      result: 'failed',
      entityType: 'user',
      entityId: user.id,
      detail: { failures: count },
      ...meta,
    });
    if (lockedUntil && lockedUntil.getTime() > now.getTime()) {
      throw new AppError(ErrorCode.AccountLocked, `连续验证失败次数过多，账号已锁定至 ${formatChinaTime(lockedUntil)}，请稍后再试`);
    }
    throw new AppError(ErrorCode.SecondFactorInvalid, '动态验证码或恢复码不正确');
  }
}

/** Audit records keep the attempted account, masked when it is a phone number. */
function maskAccount(account: string): string {
  return isMainlandMobile(account) ? maskPhone(account) : account.slice(0, 32);
}
