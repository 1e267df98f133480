import { useMemo } from 'react';
import { industryPath, useCatalogues } from '../../lib/catalogues';
import { useOrganisations } from '../../lib/organisations';
import type { FieldLookups } from './FieldValue';

/**
 * Names for a draft's ids and codes from the catalogues and the co-organiser list; `known`
 * fills what they lack (the proposal's own industry and occupation names, sent with it).
 */
export function useFieldLookups(known: { industryId?: string; industryName?: string | null; occupationCode?: string; occupationName?: string } = {}): FieldLookups {
  const catalogues = useCatalogues();
  const coOrganizers = useOrganisations('co_organizer');
  const { industryId, industryName, occupationCode, occupationName } = known;
  return useMemo(() => {
    const industries = catalogues.data?.industries ?? [];
    const occupations = new Map((catalogues.data?.occupations ?? []).map((o) => [o.code, o.name]));
    const organisations = new Map((coOrganizers.data?.items ?? []).map((o) => [o.id, o.name]));
    return {
      industryName: (id) => industryPath(industries, id) ?? (id === industryId ? (industryName ?? undefined) : undefined),
      occupationName: (code) => occupations.get(code) ?? (code === occupationCode ? occupationName : undefined),
      organisationName: (id) => organisations.get(id),
    };
  }, [catalogues.data, coOrganizers.data, industryId, industryName, occupationCode, occupationName]);
}
