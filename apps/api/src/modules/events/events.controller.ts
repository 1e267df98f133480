import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { ZodResponse } from 'nestjs-zod';
import { EventIdParamDto, PublicEventListDto, PublicEventListQueryDto, PublicEventSummaryDto } from './dto';
import { EventsService } from './events.service';

@ApiTags('events')
@Controller('events')
export class EventsController {
  constructor(private readonly service: EventsService) {}

  @Get('public')
  @ZodResponse({ type: PublicEventListDto, description: '已发布的赛项（公开）' })
  listPublic(@Query() query: PublicEventListQueryDto) {
    return this.service.listPublic(query);
  }

  @Get('public/:id')
  @ZodResponse({ type: PublicEventSummaryDto, description: '一个公开赛项' })
  getPublic(@Param() params: EventIdParamDto) {
    return this.service.getPublic(params.id);
  }
}
