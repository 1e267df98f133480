import type { EventDraftBody, EventStatus, FieldComment, ProposalListQuery, ProposalSummary } from '@dz/contracts';
import { In, Not } from 'typeorm';
import {
  CompetitionEventEntity,
  EventAttachmentEntity,
  EventTransitionEntity,
  EventVersionEntity,
  IndustryEntity,
  OrganisationEntity,
  RoleGrantEntity,
  UserEntity,
} from '../entities';
import { BaseRepository, type Tx } from '../transaction';

export interface ProposalRecord {
  id: string;
  status: EventStatus;
  version: number;
  organizerOrgId: string;
  organizerName: string;
  occupationName: string;
  industryName: string | null;
  draft: EventDraftBody;
  updatedAt: Date;
}

export interface TransitionRow {
  id: string;
  from: EventStatus;
  to: EventStatus;
  actorName: string;
  actorRoles: string[];
  reason: string | null;
  comments: FieldComment[];
  at: Date;
}

export interface AttachmentRow {
  id: string;
  filename: string;
  sizeBytes: number;
  storageKey: string;
  uploadedAt: Date;
}

/** The columns of a draft, from the contract shape. */
function columnsOf(draft: EventDraftBody, occupationName: string) {
  return {
    title: draft.title,
    series: draft.series,
    edition: draft.edition,
    level: draft.level,
    industryId: draft.industryId,
    occupationCode: draft.occupationCode,
    occupationName,
    teamSize: draft.teamSize,
    capacity: draft.capacity,
    format: draft.format,
    rounds: draft.rounds,
    arenaFirstHolder: draft.arenaFirstHolder,
    stages: draft.stages,
    schedule: draft.schedule,
    venue: draft.venue,
    county: draft.county,
    registrationClosesAt: new Date(draft.registrationClosesAt),
    startsAt: new Date(draft.startsAt),
    eligibility: draft.eligibility,
    awardsPlan: draft.awardsPlan,
    budget: draft.budget,
    coOrganizerIds: draft.coOrganizerIds,
    description: draft.description,
  };
}

export function draftOf(row: CompetitionEventEntity): EventDraftBody {
  return {
    title: row.title,
    series: row.series,
    edition: row.edition,
    level: row.level ?? 'municipal_industry',
    industryId: row.industryId ?? '00000000-0000-0000-0000-000000000000',
    occupationCode: row.occupationCode,
    teamSize: row.teamSize,
    capacity: row.capacity,
    format: row.format,
    rounds: row.rounds,
    arenaFirstHolder: row.arenaFirstHolder,
    stages: row.stages,
    schedule: row.schedule,
    venue: row.venue,
    county: row.county as EventDraftBody['county'],
    registrationClosesAt: row.registrationClosesAt.toISOString(),
    startsAt: row.startsAt.toISOString(),
    eligibility: row.eligibility,
    awardsPlan: row.awardsPlan,
    budget: row.budget,
    coOrganizerIds: row.coOrganizerIds,
    description: row.description,
  };
}

export class ProposalRepository extends BaseRepository {
  async create(input: { draft: EventDraftBody; occupationName: string; organizerOrgId: string; createdBy: string }, tx?: Tx): Promise<string> {
    const row = this.manager(tx).create(CompetitionEventEntity, {
      ...columnsOf(input.draft, input.occupationName),
      organizerOrgId: input.organizerOrgId,
      createdBy: input.createdBy,
      status: 'draft',
      version: 1,
    });
    return (await this.manager(tx).save(row)).id;
  }

  async find(id: string, tx?: Tx): Promise<ProposalRecord | null> {
    const row = await this.manager(tx).findOne(CompetitionEventEntity, { where: { id } });
    if (!row) return null;
    const [organisation, industry] = await Promise.all([
      this.manager(tx).findOne(OrganisationEntity, { where: { id: row.organizerOrgId } }),
      row.industryId ? this.manager(tx).findOne(IndustryEntity, { where: { id: row.industryId } }) : null,
    ]);
    return {
      id: row.id,
      status: row.status,
      version: row.version,
      organizerOrgId: row.organizerOrgId,
      organizerName: organisation?.name ?? '',
      occupationName: row.occupationName,
      industryName: industry?.name ?? null,
      draft: draftOf(row),
      updatedAt: row.updatedAt,
    };
  }

  /** Saves a draft if it is still at `version` and editable; false when someone else won. */
  async updateDraft(id: string, version: number, draft: EventDraftBody, occupationName: string, tx?: Tx): Promise<boolean> {
    const result = await this.manager(tx).update(
      CompetitionEventEntity,
      { id, version, status: In(['draft', 'returned']) },
      { ...columnsOf(draft, occupationName), version: version + 1 },
    );
    return (result.affected ?? 0) === 1;
  }

  /** Moves the event from `from` to `to` if nobody changed it since `version`; false otherwise. */
  async move(id: string, version: number, from: EventStatus, to: EventStatus, tx?: Tx): Promise<boolean> {
    const result = await this.manager(tx).update(CompetitionEventEntity, { id, version, status: from }, { status: to, version: version + 1 });
    return (result.affected ?? 0) === 1;
  }

  async recordTransition(
    input: { eventId: string; from: EventStatus; to: EventStatus; actorUserId: string | null; actorRoles: readonly string[]; reason: string | null; comments: FieldComment[] },
    tx?: Tx,
  ): Promise<void> {
    await this.manager(tx).insert(EventTransitionEntity, {
      eventId: input.eventId,
      fromStatus: input.from,
      toStatus: input.to,
      actorUserId: input.actorUserId,
      actorRoles: [...input.actorRoles],
      reason: input.reason,
      comments: input.comments,
    });
  }

  async history(eventId: string): Promise<TransitionRow[]> {
    const rows = await this.manager()
      .createQueryBuilder(EventTransitionEntity, 't')
      .leftJoin(UserEntity, 'u', 'u.id = t.actor_user_id')
      .select([
        't.id AS id',
        't.from_status AS "from"',
        't.to_status AS "to"',
        `COALESCE(u.display_name, '系统') AS "actorName"`,
        't.actor_roles AS "actorRoles"',
        't.reason AS reason',
        't.comments AS comments',
        't.at AS at',
      ])
      .where('t.event_id = :eventId', { eventId })
      .orderBy('t.at', 'ASC')
      .addOrderBy('t.id', 'ASC')
      .getRawMany<TransitionRow>();
    return rows;
  }

  /** Stores the submitted content as the next version number; returns it. */
  async saveVersion(eventId: string, content: EventDraftBody, submittedBy: string | null, tx?: Tx): Promise<number> {
    const [{ next }] = (await this.manager(tx).query(`SELECT COALESCE(MAX("number"), 0) + 1 AS next FROM "event_version" WHERE "event_id" = $1`, [eventId])) as {
      next: number;
    }[];
    await this.manager(tx).query(`INSERT INTO "event_version" ("event_id", "number", "content", "submitted_by") VALUES ($1, $2, $3::jsonb, $4)`, [
      eventId,
      next,
      JSON.stringify(content),
      submittedBy,
    ]);
    return next;
  }

  async versions(eventId: string): Promise<{ number: number; submittedAt: Date }[]> {
    const rows = await this.manager().find(EventVersionEntity, { where: { eventId }, order: { number: 'ASC' }, select: { number: true, submittedAt: true } });
    return rows.map((r) => ({ number: r.number, submittedAt: r.submittedAt }));
  }

  async version(eventId: string, number: number): Promise<EventDraftBody | null> {
    const row = await this.manager().findOne(EventVersionEntity, { where: { eventId, number } });
    return row ? (row.content as unknown as EventDraftBody) : null;
  }

  /** The review queue and a department's own list. `organizerOrgIds` null means all; drafts of others stay hidden. */
  async list(query: ProposalListQuery, scope: { organizerOrgIds: string[] | null }): Promise<{ items: ProposalSummary[]; total: number }> {
    const qb = this.manager()
      .createQueryBuilder(CompetitionEventEntity, 'e')
      .innerJoin(OrganisationEntity, 'o', 'o.id = e.organizer_org_id')
      .leftJoin(IndustryEntity, 'i', 'i.id = e.industry_id');
    if (scope.organizerOrgIds) qb.andWhere('e.organizer_org_id = ANY(:orgs)', { orgs: scope.organizerOrgIds });
    else qb.andWhere({ status: Not('draft') });
    if (query.status) qb.andWhere('e.status = :status', { status: query.status });
    if (query.organizerOrgId) qb.andWhere('e.organizer_org_id = :org', { org: query.organizerOrgId });
    if (query.series) qb.andWhere('e.series = :series', { series: query.series });
    if (query.industryId) {
      // An industry filter includes its sub-industries (the "3+3+N" tree).
      qb.andWhere(
        `e.industry_id IN (WITH RECURSIVE sub AS (SELECT id FROM industry WHERE id = :industry UNION ALL SELECT c.id FROM industry c JOIN sub ON c.parent_id = sub.id) SELECT id FROM sub)`,
        { industry: query.industryId },
      );
    }
    const total = await qb.getCount();
    const items = await qb
      .select([
        'e.id AS id',
        'e.title AS title',
        'e.status AS status',
        'e.series AS series',
        'e.organizer_org_id AS "organizerOrgId"',
        'o.name AS "organizerName"',
        'i.name AS "industryName"',
        'e.occupation_name AS "occupationName"',
        'e.updated_at AS "updatedAt"',
      ])
      .orderBy('e.updated_at', 'DESC')
      .addOrderBy('e.id', 'ASC')
      .offset(query.offset)
      .limit(query.limit)
      .getRawMany<Omit<ProposalSummary, 'updatedAt'> & { updatedAt: Date }>();
    return { items: items.map((i) => ({ ...i, updatedAt: i.updatedAt.toISOString() })), total };
  }

  async attachment(eventId: string): Promise<AttachmentRow | null> {
    const row = await this.manager().findOne(EventAttachmentEntity, { where: { eventId } });
    return row ? { id: row.id, filename: row.filename, sizeBytes: row.sizeBytes, storageKey: row.storageKey, uploadedAt: row.uploadedAt } : null;
  }

  async saveAttachment(
    input: { eventId: string; filename: string; sizeBytes: number; sha256: string; storageKey: string; uploadedBy: string },
    tx?: Tx,
  ): Promise<void> {
    await this.manager(tx).query(
      `INSERT INTO "event_attachment" ("event_id", "filename", "content_type", "size_bytes", "sha256", "storage_key", "uploaded_by")
       VALUES ($1, $2, 'application/pdf', $3, $4, $5, $6)
       ON CONFLICT ("event_id") DO UPDATE SET "filename" = EXCLUDED."filename", "size_bytes" = EXCLUDED."size_bytes",
         "sha256" = EXCLUDED."sha256", "storage_key" = EXCLUDED."storage_key", "uploaded_by" = EXCLUDED."uploaded_by", "uploaded_at" = now()`,
      [input.eventId, input.filename, input.sizeBytes, input.sha256, input.storageKey, input.uploadedBy],
    );
  }

  /** Users holding `role` (in `organisationId` when given): the people a transition concerns. */
  async holdersOf(role: string, organisationId: string | null): Promise<string[]> {
    const rows = await this.manager()
      .createQueryBuilder(RoleGrantEntity, 'g')
      .innerJoin(UserEntity, 'u', 'u.id = g.user_id AND u.disabled_at IS NULL')
      .select('DISTINCT g.user_id', 'userId')
      .where('g.role = :role AND g.revoked_at IS NULL', { role })
      .andWhere(organisationId ? 'g.organisation_id = :org' : 'TRUE', { org: organisationId })
      .getRawMany<{ userId: string }>();
    return rows.map((r) => r.userId);
  }
}
