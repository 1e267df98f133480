import { IdParam, ManagedEvent, ManagedEventList, PublicEventDetail, PublicEventList, PublicEventListQuery } from '@dz/contracts';
import { createZodDto } from 'nestjs-zod';

export class PublicEventListQueryDto extends createZodDto(PublicEventListQuery) {}
export class PublicEventListDto extends createZodDto(PublicEventList) {}
export class PublicEventDetailDto extends createZodDto(PublicEventDetail) {}
export class EventIdParamDto extends createZodDto(IdParam) {}
export class ManagedEventDto extends createZodDto(ManagedEvent) {}
export class ManagedEventListDto extends createZodDto(ManagedEventList) {}
