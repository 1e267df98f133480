import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

/**
 * Messages the Notifier has sent. The default adapter stops here (the demo shows this table on a
 * page); a real SMS adapter sends and records the provider's id.
 */
@Entity({ name: 'notification_outbox' })
export class NotificationOutboxEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** BullMQ job id: one row per job, even when the job is retried. */
  @Column({ name: 'job_id', type: 'text', unique: true })
  jobId: string;

  @Column({ type: 'text' })
  channel: 'sms';

  @Column({ name: 'recipient_user_id', type: 'uuid', nullable: true })
  recipientUserId: string | null;

  /** Destination (a phone number): personal information, masked wherever it is shown. */
  @Column({ name: 'to', type: 'text' })
  to: string;

  @Column({ type: 'text' })
  template: string;

  @Column({ type: 'text' })
  body: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
