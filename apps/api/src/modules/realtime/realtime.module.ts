import { Module } from '@nestjs/common';
import { ArenaModule } from '../arena/arena.module';
import { EventsModule } from '../events/events.module';
import { JudgingModule } from '../judging/judging.module';
import { StandingsModule } from '../standings/standings.module';
import { RealtimeGateway } from './realtime.gateway';

@Module({
  imports: [EventsModule, JudgingModule, StandingsModule, ArenaModule],
  providers: [RealtimeGateway],
})
export class RealtimeModule {}
