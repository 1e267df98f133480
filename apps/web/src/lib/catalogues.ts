import { Catalogues, type Industry, type Occupation } from '@dz/contracts';
import { useQuery } from '@tanstack/react-query';
import { apiRequest } from './api';

export const CATALOGUES_KEY = ['catalogues'] as const;

/** The industry (产业) and occupation (职业) catalogues; they change rarely. */
export function useCatalogues(enabled = true) {
  return useQuery({
    queryKey: CATALOGUES_KEY,
    queryFn: ({ signal }) => apiRequest('/api/catalogues', Catalogues, { signal }),
    staleTime: 5 * 60_000,
    enabled,
  });
}

export interface IndustryNode {
  value: string;
  title: string;
  children?: IndustryNode[];
}

/**
 * The flat industry list as a tree for a TreeSelect, siblings by `sort` then name. An industry
 * whose parent is missing (or that sits in a cycle) is shown at the top level rather than lost.
 */
export function industryTree(industries: readonly Industry[]): IndustryNode[] {
  const byId = new Map(industries.map((i) => [i.id, i]));
  /** True when walking up from `industry` comes back to it. */
  const inCycle = (industry: Industry): boolean => {
    const seen = new Set<string>();
    let parentId = industry.parentId;
    while (parentId !== null && !seen.has(parentId)) {
      if (parentId === industry.id) return true;
      seen.add(parentId);
      parentId = byId.get(parentId)?.parentId ?? null;
    }
    return false;
  };
  const children = new Map<string | null, Industry[]>();
  for (const industry of industries) {
    const parentKey =
      industry.parentId !== null && byId.has(industry.parentId) && !inCycle(industry) ? industry.parentId : null;
    children.set(parentKey, [...(children.get(parentKey) ?? []), industry]);
  }
  const order = (a: Industry, b: Industry) => a.sort - b.sort || a.name.localeCompare(b.name, 'zh-CN');
  const build = (parentId: string | null, path: Set<string>): IndustryNode[] =>
    (children.get(parentId) ?? [])
      .filter((i) => !path.has(i.id))
      .sort(order)
      .map((i) => {
        const kids = build(i.id, new Set([...path, i.id]));
        return kids.length > 0 ? { value: i.id, title: i.name, children: kids } : { value: i.id, title: i.name };
      });
  return build(null, new Set());
}

/** `制造业 / 装备制造`: an industry with its ancestors; `undefined` when unknown. */
export function industryPath(industries: readonly Industry[], id: string): string | undefined {
  const byId = new Map(industries.map((i) => [i.id, i]));
  const names: string[] = [];
  const seen = new Set<string>();
  let current = byId.get(id);
  while (current && !seen.has(current.id)) {
    names.unshift(current.name);
    seen.add(current.id);
    current = current.parentId ? byId.get(current.parentId) : undefined;
  }
  return names.length > 0 ? names.join(' / ') : undefined;
}

/** Options for an occupation Select, `焊工（6-18-02-04）`, searchable by name or code. */
export function occupationOptions(occupations: readonly Occupation[]) {
  return [...occupations]
    .sort((a, b) => a.code.localeCompare(b.code))
    .map((o) => ({ value: o.code, label: `${o.name}（${o.code}）` }));
}
