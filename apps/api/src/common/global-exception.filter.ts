import { ArgumentsHost, Catch, Logger, type ExceptionFilter } from '@nestjs/common';
import type { Request, Response } from 'express';
import { toErrorBody } from './to-error-body';

/** The one exception filter of the API (HTTP). Socket handlers use `toErrorBody` for acks. */
@Catch()
export class GlobalExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger(GlobalExceptionFilter.name);

  catch(exception: unknown, host: ArgumentsHost): void {
    if (host.getType() !== 'http') throw exception;
    const http = host.switchToHttp();
    const request = http.getRequest<Request & { id?: string }>();
    const response = http.getResponse<Response>();
    const correlationId = request.id ? String(request.id) : undefined;
    const { body, unexpected } = toErrorBody(exception, correlationId, `${request.method} ${request.path}`);
    if (unexpected) {
      this.logger.error({ err: exception, correlationId, route: `${request.method} ${request.path}` }, 'unhandled error');
    }
    if (response.headersSent) return;
    response.status(body.statusCode).json(body);
  }
}
