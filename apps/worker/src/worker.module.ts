import { LOG_REDACT_PATHS } from '@dz/contracts';
import {
  AuditRepository,
  CatalogueRepository,
  CertificateRepository,
  dataSourceOptions,
  FileStorage,
  JudgingRepository,
  LocalDiskStorage,
  NotificationRepository,
  parseKey,
  PiiCipher,
  RegistrationRepository,
  repositoryProviders,
  ResultsRepository,
  StandingsRepository,
  StatisticsRepository,
  TransactionRunner,
} from '@dz/persistence';
import { Inject, Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Redis } from 'ioredis';
import { LoggerModule } from 'nestjs-pino';
import { CertificateSigner } from './certificates/certificate-signer';
import { WORKER_CONFIG, type WorkerConfig } from './config/worker-config';
import { AuditPurgeHandler } from './handlers/audit-purge.handler';
import { CertificatesIssueHandler } from './handlers/certificates-issue.handler';
import { NotificationSendHandler } from './handlers/notification-send.handler';
import { RegistrationImportHandler } from './handlers/registration-import.handler';
import { ResultsComputeHandler } from './handlers/results-compute.handler';
import { StandingsRebuildHandler } from './handlers/standings-rebuild.handler';
import { StatisticsRefreshHandler } from './handlers/statistics-refresh.handler';
import { JobRunner } from './jobs/job-runner.service';
import { SocketEmitter } from './jobs/socket-emitter';
import { Notifier } from './notifier/notifier';
import { OutboxNotifier } from './notifier/outbox.notifier';

const EMITTER_REDIS = Symbol('EMITTER_REDIS');

/** Every job handler; the runner checks at boot that each job name has exactly one. */
export const HANDLERS = [
  NotificationSendHandler,
  AuditPurgeHandler,
  RegistrationImportHandler,
  StandingsRebuildHandler,
  ResultsComputeHandler,
  CertificatesIssueHandler,
  StatisticsRefreshHandler,
];

@Module({})
export class WorkerModule implements OnApplicationShutdown {
  constructor(@Inject(EMITTER_REDIS) private readonly redis: Redis) {}

  static register(config: WorkerConfig): DynamicModule {
    return {
      module: WorkerModule,
      imports: [
        DiscoveryModule,
        LoggerModule.forRoot({
          pinoHttp: { level: config.LOG_LEVEL, redact: { paths: LOG_REDACT_PATHS, censor: '[REDACTED]' }, customProps: () => ({ app: 'worker' }) },
        }),
        TypeOrmModule.forRoot({ ...dataSourceOptions({ url: config.DATABASE_URL, applicationName: 'dz-worker' }), retryAttempts: 3, retryDelay: 500 }),
      ],
      providers: [
        { provide: WORKER_CONFIG, useValue: config },
        ...repositoryProviders([NotificationRepository, AuditRepository, RegistrationRepository, CatalogueRepository, JudgingRepository, StandingsRepository, ResultsRepository, CertificateRepository, StatisticsRepository, TransactionRunner]),
        { provide: FileStorage, useFactory: () => new LocalDiskStorage(config.UPLOAD_DIR) },
        CertificateSigner,
        {
          // The API's keys: imported ID numbers must hash like those typed into the form.
          provide: PiiCipher,
          useFactory: () =>
            new PiiCipher({
              encryptionKey: parseKey(config.PII_ENCRYPTION_KEY, 'PII_ENCRYPTION_KEY'),
              hmacKey: parseKey(config.PII_HMAC_KEY, 'PII_HMAC_KEY', Buffer.from(config.PII_HMAC_KEY, 'base64').length),
            }),
        },
        { provide: Notifier, useClass: OutboxNotifier },
        { provide: EMITTER_REDIS, useFactory: () => new Redis(config.REDIS_URL, { maxRetriesPerRequest: null }) },
        { provide: SocketEmitter, useFactory: (redis: Redis) => new SocketEmitter(redis, config.QUEUE_PREFIX), inject: [EMITTER_REDIS] },
        JobRunner,
        ...HANDLERS,
      ],
    };
  }

  onApplicationShutdown(): void {
    this.redis.disconnect();
  }
}
