import type { EventStatus, Series } from '@dz/contracts';
import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

/** An event (赛项). The proposals issue extends it with stages, rules, awards plan and budget. */
@Entity({ name: 'competition_event' })
export class CompetitionEventEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'text' })
  title: string;

  @Column({ type: 'text' })
  series: Series;

  /** Edition year for 达州技能大赛, e.g. 2026; null for stand-alone arena events. */
  @Column({ type: 'int', nullable: true })
  edition: number | null;

  /** Code in the national occupational classification, e.g. 6-18-02-04. */
  @Column({ name: 'occupation_code', type: 'text' })
  occupationCode: string;

  @Column({ name: 'occupation_name', type: 'text' })
  occupationName: string;

  @Column({ name: 'organizer_org_id', type: 'uuid' })
  organizerOrgId: string;

  @Column({ type: 'text', nullable: true })
  county: string | null;

  @Column({ type: 'text' })
  venue: string;

  @Column({ type: 'text' })
  format: 'rounds' | 'arena';

  @Column({ name: 'team_size', type: 'int', default: 1 })
  teamSize: number;

  @Column({ type: 'int' })
  capacity: number;

  @Column({ type: 'text' })
  status: EventStatus;

  @Column({ name: 'registration_closes_at', type: 'timestamptz' })
  registrationClosesAt: Date;

  @Column({ name: 'starts_at', type: 'timestamptz' })
  startsAt: Date;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
