import { IdParam, SCHEME_IMPORT_MAX_BYTES, SchemeImportPreview, SchemeStageList, StageParam } from '@dz/contracts';
import {
  Controller,
  Get,
  HttpCode,
  Param,
  Post,
  Res,
  UploadedFile,
  UseInterceptors,
} from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { createZodDto, ZodResponse } from 'nestjs-zod';
import { XLSX_TYPE, XlsxUploadErrorsInterceptor } from '../../common/xlsx/upload-errors.interceptor';
import { Roles } from '../auth/access-policy';
import { SCHEME_FILE_TOO_LARGE, SchemeSheetService, type UploadedSchemeFile } from './scheme-sheet.service';

class IdDto extends createZodDto(IdParam) {}
class StageParamDto extends createZodDto(StageParam) {}
class SchemeStageListDto extends createZodDto(SchemeStageList) {}
class SchemeImportPreviewDto extends createZodDto(SchemeImportPreview) {}

/** As the scheme's PUT: the event's department organisers, and the bureau everywhere. */
const STAFF = ['department_organizer', 'bureau_admin'] as const;
const EVENT = { resource: 'event', param: 'id', everywhere: ['bureau_admin'] } as const;


/** Marking schemes (评分表) as Excel: the stages with their schemes, the template, the import preview. */
@ApiTags('judging')
@Controller()
export class SchemeSheetController {
  constructor(private readonly sheets: SchemeSheetService) {}

  @Get('events/:id/schemes')
  @Roles(STAFF, EVENT)
  @ZodResponse({ type: SchemeStageListDto })
  stages(@Param() params: IdDto) {
    return this.sheets.stages(params.id);
  }

  /** The stage's scheme as the import reads it (an example when there is none), so export → import round-trips. */
  @Get('events/:id/schemes/:stage/template.xlsx')
  @Roles(STAFF, EVENT)
  async template(@Param() params: StageParamDto, @Res() response: Response) {
    const { filename, data } = await this.sheets.template(params.id, params.stage);
    response.setHeader('Content-Type', XLSX_TYPE);
    response.setHeader('Content-Disposition', `attachment; filename*=UTF-8''${encodeURIComponent(filename)}`);
    response.setHeader('Cache-Control', 'no-store');
    response.end(data);
  }

  /** Reads an .xlsx into a scheme and checks it as the PUT does; saves nothing. */
  @Post('events/:id/schemes/:stage/import')
  @Roles(STAFF, EVENT)
  @HttpCode(200)
  @UseInterceptors(new XlsxUploadErrorsInterceptor({ tooLarge: SCHEME_FILE_TOO_LARGE, badForm: '上传的表单有误：请用 file 字段上传一个 .xlsx 文件' }), FileInterceptor('file', { limits: { fileSize: SCHEME_IMPORT_MAX_BYTES, files: 1, fields: 2, fieldSize: 1024 } }))
  @ZodResponse({ type: SchemeImportPreviewDto })
  preview(@Param() params: StageParamDto, @UploadedFile() file: UploadedSchemeFile | undefined) {
    return this.sheets.preview(params.id, params.stage, file);
  }
}
