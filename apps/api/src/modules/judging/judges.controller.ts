import { IdParam, JudgeCandidateList, JudgeCandidateQuery, MyJudgingTasks } from '@dz/contracts';
import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { createZodDto, ZodResponse } from 'nestjs-zod';
import { Roles } from '../auth/access-policy';
import { CurrentPrincipal, type Principal } from '../auth/principal';
import { JudgesService } from './judges.service';

class IdDto extends createZodDto(IdParam) {}
class CandidateQueryDto extends createZodDto(JudgeCandidateQuery) {}
class CandidateListDto extends createZodDto(JudgeCandidateList) {}
class MyTasksDto extends createZodDto(MyJudgingTasks) {}

const STAFF = ['department_organizer', 'bureau_admin'] as const;
const EVENT = { resource: 'event', param: 'id', everywhere: ['bureau_admin'] } as const;

/** 裁判安排 and 我的评分任务: picking judge accounts for an event, a judge's own events. */
@ApiTags('judging')
@Controller()
export class JudgesController {
  constructor(private readonly judges: JudgesService) {}

  /** Judge accounts the event's staff may assign (same policy as POST events/:id/judges). */
  @Get('events/:id/judge-candidates')
  @Roles(STAFF, EVENT)
  @ZodResponse({ type: CandidateListDto })
  candidates(@Param() params: IdDto, @Query() query: CandidateQueryDto) {
    return this.judges.candidates(params.id, query);
  }

  @Get('judging/mine')
  @Roles(['judge'])
  @ZodResponse({ type: MyTasksDto })
  mine(@CurrentPrincipal() principal: Principal) {
    return this.judges.mine(principal);
  }
}
