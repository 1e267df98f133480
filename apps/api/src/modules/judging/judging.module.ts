import { Module } from '@nestjs/common';
import { StandingsModule } from '../standings/standings.module';
import { AssignmentService } from './assignment.service';
import { JudgingAccess } from './judging-access';
import { JudgingController } from './judging.controller';
import { MarkRateGuard } from './mark-rate.guard';
import { MarkService } from './mark.service';
import { ReviewService } from './review.service';
import { SchemeService } from './scheme.service';

@Module({
  imports: [StandingsModule],
  controllers: [JudgingController],
  providers: [JudgingAccess, SchemeService, AssignmentService, MarkService, ReviewService, MarkRateGuard],
  exports: [MarkService],
})
export class JudgingModule {}
