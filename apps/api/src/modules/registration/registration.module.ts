import { Module } from '@nestjs/common';
import { API_CONFIG, type ApiConfig } from '../../config/api-config';
import { CheckinService } from './checkin.service';
import { DrawService } from './draw.service';
import { RegistrationController } from './registration.controller';
import { RegistrationService } from './registration.service';
import { TicketSigner } from './ticket-signer';

@Module({
  controllers: [RegistrationController],
  providers: [
    RegistrationService,
    DrawService,
    CheckinService,
    { provide: TicketSigner, useFactory: (config: ApiConfig) => new TicketSigner(config.AUTH_TOKEN_SECRET), inject: [API_CONFIG] },
  ],
  exports: [RegistrationService],
})
export class RegistrationModule {}
