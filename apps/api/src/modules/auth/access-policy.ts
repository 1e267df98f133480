import type { Role } from '@dz/contracts';
import { SetMetadata } from '@nestjs/common';

/**
 * Who may call a route or socket event, declared where it is defined. The AccessGuard enforces
 * it, a route without one is refused (default deny), and the authorization matrix test reads
 * the same metadata.
 */
export type AccessPolicy =
  | { kind: 'public' }
  | { kind: 'signed_in' }
  | { kind: 'roles'; roles: readonly Role[]; scope?: OrganisationScope };

/**
 * Data owned by an organisation: the route parameter `param` names a `resource` whose owning
 * organisation must be one the caller holds an allowed role in, unless the caller holds one
 * of `everywhere` (the bureau sees every department's events).
 */
export interface OrganisationScope {
  resource: ScopedResource;
  param: string;
  everywhere: readonly Role[];
}
/** Resources owned through their event: an entry, an import, a draw. */
export type ScopedResource = 'event' | 'entry' | 'import' | 'draw';

export const ACCESS_POLICY = 'dz:access-policy';

export const Public = () => SetMetadata(ACCESS_POLICY, { kind: 'public' } satisfies AccessPolicy);
export const SignedIn = () => SetMetadata(ACCESS_POLICY, { kind: 'signed_in' } satisfies AccessPolicy);
export const Roles = (roles: readonly Role[], scope?: OrganisationScope) =>
  SetMetadata(ACCESS_POLICY, { kind: 'roles', roles, scope } satisfies AccessPolicy);

/** Roles of the bureau's staff, who sign in with a second factor. */
export const SECOND_FACTOR_ROLES: readonly Role[] = ['bureau_admin', 'security_admin', 'auditor'];
