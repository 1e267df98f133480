import { AppError, ErrorCode, type ChangePasswordBody } from '@dz/contracts';
import { AuditRepository, TransactionRunner, UserRepository } from '@dz/persistence';
import { Injectable } from '@nestjs/common';
import * as argon2 from 'argon2';
import type { RequestMeta } from './auth.types';
import type { Principal } from './principal';
import { SessionService } from './session.service';
import { assertPasswordPolicy } from './signup.service';

@Injectable()
export class AccountService {
  constructor(
    private readonly users: UserRepository,
    private readonly audit: AuditRepository,
    private readonly transactions: TransactionRunner,
    private readonly sessions: SessionService,
  ) {}

  /** Changes one's own password; every session ends (the client signs in again). */
  async changePassword(principal: Principal, body: ChangePasswordBody, meta: RequestMeta, now = new Date()): Promise<void> {
    const user = await this.users.findById(principal.user.id);
    if (!user || !(await argon2.verify(user.passwordHash, body.currentPassword))) {
      throw new AppError(ErrorCode.ValidationFailed, '当前密码不正确', [{ path: 'currentPassword', message: '当前密码不正确' }]);
    }
    assertPasswordPolicy(body.newPassword, user.username ?? user.phone ?? undefined);
    const hash = await argon2.hash(body.newPassword, { type: argon2.argon2id });
    const notify = await this.transactions.run(async (tx) => {
      await this.users.setPassword(user.id, hash, now, tx);
      await this.audit.append({ actorUserId: user.id, actorRoles: user.roles, action: 'user.password_changed', entityType: 'user', entityId: user.id, ...meta }, tx);
      return this.sessions.revokeAllInTx(user.id, 'password_changed', now, tx);
    });
    notify();
  }
}
