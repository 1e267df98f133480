import { AppError, ErrorCode, OutboxList } from '@dz/contracts';
import { maskPhone } from '@dz/domain';
import { NotificationRepository } from '@dz/persistence';
import { Controller, Get, Inject } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { createZodDto, ZodResponse } from 'nestjs-zod';
import { API_CONFIG, type ApiConfig } from '../../config/api-config';
import { Public } from '../auth/access-policy';

class OutboxListDto extends createZodDto(OutboxList) {}

/** Demo only (DEMO_OUTBOX_PAGE=true): the SMS outbox, so sign-up works without an SMS provider. */
@ApiTags('demo')
@Controller('dev')
export class OutboxController {
  constructor(
    private readonly outbox: NotificationRepository,
    @Inject(API_CONFIG) private readonly config: ApiConfig,
  ) {}

  @Get('outbox')
  @Public()
  @ZodResponse({ type: OutboxListDto })
  async list() {
    if (!this.config.DEMO_OUTBOX_PAGE) throw new AppError(ErrorCode.RouteNotFound, '接口不存在');
    const rows = await this.outbox.latest(50);
    return {
      items: rows.map((row) => ({ id: row.id, toMasked: maskPhone(row.to), template: row.template, body: row.body, createdAt: row.createdAt.toISOString() })),
    };
  }
}
