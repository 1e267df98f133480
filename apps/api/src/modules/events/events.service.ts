import { AppError, ErrorCode, type ManagedEvent, type ManagedEventList, type PublicEventDetail, type PublicEventList, type PublicEventListQuery } from '@dz/contracts';
import { EventRepository, OrganisationRepository, ProposalRepository } from '@dz/persistence';
import { Injectable } from '@nestjs/common';
import type { Principal } from '../auth/principal';

@Injectable()
export class EventsService {
  constructor(
    private readonly events: EventRepository,
    private readonly proposals: ProposalRepository,
    private readonly organisations: OrganisationRepository,
  ) {}

  async listPublic(query: PublicEventListQuery): Promise<PublicEventList> {
    return { items: await this.events.listPublic(query) };
  }

  /** One published event as its public page shows it: no budget, no review comments. */
  async getPublic(id: string): Promise<PublicEventDetail> {
    const [event, record] = await Promise.all([this.events.findPublic(id), this.proposals.find(id)]);
    if (!event || !record) throw new AppError(ErrorCode.NotFound, '赛项不存在或尚未发布');
    const { draft } = record;
    const coOrganizers = await Promise.all(draft.coOrganizerIds.map((orgId) => this.organisations.findById(orgId)));
    return {
      ...event,
      level: draft.level,
      industryName: record.industryName,
      stages: draft.stages,
      rounds: draft.rounds,
      schedule: draft.schedule,
      eligibility: draft.eligibility,
      awardTiers: draft.awardsPlan.tiers.map(({ name, mode, value }) => ({ name, mode, value })),
      titles: draft.awardsPlan.titles,
      coOrganizerNames: coOrganizers.filter((o) => o !== null).map((o) => o.name),
      description: draft.description,
    };
  }

  async listManaged(principal: Principal): Promise<ManagedEventList> {
    const everywhere = principal.roles.includes('bureau_admin');
    const own = principal.grants.filter((g) => g.role === 'department_organizer' && g.organisationId).map((g) => g.organisationId as string);
    return { items: await this.events.listManaged(everywhere ? null : own) };
  }

  /** Ownership was checked by the access policy before this runs. */
  async getManaged(id: string): Promise<ManagedEvent> {
    const event = await this.events.findManaged(id);
    if (!event) throw new AppError(ErrorCode.NotFound, '赛项不存在');
    return event;
  }
}
