import { IdParam, IMPORT_MAX_BYTES, ImportList, ImportUploadBody, ImportView } from '@dz/contracts';
import {
  Body,
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
import { RequestMeta } from '../../common/request-meta.decorator';
import { Roles } from '../auth/access-policy';
import type { RequestMeta as Meta } from '../auth/auth.types';
import { CurrentPrincipal, type Principal } from '../auth/principal';
import { IMPORT_TOO_LARGE, RegistrationImportService, type UploadedXlsx } from './registration-import.service';

class IdDto extends createZodDto(IdParam) {}
class ImportUploadDto extends createZodDto(ImportUploadBody) {}
class ImportViewDto extends createZodDto(ImportView) {}
class ImportListDto extends createZodDto(ImportList) {}

const STAFF = ['department_organizer', 'bureau_admin'] as const;
/** A department works on its own events' imports; the bureau on all. */
const OWN_EVENT = { resource: 'event', param: 'id', everywhere: ['bureau_admin'] } as const;
const OWN_IMPORT = { resource: 'import', param: 'id', everywhere: ['bureau_admin'] } as const;


function sendXlsx(response: Response, filename: string): void {
  response.setHeader('Content-Type', XLSX_TYPE);
  response.setHeader('Content-Disposition', `attachment; filename*=UTF-8''${encodeURIComponent(filename)}`);
  response.setHeader('Cache-Control', 'no-store');
}

@ApiTags('registration-import')
@Controller()
export class RegistrationImportController {
  constructor(private readonly service: RegistrationImportService) {}

  @Get('events/:id/imports/template')
  @Roles(STAFF, OWN_EVENT)
  async template(@Param() params: IdDto, @Res() response: Response) {
    const { filename, data } = await this.service.template(params.id);
    sendXlsx(response, filename);
    response.end(data);
  }

  @Post('events/:id/imports')
  @Roles(STAFF, OWN_EVENT)
  @HttpCode(202)
  @UseInterceptors(new XlsxUploadErrorsInterceptor({ tooLarge: IMPORT_TOO_LARGE, badForm: '上传的表单有误：请用 file 字段上传一个 .xlsx 文件，并选择导入方式' }), FileInterceptor('file', { limits: { fileSize: IMPORT_MAX_BYTES, files: 1, fields: 5, fieldSize: 1024 } }))
  @ZodResponse({ status: 202, type: ImportViewDto })
  upload(
    @CurrentPrincipal() principal: Principal,
    @Param() params: IdDto,
    @UploadedFile() file: UploadedXlsx | undefined,
    @Body() body: ImportUploadDto,
    @RequestMeta() meta: Meta,
  ) {
    return this.service.upload(principal, params.id, file, body.mode, meta);
  }

  @Get('events/:id/imports')
  @Roles(STAFF, OWN_EVENT)
  @ZodResponse({ type: ImportListDto })
  list(@Param() params: IdDto) {
    return this.service.list(params.id);
  }

  @Get('imports/:id')
  @Roles(STAFF, OWN_IMPORT)
  @ZodResponse({ type: ImportViewDto })
  one(@Param() params: IdDto) {
    return this.service.one(params.id);
  }

  @Get('imports/:id/report')
  @Roles(STAFF, OWN_IMPORT)
  async report(@CurrentPrincipal() principal: Principal, @Param() params: IdDto, @RequestMeta() meta: Meta, @Res() response: Response) {
    const report = await this.service.report(principal, params.id, meta);
    sendXlsx(response, report.filename);
    try {
      await report.write(response);
    } catch {
      // Headers are gone; all that is left is to cut the download short.
      response.destroy();
    }
  }
}
