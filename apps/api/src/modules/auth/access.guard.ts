import { AppError, ErrorCode } from '@dz/contracts';
import { AuditRepository, EventRepository, RegistrationRepository } from '@dz/persistence';
import { Injectable, Logger, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { ACCESS_POLICY, type AccessPolicy, type ScopedResource } from './access-policy';
import { bearerToken } from './bearer';
import type { Principal, RequestWithPrincipal } from './principal';
import { SessionService } from './session.service';


/**
 * Decides whether a principal may act under a policy, including on an organisation-owned
 * resource. Shared by the HTTP guard and the socket gateway, so both enforce one rule.
 */
@Injectable()
export class AccessDecider {
  constructor(
    private readonly events: EventRepository,
    private readonly registrations: RegistrationRepository,
    private readonly audit: AuditRepository,
  ) {}

  async check(policy: AccessPolicy, principal: Principal, params: Record<string, string | undefined>, where: string, correlationId: string | null): Promise<void> {
    if (policy.kind !== 'roles') return;
    const allowed = principal.grants.filter((g) => policy.roles.includes(g.role));
    if (allowed.length === 0) return this.deny(principal, where, 'role', correlationId, '当前账号无权执行此操作');
    const scope = policy.scope;
    if (!scope || allowed.some((g) => scope.everywhere.includes(g.role))) return;
    const id = params[scope.param];
    const owner = id ? await this.ownerOf(scope.resource, id) : null;
    if (!owner) throw new AppError(ErrorCode.NotFound, '数据不存在');
    if (!allowed.some((g) => g.organisationId === owner)) {
      return this.deny(principal, where, 'organisation', correlationId, '无权访问其他单位的数据');
    }
  }

  private async ownerOf(resource: ScopedResource, id: string): Promise<string | null> {
    // Only well-formed ids reach the database; anything else is simply "not found".
    if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id)) return null;
    switch (resource) {
      case 'event':
        return this.events.organizerOf(id);
      case 'entry':
      case 'import':
      case 'draw':
        return this.registrations.organizerOf(resource, id);
    }
  }

  private async deny(principal: Principal, where: string, reason: string, correlationId: string | null, message: string): Promise<never> {
    await this.audit.append({
      actorUserId: principal.user.id,
      actorRoles: principal.roles,
      action: 'authz.denied',
      result: 'denied',
      detail: { where, reason },
      correlationId,
    });
    throw new AppError(ErrorCode.Forbidden, message);
  }
}

/** The one HTTP authorization mechanism: every route declares an AccessPolicy or is refused. */
@Injectable()
export class AccessGuard implements CanActivate {
  private readonly logger = new Logger(AccessGuard.name);

  constructor(
    private readonly reflector: Reflector,
    private readonly sessions: SessionService,
    private readonly decider: AccessDecider,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const request = context.switchToHttp().getRequest<Request & RequestWithPrincipal>();
    const policy = this.reflector.getAllAndOverride<AccessPolicy | undefined>(ACCESS_POLICY, [context.getHandler(), context.getClass()]);
    if (!policy) {
      this.logger.error({ route: `${request.method} ${request.path}` }, 'route has no access policy: refused');
      throw new AppError(ErrorCode.Forbidden, '该接口未声明访问策略，已拒绝');
    }
    if (policy.kind === 'public') return true;
    const principal = await this.sessions.authenticate(bearerToken(request.headers.authorization));
    request.principal = principal;
    await this.decider.check(policy, principal, request.params as Record<string, string>, `${request.method} ${request.route?.path ?? request.path}`, request.id ? String(request.id) : null);
    return true;
  }
}
