import { PUBLIC_EVENT_STATUSES, type PublicEventListQuery, type PublicEventSummary } from '@dz/contracts';
import { In } from 'typeorm';
import { CompetitionEventEntity, OrganisationEntity } from '../entities';
import { BaseRepository } from '../transaction';

export class EventRepository extends BaseRepository {
  /** Events the public may see, soonest first. */
  listPublic(query: PublicEventListQuery): Promise<PublicEventSummary[]> {
    return this.queryPublic({ series: query.series, limit: query.limit });
  }

  /** One event if the public may see it, else null. */
  async findPublic(id: string): Promise<PublicEventSummary | null> {
    const [row] = await this.queryPublic({ id, limit: 1 });
    return row ?? null;
  }

  private async queryPublic(filter: { id?: string; series?: string; limit: number }): Promise<PublicEventSummary[]> {
    const rows = await this.manager()
      .createQueryBuilder(CompetitionEventEntity, 'e')
      .innerJoin(OrganisationEntity, 'o', 'o.id = e.organizer_org_id')
      .select([
        'e.id AS id',
        'e.title AS title',
        'e.series AS series',
        'e.edition AS edition',
        'e.occupation_code AS "occupationCode"',
        'e.occupation_name AS "occupationName"',
        'o.name AS "organizerName"',
        'e.county AS county',
        'e.venue AS venue',
        'e.format AS format',
        'e.team_size AS "teamSize"',
        'e.capacity AS capacity',
        'e.status AS status',
        'e.registration_closes_at AS "registrationClosesAt"',
        'e.starts_at AS "startsAt"',
      ])
      .where({ status: In([...PUBLIC_EVENT_STATUSES]) })
      .andWhere(filter.series ? 'e.series = :series' : 'TRUE', { series: filter.series })
      .andWhere(filter.id ? 'e.id = :id' : 'TRUE', { id: filter.id })
      .orderBy('e.starts_at', 'ASC')
      .addOrderBy('e.id', 'ASC')
      .limit(filter.limit)
      .getRawMany<Omit<PublicEventSummary, 'registrationClosesAt' | 'startsAt'> & { registrationClosesAt: Date; startsAt: Date }>();
    return rows.map((row) => ({
      ...row,
      registrationClosesAt: row.registrationClosesAt.toISOString(),
      startsAt: row.startsAt.toISOString(),
    }));
  }
}
