import type { Role } from '@dz/contracts';
import { IsNull } from 'typeorm';
import { RoleGrantEntity, UserEntity } from '../entities';
import { BaseRepository } from '../transaction';

export interface UserWithRoles {
  id: string;
  displayName: string;
  username: string | null;
  phone: string | null;
  passwordHash: string;
  disabledAt: Date | null;
  roles: Role[];
}

export class UserRepository extends BaseRepository {
  /** Finds a user by login name or phone number. */
  async findByAccount(account: string): Promise<UserWithRoles | null> {
    const user = await this.manager().findOne(UserEntity, {
      where: [{ username: account }, { phone: account }],
    });
    return user ? this.withRoles(user) : null;
  }

  async findById(id: string): Promise<UserWithRoles | null> {
    const user = await this.manager().findOne(UserEntity, { where: { id } });
    return user ? this.withRoles(user) : null;
  }

  private async withRoles(user: UserEntity): Promise<UserWithRoles> {
    const grants = await this.manager().find(RoleGrantEntity, {
      where: { userId: user.id, revokedAt: IsNull() },
      order: { grantedAt: 'ASC' },
    });
    const roles = [...new Set(grants.map((g) => g.role))];
    return {
      id: user.id,
      displayName: user.displayName,
      username: user.username,
      phone: user.phone,
      passwordHash: user.passwordHash,
      disabledAt: user.disabledAt,
      roles,
    };
  }
}
