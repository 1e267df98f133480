import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import type { Express, NextFunction, Request, Response } from 'express';
import { Logger } from 'nestjs-pino';
import { cleanupOpenApiDoc } from 'nestjs-zod';
import { AppModule } from './app.module';
import { toErrorBody } from './common/to-error-body';
import { serveWebApp } from './common/web-app';
import type { ApiConfig } from './config/api-config';
import { RedisIoAdapter } from './modules/realtime/redis-io.adapter';

/** Builds the API (HTTP, socket gateway, web app, OpenAPI) without listening. */
export async function createApiApp(config: ApiConfig): Promise<INestApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.register(config), {
    bufferLogs: true,
    bodyParser: false,
  });
  app.useLogger(app.get(Logger));
  app.enableShutdownHooks();
  if (config.TRUST_PROXY) app.set('trust proxy', true);
  app.disable('x-powered-by');

  // Body parsing with our limit; parser errors (bad JSON, too large) become the same 4xx
  // error body as every other bad input, before they reach a route.
  app.useBodyParser('json', { limit: config.BODY_LIMIT_BYTES });
  app.useBodyParser('urlencoded', { limit: config.BODY_LIMIT_BYTES, extended: false });
  app.use((error: unknown, request: Request & { id?: string }, response: Response, next: NextFunction) => {
    if (!error) return next();
    const { body } = toErrorBody(error, request.id ? String(request.id) : undefined);
    response.status(body.statusCode).json(body);
  });

  app.setGlobalPrefix('api');
  app.useWebSocketAdapter(new RedisIoAdapter(app, config.REDIS_URL, config.QUEUE_PREFIX));

  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder().setTitle('达州技能大赛 API').setDescription('赛项申报、报名、评分、排行榜、成绩与证书').setVersion('0.1').build(),
  );
  SwaggerModule.setup('api/docs', app, cleanupOpenApiDoc(document));

  serveWebApp(app.getHttpAdapter().getInstance() as Express, config.WEB_DIST_DIR);
  return app;
}
