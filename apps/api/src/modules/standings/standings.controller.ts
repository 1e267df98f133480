import {
  BoardSettingsBody,
  BoardSettingsView,
  IdParam,
  PublicStandingsSnapshot,
  PublicSubscribeReply,
  StaffStandingsSnapshot,
  StaffSubscribeReply,
  StandingsFeedQuery,
  StandingsRebuildReply,
} from '@dz/contracts';
import { Body, Controller, Get, HttpCode, Param, Post, Put, Query, UseGuards } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { createZodDto, ZodResponse } from 'nestjs-zod';
import { RequestMeta } from '../../common/request-meta.decorator';
import { Public, Roles } from '../auth/access-policy';
import type { RequestMeta as Meta } from '../auth/auth.types';
import { CurrentPrincipal, type Principal } from '../auth/principal';
import { JobQueue } from '../queue/job-queue';
import { PublicBoardRateGuard } from './public-rate.guard';
import { StandingsBroadcaster } from './standings.broadcaster';
import { StandingsService } from './standings.service';

class IdDto extends createZodDto(IdParam) {}
class FeedQueryDto extends createZodDto(StandingsFeedQuery) {}
class SettingsBodyDto extends createZodDto(BoardSettingsBody) {}
class SettingsViewDto extends createZodDto(BoardSettingsView) {}
class PublicSnapshotDto extends createZodDto(PublicStandingsSnapshot) {}
class StaffSnapshotDto extends createZodDto(StaffStandingsSnapshot) {}
class PublicFeedDto extends createZodDto(PublicSubscribeReply) {}
class StaffFeedDto extends createZodDto(StaffSubscribeReply) {}
class RebuildReplyDto extends createZodDto(StandingsRebuildReply) {}

const STAFF = ['department_organizer', 'bureau_admin'] as const;
const EVENT = { resource: 'event', param: 'id', everywhere: ['bureau_admin'] } as const;

/**
 * Live standings (实时排名) over HTTP: the public board (no login, rate-limited per address), the
 * staff board, the feed replay for clients that were away (as CLICS's since_token), and the
 * board setting. Live updates come over the socket (`standings.subscribe`).
 */
@ApiTags('standings')
@Controller()
export class StandingsController {
  constructor(
    private readonly standings: StandingsService,
    private readonly jobs: JobQueue,
    private readonly broadcaster: StandingsBroadcaster,
  ) {}

  @Get('events/:id/standings')
  @Public()
  @UseGuards(PublicBoardRateGuard)
  @ZodResponse({ type: PublicSnapshotDto })
  async publicBoard(@Param() params: IdDto) {
    await this.standings.ensureBaseline(await this.standings.publicEvent(params.id));
    return this.standings.publicSnapshot(params.id);
  }

  @Get('events/:id/standings/feed')
  @Public()
  @UseGuards(PublicBoardRateGuard)
  @ZodResponse({ type: PublicFeedDto })
  publicFeed(@Param() params: IdDto, @Query() query: FeedQueryDto) {
    return this.standings.publicSubscribe(params.id, query.since);
  }

  @Get('events/:id/standings/staff')
  @Roles(STAFF, EVENT)
  @ZodResponse({ type: StaffSnapshotDto })
  async staffBoard(@Param() params: IdDto) {
    await this.standings.ensureBaseline(await this.standings.staffEvent(params.id));
    return this.standings.staffSnapshot(params.id);
  }

  @Get('events/:id/standings/staff/feed')
  @Roles(STAFF, EVENT)
  @ZodResponse({ type: StaffFeedDto })
  staffFeed(@Param() params: IdDto, @Query() query: FeedQueryDto) {
    return this.standings.staffSubscribe(params.id, query.since);
  }

  /** Recomputes the board in the worker (after a scheme or the judges changed); the boards get the delta. */
  @Post('events/:id/standings/rebuild')
  @Roles(STAFF, EVENT)
  @HttpCode(202)
  @ZodResponse({ status: 202, type: RebuildReplyDto })
  async rebuild(@Param() params: IdDto) {
    await this.standings.staffEvent(params.id);
    return { jobId: await this.jobs.enqueue('standings.rebuild', { eventId: params.id }) };
  }

  @Get('events/:id/board')
  @Roles(STAFF, EVENT)
  @ZodResponse({ type: SettingsViewDto })
  settings(@Param() params: IdDto) {
    return this.standings.settings(params.id);
  }

  @Put('events/:id/board')
  @Roles(STAFF, EVENT)
  @ZodResponse({ type: SettingsViewDto })
  async saveSettings(@CurrentPrincipal() principal: Principal, @Param() params: IdDto, @Body() body: SettingsBodyDto, @RequestMeta() meta: Meta) {
    const saved = await this.standings.saveSettings(principal, params.id, body, meta);
    // The boards hold rows keyed and labelled by the old setting: they take a snapshot.
    this.broadcaster.reset(params.id, 'settings');
    return saved;
  }
}
