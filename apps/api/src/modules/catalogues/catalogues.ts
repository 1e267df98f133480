import {
  AppError,
  Catalogues,
  CreateIndustryBody,
  CreateOccupationBody,
  ErrorCode,
  IdParam,
  Industry,
  Occupation,
  OccupationCodeParam,
  UpdateIndustryBody,
  UpdateOccupationBody,
} from '@dz/contracts';
import { descendantsOf, industryMoveProblem } from '@dz/domain';
import { AuditRepository, CatalogueRepository, TransactionRunner } from '@dz/persistence';
import { Body, Controller, Delete, Get, HttpCode, Injectable, Module, Param, Patch, Post } from '@nestjs/common';
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
class UpdateIndustryDto extends createZodDto(UpdateIndustryBody) {}
class UpdateOccupationDto extends createZodDto(UpdateOccupationBody) {}
class IndustryIdDto extends createZodDto(IdParam) {}
class OccupationCodeDto extends createZodDto(OccupationCodeParam) {}

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
      await this.catalogues.lockIndustryTree(tx);
      const industries = await this.catalogues.industries(tx);
      if (body.parentId !== null && !industries.some((i) => i.id === body.parentId)) throw parentMissing();
      if (industries.some((i) => i.parentId === body.parentId && i.name === body.name)) throw sameName(body.name);
      const industry = await this.catalogues.createIndustry(body, tx);
      await this.audit.append({ ...actorOf(principal), action: 'catalogue.industry_added', entityType: 'industry', entityId: industry.id, detail: { after: body }, ...meta }, tx);
      return industry;
    });
  }

  /** Renames, moves or reorders one industry; a move under itself or its own branch is refused. */
  updateIndustry(principal: Principal, id: string, body: UpdateIndustryBody, meta: Meta): Promise<Industry> {
    return this.transactions.run(async (tx) => {
      await this.catalogues.lockIndustryTree(tx);
      const industries = await this.catalogues.industries(tx);
      const before = industries.find((i) => i.id === id);
      if (!before) throw new AppError(ErrorCode.NotFound, '该产业不存在');
      const parentId = body.parentId === undefined ? before.parentId : body.parentId;
      const problem = industryMoveProblem(industries, id, parentId);
      if (problem === 'unknown_parent') throw parentMissing();
      if (problem === 'self' || problem === 'descendant') {
        throw new AppError(ErrorCode.ValidationFailed, '不能把产业移到它自己或它的下级产业之下', [{ path: 'parentId', message: '不能移到自己或下级产业之下' }]);
      }
      const name = body.name ?? before.name;
      if (industries.some((i) => i.id !== id && i.parentId === parentId && i.name === name)) throw sameName(name);
      const after = await this.catalogues.updateIndustry(id, { name, parentId, sort: body.sort ?? before.sort }, tx);
      await this.audit.append({ ...actorOf(principal), action: 'catalogue.industry_changed', entityType: 'industry', entityId: id, detail: { before, after }, ...meta }, tx);
      return after;
    });
  }

  /** Removes an industry that has no sub-industries and that no event names. */
  deleteIndustry(principal: Principal, id: string, meta: Meta): Promise<void> {
    return this.transactions.run(async (tx) => {
      await this.catalogues.lockIndustryTree(tx);
      const industries = await this.catalogues.industries(tx);
      const before = industries.find((i) => i.id === id);
      if (!before) throw new AppError(ErrorCode.NotFound, '该产业不存在');
      const children = descendantsOf(industries, id).size;
      if (children > 0) throw new AppError(ErrorCode.Conflict, `「${before.name}」下还有 ${children} 个下级产业，请先移走或删除它们`);
      const events = await this.catalogues.countEventsInIndustry(id, tx);
      if (events > 0) throw new AppError(ErrorCode.Conflict, `已有 ${events} 个赛项属于「${before.name}」，不能删除；可以改名或移动`);
      await this.catalogues.deleteIndustry(id, tx);
      await this.audit.append({ ...actorOf(principal), action: 'catalogue.industry_removed', entityType: 'industry', entityId: id, detail: { before }, ...meta }, tx);
    });
  }

  createOccupation(principal: Principal, body: CreateOccupationBody, meta: Meta): Promise<Occupation> {
    return this.transactions.run(async (tx) => {
      const existing = await this.catalogues.occupationName(body.code, tx);
      if (existing !== null) {
        throw new AppError(ErrorCode.Conflict, `职业编码 ${body.code} 已在目录中（${existing}）`, [{ path: 'code', message: `该编码已在目录中：${existing}` }]);
      }
      const occupation = await this.catalogues.createOccupation(body, tx);
      await this.audit.append({ ...actorOf(principal), action: 'catalogue.occupation_added', entityType: 'occupation', entityId: body.code, detail: { after: body }, ...meta }, tx);
      return occupation;
    });
  }

  /** Renames an occupation; its code (the national classification's) stays. */
  updateOccupation(principal: Principal, code: string, body: UpdateOccupationBody, meta: Meta): Promise<Occupation> {
    return this.transactions.run(async (tx) => {
      const before = await this.catalogues.occupationName(code, tx);
      if (before === null) throw new AppError(ErrorCode.NotFound, `职业编码 ${code} 不在目录中`);
      const after = (await this.catalogues.updateOccupation(code, body.name, tx)) as Occupation;
      await this.audit.append({ ...actorOf(principal), action: 'catalogue.occupation_changed', entityType: 'occupation', entityId: code, detail: { before: { code, name: before }, after }, ...meta }, tx);
      return after;
    });
  }
}

const parentMissing = () => new AppError(ErrorCode.ValidationFailed, '上级产业不存在', [{ path: 'parentId', message: '上级产业不存在，请刷新后重选' }]);
const sameName = (name: string) => new AppError(ErrorCode.Conflict, `同一上级下已有「${name}」`, [{ path: 'name', message: '同一上级下已有同名产业' }]);

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

  @Patch('industries/:id')
  @Roles(['bureau_admin'])
  @ZodResponse({ type: IndustryDto })
  updateIndustry(
    @CurrentPrincipal() principal: Principal,
    @Param() params: IndustryIdDto,
    @Body() body: UpdateIndustryDto,
    @RequestMeta() meta: Meta,
  ) {
    return this.service.updateIndustry(principal, params.id, body, meta);
  }

  @Delete('industries/:id')
  @Roles(['bureau_admin'])
  @HttpCode(204)
  async deleteIndustry(@CurrentPrincipal() principal: Principal, @Param() params: IndustryIdDto, @RequestMeta() meta: Meta) {
    await this.service.deleteIndustry(principal, params.id, meta);
  }

  @Post('occupations')
  @Roles(['bureau_admin'])
  @HttpCode(201)
  @ZodResponse({ status: 201, type: OccupationDto })
  createOccupation(@CurrentPrincipal() principal: Principal, @Body() body: CreateOccupationDto, @RequestMeta() meta: Meta) {
    return this.service.createOccupation(principal, body, meta);
  }

  @Patch('occupations/:code')
  @Roles(['bureau_admin'])
  @ZodResponse({ type: OccupationDto })
  updateOccupation(@CurrentPrincipal() principal: Principal, @Param() params: OccupationCodeDto, @Body() body: UpdateOccupationDto, @RequestMeta() meta: Meta) {
    return this.service.updateOccupation(principal, params.code, body, meta);
  }
}

@Module({ controllers: [CataloguesController], providers: [CataloguesService], exports: [CataloguesService] })
export class CataloguesModule {}
