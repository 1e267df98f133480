import { AuditList, AuditQuery } from '@dz/contracts';
import { Controller, Get, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { createZodDto, ZodResponse } from 'nestjs-zod';
import { RequestMeta } from '../../common/request-meta.decorator';
import { Roles } from '../auth/access-policy';
import type { RequestMeta as Meta } from '../auth/auth.types';
import { CurrentPrincipal, type Principal } from '../auth/principal';
import { AuditService } from './audit.service';

class AuditListDto extends createZodDto(AuditList) {}
class AuditQueryDto extends createZodDto(AuditQuery) {}

@ApiTags('audit')
@Controller('audit')
export class AuditController {
  constructor(private readonly service: AuditService) {}

  /** The auditor's search; the search itself is audited. */
  @Get()
  @Roles(['auditor'])
  @ZodResponse({ type: AuditListDto })
  search(@CurrentPrincipal() principal: Principal, @Query() query: AuditQueryDto, @RequestMeta() meta: Meta) {
    return this.service.search(principal, query, meta);
  }
}
