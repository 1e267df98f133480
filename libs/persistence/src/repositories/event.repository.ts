import { PUBLIC_EVENT_STATUSES, type EventStatus, type ManagedEvent, type PublicEventListQuery, type PublicEventSummary } from '@dz/contracts';
import { In } from 'typeorm';
import { CompetitionEventEntity, OrganisationEntity } from '../entities';
import { BaseRepository } from '../transaction';

export class EventRepository extends BaseRepository {
  /** Events the public may see, soonest first. */
  async listPublic(query: PublicEventListQuery): Promise<PublicEventSummary[]> {
    const rows = await this.query({ series: query.series, limit: query.limit, statuses: PUBLIC_EVENT_STATUSES });
    return rows.map(({ organizerOrgId: _owner, ...event }) => event);
  }

  /** Events of any status, optionally only those of some organisations (a department's own). */
  listManaged(organizerOrgIds: string[] | null, limit = 200): Promise<ManagedEvent[]> {
    return this.query({ limit, organizerOrgIds });
  }

  async findManaged(id: string): Promise<ManagedEvent | null> {
    const [row] = await this.query({ id, limit: 1 });
    return row ?? null;
  }

  /** The organisation that owns an event (for authorization), or null when there is none. */
  async organizerOf(id: string): Promise<string | null> {
    const row = await this.manager().findOne(CompetitionEventEntity, { where: { id }, select: { organizerOrgId: true } });
    return row?.organizerOrgId ?? null;
  }

  /** One event if the public may see it, else null. */
  async findPublic(id: string): Promise<PublicEventSummary | null> {
    const [row] = await this.query({ id, limit: 1, statuses: PUBLIC_EVENT_STATUSES });
    if (!row) return null;
    const { organizerOrgId: _owner, ...event } = row;
    return event;
  }

  private async query(filter: {
    id?: string;
    series?: string;
    limit: number;
    statuses?: readonly EventStatus[];
    organizerOrgIds?: string[] | null;
  }): Promise<ManagedEvent[]> {
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
        'e.organizer_org_id AS "organizerOrgId"',
      ])
      .where(filter.statuses ? { status: In([...filter.statuses]) } : 'TRUE')
      .andWhere(filter.organizerOrgIds ? 'e.organizer_org_id = ANY(:orgs)' : 'TRUE', { orgs: filter.organizerOrgIds })
      .andWhere(filter.series ? 'e.series = :series' : 'TRUE', { series: filter.series })
      .andWhere(filter.id ? 'e.id = :id' : 'TRUE', { id: filter.id })
      .orderBy('e.starts_at', 'ASC')
      .addOrderBy('e.id', 'ASC')
      .limit(filter.limit)
      .getRawMany<Omit<ManagedEvent, 'registrationClosesAt' | 'startsAt'> & { registrationClosesAt: Date; startsAt: Date }>();
    return rows.map((row) => ({
      ...row,
      registrationClosesAt: row.registrationClosesAt.toISOString(),
      startsAt: row.startsAt.toISOString(),
    }));
  }
}
