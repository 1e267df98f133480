import { AppError, ErrorCode } from '@dz/contracts';
import { BadRequestException, NotFoundException, PayloadTooLargeException } from '@nestjs/common';
import { toErrorBody } from './to-error-body';

describe('toErrorBody', () => {
  it('should map an AppError through the status table', () => {
    const { body, unexpected } = toErrorBody(new AppError(ErrorCode.Conflict, '已存在'), 'req-1');
    expect(body).toEqual({ statusCode: 409, code: 'CONFLICT', message: '已存在', correlationId: 'req-1' });
    expect(unexpected).toBe(false);
  });

  it('should turn a body-parser JSON error into 400 MALFORMED_JSON', () => {
    const error = Object.assign(new SyntaxError('Unexpected token'), { type: 'entity.parse.failed', expose: true, status: 400 });
    expect(toErrorBody(error).body).toMatchObject({ statusCode: 400, code: 'MALFORMED_JSON' });
  });

  it('should turn a body-parser size error into 413', () => {
    const error = Object.assign(new Error('too large'), { type: 'entity.too.large', expose: true, limit: 1024 * 1024 });
    expect(toErrorBody(error).body).toMatchObject({ statusCode: 413, code: 'PAYLOAD_TOO_LARGE', message: '请求体过大（上限 1024 KB）' });
  });

  it('should pass an HttpException status through', () => {
    expect(toErrorBody(new PayloadTooLargeException()).body.statusCode).toBe(413);
    expect(toErrorBody(new BadRequestException('坏的')).body).toMatchObject({ statusCode: 400, message: '坏的' });
  });

  it('should name the route of a 404 from the router', () => {
    expect(toErrorBody(new NotFoundException(), undefined, 'GET /api/x').body).toMatchObject({ code: 'ROUTE_NOT_FOUND', message: '接口不存在：GET /api/x' });
  });

  it('should map PostgreSQL input errors to 4xx, never 500', () => {
    expect(toErrorBody({ driverError: { code: '22P02' } }).body.statusCode).toBe(400);
    expect(toErrorBody({ driverError: { code: '23505' } }).body.statusCode).toBe(409);
  });

  it('should hide anything else behind a 500 with the correlation id', () => {
    const { body, unexpected } = toErrorBody(new Error('secret internals at /srv/x.ts:12'), 'req-9');
    expect(body).toMatchObject({ statusCode: 500, code: 'INTERNAL', correlationId: 'req-9' });
    expect(body.message).not.toContain('secret');
    expect(unexpected).toBe(true);
  });
});
