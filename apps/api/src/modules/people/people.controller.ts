import { AdminUser, IdParam, ProfileReply } from '@dz/contracts';
import { Controller, Get, Param } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { createZodDto, ZodResponse } from 'nestjs-zod';
import { RequestMeta } from '../../common/request-meta.decorator';
import { Roles, SignedIn } from '../auth/access-policy';
import type { RequestMeta as Meta } from '../auth/auth.types';
import { CurrentPrincipal, type Principal } from '../auth/principal';
import { PeopleService } from './people.service';

class ProfileReplyDto extends createZodDto(ProfileReply) {}
class AdminUserDto extends createZodDto(AdminUser) {}
class PersonIdDto extends createZodDto(IdParam) {}

@ApiTags('people')
@Controller()
export class PeopleController {
  constructor(private readonly people: PeopleService) {}

  /** One's own profile, whole (the read is logged). */
  @Get('me/profile')
  @SignedIn()
  @ZodResponse({ type: ProfileReplyDto })
  profile(@CurrentPrincipal() principal: Principal, @RequestMeta() meta: Meta) {
    return this.people.ownProfile(principal, meta.correlationId);
  }

  /** A person's record: whole for the bureau (logged), masked for the security administrator. */
  @Get('people/:id')
  @Roles(['bureau_admin', 'security_admin'])
  @ZodResponse({ type: AdminUserDto })
  person(@CurrentPrincipal() principal: Principal, @Param() params: PersonIdDto, @RequestMeta() meta: Meta) {
    return this.people.personFor(principal, params.id, meta.correlationId);
  }
}
