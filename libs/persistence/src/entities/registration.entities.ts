import type { Attendance, DrawStatus, EntryStatus, ImportMode, ImportStatus } from '@dz/contracts';
import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

/** One registration (报名) for an event: an individual or a team. */
@Entity({ name: 'entry' })
export class EntryEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'event_id', type: 'uuid' })
  eventId: string;

  /** Arrival order within the event; the waitlist is served in this order. */
  @Column({ type: 'int' })
  number: number;

  @Column({ type: 'text' })
  status: EntryStatus;

  @Column({ type: 'text' })
  source: 'self' | 'import';

  @Column({ name: 'team_name', type: 'text', nullable: true })
  teamName: string | null;

  @Column({ name: 'registrant_user_id', type: 'uuid', nullable: true })
  registrantUserId: string | null;

  @Column({ name: 'import_id', type: 'uuid', nullable: true })
  importId: string | null;

  @Column({ type: 'text', nullable: true })
  reason: string | null;

  @Column({ type: 'int', nullable: true })
  workstation: number | null;

  @Column({ name: 'checkin_code', type: 'text', nullable: true })
  checkinCode: string | null;

  @Column({ name: 'judging_code', type: 'text', nullable: true })
  judgingCode: string | null;

  @Column({ type: 'text', default: 'pending' })
  attendance: Attendance;

  @Column({ name: 'checked_in_at', type: 'timestamptz', nullable: true })
  checkedInAt: Date | null;

  @Column({ name: 'checked_in_by', type: 'uuid', nullable: true })
  checkedInBy: string | null;

  @Column({ name: 'late_reason', type: 'text', nullable: true })
  lateReason: string | null;

  @Column({ type: 'int', default: 1 })
  version: number;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}

/** A person of an entry. ID number and phone are encrypted; the HMAC backs "one entry per person". */
@Entity({ name: 'entry_member' })
export class EntryMemberEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'entry_id', type: 'uuid' })
  entryId: string;

  @Column({ name: 'event_id', type: 'uuid' })
  eventId: string;

  @Column({ type: 'int' })
  position: number;

  @Column({ type: 'text' })
  name: string;

  @Column({ name: 'id_number_enc', type: 'text' })
  idNumberEnc: string;

  @Column({ name: 'id_number_hmac', type: 'text' })
  idNumberHmac: string;

  @Column({ name: 'id_number_masked', type: 'text' })
  idNumberMasked: string;

  @Column({ name: 'phone_enc', type: 'text' })
  phoneEnc: string;

  @Column({ name: 'phone_masked', type: 'text' })
  phoneMasked: string;

  @Column({ type: 'text' })
  county: string;

  @Column({ type: 'text' })
  employer: string;

  @Column({ name: 'employer_in_dazhou', type: 'boolean' })
  employerInDazhou: boolean;

  @Column({ name: 'skill_level', type: 'text', nullable: true })
  skillLevel: string | null;

  @Column({ name: 'certificate_no', type: 'text', nullable: true })
  certificateNo: string | null;

  /** From the resident ID (libs/domain residentIdFacts), `YYYY-MM-DD`; null on rows written before it was kept. */
  @Column({ name: 'birth_date', type: 'date', nullable: true })
  birthDate: string | null;

  @Column({ type: 'text', nullable: true })
  sex: 'male' | 'female' | null;

  /** 企业 or 院校, from the employer's name (libs/domain employerType). */
  @Column({ name: 'employer_type', type: 'text', nullable: true })
  employerType: 'enterprise' | 'school' | null;

  @Column({ name: 'occupation_code', type: 'text' })
  occupationCode: string;

  /** False once the entry is rejected or withdrawn: the person may register again. */
  @Column({ type: 'boolean', default: true })
  active: boolean;
}

/** One uploaded Excel file of entries and how its import went. */
@Entity({ name: 'registration_import' })
export class RegistrationImportEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'event_id', type: 'uuid' })
  eventId: string;

  @Column({ name: 'created_by', type: 'uuid' })
  createdBy: string;

  @Column({ type: 'text' })
  filename: string;

  @Column({ name: 'file_sha256', type: 'text' })
  fileSha256: string;

  @Column({ name: 'file_size', type: 'int' })
  fileSize: number;

  @Column({ type: 'text' })
  mode: ImportMode;

  @Column({ type: 'text', default: 'queued' })
  status: ImportStatus;

  @Column({ name: 'total_rows', type: 'int', default: 0 })
  totalRows: number;

  @Column({ name: 'processed_rows', type: 'int', default: 0 })
  processedRows: number;

  @Column({ type: 'int', default: 0 })
  imported: number;

  @Column({ type: 'int', default: 0 })
  duplicates: number;

  @Column({ name: 'error_count', type: 'int', default: 0 })
  errorCount: number;

  /** `{ row, message }` for each bad row (row numbers as Excel shows them). */
  @Column({ type: 'jsonb', default: () => `'[]'::jsonb` })
  errors: { row: number; message: string }[];

  @Column({ type: 'text', nullable: true })
  message: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'started_at', type: 'timestamptz', nullable: true })
  startedAt: Date | null;

  @Column({ name: 'finished_at', type: 'timestamptz', nullable: true })
  finishedAt: Date | null;
}

export interface DrawEntryRow {
  entryId: string;
  number: number;
  name: string;
}

export interface DrawAssignmentRow {
  entryId: string;
  workstation: number;
  checkinCode: string | null;
  judgingCode: string;
}

/** A draw (抽签): its commitments, the frozen list it is made over, and its result. */
@Entity({ name: 'draw' })
export class DrawEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'event_id', type: 'uuid' })
  eventId: string;

  @Column({ type: 'int' })
  round: number;

  @Column({ type: 'text' })
  status: DrawStatus;

  @Column({ type: 'text' })
  algorithm: string;

  @Column({ name: 'two_stage', type: 'boolean' })
  twoStage: boolean;

  /** Secret until revealed; never sent while `seedRevealed` is false. */
  @Column({ type: 'text' })
  seed: string;

  @Column({ name: 'seed_commitment', type: 'text' })
  seedCommitment: string;

  @Column({ name: 'seed_revealed', type: 'boolean', default: false })
  seedRevealed: boolean;

  @Column({ name: 'code_seed', type: 'text' })
  codeSeed: string;

  @Column({ name: 'code_seed_commitment', type: 'text' })
  codeSeedCommitment: string;

  @Column({ name: 'code_seed_revealed', type: 'boolean', default: false })
  codeSeedRevealed: boolean;

  @Column({ type: 'jsonb' })
  entries: DrawEntryRow[];

  @Column({ type: 'jsonb', default: () => `'[]'::jsonb` })
  assignments: DrawAssignmentRow[];

  @Column({ type: 'text', nullable: true })
  reason: string | null;

  @Column({ name: 'committed_by', type: 'uuid' })
  committedBy: string;

  @Column({ name: 'committed_at', type: 'timestamptz', default: () => 'now()' })
  committedAt: Date;

  @Column({ name: 'drawn_at', type: 'timestamptz', nullable: true })
  drawnAt: Date | null;

  @Column({ name: 'superseded_at', type: 'timestamptz', nullable: true })
  supersededAt: Date | null;
}
