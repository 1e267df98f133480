import { Module } from '@nestjs/common';
import { ProposalsModule } from '../proposals/proposals.module';
import { ResultsController } from './results.controller';
import { ResultsService } from './results.service';

@Module({ imports: [ProposalsModule], controllers: [ResultsController], providers: [ResultsService], exports: [ResultsService] })
export class ResultsModule {}
