import { AppError, ErrorCode, type ManagedEvent, type ManagedEventList, type PublicEventList, type PublicEventListQuery, type PublicEventSummary } from '@dz/contracts';
import type { Principal } from '../auth/principal';
import { EventRepository } from '@dz/persistence';
import { Injectable } from '@nestjs/common';

@Injectable()
export class EventsService {
  constructor(private readonly events: EventRepository) {}

  async listPublic(query: PublicEventListQuery): Promise<PublicEventList> {
    return { items: await this.events.listPublic(query) };
  }

  async getPublic(id: string): Promise<PublicEventSummary> {
    const event = await this.events.findPublic(id);
    if (!event) throw new AppError(ErrorCode.NotFound, '赛项不存在或尚未发布');
    return event;
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
