import type { AwardsPlan, BudgetLine, CompetitionLevel, EligibilityRules, EventStatus, Round, ScheduleItem, Series, Stage } from '@dz/contracts';
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

  @Column({ type: 'text', nullable: true })
  level: CompetitionLevel | null;

  @Column({ name: 'industry_id', type: 'uuid', nullable: true })
  industryId: string | null;

  @Column({ type: 'jsonb', default: () => `'[]'::jsonb` })
  rounds: Round[];

  @Column({ name: 'arena_first_holder', type: 'text', nullable: true })
  arenaFirstHolder: 'qualifying_top' | 'last_champion' | null;

  /** Stages with weights (percent, adding up to 100), e.g. 理论 30 / 实操 70. */
  @Column({ type: 'jsonb' })
  stages: Stage[];

  @Column({ type: 'jsonb', default: () => `'[]'::jsonb` })
  schedule: ScheduleItem[];

  /** Kept as data; registration evaluates it with libs/domain. */
  @Column({ type: 'jsonb' })
  eligibility: EligibilityRules;

  @Column({ name: 'awards_plan', type: 'jsonb' })
  awardsPlan: AwardsPlan;

  /** Budget lines in fen (分). */
  @Column({ type: 'jsonb', default: () => `'[]'::jsonb` })
  budget: BudgetLine[];

  @Column({ name: 'co_organizer_ids', type: 'uuid', array: true, default: () => `'{}'` })
  coOrganizerIds: string[];

  @Column({ type: 'text', default: '' })
  description: string;

  /** Optimistic concurrency: bumped by every change; a writer names the version it read. */
  @Column({ type: 'int', default: 1 })
  version: number;

  @Column({ name: 'created_by', type: 'uuid', nullable: true })
  createdBy: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
