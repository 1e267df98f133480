import {
  ArenaRepository,
  AuditRepository,
  CatalogueRepository,
  CertificateRepository,
  dataSourceOptions,
  EventRepository,
  InboxRepository,
  JudgingRepository,
  NotificationRepository,
  OrganisationRepository,
  PiiAccessRepository,
  ProposalRepository,
  RegistrationRepository,
  repositoryProviders,
  ResultsRepository,
  SessionRepository,
  StandingsRepository,
  StatisticsRepository,
  TransactionRunner,
  UserRepository,
} from '@dz/persistence';
import { Global, Module, type DynamicModule } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';

/** The DataSource (migrations only, never synchronize) and the repositories the API uses. */
@Global()
@Module({})
export class DatabaseModule {
  static register(url: string): DynamicModule {
    const providers = repositoryProviders([
      ArenaRepository,
      AuditRepository,
      CatalogueRepository,
      CertificateRepository,
      EventRepository,
      InboxRepository,
      JudgingRepository,
      NotificationRepository,
      OrganisationRepository,
      PiiAccessRepository,
      ProposalRepository,
      RegistrationRepository,
      ResultsRepository,
      SessionRepository,
      StandingsRepository,
      StatisticsRepository,
      TransactionRunner,
      UserRepository,
    ]);
    return {
      module: DatabaseModule,
      imports: [TypeOrmModule.forRoot({ ...dataSourceOptions({ url, applicationName: 'dz-api' }), retryAttempts: 3, retryDelay: 500 })],
      providers,
      exports: providers.map((p) => p.provide),
    };
  }
}
