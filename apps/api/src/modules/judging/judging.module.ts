import { Module } from '@nestjs/common';
import { AssignmentService } from './assignment.service';
import { JudgingAccess } from './judging-access';
import { JudgingController } from './judging.controller';
import { MarkService } from './mark.service';
import { ReviewService } from './review.service';
import { SchemeSheetController } from './scheme-sheet.controller';
import { SchemeSheetService } from './scheme-sheet.service';
import { SchemeService } from './scheme.service';

@Module({
  controllers: [JudgingController, SchemeSheetController],
  providers: [JudgingAccess, SchemeService, AssignmentService, MarkService, ReviewService, SchemeSheetService],
  exports: [MarkService],
})
export class JudgingModule {}
