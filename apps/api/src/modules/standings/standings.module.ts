import { Module } from '@nestjs/common';
import { PublicBoardRateGuard } from './public-rate.guard';
import { StandingsBroadcaster } from './standings.broadcaster';
import { StandingsController } from './standings.controller';
import { StandingsService } from './standings.service';

@Module({
  controllers: [StandingsController],
  providers: [StandingsService, StandingsBroadcaster, PublicBoardRateGuard],
  exports: [StandingsService, StandingsBroadcaster],
})
export class StandingsModule {}
