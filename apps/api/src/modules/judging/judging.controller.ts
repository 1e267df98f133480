import {
  ApproveCorrectionBody,
  AssignJudgeBody,
  AssignmentList,
  AssignmentView,
  ChainVerification,
  CorrectionBody,
  CorrectionView,
  IdParam,
  JudgeSheet,
  MarkAck,
  MarkBoard,
  MarkHistory,
  MarkHistoryQuery,
  MarkingSchemeBody,
  MarkingSchemeView,
  MarkSubmit,
  RecusalOverrideBody,
  RejectCorrectionBody,
  SignoffBody,
  SignoffView,
  StageTimeBody,
  StageTimeView,
  StageParam,
  StageQuery,
} from '@dz/contracts';
import { Body, Controller, Get, HttpCode, Param, Post, Put, Query, UseGuards } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { createZodDto, ZodResponse } from 'nestjs-zod';
import { RequestMeta } from '../../common/request-meta.decorator';
import { Roles } from '../auth/access-policy';
import type { RequestMeta as Meta } from '../auth/auth.types';
import { CurrentPrincipal, type Principal } from '../auth/principal';
import { AssignmentService } from './assignment.service';
import { MarkRateGuard } from './mark-rate.guard';
import { MarkService } from './mark.service';
import { ReviewService } from './review.service';
import { SchemeService } from './scheme.service';

class IdDto extends createZodDto(IdParam) {}
class StageParamDto extends createZodDto(StageParam) {}
class StageQueryDto extends createZodDto(StageQuery) {}
class SchemeBodyDto extends createZodDto(MarkingSchemeBody) {}
class SchemeViewDto extends createZodDto(MarkingSchemeView) {}
class AssignDto extends createZodDto(AssignJudgeBody) {}
class OverrideDto extends createZodDto(RecusalOverrideBody) {}
class AssignmentViewDto extends createZodDto(AssignmentView) {}
class AssignmentListDto extends createZodDto(AssignmentList) {}
class JudgeSheetDto extends createZodDto(JudgeSheet) {}
class MarkBoardDto extends createZodDto(MarkBoard) {}
class MarkSubmitDto extends createZodDto(MarkSubmit) {}
class MarkAckDto extends createZodDto(MarkAck) {}
class SignoffDto extends createZodDto(SignoffBody) {}
class SignoffViewDto extends createZodDto(SignoffView) {}
class StageTimeDto extends createZodDto(StageTimeBody) {}
class StageTimeViewDto extends createZodDto(StageTimeView) {}
class CorrectionDto extends createZodDto(CorrectionBody) {}
class CorrectionViewDto extends createZodDto(CorrectionView) {}
class ApproveDto extends createZodDto(ApproveCorrectionBody) {}
class RejectDto extends createZodDto(RejectCorrectionBody) {}
class ChainVerificationDto extends createZodDto(ChainVerification) {}
class HistoryQueryDto extends createZodDto(MarkHistoryQuery) {}
class HistoryDto extends createZodDto(MarkHistory) {}

const STAFF = ['department_organizer', 'bureau_admin'] as const;
const EVENT = { resource: 'event', param: 'id', everywhere: ['bureau_admin'] } as const;
/**
 * Judges hold no organisation: the organisation scope admits them, and JudgingAccess then
 * requires their assignment to the event (404 without one) and, where it says so, the chief's.
 */
const EVENT_OR_JUDGE = { resource: 'event', param: 'id', everywhere: ['bureau_admin', 'judge'] } as const;
const EVENT_OR_JUDGE_OR_AUDITOR = { resource: 'event', param: 'id', everywhere: ['bureau_admin', 'judge', 'auditor'] } as const;

/** Judging (评分): schemes, judges and recusal, marks, the chief judge's board, sign-off, corrections, the chain. */
@ApiTags('judging')
@Controller()
export class JudgingController {
  constructor(
    private readonly schemes: SchemeService,
    private readonly assignments: AssignmentService,
    private readonly marks: MarkService,
    private readonly review: ReviewService,
  ) {}

  @Put('events/:id/schemes/:stage')
  @Roles(STAFF, EVENT)
  @ZodResponse({ type: SchemeViewDto })
  saveScheme(@CurrentPrincipal() principal: Principal, @Param() params: StageParamDto, @Body() body: SchemeBodyDto, @RequestMeta() meta: Meta) {
    return this.schemes.save(principal, params.id, params.stage, body, meta);
  }

  @Get('events/:id/schemes/:stage')
  @Roles(STAFF, EVENT)
  @ZodResponse({ type: SchemeViewDto })
  scheme(@Param() params: StageParamDto) {
    return this.schemes.get(params.id, params.stage);
  }

  @Post('events/:id/judges')
  @Roles(STAFF, EVENT)
  @HttpCode(200)
  @ZodResponse({ type: AssignmentViewDto })
  assign(@CurrentPrincipal() principal: Principal, @Param() params: IdDto, @Body() body: AssignDto, @RequestMeta() meta: Meta) {
    return this.assignments.assign(principal, params.id, body, meta);
  }

  @Get('events/:id/judges')
  @Roles(STAFF, EVENT)
  @ZodResponse({ type: AssignmentListDto })
  judges(@Param() params: IdDto) {
    return this.assignments.list(params.id);
  }

  /** The bureau lifts a recusal, with a recorded reason. */
  @Post('events/:id/judges/overrides')
  @Roles(['bureau_admin'])
  @HttpCode(200)
  @ZodResponse({ type: AssignmentViewDto })
  override(@CurrentPrincipal() principal: Principal, @Param() params: IdDto, @Body() body: OverrideDto, @RequestMeta() meta: Meta) {
    return this.assignments.override(principal, params.id, body, meta);
  }

  @Get('events/:id/judge-sheet')
  @Roles(['judge'])
  @ZodResponse({ type: JudgeSheetDto })
  sheet(@CurrentPrincipal() principal: Principal, @Param() params: IdDto, @Query() query: StageQueryDto) {
    return this.review.sheet(principal, params.id, query.stage);
  }

  /** The HTTP fallback of the socket's `mark.submit`, for when the socket is down: same body, same answer. */
  @Post('events/:id/marks')
  @Roles(['judge'])
  @UseGuards(MarkRateGuard)
  @HttpCode(200)
  @ZodResponse({ type: MarkAckDto })
  submit(@CurrentPrincipal() principal: Principal, @Param() params: IdDto, @Body() body: MarkSubmitDto, @RequestMeta() meta: Meta) {
    return this.marks.submitOverHttp(principal, params.id, body, meta);
  }

  @Get('events/:id/marks/board')
  @Roles(['judge', ...STAFF], EVENT_OR_JUDGE)
  @ZodResponse({ type: MarkBoardDto })
  board(@CurrentPrincipal() principal: Principal, @Param() params: IdDto, @Query() query: StageQueryDto) {
    return this.review.board(principal, params.id, query.stage);
  }

  @Get('events/:id/marks/history')
  @Roles(['judge', ...STAFF], EVENT_OR_JUDGE)
  @ZodResponse({ type: HistoryDto })
  history(@CurrentPrincipal() principal: Principal, @Param() params: IdDto, @Query() query: HistoryQueryDto) {
    return this.marks.history(principal, params.id, query);
  }

  @Get('events/:id/marks/verify')
  @Roles(['judge', 'auditor', ...STAFF], EVENT_OR_JUDGE_OR_AUDITOR)
  @ZodResponse({ type: ChainVerificationDto })
  verify(@CurrentPrincipal() principal: Principal, @Param() params: IdDto) {
    return this.marks.verify(principal, params.id);
  }

  @Post('events/:id/signoffs')
  @Roles(['judge'])
  @HttpCode(201)
  @ZodResponse({ status: 201, type: SignoffViewDto })
  signoff(@CurrentPrincipal() principal: Principal, @Param() params: IdDto, @Body() body: SignoffDto, @RequestMeta() meta: Meta) {
    return this.review.signoff(principal, params.id, body, meta);
  }

  @Post('events/:id/times')
  @Roles(['judge'])
  @HttpCode(200)
  @ZodResponse({ status: 200, type: StageTimeViewDto })
  recordTime(@CurrentPrincipal() principal: Principal, @Param() params: IdDto, @Body() body: StageTimeDto, @RequestMeta() meta: Meta) {
    return this.review.recordTime(principal, params.id, body, meta);
  }

  @Post('events/:id/corrections')
  @Roles(['judge'])
  @HttpCode(201)
  @ZodResponse({ status: 201, type: CorrectionViewDto })
  propose(@CurrentPrincipal() principal: Principal, @Param() params: IdDto, @Body() body: CorrectionDto, @RequestMeta() meta: Meta) {
    return this.review.propose(principal, params.id, body, meta);
  }

  @Post('corrections/:id/approve')
  @Roles(['judge'])
  @HttpCode(200)
  @ZodResponse({ type: CorrectionViewDto })
  approve(@CurrentPrincipal() principal: Principal, @Param() params: IdDto, @Body() body: ApproveDto, @RequestMeta() meta: Meta) {
    return this.review.decide(principal, params.id, { approve: true, body }, meta);
  }

  @Post('corrections/:id/reject')
  @Roles(['judge'])
  @HttpCode(200)
  @ZodResponse({ type: CorrectionViewDto })
  reject(@CurrentPrincipal() principal: Principal, @Param() params: IdDto, @Body() body: RejectDto, @RequestMeta() meta: Meta) {
    return this.review.decide(principal, params.id, { approve: false, body }, meta);
  }
}
