import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { EventsModule } from '../events/events.module';
import { RealtimeGateway } from './realtime.gateway';

@Module({
  imports: [AuthModule, EventsModule],
  providers: [RealtimeGateway],
})
export class RealtimeModule {}
