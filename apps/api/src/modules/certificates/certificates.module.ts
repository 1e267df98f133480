import { Module } from '@nestjs/common';
import { ResultsModule } from '../results/results.module';
import { CertificatesController } from './certificates.controller';
import { CertificatesService } from './certificates.service';

@Module({ imports: [ResultsModule], controllers: [CertificatesController], providers: [CertificatesService] })
export class CertificatesModule {}
