import { Module } from '@nestjs/common';
import { StandingsModule } from '../standings/standings.module';
import { AssignmentService } from './assignment.service';
import { JudgingAccess } from './judging-access';
import { JudgesController } from './judges.controller';
import { JudgesService } from './judges.service';
import { JudgingController } from './judging.controller';
import { MarkRateGuard } from './mark-rate.guard';
import { MarkService } from './mark.service';
import { ReviewService } from './review.service';
import { SchemeSheetController } from './scheme-sheet.controller';
import { SchemeSheetService } from './scheme-sheet.service';
import { SchemeService } from './scheme.service';

@Module({
  imports: [StandingsModule],
  controllers: [JudgingController, JudgesController, SchemeSheetController],
  providers: [JudgingAccess, SchemeService, AssignmentService, MarkService, ReviewService, MarkRateGuard, JudgesService, SchemeSheetService],
  exports: [MarkService, JudgingAccess],
})
export class JudgingModule {}
