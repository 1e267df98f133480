import type { Industry, Occupation } from '@dz/contracts';
import { IndustryEntity, OccupationEntity } from '../entities';
import { BaseRepository, type Tx } from '../transaction';

export class CatalogueRepository extends BaseRepository {
  async industries(): Promise<Industry[]> {
    const rows = await this.manager().find(IndustryEntity, { order: { sort: 'ASC', name: 'ASC' } });
    return rows.map((r) => ({ id: r.id, parentId: r.parentId, name: r.name, sort: r.sort }));
  }

  async occupations(): Promise<Occupation[]> {
    const rows = await this.manager().find(OccupationEntity, { order: { code: 'ASC' } });
    return rows.map((r) => ({ code: r.code, name: r.name }));
  }

  async industryName(id: string): Promise<string | null> {
    return (await this.manager().findOne(IndustryEntity, { where: { id } }))?.name ?? null;
  }

  async occupationName(code: string): Promise<string | null> {
    return (await this.manager().findOne(OccupationEntity, { where: { code } }))?.name ?? null;
  }

  async createIndustry(input: { parentId: string | null; name: string }, tx?: Tx): Promise<Industry> {
    const saved = await this.manager(tx).save(this.manager(tx).create(IndustryEntity, { ...input, sort: 100 }));
    return { id: saved.id, parentId: saved.parentId, name: saved.name, sort: saved.sort };
  }

  async createOccupation(input: Occupation, tx?: Tx): Promise<Occupation> {
    await this.manager(tx).insert(OccupationEntity, input);
    return input;
  }
}
