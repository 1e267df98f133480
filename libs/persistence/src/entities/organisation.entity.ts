import type { OrganisationKind } from '@dz/contracts';
import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

@Entity({ name: 'organisation' })
export class OrganisationEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'text' })
  kind: OrganisationKind;

  @Column({ type: 'text' })
  name: string;

  /** Short stable code for seeded organisations (e.g. `dz-hrss`), null for ad-hoc ones. */
  @Column({ type: 'text', nullable: true, unique: true })
  code: string | null;

  @Column({ type: 'text', nullable: true })
  county: string | null;

  @Column({ name: 'parent_id', type: 'uuid', nullable: true })
  parentId: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
