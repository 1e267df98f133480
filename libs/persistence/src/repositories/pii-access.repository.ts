import { PiiAccessLogEntity } from '../entities';
import { BaseRepository, type Tx } from '../transaction';

export interface PiiAccess {
  actorUserId: string;
  subjectUserId: string;
  fields: string[];
  purpose: string;
  correlationId: string | null;
}

/** Access log of unmasked personal data (PIPL): one row per read that showed a full value. */
export class PiiAccessRepository extends BaseRepository {
  async record(access: PiiAccess, tx?: Tx): Promise<void> {
    await this.manager(tx).insert(PiiAccessLogEntity, access);
  }

  async countFor(subjectUserId: string): Promise<number> {
    return this.manager().count(PiiAccessLogEntity, { where: { subjectUserId } });
  }
}
