import { Module, type DynamicModule } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_INTERCEPTOR, APP_PIPE } from '@nestjs/core';
import { ZodSerializerInterceptor } from 'nestjs-zod';
import { GlobalExceptionFilter } from './common/global-exception.filter';
import { ApiLoggerModule } from './common/logger.module';
import { ZodValidationPipe } from './common/zod-validation.pipe';
import type { ApiConfig } from './config/api-config';
import { ApiConfigModule } from './config/config.module';
import { AdminModule } from './modules/admin/admin.module';
import { ArenaModule } from './modules/arena/arena.module';
import { AuditModule } from './modules/audit/audit.module';
import { AccessGuard } from './modules/auth/access.guard';
import { AuthModule } from './modules/auth/auth.module';
import { DatabaseModule } from './modules/database/database.module';
import { CataloguesModule } from './modules/catalogues/catalogues';
import { DevModule } from './modules/dev/dev.module';
import { EventsModule } from './modules/events/events.module';
import { HealthModule } from './modules/health/health.module';
import { InboxModule } from './modules/inbox/inbox';
import { JudgingModule } from './modules/judging/judging.module';
import { OrganisationsModule } from './modules/organisations/organisations.module';
import { PeopleModule } from './modules/people/people.module';
import { ProposalsModule } from './modules/proposals/proposals.module';
import { ResultsModule } from './modules/results/results.module';
import { CertificatesModule } from './modules/certificates/certificates.module';
import { QueueModule } from './modules/queue/queue.module';
import { RegistrationModule } from './modules/registration/registration.module';
import { RealtimeModule } from './modules/realtime/realtime.module';
import { RegistrationImportModule } from './modules/registration-import/registration-import.module';
import { SecurityModule } from './modules/security/security.module';
import { StatisticsModule } from './modules/statistics/statistics.module';
import { StorageModule } from './modules/storage/storage.module';

@Module({})
export class AppModule {
  static register(config: ApiConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ApiConfigModule.register(config),
        ApiLoggerModule.register(config),
        DatabaseModule.register(config.DATABASE_URL),
        QueueModule,
        SecurityModule,
        StorageModule,
        HealthModule,
        AuthModule,
        EventsModule,
        PeopleModule,
        AdminModule,
        OrganisationsModule,
        AuditModule,
        DevModule,
        CataloguesModule,
        ProposalsModule,
        ResultsModule,
        CertificatesModule,
        RegistrationModule,
        InboxModule,
        RegistrationImportModule,
        JudgingModule,
        ArenaModule,
        StatisticsModule,
        RealtimeModule,
      ],
      providers: [
        { provide: APP_GUARD, useClass: AccessGuard },
        { provide: APP_PIPE, useClass: ZodValidationPipe },
        { provide: APP_INTERCEPTOR, useClass: ZodSerializerInterceptor },
        { provide: APP_FILTER, useClass: GlobalExceptionFilter },
      ],
    };
  }
}
