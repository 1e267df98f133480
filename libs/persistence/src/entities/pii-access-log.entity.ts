import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** One unmasked read of a person's ID number or phone: who saw whose, which fields, why. */
@Entity({ name: 'pii_access_log' })
export class PiiAccessLogEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: string;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  at: Date;

  @Column({ name: 'actor_user_id', type: 'uuid' })
  actorUserId: string;

  @Column({ name: 'subject_user_id', type: 'uuid' })
  subjectUserId: string;

  @Column({ type: 'text', array: true })
  fields: string[];

  @Column({ type: 'text' })
  purpose: string;

  @Column({ name: 'correlation_id', type: 'text', nullable: true })
  correlationId: string | null;
}
