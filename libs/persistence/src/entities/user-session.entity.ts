import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** A signed-in browser. Only the SHA-256 of the cookie's token is stored. */
@Entity({ name: 'user_session' })
export class UserSessionEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'user_id', type: 'uuid' })
  userId: string;

  @Column({ name: 'token_hash', type: 'text', unique: true })
  tokenHash: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'last_seen_at', type: 'timestamptz' })
  lastSeenAt: Date;

  /** Absolute end of the session (12 hours after sign-in). */
  @Column({ name: 'expires_at', type: 'timestamptz' })
  expiresAt: Date;

  @Column({ name: 'revoked_at', type: 'timestamptz', nullable: true })
  revokedAt: Date | null;

  @Column({ name: 'revoked_reason', type: 'text', nullable: true })
  revokedReason: string | null;

  /** SHA-256 of the current refresh token (rotated on every refresh). */
  @Column({ name: 'refresh_hash', type: 'text', nullable: true, unique: true })
  refreshHash: string | null;

  /** The refresh token just replaced: presenting it again means it was stolen. */
  @Column({ name: 'refresh_prev_hash', type: 'text', nullable: true })
  refreshPrevHash: string | null;

  @Column({ name: 'refresh_rotated_at', type: 'timestamptz', nullable: true })
  refreshRotatedAt: Date | null;
}
