import { Module } from '@nestjs/common';
import { StandingsModule } from '../standings/standings.module';
import { ProposalsController } from './proposals.controller';
import { ProposalsService } from './proposals.service';

@Module({ imports: [StandingsModule], controllers: [ProposalsController], providers: [ProposalsService], exports: [ProposalsService] })
export class ProposalsModule {}
