import { AppError, ErrorCode, type AdminUser, type ProfileReply, type Role } from '@dz/contracts';
import { maskPhone, maskResidentId } from '@dz/domain';
import { PiiAccessRepository, UserRepository, type UserRecord } from '@dz/persistence';
import { Injectable } from '@nestjs/common';
import { PiiCipher } from '@dz/persistence';
import type { Principal } from '../auth/principal';

/** Roles that see other people's ID numbers and phones whole (PIPL: the bureau only). */
export const UNMASKED_ROLES: readonly Role[] = ['bureau_admin'];

/**
 * The one place personal data leaves the database: masked unless the caller is the person or
 * the bureau, and every unmasked read is written to the access log.
 */
@Injectable()
export class PeopleService {
  constructor(
    private readonly users: UserRepository,
    private readonly access: PiiAccessRepository,
    private readonly cipher: PiiCipher,
  ) {}

  async ownProfile(principal: Principal, correlationId: string | null): Promise<ProfileReply> {
    const user = await this.users.findById(principal.user.id);
    if (!user) throw new AppError(ErrorCode.NotFound, '账号不存在');
    return this.profile(user, principal, correlationId, 'own_profile');
  }

  async personFor(principal: Principal, id: string, correlationId: string | null): Promise<AdminUser> {
    const user = await this.users.findById(id);
    if (!user) throw new AppError(ErrorCode.NotFound, '用户不存在');
    return this.present(user, principal, correlationId, 'person_detail');
  }

  /** A user for one staff viewer: whole when the viewer may see it (the read is logged). */
  async present(user: UserRecord, viewer: Principal, correlationId: string | null, purpose: string): Promise<AdminUser> {
    const whole = this.mayUnmask(viewer, user.id);
    if (whole && (user.idNumberEnc || user.phone)) {
      await this.access.record({ actorUserId: viewer.user.id, subjectUserId: user.id, fields: fieldsOf(user), purpose, correlationId });
    }
    return this.toAdminUser(user, whole);
  }

  /** Always-masked form for lists and exports (nothing whole leaves, so nothing to log). */
  presentMasked(user: UserRecord): AdminUser {
    return this.toAdminUser(user, false);
  }

  private toAdminUser(user: UserRecord, whole: boolean): AdminUser {
    const idNumber = user.idNumberEnc ? this.cipher.decrypt(user.idNumberEnc) : null;
    return {
      id: user.id,
      displayName: user.displayName,
      username: user.username,
      phone: user.phone && !whole ? maskPhone(user.phone) : user.phone,
      idNumber: idNumber && !whole ? maskResidentId(idNumber) : idNumber,
      masked: !whole,
      roles: user.grants.map((g) => ({ grantId: g.grantId, role: g.role, organisationId: g.organisationId, organisationName: g.organisationName })),
      disabledAt: user.disabledAt?.toISOString() ?? null,
      lockedUntil: user.lockedUntil?.toISOString() ?? null,
      totpEnabled: Boolean(user.totpEnabledAt),
      createdAt: user.createdAt.toISOString(),
    };
  }

  private mayUnmask(viewer: Principal, subjectId: string): boolean {
    return viewer.user.id === subjectId || viewer.roles.some((role) => UNMASKED_ROLES.includes(role));
  }

  private async profile(user: UserRecord, viewer: Principal, correlationId: string | null, purpose: string): Promise<ProfileReply> {
    const idNumber = user.idNumberEnc ? this.cipher.decrypt(user.idNumberEnc) : null;
    if (idNumber || user.phone) {
      await this.access.record({ actorUserId: viewer.user.id, subjectUserId: user.id, fields: fieldsOf(user), purpose, correlationId });
    }
    return {
      id: user.id,
      displayName: user.displayName,
      username: user.username,
      phone: user.phone,
      idNumber,
      idConsentVersion: user.idConsentVersion,
      idConsentAt: user.idConsentAt?.toISOString() ?? null,
      roles: user.roles,
      totpEnabled: Boolean(user.totpEnabledAt),
    };
  }
}

function fieldsOf(user: UserRecord): string[] {
  return [...(user.phone ? ['phone'] : []), ...(user.idNumberEnc ? ['idNumber'] : [])];
}
