import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

@Entity({ name: 'app_user' })
export class UserEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'display_name', type: 'text' })
  displayName: string;

  /** Login name for staff accounts; contestants sign in with their phone. */
  @Column({ type: 'text', nullable: true, unique: true })
  username: string | null;

  /** Mainland mobile number, personal information: never logged, masked in lists. */
  @Column({ type: 'text', nullable: true, unique: true })
  phone: string | null;

  /** argon2id hash (PHC string). */
  @Column({ name: 'password_hash', type: 'text' })
  passwordHash: string;

  @Column({ name: 'disabled_at', type: 'timestamptz', nullable: true })
  disabledAt: Date | null;

  /** Consecutive failed sign-ins (password or second factor); reset on success. */
  @Column({ name: 'failed_login_count', type: 'int', default: 0 })
  failedLoginCount: number;

  @Column({ name: 'locked_until', type: 'timestamptz', nullable: true })
  lockedUntil: Date | null;

  @Column({ name: 'password_changed_at', type: 'timestamptz', nullable: true })
  passwordChangedAt: Date | null;

  /** TOTP secret, AES-256-GCM encrypted (PiiCipher); set before enrolment is confirmed. */
  @Column({ name: 'totp_secret_enc', type: 'text', nullable: true })
  totpSecretEnc: string | null;

  @Column({ name: 'totp_enabled_at', type: 'timestamptz', nullable: true })
  totpEnabledAt: Date | null;

  /** Last accepted TOTP time step: a code is never accepted twice. */
  @Column({ name: 'totp_last_step', type: 'bigint', nullable: true })
  totpLastStep: string | null;

  /** Resident ID number, AES-256-GCM encrypted; never stored in clear. */
  @Column({ name: 'id_number_enc', type: 'text', nullable: true })
  idNumberEnc: string | null;

  /** HMAC-SHA256 of the normalised ID number: uniqueness and lookup without decrypting. */
  @Column({ name: 'id_number_hmac', type: 'text', nullable: true, unique: true })
  idNumberHmac: string | null;

  @Column({ name: 'id_consent_version', type: 'text', nullable: true })
  idConsentVersion: string | null;

  @Column({ name: 'id_consent_at', type: 'timestamptz', nullable: true })
  idConsentAt: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
