import { Global, Module, type DynamicModule } from '@nestjs/common';
import { ConfigModule, ConfigService } from '@nestjs/config';
import { API_CONFIG, type ApiConfig } from './api-config';

/**
 * Wraps @nestjs/config: the validated config is loaded as one namespace and exposed under a
 * typed token, so services inject `ApiConfig` instead of reading strings.
 */
@Global()
@Module({})
export class ApiConfigModule {
  static register(config: ApiConfig): DynamicModule {
    return {
      module: ApiConfigModule,
      imports: [
        ConfigModule.forRoot({
          ignoreEnvFile: true,
          skipProcessEnv: true,
          load: [() => ({ api: config })],
        }),
      ],
      providers: [
        {
          provide: API_CONFIG,
          useFactory: (service: ConfigService) => service.getOrThrow<ApiConfig>('api'),
          inject: [ConfigService],
        },
      ],
      exports: [API_CONFIG],
    };
  }
}
