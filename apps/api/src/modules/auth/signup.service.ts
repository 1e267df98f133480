import { AppError, ErrorCode, ID_CONSENT_VERSION, type SignupBody, type SignupCodeBody } from '@dz/contracts';
import { checkPassword, parseResidentId } from '@dz/domain';
import { AuditRepository, TransactionRunner, UserRepository } from '@dz/persistence';
import { Inject, Injectable } from '@nestjs/common';
import * as argon2 from 'argon2';
import type { Redis } from 'ioredis';
import { createHash, randomInt, timingSafeEqual } from 'node:crypto';
import { isCommonPassword } from '../../common/security/common-passwords';
import { PiiCipher } from '@dz/persistence';
import { API_CONFIG, type ApiConfig } from '../../config/api-config';
import { JobQueue } from '../queue/job-queue';
import { REDIS } from '../queue/redis.tokens';
import type { RequestMeta } from './auth.types';
import { SessionService, type IssuedSession } from './session.service';

const CODE_TTL_SECONDS = 600;
const RESEND_AFTER_SECONDS = 60;
const MAX_CODE_ATTEMPTS = 5;

const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');

/** Applies the password rule of 等保 2.0; throws PASSWORD_POLICY with the reasons in Chinese. */
export function assertPasswordPolicy(password: string, account?: string): void {
  const result = checkPassword(password, { isCommon: isCommonPassword, account });
  if (!result.ok) {
    throw new AppError(
      ErrorCode.PasswordPolicy,
      result.problems.join('；'),
      result.problems.map((message) => ({ path: 'password', message })),
    );
  }
}

/** Contestants sign up themselves with a phone number verified by an SMS code. */
@Injectable()
export class SignupService {
  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(API_CONFIG) private readonly config: ApiConfig,
    private readonly jobs: JobQueue,
    private readonly users: UserRepository,
    private readonly audit: AuditRepository,
    private readonly transactions: TransactionRunner,
    private readonly sessions: SessionService,
    private readonly cipher: PiiCipher,
  ) {}

  private key(kind: 'code' | 'resend', phone: string): string {
    // Keys carry a hash, not the phone number: Redis dumps are not personal data stores.
    return `${this.config.QUEUE_PREFIX}:signup:${kind}:${sha256(phone)}`;
  }

  async sendCode(body: SignupCodeBody, meta: RequestMeta): Promise<void> {
    const fresh = await this.redis.set(this.key('resend', body.phone), '1', 'EX', RESEND_AFTER_SECONDS, 'NX');
    if (fresh !== 'OK') throw new AppError(ErrorCode.TooManyRequests, `验证码发送过于频繁，请 ${RESEND_AFTER_SECONDS} 秒后再试`);
    const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
    await this.redis.set(this.key('code', body.phone), JSON.stringify({ hash: sha256(code), attempts: 0 }), 'EX', CODE_TTL_SECONDS);
    await this.jobs.enqueue('notification.send', {
      channel: 'sms',
      recipientUserId: null,
      to: body.phone,
      template: 'verification_code',
      params: { code, minutes: String(CODE_TTL_SECONDS / 60) },
    });
    await this.audit.append({ actorUserId: null, action: 'auth.signup_code_sent', detail: {}, ...meta });
  }

  async signup(body: SignupBody, meta: RequestMeta, now = new Date()): Promise<IssuedSession> {
    // Everything the person can fix on the form is checked before the SMS code is spent.
    assertPasswordPolicy(body.password, body.phone);
    let idNumber: string | null = null;
    if (body.idNumber) {
      const parsed = parseResidentId(body.idNumber);
      if (!parsed.ok) throw new AppError(ErrorCode.ValidationFailed, parsed.reason, [{ path: 'idNumber', message: parsed.reason }]);
      idNumber = parsed.value.id;
    }
    const idHash = idNumber ? this.cipher.lookupHash(idNumber) : null;
    if (await this.users.existsByLogin(null, body.phone)) throw new AppError(ErrorCode.Conflict, '该手机号已注册，请直接登录');
    if (idHash && (await this.users.existsByIdHash(idHash))) throw new AppError(ErrorCode.Conflict, '该身份证号已注册');
    await this.consumeCode(body.phone, body.code);
    const passwordHash = await argon2.hash(body.password, { type: argon2.argon2id });
    return this.transactions.run(async (tx) => {
      const userId = await this.users.create(
        {
          displayName: body.displayName,
          username: null,
          phone: body.phone,
          passwordHash,
          idNumberEnc: idNumber ? this.cipher.encrypt(idNumber) : null,
          idNumberHmac: idHash,
          idConsentVersion: idNumber ? ID_CONSENT_VERSION : null,
          idConsentAt: idNumber ? now : null,
        },
        now,
        tx,
      );
      await this.users.addGrant(userId, 'contestant', null, null, tx);
      await this.audit.append(
        {
          actorUserId: userId,
          actorRoles: ['contestant'],
          action: 'user.signed_up',
          entityType: 'user',
          entityId: userId,
          detail: { idNumberGiven: Boolean(idNumber), consentVersion: idNumber ? ID_CONSENT_VERSION : null },
          ...meta,
        },
        tx,
      );
      const user = await this.users.findById(userId, tx);
      if (!user) throw new Error('the new user vanished inside its own transaction');
      return this.sessions.start(user, meta, now, tx);
    });
  }

  /** Checks the SMS code: at most five tries, then a new code is needed. */
  private async consumeCode(phone: string, code: string): Promise<void> {
    const key = this.key('code', phone);
    const raw = await this.redis.get(key);
    if (!raw) throw new AppError(ErrorCode.ValidationFailed, '验证码已过期，请重新获取', [{ path: 'code', message: '验证码已过期，请重新获取' }]);
    const stored = JSON.parse(raw) as { hash: string; attempts: number };
    const ok = timingSafeEqual(Buffer.from(stored.hash), Buffer.from(sha256(code)));
    if (ok) {
      await this.redis.del(key);
      return;
    }
    if (stored.attempts + 1 >= MAX_CODE_ATTEMPTS) await this.redis.del(key);
    else await this.redis.set(key, JSON.stringify({ ...stored, attempts: stored.attempts + 1 }), 'KEEPTTL');
    throw new AppError(ErrorCode.ValidationFailed, '验证码不正确', [{ path: 'code', message: '验证码不正确' }]);
  }
}
