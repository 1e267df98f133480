import { IMPORT_MAX_BYTES, type ImportView } from '@dz/contracts';
import type { INestApplication } from '@nestjs/common';
import { APP_FILTER, APP_PIPE } from '@nestjs/core';
import { Test } from '@nestjs/testing';
import request from 'supertest';
import { GlobalExceptionFilter } from '../../common/global-exception.filter';
import { ZodValidationPipe } from '../../common/zod-validation.pipe';
import type { Principal } from '../auth/principal';
import { RegistrationImportController } from './registration-import.controller';
import { RegistrationImportService } from './registration-import.service';

const EVENT = '00000000-0000-4000-a000-000000000001';
const view: ImportView = {
  id: '00000000-0000-4000-a000-0000000000aa',
  eventId: EVENT,
  filename: '名单.xlsx',
  mode: 'valid_rows',
  status: 'queued',
  totalRows: 0,
  processedRows: 0,
  imported: 0,
  duplicates: 0,
  errorCount: 0,
  message: null,
  createdAt: '2026-11-30T00:00:00.000Z',
  finishedAt: null,
};
const principal = { user: { id: 'u1' }, roles: ['department_organizer'], grants: [], organisationIds: [], sessionId: 's1' } as unknown as Principal;

describe(RegistrationImportController.name, () => {
  let app: INestApplication;
  const service = { upload: jest.fn(), one: jest.fn(), list: jest.fn(), template: jest.fn(), report: jest.fn() };

  beforeAll(async () => {
    const moduleRef = await Test.createTestingModule({
      controllers: [RegistrationImportController],
      providers: [
        { provide: RegistrationImportService, useValue: service },
        { provide: APP_PIPE, useClass: ZodValidationPipe },
        { provide: APP_FILTER, useClass: GlobalExceptionFilter },
      ],
    }).compile();
    app = moduleRef.createNestApplication({ logger: false });
    // The AccessGuard sets the principal in the app; here a stand-in does.
    app.use((req: { principal?: Principal }, _res: unknown, next: () => void) => {
      req.principal = principal;
      next();
    });
    await app.init();
  });

  afterAll(async () => {
    await app.close();
  });

  beforeEach(() => jest.resetAllMocks());

  describe('POST /events/:id/imports', () => {
    it('should hand the file and the mode to the service and answer 202', async () => {
      service.upload.mockResolvedValue(view);
      const reply = await request(app.getHttpServer())
        .post(`/events/${EVENT}/imports`)
        .field('mode', 'all_or_nothing')
        .attach('file', Buffer.from('PK'), { filename: 'a.xlsx' })
        .expect(202);
      expect(reply.body).toEqual(view);
      const [, eventId, file, mode] = service.upload.mock.calls[0] as [unknown, string, { buffer: Buffer }, string];
      expect([eventId, file.buffer.toString(), mode]).toEqual([EVENT, 'PK', 'all_or_nothing']);
    });

    it('should refuse an unknown mode in Chinese without calling the service', async () => {
      const reply = await request(app.getHttpServer()).post(`/events/${EVENT}/imports`).field('mode', 'some').attach('file', Buffer.from('PK'), { filename: 'a.xlsx' }).expect(400);
      expect(reply.body.issues).toEqual([{ path: 'mode', message: '请选择导入方式' }]);
      expect(service.upload).not.toHaveBeenCalled();
    });

    it('should say how large a file may be when it is too large', async () => {
      const reply = await request(app.getHttpServer())
        .post(`/events/${EVENT}/imports`)
        .field('mode', 'valid_rows')
        .attach('file', Buffer.alloc(IMPORT_MAX_BYTES + 1), { filename: 'big.xlsx' })
        .expect(413);
      expect(reply.body).toMatchObject({ code: 'PAYLOAD_TOO_LARGE', message: expect.stringMatching(/^文件不能超过 5 MB/) });
    });

    it('should explain a file sent under another field name in Chinese', async () => {
      const reply = await request(app.getHttpServer()).post(`/events/${EVENT}/imports`).field('mode', 'valid_rows').attach('upload', Buffer.from('PK'), { filename: 'a.xlsx' }).expect(400);
      expect(reply.body.message).toMatch(/请用 file 字段上传/);
    });

    it('should refuse an event id that is not a UUID', async () => {
      await request(app.getHttpServer()).post('/events/abc/imports').field('mode', 'valid_rows').expect(400);
      expect(service.upload).not.toHaveBeenCalled();
    });
  });
});
