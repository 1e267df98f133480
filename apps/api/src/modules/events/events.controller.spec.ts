import { AppError, ErrorCode, type PublicEventSummary } from '@dz/contracts';
import type { INestApplication } from '@nestjs/common';
import { APP_FILTER, APP_PIPE } from '@nestjs/core';
import { Test } from '@nestjs/testing';
import request from 'supertest';
import { GlobalExceptionFilter } from '../../common/global-exception.filter';
import { ZodValidationPipe } from '../../common/zod-validation.pipe';
import { EventsController } from './events.controller';
import { EventsService } from './events.service';

const sample: PublicEventSummary = {
  id: '00000000-0000-4000-a000-000000000001',
  title: '2026年达州技能大赛·焊工赛项',
  series: 'dazhou_skills_competition',
  edition: 2026,
  occupationCode: '6-18-02-04',
  occupationName: '焊工',
  organizerName: '达州市经济和信息化局',
  county: '达州高新区',
  venue: '达州职业技术学院实训中心',
  format: 'rounds',
  teamSize: 1,
  capacity: 60,
  status: 'published',
  registrationClosesAt: '2026-12-10T10:00:00.000Z',
  startsAt: '2026-12-18T01:00:00.000Z',
};

describe(EventsController.name, () => {
  let app: INestApplication;
  const service = { listPublic: jest.fn(), getPublic: jest.fn() };

  beforeAll(async () => {
    const moduleRef = await Test.createTestingModule({
      controllers: [EventsController],
      providers: [
        { provide: EventsService, useValue: service },
        { provide: APP_PIPE, useClass: ZodValidationPipe },
        { provide: APP_FILTER, useClass: GlobalExceptionFilter },
      ],
    }).compile();
    app = moduleRef.createNestApplication({ logger: false });
    await app.init();
  });

  afterAll(async () => {
    await app.close();
  });

  beforeEach(() => jest.resetAllMocks());

  describe('GET /events/public', () => {
    it('should pass the parsed query with its default limit to the service', async () => {
      service.listPublic.mockResolvedValue({ items: [sample] });
      const response = await request(app.getHttpServer()).get('/events/public?series=dazhou_skills_competition').expect(200);
      expect(response.body.items).toEqual([sample]);
      expect(service.listPublic).toHaveBeenCalledWith({ series: 'dazhou_skills_competition', limit: 50 });
    });

    it('should refuse a limit over 100 without calling the service', async () => {
      const response = await request(app.getHttpServer()).get('/events/public?limit=101').expect(400);
      expect(response.body).toMatchObject({ code: 'VALIDATION_FAILED', issues: [{ path: 'limit' }] });
      expect(service.listPublic).not.toHaveBeenCalled();
    });
  });

  describe('GET /events/public/:id', () => {
    it('should refuse an id that is not a UUID', async () => {
      await request(app.getHttpServer()).get('/events/public/42').expect(400);
      expect(service.getPublic).not.toHaveBeenCalled();
    });

    it('should map the service not-found error to 404', async () => {
      service.getPublic.mockRejectedValue(new AppError(ErrorCode.NotFound, '赛项不存在或尚未发布'));
      const response = await request(app.getHttpServer()).get(`/events/public/${sample.id}`).expect(404);
      expect(response.body).toEqual({ statusCode: 404, code: 'NOT_FOUND', message: '赛项不存在或尚未发布' });
    });
  });
});
