import { AppError, ErrorCode, type PublicEventList, type PublicEventListQuery, type PublicEventSummary } from '@dz/contracts';
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
}
