import { Global, Module } from '@nestjs/common';
import { parseKey, PiiCipher } from '@dz/persistence';
import { API_CONFIG, type ApiConfig } from '../../config/api-config';

/** Encryption of personal data (ID numbers, TOTP secrets), keyed from the validated config. */
@Global()
@Module({
  providers: [
    {
      provide: PiiCipher,
      useFactory: (config: ApiConfig) =>
        new PiiCipher({
          encryptionKey: parseKey(config.PII_ENCRYPTION_KEY, 'PII_ENCRYPTION_KEY'),
          hmacKey: parseKey(config.PII_HMAC_KEY, 'PII_HMAC_KEY', Buffer.from(config.PII_HMAC_KEY, 'base64').length),
        }),
      inject: [API_CONFIG],
    },
  ],
  exports: [PiiCipher],
})
export class SecurityModule {}
