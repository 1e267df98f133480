import type { Organisation, OrganisationKind } from '@dz/contracts';
import { OrganisationEntity } from '../entities';
import { BaseRepository, type Tx } from '../transaction';

export class OrganisationRepository extends BaseRepository {
  async list(kind?: OrganisationKind): Promise<Organisation[]> {
    const rows = await this.manager().find(OrganisationEntity, { where: kind ? { kind } : {}, order: { kind: 'ASC', name: 'ASC' } });
    return rows.map(toOrganisation);
  }

  async findById(id: string): Promise<Organisation | null> {
    const row = await this.manager().findOne(OrganisationEntity, { where: { id } });
    return row ? toOrganisation(row) : null;
  }

  async create(input: { kind: OrganisationKind; name: string; county: string | null }, tx?: Tx): Promise<Organisation> {
    const saved = await this.manager(tx).save(this.manager(tx).create(OrganisationEntity, { ...input, code: null, parentId: null }));
    return toOrganisation(saved);
  }
}

function toOrganisation(row: OrganisationEntity): Organisation {
  return { id: row.id, kind: row.kind, name: row.name, code: row.code, county: row.county };
}
