import { AppError, ErrorCode, IdParam, NotificationList } from '@dz/contracts';
import { InboxRepository } from '@dz/persistence';
import { Controller, Get, HttpCode, Injectable, Module, Param, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { createZodDto, ZodResponse } from 'nestjs-zod';
import { SignedIn } from '../auth/access-policy';
import { CurrentPrincipal, type Principal } from '../auth/principal';

class NotificationListDto extends createZodDto(NotificationList) {}
class NotificationIdDto extends createZodDto(IdParam) {}

@Injectable()
export class InboxService {
  constructor(private readonly inbox: InboxRepository) {}

  async list(principal: Principal): Promise<NotificationList> {
    const { items, unread } = await this.inbox.list(principal.user.id);
    return {
      items: items.map((n) => ({ id: n.id, title: n.title, body: n.body, link: n.link, createdAt: n.createdAt.toISOString(), readAt: n.readAt?.toISOString() ?? null })),
      unread,
    };
  }

  async read(principal: Principal, id: string): Promise<void> {
    if (!(await this.inbox.markRead(principal.user.id, id, new Date()))) throw new AppError(ErrorCode.NotFound, '通知不存在');
  }
}

/** Each person's own in-app notifications. */
@ApiTags('notifications')
@Controller('notifications')
export class InboxController {
  constructor(private readonly service: InboxService) {}

  @Get()
  @SignedIn()
  @ZodResponse({ type: NotificationListDto })
  list(@CurrentPrincipal() principal: Principal) {
    return this.service.list(principal);
  }

  @Post(':id/read')
  @SignedIn()
  @HttpCode(204)
  read(@CurrentPrincipal() principal: Principal, @Param() params: NotificationIdDto) {
    return this.service.read(principal, params.id);
  }
}

@Module({ controllers: [InboxController], providers: [InboxService] })
export class InboxModule {}
