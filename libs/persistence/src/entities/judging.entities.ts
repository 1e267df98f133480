import type { AggregationMethod, JudgeRole, MarkKind, Recusal, SchemeSectionBody } from '@dz/contracts';
import { Column, CreateDateColumn, Entity, PrimaryColumn, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

/** The marking scheme (评分表) of one stage of an event; maxima in hundredths. */
@Entity({ name: 'marking_scheme' })
export class MarkingSchemeEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'event_id', type: 'uuid' })
  eventId: string;

  @Column({ type: 'text' })
  stage: string;

  /** The sections tree (SchemeSectionBody[]). */
  @Column({ type: 'jsonb' })
  scheme: SchemeSectionBody[];

  @Column({ type: 'text' })
  method: AggregationMethod;

  /** Hundredths. */
  @Column({ name: 'total_marks', type: 'int' })
  totalMarks: number;

  @Column({ type: 'int', default: 1 })
  version: number;

  @Column({ name: 'updated_by', type: 'uuid' })
  updatedBy: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}

/** A judge assigned to an event, with scope, recusals (回避) and any override by the bureau. */
@Entity({ name: 'judge_assignment' })
export class JudgeAssignmentEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'event_id', type: 'uuid' })
  eventId: string;

  @Column({ name: 'judge_user_id', type: 'uuid' })
  judgeUserId: string;

  @Column({ type: 'text' })
  role: JudgeRole;

  /** null: every entry. */
  @Column({ name: 'entry_ids', type: 'uuid', array: true, nullable: true })
  entryIds: string[] | null;

  /** null: every workstation. */
  @Column({ type: 'int', array: true, nullable: true })
  stations: number[] | null;

  /** null: every aspect. */
  @Column({ name: 'aspect_keys', type: 'text', array: true, nullable: true })
  aspectKeys: string[] | null;

  @Column({ name: 'judge_employer', type: 'text', nullable: true })
  judgeEmployer: string | null;

  /** True while some recusal applies and the bureau has not overridden it. */
  @Column({ type: 'boolean', default: false })
  recused: boolean;

  @Column({ type: 'jsonb', default: () => `'[]'::jsonb` })
  recusals: Recusal[];

  @Column({ name: 'override_reason', type: 'text', nullable: true })
  overrideReason: string | null;

  @Column({ name: 'override_by', type: 'uuid', nullable: true })
  overrideBy: string | null;

  @Column({ name: 'override_at', type: 'timestamptz', nullable: true })
  overrideAt: Date | null;

  @Column({ name: 'assigned_by', type: 'uuid' })
  assignedBy: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}

/** One row of an event's append-only marks (see the CreateJudging migration). */
@Entity({ name: 'mark' })
export class MarkEntity {
  @PrimaryColumn({ type: 'uuid' })
  id: string;

  /** Position in the event's chain, from 1. bigint: read as a string by the driver. */
  @Column({ type: 'bigint' })
  seq: string;

  @Column({ name: 'event_id', type: 'uuid' })
  eventId: string;

  @Column({ name: 'entry_id', type: 'uuid' })
  entryId: string;

  @Column({ type: 'text' })
  stage: string;

  @Column({ name: 'aspect_key', type: 'text' })
  aspectKey: string;

  @Column({ name: 'judge_user_id', type: 'uuid' })
  judgeUserId: string;

  /** Hundredths. */
  @Column({ type: 'int' })
  value: number;

  @Column({ type: 'text' })
  kind: MarkKind;

  @Column({ name: 'refers_to', type: 'uuid', nullable: true })
  refersTo: string | null;

  @Column({ type: 'text', nullable: true })
  reason: string | null;

  @Column({ name: 'idempotency_key', type: 'uuid' })
  idempotencyKey: string;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'prev_hash', type: 'text', nullable: true })
  prevHash: string | null;

  @Column({ type: 'text' })
  hash: string;
}

/** The chief judge's sign-off (签核) of one entry's stage; append-only. */
@Entity({ name: 'signoff' })
export class SignoffEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'event_id', type: 'uuid' })
  eventId: string;

  @Column({ name: 'entry_id', type: 'uuid' })
  entryId: string;

  @Column({ type: 'text' })
  stage: string;

  @Column({ name: 'chief_user_id', type: 'uuid' })
  chiefUserId: string;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  at: Date;
}
