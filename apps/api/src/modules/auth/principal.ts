import type { Role, SessionUser } from '@dz/contracts';
import { createParamDecorator, type ExecutionContext } from '@nestjs/common';

/** The authenticated caller of a request or socket. */
export interface Principal {
  user: SessionUser;
  sessionId: string;
  roles: readonly Role[];
  organisationIds: readonly string[];
  /** Organisation ids per role, for scoped policies. */
  grants: readonly { role: Role; organisationId: string | null }[];
}

export interface RequestWithPrincipal {
  principal?: Principal;
  id?: string;
  ip?: string;
}

/** The caller, set by the AccessGuard; only on routes whose policy is not public. */
export const CurrentPrincipal = createParamDecorator((_: unknown, context: ExecutionContext): Principal => {
  const principal = context.switchToHttp().getRequest<RequestWithPrincipal>().principal;
  if (!principal) throw new Error('CurrentPrincipal used on a route without a signed-in policy');
  return principal;
});

/** Audit fields of the caller. */
export function actorOf(principal: Principal | undefined): { actorUserId: string | null; actorRoles: readonly Role[] } {
  return { actorUserId: principal?.user.id ?? null, actorRoles: principal?.roles ?? [] };
}
