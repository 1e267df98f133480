import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { ZodResponse } from 'nestjs-zod';
import { Public, Roles } from '../auth/access-policy';
import { CurrentPrincipal, type Principal } from '../auth/principal';
import { EventIdParamDto, ManagedEventDto, ManagedEventListDto, PublicEventListDto, PublicEventListQueryDto, PublicEventDetailDto } from './dto';
import { EventsService } from './events.service';

@ApiTags('events')
@Controller('events')
export class EventsController {
  constructor(private readonly service: EventsService) {}

  @Get('public')
  @Public()
  @ZodResponse({ type: PublicEventListDto, description: '已发布的赛项（公开）' })
  listPublic(@Query() query: PublicEventListQueryDto) {
    return this.service.listPublic(query);
  }

  @Get('public/:id')
  @Public()
  @ZodResponse({ type: PublicEventDetailDto, description: '一个公开赛项（详情与日程）' })
  getPublic(@Param() params: EventIdParamDto) {
    return this.service.getPublic(params.id);
  }

  /** Events of any status: a department its own, the bureau all. */
  @Get('managed')
  @Roles(['department_organizer', 'bureau_admin'])
  @ZodResponse({ type: ManagedEventListDto, description: '本单位（或全部）赛项' })
  listManaged(@CurrentPrincipal() principal: Principal) {
    return this.service.listManaged(principal);
  }

  @Get('managed/:id')
  @Roles(['department_organizer', 'bureau_admin'], { resource: 'event', param: 'id', everywhere: ['bureau_admin'] })
  @ZodResponse({ type: ManagedEventDto, description: '一个赛项（含草稿）' })
  getManaged(@Param() params: EventIdParamDto) {
    return this.service.getManaged(params.id);
  }
}
