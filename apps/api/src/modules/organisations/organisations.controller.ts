import { CreateOrganisationBody, Organisation, OrganisationList, OrganisationListQuery } from '@dz/contracts';
import { Body, Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { createZodDto, ZodResponse } from 'nestjs-zod';
import { RequestMeta } from '../../common/request-meta.decorator';
import { Roles } from '../auth/access-policy';
import type { RequestMeta as Meta } from '../auth/auth.types';
import { CurrentPrincipal, type Principal } from '../auth/principal';
import { OrganisationsService } from './organisations.service';

class OrganisationDto extends createZodDto(Organisation) {}
class OrganisationListDto extends createZodDto(OrganisationList) {}
class OrganisationListQueryDto extends createZodDto(OrganisationListQuery) {}
class CreateOrganisationDto extends createZodDto(CreateOrganisationBody) {}

@ApiTags('organisations')
@Controller('organisations')
export class OrganisationsController {
  constructor(private readonly service: OrganisationsService) {}

  @Get()
  @Roles(['bureau_admin', 'security_admin', 'department_organizer'])
  @ZodResponse({ type: OrganisationListDto })
  list(@Query() query: OrganisationListQueryDto) {
    return this.service.list(query);
  }

  @Post()
  @Roles(['bureau_admin'])
  @HttpCode(201)
  @ZodResponse({ status: 201, type: OrganisationDto })
  create(@CurrentPrincipal() principal: Principal, @Body() body: CreateOrganisationDto, @RequestMeta() meta: Meta) {
    return this.service.create(principal, body, meta);
  }
}
