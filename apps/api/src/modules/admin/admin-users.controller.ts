import { AdminUser, AdminUserList, AdminUserListQuery, CreateUserBody, GrantParams, GrantRoleBody, IdParam, ReasonBody } from '@dz/contracts';
import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { createZodDto, ZodResponse } from 'nestjs-zod';
import { RequestMeta } from '../../common/request-meta.decorator';
import { Roles } from '../auth/access-policy';
import type { RequestMeta as Meta } from '../auth/auth.types';
import { CurrentPrincipal, type Principal } from '../auth/principal';
import { AdminUsersService } from './admin-users.service';

class AdminUserDto extends createZodDto(AdminUser) {}
class AdminUserListDto extends createZodDto(AdminUserList) {}
class AdminUserListQueryDto extends createZodDto(AdminUserListQuery) {}
class CreateUserDto extends createZodDto(CreateUserBody) {}
class GrantRoleDto extends createZodDto(GrantRoleBody) {}
class ReasonDto extends createZodDto(ReasonBody) {}
class UserIdDto extends createZodDto(IdParam) {}
class GrantParamsDto extends createZodDto(GrantParams) {}

/** Accounts and grants: the security administrator's routes only. */
@ApiTags('admin')
@Controller('admin/users')
@Roles(['security_admin'])
export class AdminUsersController {
  constructor(private readonly service: AdminUsersService) {}

  @Get()
  @ZodResponse({ type: AdminUserListDto })
  list(@Query() query: AdminUserListQueryDto) {
    return this.service.list(query);
  }

  @Get('export.xlsx')
  async export(@CurrentPrincipal() principal: Principal, @RequestMeta() meta: Meta, @Res() response: Response) {
    response.setHeader('Content-Type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    response.setHeader('Content-Disposition', `attachment; filename*=UTF-8''${encodeURIComponent('用户名单.xlsx')}`);
    await this.service.export(principal, response, meta);
    response.end();
  }

  @Post()
  @HttpCode(201)
  @ZodResponse({ status: 201, type: AdminUserDto })
  create(@CurrentPrincipal() principal: Principal, @Body() body: CreateUserDto, @RequestMeta() meta: Meta) {
    return this.service.create(principal, body, meta);
  }

  @Post(':id/disable')
  @HttpCode(204)
  disable(@CurrentPrincipal() principal: Principal, @Param() params: UserIdDto, @Body() body: ReasonDto, @RequestMeta() meta: Meta) {
    return this.service.setDisabled(principal, params.id, true, body, meta);
  }

  @Post(':id/enable')
  @HttpCode(204)
  enable(@CurrentPrincipal() principal: Principal, @Param() params: UserIdDto, @Body() body: ReasonDto, @RequestMeta() meta: Meta) {
    return this.service.setDisabled(principal, params.id, false, body, meta);
  }

  @Post(':id/unlock')
  @HttpCode(204)
  unlock(@CurrentPrincipal() principal: Principal, @Param() params: UserIdDto, @RequestMeta() meta: Meta) {
    return this.service.unlock(principal, params.id, meta);
  }

  @Post(':id/grants')
  @HttpCode(200)
  @ZodResponse({ type: AdminUserDto })
  grant(@CurrentPrincipal() principal: Principal, @Param() params: UserIdDto, @Body() body: GrantRoleDto, @RequestMeta() meta: Meta) {
    return this.service.grant(principal, params.id, body, meta);
  }

  @Delete(':id/grants/:grantId')
  @ZodResponse({ type: AdminUserDto })
  revoke(@CurrentPrincipal() principal: Principal, @Param() params: GrantParamsDto, @RequestMeta() meta: Meta) {
    return this.service.revoke(principal, params.id, params.grantId, meta);
  }
}
