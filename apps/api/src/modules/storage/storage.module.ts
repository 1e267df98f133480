import { FileStorage, LocalDiskStorage } from '@dz/persistence';
import { Global, Module } from '@nestjs/common';
import { API_CONFIG, type ApiConfig } from '../../config/api-config';

@Global()
@Module({
  providers: [{ provide: FileStorage, useFactory: (config: ApiConfig) => new LocalDiskStorage(config.UPLOAD_DIR), inject: [API_CONFIG] }],
  exports: [FileStorage],
})
export class StorageModule {}
