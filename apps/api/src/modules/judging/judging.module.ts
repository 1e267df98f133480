import { Module } from '@nestjs/common';
import { AssignmentService } from './assignment.service';
import { JudgingAccess } from './judging-access';
import { JudgesController } from './judges.controller';
import { JudgesService } from './judges.service';
import { JudgingController } from './judging.controller';
import { MarkService } from './mark.service';
import { ReviewService } from './review.service';
import { SchemeService } from './scheme.service';

@Module({
  controllers: [JudgingController, JudgesController],
  providers: [JudgingAccess, SchemeService, AssignmentService, MarkService, ReviewService, JudgesService],
  exports: [MarkService],
})
export class JudgingModule {}
