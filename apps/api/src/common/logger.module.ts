import { LOG_REDACT_PATHS } from '@dz/contracts';
import { Module, RequestMethod, type DynamicModule } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { LoggerModule } from 'nestjs-pino';
import type { ApiConfig } from '../config/api-config';

const REQUEST_ID = /^[A-Za-z0-9._-]{8,64}$/;

/** Structured JSON logs with a request id on every line and personal data redacted. */
@Module({})
export class ApiLoggerModule {
  static register(config: ApiConfig): DynamicModule {
    return {
      module: ApiLoggerModule,
      imports: [
        LoggerModule.forRoot({
          // Nest 11's path-to-regexp syntax for "every route" (the library's default is legacy '*').
          forRoutes: [{ path: '{*path}', method: RequestMethod.ALL }],
          pinoHttp: {
            level: config.LOG_LEVEL,
            redact: { paths: LOG_REDACT_PATHS, censor: '[REDACTED]' },
            // Reuse a proxy's X-Request-Id when it looks sane, else mint one; echo it back.
            genReqId: (req: IncomingMessage, res: ServerResponse) => {
              const header = req.headers['x-request-id'];
              const id = typeof header === 'string' && REQUEST_ID.test(header) ? header : randomUUID();
              res.setHeader('X-Request-Id', id);
              return id;
            },
            customProps: () => ({ app: 'api' }),
            autoLogging: { ignore: (req) => req.url === '/api/health' },
            serializers: {
              req: (req: { id: string; method: string; url: string }) => ({ id: req.id, method: req.method, url: req.url }),
            },
          },
        }),
      ],
    };
  }
}
