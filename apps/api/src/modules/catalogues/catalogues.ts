import { Catalogues, CreateIndustryBody, CreateOccupationBody, Industry, Occupation } from '@dz/contracts';
import { AuditRepository, CatalogueRepository, TransactionRunner } from '@dz/persistence';
import { Body, Controller, Get, HttpCode, Injectable, Module, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { createZodDto, ZodResponse } from 'nestjs-zod';
import { RequestMeta } from '../../common/request-meta.decorator';
import { Roles, SignedIn } from '../auth/access-policy';
import type { RequestMeta as Meta } from '../auth/auth.types';
import { actorOf, CurrentPrincipal, type Principal } from '../auth/principal';

class CataloguesDto extends createZodDto(Catalogues) {}
class IndustryDto extends createZodDto(Industry) {}
class OccupationDto extends createZodDto(Occupation) {}
class CreateIndustryDto extends createZodDto(CreateIndustryBody) {}
class CreateOccupationDto extends createZodDto(CreateOccupationBody) {}

/** The catalogues the bureau keeps: the "3+3+N" industry tree and occupations with their codes. */
@Injectable()
export class CataloguesService {
  constructor(
    private readonly catalogues: CatalogueRepository,
    private readonly audit: AuditRepository,
    private readonly transactions: TransactionRunner,
  ) {}

  async all(): Promise<Catalogues> {
    const [industries, occupations] = await Promise.all([this.catalogues.industries(), this.catalogues.occupations()]);
    return { industries, occupations };
  }

  createIndustry(principal: Principal, body: CreateIndustryBody, meta: Meta): Promise<Industry> {
    return this.transactions.run(async (tx) => {
      const industry = await this.catalogues.createIndustry(body, tx);
      await this.audit.append({ ...actorOf(principal), action: 'catalogue.industry_added', entityType: 'industry', entityId: industry.id, detail: { after: body }, ...meta }, tx);
      return industry;
    });
  }

  createOccupation(principal: Principal, body: CreateOccupationBody, meta: Meta): Promise<Occupation> {
    return this.transactions.run(async (tx) => {
      const occupation = await this.catalogues.createOccupation(body, tx);
      await this.audit.append({ ...actorOf(principal), action: 'catalogue.occupation_added', entityType: 'occupation', entityId: body.code, detail: { after: body }, ...meta }, tx);
      return occupation;
    });
  }
}

@ApiTags('catalogues')
@Controller('catalogues')
export class CataloguesController {
  constructor(private readonly service: CataloguesService) {}

  @Get()
  @SignedIn()
  @ZodResponse({ type: CataloguesDto })
  all() {
    return this.service.all();
  }

  @Post('industries')
  @Roles(['bureau_admin'])
  @HttpCode(201)
  @ZodResponse({ status: 201, type: IndustryDto })
  createIndustry(@CurrentPrincipal() principal: Principal, @Body() body: CreateIndustryDto, @RequestMeta() meta: Meta) {
    return this.service.createIndustry(principal, body, meta);
  }

  @Post('occupations')
  @Roles(['bureau_admin'])
  @HttpCode(201)
  @ZodResponse({ status: 201, type: OccupationDto })
  createOccupation(@CurrentPrincipal() principal: Principal, @Body() body: CreateOccupationDto, @RequestMeta() meta: Meta) {
    return this.service.createOccupation(principal, body, meta);
  }
}

@Module({ controllers: [CataloguesController], providers: [CataloguesService], exports: [CataloguesService] })
export class CataloguesModule {}
