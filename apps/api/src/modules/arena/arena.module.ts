import { Module } from '@nestjs/common';
import { JudgingModule } from '../judging/judging.module';
import { MarkRateGuard } from '../judging/mark-rate.guard';
import { PublicBoardRateGuard } from '../standings/public-rate.guard';
import { StandingsModule } from '../standings/standings.module';
import { ArenaViews } from './arena-views';
import { ArenaBroadcaster } from './arena.broadcaster';
import { ArenaController } from './arena.controller';
import { ArenaService } from './arena.service';

@Module({
  imports: [JudgingModule, StandingsModule],
  controllers: [ArenaController],
  providers: [ArenaViews, ArenaService, ArenaBroadcaster, MarkRateGuard, PublicBoardRateGuard],
  exports: [ArenaService, ArenaBroadcaster],
})
export class ArenaModule {}
