import type { AuditList, AuditQuery } from '@dz/contracts';
import { AuditRepository } from '@dz/persistence';
import { Injectable } from '@nestjs/common';
import type { RequestMeta } from '../auth/auth.types';
import { actorOf, type Principal } from '../auth/principal';

@Injectable()
export class AuditService {
  constructor(private readonly audit: AuditRepository) {}

  async search(principal: Principal, query: AuditQuery, meta: RequestMeta): Promise<AuditList> {
    // The auditor's reads are themselves on record (三员: nobody is unobserved).
    await this.audit.append({ ...actorOf(principal), action: 'audit.searched', entityType: 'audit_log', detail: { query }, ...meta });
    const { items, total } = await this.audit.search(query);
    return { items: items.map((r) => ({ ...r, at: r.at.toISOString() })), total };
  }
}
