import { AppError, ErrorCode } from '@dz/contracts';
import { HttpException, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import { catchError, type Observable } from 'rxjs';

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/**
 * multer's own refusals of an upload (an .xlsx by default) (too large, a wrong field name, a broken multipart
 * body) come as Nest HttpExceptions with English text; this gives them the route's Chinese
 * messages. Put it before FileInterceptor in @UseInterceptors.
 */
export class XlsxUploadErrorsInterceptor implements NestInterceptor {
  constructor(private readonly messages: { tooLarge: string; badForm: string; field?: { path: string; message: string } }) {}

  intercept(_context: ExecutionContext, next: CallHandler): Observable<unknown> {
    return next.handle().pipe(
      catchError((error: unknown) => {
        if (!(error instanceof HttpException)) throw error;
        if (error.getStatus() === 413) throw new AppError(ErrorCode.PayloadTooLarge, this.messages.tooLarge);
        if (error.getStatus() === 400) throw new AppError(ErrorCode.ValidationFailed, this.messages.badForm, [this.messages.field ?? { path: 'file', message: '请上传一个 .xlsx 文件' }]);
        throw error;
      }),
    );
  }
}
