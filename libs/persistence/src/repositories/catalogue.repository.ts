import type { Industry, Occupation } from '@dz/contracts';
import { CompetitionEventEntity, IndustryEntity, OccupationEntity } from '../entities';
import { BaseRepository, type Tx } from '../transaction';

const toIndustry = (r: IndustryEntity): Industry => ({ id: r.id, parentId: r.parentId, name: r.name, sort: r.sort });

export class CatalogueRepository extends BaseRepository {
  async industries(tx?: Tx): Promise<Industry[]> {
    const rows = await this.manager(tx).find(IndustryEntity, { order: { sort: 'ASC', name: 'ASC' } });
    return rows.map(toIndustry);
  }

  async occupations(): Promise<Occupation[]> {
    const rows = await this.manager().find(OccupationEntity, { order: { code: 'ASC' } });
    return rows.map((r) => ({ code: r.code, name: r.name }));
  }

  async industryName(id: string): Promise<string | null> {
    return (await this.manager().findOne(IndustryEntity, { where: { id } }))?.name ?? null;
  }

  async occupationName(code: string, tx?: Tx): Promise<string | null> {
    return (await this.manager(tx).findOne(OccupationEntity, { where: { code } }))?.name ?? null;
  }

  /**
   * Serialises edits of the industry tree until the transaction ends, so two moves made at once
   * cannot together close a cycle that neither makes alone.
   */
  async lockIndustryTree(tx: Tx): Promise<void> {
    await tx.manager.query(`SELECT pg_advisory_xact_lock(hashtext('dz.industry_tree'))`);
  }

  async createIndustry(input: { parentId: string | null; name: string }, tx?: Tx): Promise<Industry> {
    const saved = await this.manager(tx).save(this.manager(tx).create(IndustryEntity, { ...input, sort: 100 }));
    return toIndustry(saved);
  }

  async updateIndustry(id: string, patch: { name?: string; parentId?: string | null; sort?: number }, tx: Tx): Promise<Industry> {
    await tx.manager.update(IndustryEntity, { id }, patch);
    return toIndustry(await tx.manager.findOneOrFail(IndustryEntity, { where: { id } }));
  }

  async deleteIndustry(id: string, tx: Tx): Promise<void> {
    await tx.manager.delete(IndustryEntity, { id });
  }

  /** How many events name this industry (any state, archived included). */
  countEventsInIndustry(id: string, tx?: Tx): Promise<number> {
    return this.manager(tx).count(CompetitionEventEntity, { where: { industryId: id } });
  }

  async createOccupation(input: Occupation, tx?: Tx): Promise<Occupation> {
    await this.manager(tx).insert(OccupationEntity, input);
    return input;
  }

  async updateOccupation(code: string, name: string, tx: Tx): Promise<Occupation | null> {
    const result = await tx.manager.update(OccupationEntity, { code }, { name });
    return (result.affected ?? 0) > 0 ? { code, name } : null;
  }
}
