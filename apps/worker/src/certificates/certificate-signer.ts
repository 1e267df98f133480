import { certificateKeyFromSeed, publicKeyPem, type CertificateKeyPair } from '@dz/domain';
import { CertificateRepository } from '@dz/persistence';
import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { WORKER_CONFIG, type WorkerConfig } from '../config/worker-config';

/**
 * The worker's certificate signing key (CERT_SIGNING_KEY, an Ed25519 seed). Its public half is
 * registered at boot, so the API can publish it and check any certificate it signed.
 */
@Injectable()
export class CertificateSigner implements OnApplicationBootstrap {
  private readonly logger = new Logger(CertificateSigner.name);
  readonly key: CertificateKeyPair;

  constructor(
    @Inject(WORKER_CONFIG) config: WorkerConfig,
    private readonly certificates: CertificateRepository,
  ) {
    this.key = certificateKeyFromSeed(config.CERT_SIGNING_KEY);
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.certificates.registerKey(this.key.keyId, publicKeyPem(this.key.publicKey));
    this.logger.log({ keyId: this.key.keyId }, 'certificate signing key registered');
  }
}
