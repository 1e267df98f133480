import { EventDraftBody, IdParam, ProposalDetail, ProposalList, ProposalListQuery, TransitionBody, UpdateDraftBody, VersionDiff, VersionDiffQuery } from '@dz/contracts';
import { Body, Controller, Get, HttpCode, Param, Post, Put, Query, Res, UploadedFile, UseInterceptors } from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { createZodDto, ZodResponse } from 'nestjs-zod';
import { RequestMeta } from '../../common/request-meta.decorator';
import { Roles } from '../auth/access-policy';
import type { RequestMeta as Meta } from '../auth/auth.types';
import { CurrentPrincipal, type Principal } from '../auth/principal';
import { MAX_ATTACHMENT_BYTES, ProposalsService, type UploadedPdf } from './proposals.service';

class EventDraftDto extends createZodDto(EventDraftBody) {}
class UpdateDraftDto extends createZodDto(UpdateDraftBody) {}
class TransitionDto extends createZodDto(TransitionBody) {}
class ProposalDetailDto extends createZodDto(ProposalDetail) {}
class ProposalListDto extends createZodDto(ProposalList) {}
class ProposalListQueryDto extends createZodDto(ProposalListQuery) {}
class VersionDiffDto extends createZodDto(VersionDiff) {}
class VersionDiffQueryDto extends createZodDto(VersionDiffQuery) {}
class ProposalIdDto extends createZodDto(IdParam) {}

const STAFF = ['department_organizer', 'bureau_admin'] as const;
/** A department sees and changes only its own proposals; the bureau sees all. */
const OWN_OR_BUREAU = { resource: 'event', param: 'id', everywhere: ['bureau_admin'] } as const;
const OWN_ONLY = { resource: 'event', param: 'id', everywhere: [] } as const;

@ApiTags('proposals')
@Controller('proposals')
export class ProposalsController {
  constructor(private readonly service: ProposalsService) {}

  @Get()
  @Roles(STAFF)
  @ZodResponse({ type: ProposalListDto })
  list(@CurrentPrincipal() principal: Principal, @Query() query: ProposalListQueryDto) {
    return this.service.list(principal, query);
  }

  @Post()
  @Roles(['department_organizer'])
  @HttpCode(201)
  @ZodResponse({ status: 201, type: ProposalDetailDto })
  create(@CurrentPrincipal() principal: Principal, @Body() body: EventDraftDto, @RequestMeta() meta: Meta) {
    return this.service.create(principal, body, meta);
  }

  @Get(':id')
  @Roles(STAFF, OWN_OR_BUREAU)
  @ZodResponse({ type: ProposalDetailDto })
  detail(@CurrentPrincipal() principal: Principal, @Param() params: ProposalIdDto) {
    return this.service.detail(principal, params.id);
  }

  @Put(':id')
  @Roles(['department_organizer'], OWN_ONLY)
  @ZodResponse({ type: ProposalDetailDto })
  update(@CurrentPrincipal() principal: Principal, @Param() params: ProposalIdDto, @Body() body: UpdateDraftDto, @RequestMeta() meta: Meta) {
    return this.service.update(principal, params.id, body.version, body.draft, meta);
  }

  @Post(':id/transitions')
  @Roles(STAFF, OWN_OR_BUREAU)
  @HttpCode(200)
  @ZodResponse({ type: ProposalDetailDto })
  transition(@CurrentPrincipal() principal: Principal, @Param() params: ProposalIdDto, @Body() body: TransitionDto, @RequestMeta() meta: Meta) {
    return this.service.transition(principal, params.id, body, meta);
  }

  @Get(':id/diff')
  @Roles(STAFF, OWN_OR_BUREAU)
  @ZodResponse({ type: VersionDiffDto })
  diff(@Param() params: ProposalIdDto, @Query() query: VersionDiffQueryDto) {
    return this.service.diff(params.id, query.from, query.to);
  }

  @Post(':id/attachment')
  @Roles(['department_organizer'], OWN_ONLY)
  @HttpCode(200)
  @UseInterceptors(FileInterceptor('file', { limits: { fileSize: MAX_ATTACHMENT_BYTES, files: 1 } }))
  @ZodResponse({ type: ProposalDetailDto })
  attach(@CurrentPrincipal() principal: Principal, @Param() params: ProposalIdDto, @UploadedFile() file: UploadedPdf | undefined, @RequestMeta() meta: Meta) {
    return this.service.attach(principal, params.id, file, meta);
  }

  @Get(':id/attachment')
  @Roles(STAFF, OWN_OR_BUREAU)
  async download(@Param() params: ProposalIdDto, @Res() response: Response) {
    const { filename, stream } = await this.service.attachment(params.id);
    response.setHeader('Content-Type', 'application/pdf');
    response.setHeader('Content-Disposition', `attachment; filename*=UTF-8''${encodeURIComponent(filename)}`);
    stream.pipe(response);
  }
}
