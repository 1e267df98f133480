import { AppError, ErrorCode, toFieldIssues, type z } from '@dz/contracts';
import { createZodValidationPipe } from 'nestjs-zod';

/** Validates every body, query and param DTO with its contract; failures list each field. */
export const ZodValidationPipe = createZodValidationPipe({
  createValidationException: (error: unknown) =>
    new AppError(ErrorCode.ValidationFailed, '请求参数有误，请检查标出的字段', toFieldIssues(error as z.ZodError)),
});
