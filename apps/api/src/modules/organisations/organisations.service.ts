import type { CreateOrganisationBody, Organisation, OrganisationList, OrganisationListQuery } from '@dz/contracts';
import { AuditRepository, OrganisationRepository, TransactionRunner } from '@dz/persistence';
import { Injectable } from '@nestjs/common';
import type { RequestMeta } from '../auth/auth.types';
import { actorOf, type Principal } from '../auth/principal';

@Injectable()
export class OrganisationsService {
  constructor(
    private readonly organisations: OrganisationRepository,
    private readonly audit: AuditRepository,
    private readonly transactions: TransactionRunner,
  ) {}

  async list(query: OrganisationListQuery): Promise<OrganisationList> {
    return { items: await this.organisations.list(query.kind) };
  }

  create(principal: Principal, body: CreateOrganisationBody, meta: RequestMeta): Promise<Organisation> {
    return this.transactions.run(async (tx) => {
      const organisation = await this.organisations.create(body, tx);
      await this.audit.append(
        { ...actorOf(principal), action: 'organisation.created', entityType: 'organisation', entityId: organisation.id, detail: { after: body }, ...meta },
        tx,
      );
      return organisation;
    });
  }
}
