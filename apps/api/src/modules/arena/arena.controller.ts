import { ArenaMarkAck, ArenaMarkSubmit, ArenaSetupBody, ArenaSheet, ArenaState, BoutParam, IdParam } from '@dz/contracts';
import { Body, Controller, Get, HttpCode, Param, Post, Put, UseGuards } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { createZodDto, ZodResponse } from 'nestjs-zod';
import { RequestMeta } from '../../common/request-meta.decorator';
import { Public, Roles } from '../auth/access-policy';
import type { RequestMeta as Meta } from '../auth/auth.types';
import { CurrentPrincipal, type Principal } from '../auth/principal';
import { MarkRateGuard } from '../judging/mark-rate.guard';
import { PublicBoardRateGuard } from '../standings/public-rate.guard';
import { ArenaViews } from './arena-views';
import { ArenaService } from './arena.service';

class IdDto extends createZodDto(IdParam) {}
class BoutParamDto extends createZodDto(BoutParam) {}
class SetupDto extends createZodDto(ArenaSetupBody) {}
class StateDto extends createZodDto(ArenaState) {}
class MarkDto extends createZodDto(ArenaMarkSubmit) {}
class MarkAckDto extends createZodDto(ArenaMarkAck) {}
class SheetDto extends createZodDto(ArenaSheet) {}

const STAFF = ['department_organizer', 'bureau_admin'] as const;
const EVENT = { resource: 'event', param: 'id', everywhere: ['bureau_admin'] } as const;

/**
 * The arena (擂台赛) over HTTP: setup, bouts, the staff and public state, the judge's bout sheet
 * and the marks' HTTP fallback. Live updates come over the socket (`arena.subscribe`, `arena.mark`).
 */
@ApiTags('arena')
@Controller()
export class ArenaController {
  constructor(
    private readonly arena: ArenaService,
    private readonly views: ArenaViews,
  ) {}

  @Put('events/:id/arena')
  @Roles(STAFF, EVENT)
  @ZodResponse({ type: StateDto })
  setup(@CurrentPrincipal() principal: Principal, @Param() params: IdDto, @Body() body: SetupDto, @RequestMeta() meta: Meta) {
    return this.arena.setup(principal, params.id, body, meta);
  }

  @Get('events/:id/arena')
  @Roles(STAFF, EVENT)
  @ZodResponse({ type: StateDto })
  staffState(@Param() params: IdDto) {
    return this.views.state(params.id, 'staff');
  }

  @Get('events/:id/arena/public')
  @Public()
  @UseGuards(PublicBoardRateGuard)
  @ZodResponse({ type: StateDto })
  publicState(@Param() params: IdDto) {
    return this.views.state(params.id, 'public');
  }

  @Post('events/:id/arena/bouts')
  @Roles(STAFF, EVENT)
  @HttpCode(200)
  @ZodResponse({ type: StateDto })
  openBout(@CurrentPrincipal() principal: Principal, @Param() params: IdDto, @RequestMeta() meta: Meta) {
    return this.arena.openBout(principal, params.id, meta);
  }

  /** The chief judge or the event's staff (checked in the service: judges hold no organisation). */
  @Post('events/:id/arena/bouts/:number/close')
  @Roles(['judge', ...STAFF])
  @HttpCode(200)
  @ZodResponse({ type: StateDto })
  closeBout(@CurrentPrincipal() principal: Principal, @Param() params: BoutParamDto, @RequestMeta() meta: Meta) {
    return this.arena.closeBout(principal, params.id, params.number, meta);
  }

  @Get('events/:id/arena/sheet')
  @Roles(['judge'])
  @ZodResponse({ type: SheetDto })
  sheet(@CurrentPrincipal() principal: Principal, @Param() params: IdDto) {
    return this.views.sheet(principal, params.id);
  }

  @Post('events/:id/arena/marks')
  @Roles(['judge'])
  @UseGuards(MarkRateGuard)
  @HttpCode(200)
  @ZodResponse({ type: MarkAckDto })
  submit(@CurrentPrincipal() principal: Principal, @Param() params: IdDto, @Body() body: MarkDto, @RequestMeta() meta: Meta) {
    return this.arena.submitOverHttp(principal, params.id, body, meta);
  }
}
