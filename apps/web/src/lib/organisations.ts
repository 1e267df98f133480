import { OrganisationList, type Organisation, type OrganisationKind } from '@dz/contracts';
import { useQuery } from '@tanstack/react-query';
import { apiRequest } from './api';
import { ORGANISATION_KIND_LABELS } from './labels';

export const ORGANISATIONS_KEY = ['organisations'] as const;

/** The organisations (any signed-in staff may list them), optionally of one kind. */
export function useOrganisations(kind?: OrganisationKind, enabled = true) {
  return useQuery({
    queryKey: [...ORGANISATIONS_KEY, kind ?? 'all'],
    queryFn: ({ signal }) => apiRequest('/api/organisations', OrganisationList, { query: { kind }, signal }),
    staleTime: 60_000,
    enabled,
  });
}

/** Options for an organisation Select: `市交通运输局（行业主管部门）`, searchable by name. */
export function organisationOptions(items: readonly Organisation[] | undefined) {
  return (items ?? []).map((org) => ({
    value: org.id,
    label: `${org.name}（${ORGANISATION_KIND_LABELS[org.kind]}）`,
  }));
}
