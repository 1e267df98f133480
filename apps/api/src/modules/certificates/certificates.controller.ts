import {
  CERTIFICATE_BACKGROUND_MAX_BYTES,
  CertificateBatchView,
  CertificateKeys,
  CertificateKind,
  CertificateListQuery,
  CertificateTemplateBody,
  CertificateTemplateList,
  CertificateTemplateView,
  CertificateVerification,
  CertificateView,
  EventCertificates,
  IdParam,
  MyCertificates,
  RevokeCertificateBody,
  Series,
  z,
} from '@dz/contracts';
import { Body, Controller, Get, HttpCode, Param, Post, Put, Query, Res, UploadedFile, UseInterceptors } from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { createZodDto, ZodResponse } from 'nestjs-zod';
import { RequestMeta } from '../../common/request-meta.decorator';
import { XlsxUploadErrorsInterceptor } from '../../common/xlsx/upload-errors.interceptor';
import { Public, Roles } from '../auth/access-policy';
import type { RequestMeta as Meta } from '../auth/auth.types';
import { CurrentPrincipal, type Principal } from '../auth/principal';
import { CertificatesService, type UploadedBackground } from './certificates.service';

class IdDto extends createZodDto(IdParam) {}
class NumberParamDto extends createZodDto(z.object({ number: z.string().trim().min(1, '请输入证书编号').max(40, '证书编号过长') })) {}
class TemplateParamDto extends createZodDto(z.object({ series: Series, kind: CertificateKind })) {}
class ListQueryDto extends createZodDto(CertificateListQuery) {}
class EventCertificatesDto extends createZodDto(EventCertificates) {}
class BatchDto extends createZodDto(CertificateBatchView) {}
class CertificateDto extends createZodDto(CertificateView) {}
class MyCertificatesDto extends createZodDto(MyCertificates) {}
class RevokeBodyDto extends createZodDto(RevokeCertificateBody) {}
class VerificationDto extends createZodDto(CertificateVerification) {}
class KeysDto extends createZodDto(CertificateKeys) {}
class TemplateListDto extends createZodDto(CertificateTemplateList) {}
class TemplateDto extends createZodDto(CertificateTemplateView) {}
class TemplateBodyDto extends createZodDto(CertificateTemplateBody) {}

const STAFF = ['department_organizer', 'bureau_admin'] as const;
const EVENT = { resource: 'event', param: 'id', everywhere: ['bureau_admin'] } as const;

function attachment(response: Response, type: string, fileName: string): void {
  response.setHeader('Content-Type', type);
  response.setHeader('Content-Disposition', `attachment; filename*=UTF-8''${encodeURIComponent(fileName)}`);
  response.setHeader('Cache-Control', 'no-store');
}

/**
 * Certificates (证书): issuing an event's in one batch, the list, downloads (one, or all as a
 * ZIP with the results xlsx), revocation, templates, and the public verification by number.
 */
@ApiTags('certificates')
@Controller()
export class CertificatesController {
  constructor(private readonly service: CertificatesService) {}

  @Get('events/:id/certificates')
  @Roles(STAFF, EVENT)
  @ZodResponse({ type: EventCertificatesDto })
  ofEvent(@CurrentPrincipal() principal: Principal, @Param() params: IdDto, @Query() query: ListQueryDto) {
    return this.service.ofEvent(principal, params.id, query);
  }

  @Post('events/:id/certificates/batches')
  @Roles(['bureau_admin'])
  @HttpCode(202)
  @ZodResponse({ type: BatchDto, status: 202 })
  issue(@CurrentPrincipal() principal: Principal, @Param() params: IdDto, @RequestMeta() meta: Meta) {
    return this.service.issue(principal, params.id, meta);
  }

  @Get('certificate-batches/:id')
  @Roles(['bureau_admin'])
  @ZodResponse({ type: BatchDto })
  batch(@Param() params: IdDto) {
    return this.service.batch(params.id);
  }

  /** Every certificate of the event and the final results' xlsx, streamed as one ZIP. */
  @Get('events/:id/certificates.zip')
  @Roles(STAFF, EVENT)
  async zip(@CurrentPrincipal() principal: Principal, @Param() params: IdDto, @RequestMeta() meta: Meta, @Res() response: Response) {
    const zip = await this.service.zip(principal, params.id, meta);
    attachment(response, 'application/zip', zip.fileName);
    try {
      await zip.write(response);
    } catch {
      // Headers are gone; all that is left is to cut the download short.
      response.destroy();
    }
  }

  @Get('certificates/mine')
  @Roles(['contestant'])
  @ZodResponse({ type: MyCertificatesDto })
  mine(@CurrentPrincipal() principal: Principal) {
    return this.service.mine(principal);
  }

  @Get('certificates/:id/file')
  @Roles(['contestant', 'department_organizer', 'bureau_admin'])
  async file(@CurrentPrincipal() principal: Principal, @Param() params: IdDto, @RequestMeta() meta: Meta, @Res() response: Response) {
    const { fileName, stream } = await this.service.file(principal, params.id, meta);
    attachment(response, 'application/pdf', fileName);
    stream.on('error', () => response.destroy());
    stream.pipe(response);
  }

  @Post('certificates/:id/revocation')
  @Roles(['bureau_admin'])
  @HttpCode(200)
  @ZodResponse({ type: CertificateDto })
  revoke(@CurrentPrincipal() principal: Principal, @Param() params: IdDto, @Body() body: RevokeBodyDto, @RequestMeta() meta: Meta) {
    return this.service.revoke(principal, params.id, body.reason, meta);
  }

  // ── templates ──

  @Get('certificate-templates')
  @Roles(['bureau_admin'])
  @ZodResponse({ type: TemplateListDto })
  templates() {
    return this.service.templates();
  }

  @Put('certificate-templates/:series/:kind')
  @Roles(['bureau_admin'])
  @UseInterceptors(
    new XlsxUploadErrorsInterceptor({
      tooLarge: `背景图片过大：不超过 ${CERTIFICATE_BACKGROUND_MAX_BYTES / 1024 / 1024} MB`,
      badForm: '模板表单有误：背景图片只能上传一张',
      field: { path: 'background', message: '背景图片只能上传一张' },
    }),
    FileInterceptor('background', { limits: { fileSize: CERTIFICATE_BACKGROUND_MAX_BYTES, files: 1 } }),
  )
  @ZodResponse({ type: TemplateDto })
  saveTemplate(
    @CurrentPrincipal() principal: Principal,
    @Param() params: TemplateParamDto,
    @Body() body: TemplateBodyDto,
    @UploadedFile() background: UploadedBackground | undefined,
    @RequestMeta() meta: Meta,
  ) {
    return this.service.saveTemplate(principal, params.series, params.kind, body, background, meta);
  }

  // ── public ──

  /** The public key of the newest signing key (PEM), for `npm run verify-certificate`. */
  @Get('public/certificates/key.pem')
  @Public()
  async keyPem(@Res() response: Response) {
    const pem = await this.service.currentKeyPem();
    response.setHeader('Content-Type', 'application/x-pem-file; charset=utf-8');
    response.setHeader('Content-Disposition', `inline; filename="dazhou-certificates-ed25519.pem"`);
    response.end(pem);
  }

  @Get('public/certificates/keys')
  @Public()
  @ZodResponse({ type: KeysDto })
  keys() {
    return this.service.keys();
  }

  @Get('public/certificates/:number')
  @Public()
  @ZodResponse({ type: VerificationDto })
  verify(@Param() params: NumberParamDto) {
    return this.service.verify(params.number);
  }
}

