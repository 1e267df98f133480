import {
  CheckinBody,
  CheckinReply,
  CloseCheckinReply,
  CodeMapping,
  DrawCommitBody,
  DrawHistory,
  DrawVerification,
  EligibilityReply,
  EntryDecisionBody,
  EntryDecisionReply,
  EntryList,
  EntryListQuery,
  EntryView,
  IdParam,
  LateArrivalBody,
  MyEntries,
  PublicDraw,
  RegisterBody,
  WithdrawBody,
} from '@dz/contracts';
import { Body, Controller, Get, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { createZodDto, ZodResponse } from 'nestjs-zod';
import { RequestMeta } from '../../common/request-meta.decorator';
import { Public, Roles, SignedIn } from '../auth/access-policy';
import type { RequestMeta as Meta } from '../auth/auth.types';
import { CurrentPrincipal, type Principal } from '../auth/principal';
import { CheckinService } from './checkin.service';
import { DrawService } from './draw.service';
import { RegistrationService } from './registration.service';

class IdDto extends createZodDto(IdParam) {}
class RegisterDto extends createZodDto(RegisterBody) {}
class EligibilityDto extends createZodDto(EligibilityReply) {}
class EntryViewDto extends createZodDto(EntryView) {}
class MyEntriesDto extends createZodDto(MyEntries) {}
class WithdrawDto extends createZodDto(WithdrawBody) {}
class EntryListQueryDto extends createZodDto(EntryListQuery) {}
class EntryListDto extends createZodDto(EntryList) {}
class DecisionDto extends createZodDto(EntryDecisionBody) {}
class DecisionReplyDto extends createZodDto(EntryDecisionReply) {}
class DrawCommitDto extends createZodDto(DrawCommitBody) {}
class PublicDrawDto extends createZodDto(PublicDraw) {}
class DrawHistoryDto extends createZodDto(DrawHistory) {}
class DrawVerificationDto extends createZodDto(DrawVerification) {}
class CodeMappingDto extends createZodDto(CodeMapping) {}
class CheckinDto extends createZodDto(CheckinBody) {}
class CheckinReplyDto extends createZodDto(CheckinReply) {}
class LateDto extends createZodDto(LateArrivalBody) {}
class CloseReplyDto extends createZodDto(CloseCheckinReply) {}

const STAFF = ['department_organizer', 'bureau_admin'] as const;
const EVENT = { resource: 'event', param: 'id', everywhere: ['bureau_admin'] } as const;
const ENTRY = { resource: 'entry', param: 'id', everywhere: ['bureau_admin'] } as const;
const DRAW = { resource: 'draw', param: 'id', everywhere: ['bureau_admin'] } as const;

/** Registration (报名): entries, review, the draw (抽签) and check-in (检录). */
@ApiTags('registration')
@Controller()
export class RegistrationController {
  constructor(
    private readonly registration: RegistrationService,
    private readonly draws: DrawService,
    private readonly checkins: CheckinService,
  ) {}

  @Post('events/:id/eligibility')
  @Roles(['contestant'])
  @HttpCode(200)
  @ZodResponse({ type: EligibilityDto })
  eligibility(@Param() params: IdDto, @Body() body: RegisterDto) {
    return this.registration.eligibility(params.id, body);
  }

  @Post('events/:id/entries')
  @Roles(['contestant'])
  @HttpCode(201)
  @ZodResponse({ status: 201, type: EntryViewDto })
  register(@CurrentPrincipal() principal: Principal, @Param() params: IdDto, @Body() body: RegisterDto, @RequestMeta() meta: Meta) {
    return this.registration.register(principal, params.id, body, meta);
  }

  @Get('me/entries')
  @SignedIn()
  @ZodResponse({ type: MyEntriesDto })
  mine(@CurrentPrincipal() principal: Principal) {
    return this.registration.myEntries(principal);
  }

  /** The contestant's own entry, or one of the organiser's events (checked in the service). */
  @Post('entries/:id/withdraw')
  @SignedIn()
  @HttpCode(200)
  @ZodResponse({ type: EntryViewDto })
  withdraw(@CurrentPrincipal() principal: Principal, @Param() params: IdDto, @Body() body: WithdrawDto, @RequestMeta() meta: Meta) {
    return this.registration.withdraw(principal, params.id, body, meta);
  }

  /** The admission ticket (准考证) as PDF: its contestant, the event's organiser, the bureau. */
  @Get('entries/:id/ticket')
  @SignedIn()
  async ticket(@CurrentPrincipal() principal: Principal, @Param() params: IdDto, @Res() response: Response) {
    const { filename, pdf } = await this.checkins.ticket(principal, params.id);
    response.setHeader('Content-Type', 'application/pdf');
    response.setHeader('Content-Disposition', `attachment; filename*=UTF-8''${encodeURIComponent(filename)}`);
    response.setHeader('Cache-Control', 'no-store');
    response.end(pdf);
  }

  @Get('events/:id/entries')
  @Roles(STAFF, EVENT)
  @ZodResponse({ type: EntryListDto })
  list(@Param() params: IdDto, @Query() query: EntryListQueryDto) {
    return this.registration.list(params.id, query);
  }

  @Post('events/:id/entries/decisions')
  @Roles(STAFF, EVENT)
  @HttpCode(200)
  @ZodResponse({ type: DecisionReplyDto })
  decide(@CurrentPrincipal() principal: Principal, @Param() params: IdDto, @Body() body: DecisionDto, @RequestMeta() meta: Meta) {
    return this.registration.decide(principal, params.id, body, meta);
  }

  @Post('events/:id/draws')
  @Roles(STAFF, EVENT)
  @HttpCode(201)
  @ZodResponse({ status: 201, type: PublicDrawDto })
  commitDraw(@CurrentPrincipal() principal: Principal, @Param() params: IdDto, @Body() body: DrawCommitDto, @RequestMeta() meta: Meta) {
    return this.draws.commit(principal, params.id, body, meta);
  }

  @Post('draws/:id/run')
  @Roles(STAFF, DRAW)
  @HttpCode(200)
  @ZodResponse({ type: PublicDrawDto })
  runDraw(@CurrentPrincipal() principal: Principal, @Param() params: IdDto, @RequestMeta() meta: Meta) {
    return this.draws.run(principal, params.id, meta);
  }

  @Get('draws/:id/mapping')
  @Roles(STAFF, DRAW)
  @ZodResponse({ type: CodeMappingDto })
  mapping(@Param() params: IdDto) {
    return this.draws.mapping(params.id);
  }

  @Get('events/public/:id/draws')
  @Public()
  @ZodResponse({ type: DrawHistoryDto })
  publicDraws(@Param() params: IdDto) {
    return this.draws.history(params.id);
  }

  @Get('events/public/draws/:id/verify')
  @Public()
  @ZodResponse({ type: DrawVerificationDto })
  verify(@Param() params: IdDto) {
    return this.draws.verify(params.id);
  }

  @Post('events/:id/checkins')
  @Roles(STAFF, EVENT)
  @HttpCode(200)
  @ZodResponse({ type: CheckinReplyDto })
  checkIn(@CurrentPrincipal() principal: Principal, @Param() params: IdDto, @Body() body: CheckinDto, @RequestMeta() meta: Meta) {
    return this.checkins.checkIn(principal, params.id, body, meta);
  }

  @Post('events/:id/checkins/close')
  @Roles(STAFF, EVENT)
  @HttpCode(200)
  @ZodResponse({ type: CloseReplyDto })
  closeCheckin(@CurrentPrincipal() principal: Principal, @Param() params: IdDto, @RequestMeta() meta: Meta) {
    return this.checkins.close(principal, params.id, meta);
  }

  @Post('entries/:id/late')
  @Roles(STAFF, ENTRY)
  @HttpCode(200)
  @ZodResponse({ type: EntryViewDto })
  late(@CurrentPrincipal() principal: Principal, @Param() params: IdDto, @Body() body: LateDto, @RequestMeta() meta: Meta) {
    return this.checkins.late(principal, params.id, body, meta);
  }
}
