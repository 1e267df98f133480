import {
  AppealDecisionBody,
  AppealList,
  AppealView,
  ComputeResultsBody,
  DisqualifyBody,
  FileAppealBody,
  FinaliseResultsBody,
  IdParam,
  MAX_APPEAL_FILE_BYTES,
  MAX_APPEAL_FILES,
  OpenNoticeBody,
  PublicResults,
  ResultsJobView,
  ResultsOverview,
  ResultVersionView,
  Uuid,
  z,
} from '@dz/contracts';
import { Body, Controller, Get, HttpCode, Param, Post, Res, UploadedFiles, UseInterceptors } from '@nestjs/common';
import { FilesInterceptor } from '@nestjs/platform-express';
import { ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { createZodDto, ZodResponse } from 'nestjs-zod';
import { RequestMeta } from '../../common/request-meta.decorator';
import { XlsxUploadErrorsInterceptor } from '../../common/xlsx/upload-errors.interceptor';
import { Public, Roles } from '../auth/access-policy';
import type { RequestMeta as Meta } from '../auth/auth.types';
import { CurrentPrincipal, type Principal } from '../auth/principal';
import { renderResultsNotice } from './exports/results-notice-pdf';
import { renderResultsXlsx } from './exports/results-xlsx';
import { ResultsService, type UploadedAppealFile } from './results.service';

class IdDto extends createZodDto(IdParam) {}
class VersionParamDto extends createZodDto(z.object({ id: Uuid, version: z.coerce.number().int('版本号应为整数').min(1, '版本号应为正整数') })) {}
class JobParamDto extends createZodDto(z.object({ id: Uuid, jobId: z.string().regex(/^\d{1,20}$/, '任务编号有误') })) {}
class EntryParamDto extends createZodDto(z.object({ id: Uuid, entryId: Uuid })) {}
class AttachmentParamDto extends createZodDto(z.object({ id: Uuid, attachmentId: Uuid })) {}
class OverviewDto extends createZodDto(ResultsOverview) {}
class VersionDto extends createZodDto(ResultVersionView) {}
class ComputeBodyDto extends createZodDto(ComputeResultsBody) {}
class JobDto extends createZodDto(ResultsJobView) {}
class NoticeBodyDto extends createZodDto(OpenNoticeBody) {}
class FinaliseBodyDto extends createZodDto(FinaliseResultsBody) {}
class DisqualifyBodyDto extends createZodDto(DisqualifyBody) {}
class PublicResultsDto extends createZodDto(PublicResults) {}
class FileAppealBodyDto extends createZodDto(FileAppealBody) {}
class DecisionBodyDto extends createZodDto(AppealDecisionBody) {}
class AppealDto extends createZodDto(AppealView) {}
class AppealListDto extends createZodDto(AppealList) {}

const STAFF = ['department_organizer', 'bureau_admin'] as const;
const EVENT = { resource: 'event', param: 'id', everywhere: ['bureau_admin'] } as const;

function sendFile(response: Response, content: Buffer, type: string, fileName: string): void {
  response.setHeader('Content-Type', type);
  response.setHeader('Content-Disposition', `attachment; filename*=UTF-8''${encodeURIComponent(fileName)}`);
  response.setHeader('Cache-Control', 'no-store');
  response.end(content);
}

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/**
 * Results (成绩): versions computed by the worker, the notice period (成绩公示), the final
 * results, the exports (xlsx report, PDF notice), and appeals (申诉).
 */
@ApiTags('results')
@Controller()
export class ResultsController {
  constructor(private readonly service: ResultsService) {}

  @Get('events/:id/results')
  @Roles(STAFF, EVENT)
  @ZodResponse({ type: OverviewDto })
  overview(@Param() params: IdDto) {
    return this.service.overview(params.id);
  }

  @Get('events/:id/results/versions/:version')
  @Roles(STAFF, EVENT)
  @ZodResponse({ type: VersionDto })
  version(@Param() params: VersionParamDto) {
    return this.service.version(params.id, params.version);
  }

  @Post('events/:id/results/compute')
  @Roles(STAFF, EVENT)
  @HttpCode(202)
  @ZodResponse({ type: JobDto, status: 202 })
  compute(@CurrentPrincipal() principal: Principal, @Param() params: IdDto, @Body() body: ComputeBodyDto, @RequestMeta() meta: Meta) {
    return this.service.compute(principal, params.id, body, meta);
  }

  @Get('events/:id/results/jobs/:jobId')
  @Roles(STAFF, EVENT)
  @ZodResponse({ type: JobDto })
  job(@Param() params: JobParamDto) {
    return this.service.job(params.id, params.jobId);
  }

  @Post('events/:id/results/notice')
  @Roles(['bureau_admin'])
  @HttpCode(200)
  @ZodResponse({ type: OverviewDto })
  notice(@CurrentPrincipal() principal: Principal, @Param() params: IdDto, @Body() body: NoticeBodyDto, @RequestMeta() meta: Meta) {
    return this.service.openNotice(principal, params.id, body, meta);
  }

  @Post('events/:id/results/final')
  @Roles(['bureau_admin'])
  @HttpCode(200)
  @ZodResponse({ type: OverviewDto })
  finalise(@CurrentPrincipal() principal: Principal, @Param() params: IdDto, @Body() body: FinaliseBodyDto, @RequestMeta() meta: Meta) {
    return this.service.finalise(principal, params.id, body, meta);
  }

  @Post('events/:id/entries/:entryId/disqualification')
  @Roles(STAFF, EVENT)
  @HttpCode(200)
  @ZodResponse({ type: OverviewDto })
  disqualify(@CurrentPrincipal() principal: Principal, @Param() params: EntryParamDto, @Body() body: DisqualifyBodyDto, @RequestMeta() meta: Meta) {
    return this.service.disqualify(principal, params.id, params.entryId, body, meta);
  }

  @Get('events/:id/results/versions/:version/export.xlsx')
  @Roles(STAFF, EVENT)
  async xlsx(@Param() params: VersionParamDto, @Res() response: Response) {
    const { sheet, fileBase } = await this.service.sheet(params.id, params.version, 'staff');
    sendFile(response, await renderResultsXlsx(sheet), XLSX, `${fileBase}.xlsx`);
  }

  @Get('events/:id/results/versions/:version/notice.pdf')
  @Roles(STAFF, EVENT)
  async staffNotice(@Param() params: VersionParamDto, @Res() response: Response) {
    const { sheet, fileBase } = await this.service.sheet(params.id, params.version, 'public');
    sendFile(response, await renderResultsNotice(sheet), 'application/pdf', `${fileBase}-公示名单.pdf`);
  }

  // ── public ──

  @Get('public/events/:id/results')
  @Public()
  @ZodResponse({ type: PublicResultsDto })
  publicResults(@Param() params: IdDto) {
    return this.service.publicResults(params.id);
  }

  @Get('public/events/:id/results/notice.pdf')
  @Public()
  async publicNotice(@Param() params: IdDto, @Res() response: Response) {
    const { sheet, fileBase } = await this.service.sheet(params.id, null, 'public');
    sendFile(response, await renderResultsNotice(sheet), 'application/pdf', `${fileBase}-公示名单.pdf`);
  }

  // ── appeals ──

  @Post('events/:id/appeals')
  @Roles(['contestant'])
  @HttpCode(201)
  @UseInterceptors(
    new XlsxUploadErrorsInterceptor({ tooLarge: '附件过大：每个不超过 5 MB', badForm: `申诉表单有误：附件最多 ${MAX_APPEAL_FILES} 个`, field: { path: 'files', message: `最多 ${MAX_APPEAL_FILES} 个附件` } }),
    FilesInterceptor('files', MAX_APPEAL_FILES, { limits: { fileSize: MAX_APPEAL_FILE_BYTES, files: MAX_APPEAL_FILES } }),
  )
  @ZodResponse({ type: AppealDto, status: 201 })
  fileAppeal(
    @CurrentPrincipal() principal: Principal,
    @Param() params: IdDto,
    @Body() body: FileAppealBodyDto,
    @UploadedFiles() files: UploadedAppealFile[] | undefined,
    @RequestMeta() meta: Meta,
  ) {
    return this.service.fileAppeal(principal, params.id, body, files ?? [], meta);
  }

  @Get('events/:id/appeals')
  @Roles(['department_organizer', 'bureau_admin', 'judge'])
  @ZodResponse({ type: AppealListDto })
  async appeals(@CurrentPrincipal() principal: Principal, @Param() params: IdDto) {
    return { items: await this.service.appealsOf(principal, params.id) };
  }

  @Get('appeals/mine')
  @Roles(['contestant'])
  @ZodResponse({ type: AppealListDto })
  async mine(@CurrentPrincipal() principal: Principal) {
    return { items: await this.service.myAppeals(principal) };
  }

  @Post('appeals/:id/decision')
  @Roles(['judge', 'bureau_admin'])
  @HttpCode(200)
  @ZodResponse({ type: AppealDto })
  decide(@CurrentPrincipal() principal: Principal, @Param() params: IdDto, @Body() body: DecisionBodyDto, @RequestMeta() meta: Meta) {
    return this.service.decideAppeal(principal, params.id, body, meta);
  }

  @Get('appeals/:id/attachments/:attachmentId')
  @Roles(['contestant', 'department_organizer', 'bureau_admin', 'judge'])
  async attachment(@CurrentPrincipal() principal: Principal, @Param() params: AttachmentParamDto, @Res() response: Response) {
    const file = await this.service.appealAttachment(principal, params.id, params.attachmentId);
    sendFile(response, file.content, file.contentType, file.fileName);
  }
}
