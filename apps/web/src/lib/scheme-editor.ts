import type { AggregationMethod, AspectKind, FieldIssue, MarkingSchemeBody, SchemeSectionBody } from '@dz/contracts';
import { formatHundredths, parseMarksText } from '@dz/domain';

/**
 * The marking-scheme (评分表) editor's model, kept apart from React so it can be tested: a draft
 * of the tree where each node has a stable id (React keys, error placement) and the marks are
 * the text the organiser typed. Text becomes hundredths only through libs/domain
 * `parseMarksText`, digit by digit — a float is never multiplied by 100.
 */

export interface AspectDraft {
  id: string;
  key: string;
  title: string;
  kind: AspectKind;
  /** Marks as typed (12.5), not hundredths. */
  marks: string;
}

export interface SectionDraft {
  id: string;
  key: string;
  title: string;
  aspects: AspectDraft[];
  sections: SectionDraft[];
}

export interface SchemeDraft {
  method: AggregationMethod;
  sections: SectionDraft[];
}

/** A problem placed on a node's field (`field` null: the node itself), or on the whole scheme (`nodeId` null). */
export interface PlacedProblem {
  nodeId: string | null;
  field: 'key' | 'title' | 'kind' | 'marks' | null;
  /** Where, for a list: 部分「A」· 评分项「A1」. */
  where: string;
  message: string;
}

let counter = 0;
const nextId = () => `n${(counter += 1)}`;

/** Hundredths as the editor shows marks: 1250 → 12.5, 1000 → 10. */
export function marksText(hundredths: number): string {
  return formatHundredths(hundredths).replace(/\.?0+$/, '');
}

export function emptyDraft(): SchemeDraft {
  return { method: 'mean', sections: [] };
}

export function draftFromScheme(scheme: { method: AggregationMethod; sections: readonly SchemeSectionBody[] }): SchemeDraft {
  const section = (s: SchemeSectionBody): SectionDraft => ({
    id: nextId(),
    key: s.key,
    title: s.title,
    aspects: s.aspects.map((a) => ({ id: nextId(), key: a.key, title: a.title, kind: a.kind, marks: marksText(a.maxMarks) })),
    sections: s.sections.map(section),
  });
  return { method: scheme.method, sections: scheme.sections.map(section) };
}

/** The draft without ids, for "has it changed" checks. */
export function draftSignature(draft: SchemeDraft): string {
  const strip = (s: SectionDraft): unknown => [s.key, s.title, s.aspects.map((a) => [a.key, a.title, a.kind, a.marks]), s.sections.map(strip)];
  return JSON.stringify([draft.method, draft.sections.map(strip)]);
}

/** Every key in the draft (sections and aspects). */
export function draftKeys(draft: SchemeDraft): Set<string> {
  const keys = new Set<string>();
  const walk = (sections: readonly SectionDraft[]) => {
    for (const s of sections) {
      keys.add(s.key.trim());
      for (const a of s.aspects) keys.add(a.key.trim());
      walk(s.sections);
    }
  };
  walk(draft.sections);
  return keys;
}

const firstFree = (keys: Set<string>, candidates: (n: number) => string): string => {
  for (let n = 1; ; n += 1) {
    const key = candidates(n);
    if (!keys.has(key)) return key;
  }
};

/** A key for a new section: A, B, C … at the top, `B.1`, `B.2` … under B. */
export function suggestSectionKey(draft: SchemeDraft, parent: SectionDraft | null): string {
  const keys = draftKeys(draft);
  if (parent) return firstFree(keys, (n) => `${parent.key.trim()}.${n}`);
  return firstFree(keys, (n) => (n <= 26 ? String.fromCharCode(64 + n) : `S${n}`));
}

/** A key for a new aspect of `section`: A1, A2 … (B.1.1, B.1.2 … when the section key ends in a digit). */
export function suggestAspectKey(draft: SchemeDraft, section: SectionDraft): string {
  const key = section.key.trim();
  return firstFree(draftKeys(draft), (n) => (/\d$/.test(key) ? `${key}.${n}` : `${key}${n}`));
}

function mapSections(sections: readonly SectionDraft[], fn: (s: SectionDraft) => SectionDraft | null): SectionDraft[] {
  const out: SectionDraft[] = [];
  for (const s of sections) {
    const mapped = fn(s);
    if (mapped) out.push({ ...mapped, sections: mapSections(mapped.sections, fn) });
  }
  return out;
}

export function findSection(draft: SchemeDraft, id: string): SectionDraft | null {
  const walk = (sections: readonly SectionDraft[]): SectionDraft | null => {
    for (const s of sections) {
      if (s.id === id) return s;
      const found = walk(s.sections);
      if (found) return found;
    }
    return null;
  };
  return walk(draft.sections);
}

/** Adds a section at the top (`parentId` null) or as the last subsection of a section. */
export function addSection(draft: SchemeDraft, parentId: string | null): SchemeDraft {
  const parent = parentId === null ? null : findSection(draft, parentId);
  const section: SectionDraft = { id: nextId(), key: suggestSectionKey(draft, parent), title: '', aspects: [], sections: [] };
  if (parent === null) return { ...draft, sections: [...draft.sections, section] };
  return { ...draft, sections: mapSections(draft.sections, (s) => (s.id === parentId ? { ...s, sections: [...s.sections, section] } : s)) };
}

export function addAspect(draft: SchemeDraft, sectionId: string, kind: AspectKind = 'measurement'): SchemeDraft {
  const section = findSection(draft, sectionId);
  if (!section) return draft;
  const aspect: AspectDraft = { id: nextId(), key: suggestAspectKey(draft, section), title: '', kind, marks: '' };
  return { ...draft, sections: mapSections(draft.sections, (s) => (s.id === sectionId ? { ...s, aspects: [...s.aspects, aspect] } : s)) };
}

export function updateSection(draft: SchemeDraft, id: string, patch: Partial<Pick<SectionDraft, 'key' | 'title'>>): SchemeDraft {
  return { ...draft, sections: mapSections(draft.sections, (s) => (s.id === id ? { ...s, ...patch } : s)) };
}

export function updateAspect(draft: SchemeDraft, id: string, patch: Partial<Omit<AspectDraft, 'id'>>): SchemeDraft {
  return {
    ...draft,
    sections: mapSections(draft.sections, (s) => (s.aspects.some((a) => a.id === id) ? { ...s, aspects: s.aspects.map((a) => (a.id === id ? { ...a, ...patch } : a)) } : s)),
  };
}

/** Removes a section (with everything under it) or an aspect. */
export function removeNode(draft: SchemeDraft, id: string): SchemeDraft {
  return {
    ...draft,
    sections: mapSections(draft.sections, (s) => (s.id === id ? null : s.aspects.some((a) => a.id === id) ? { ...s, aspects: s.aspects.filter((a) => a.id !== id) } : s)),
  };
}

/** The total (measurement and judgement maxima) and the deductions' sum, in hundredths, over the marks that parse. */
export function draftTotals(draft: SchemeDraft): { total: number; deductions: number; aspects: number; unparsed: number } {
  const totals = { total: 0, deductions: 0, aspects: 0, unparsed: 0 };
  const walk = (sections: readonly SectionDraft[]) => {
    for (const s of sections) {
      for (const a of s.aspects) {
        totals.aspects += 1;
        const parsed = parseMarksText(a.marks);
        if (!parsed.ok) totals.unparsed += 1;
        else if (a.kind === 'deduction') totals.deductions += parsed.hundredths;
        else totals.total += parsed.hundredths;
      }
      walk(s.sections);
    }
  };
  walk(draft.sections);
  return totals;
}

/**
 * The PUT body of the draft (totalMarks is the draft's total), or the marks that do not parse,
 * placed on their aspects. Keys and titles go as typed (trimmed); the server checks the rest.
 */
export function draftToBody(draft: SchemeDraft, version: number | undefined): { ok: true; body: MarkingSchemeBody } | { ok: false; problems: PlacedProblem[] } {
  const problems: PlacedProblem[] = [];
  const section = (s: SectionDraft, where: string): SchemeSectionBody => {
    const here = `${where}部分「${s.key.trim() || '未编号'}」`;
    return {
      key: s.key.trim(),
      title: s.title.trim(),
      aspects: s.aspects.map((a) => {
        const parsed = parseMarksText(a.marks);
        if (!parsed.ok) problems.push({ nodeId: a.id, field: 'marks', where: `${here} · 评分项「${a.key.trim() || '未编号'}」`, message: parsed.message });
        return { key: a.key.trim(), title: a.title.trim(), kind: a.kind, maxMarks: parsed.ok ? parsed.hundredths : 0 };
      }),
      sections: s.sections.map((child) => section(child, `${here} · `)),
    };
  };
  const sections = draft.sections.map((s) => section(s, ''));
  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, body: { ...(version === undefined ? {} : { version }), method: draft.method, totalMarks: draftTotals(draft).total, sections } };
}

const FIELDS: Record<string, PlacedProblem['field']> = { key: 'key', title: 'title', kind: 'kind', maxMarks: 'marks' };

/**
 * The server's issues (`sections.0.aspects.2.maxMarks`, from the contract or libs/domain
 * validateScheme) placed on the draft's nodes; paths that name no node (totalMarks, method,
 * sections) stay on the scheme.
 */
export function placeIssues(draft: SchemeDraft, issues: readonly FieldIssue[]): PlacedProblem[] {
  return issues.map(({ path, message }) => {
    const parts = path.split('.');
    let sections: readonly SectionDraft[] = draft.sections;
    let node: SectionDraft | AspectDraft | null = null;
    let where = '';
    let i = 0;
    while (i + 1 < parts.length && (parts[i] === 'sections' || parts[i] === 'aspects') && /^\d+$/.test(parts[i + 1])) {
      const index = Number(parts[i + 1]);
      if (parts[i] === 'sections') {
        const s: SectionDraft | undefined = sections[index];
        if (!s) break;
        node = s;
        sections = s.sections;
        where = `${where ? `${where} · ` : ''}部分「${s.key || '未编号'}」`;
      } else {
        const a: AspectDraft | undefined = node && 'aspects' in node ? node.aspects[index] : undefined;
        if (!a) break;
        node = a;
        where = `${where} · 评分项「${a.key || '未编号'}」`;
      }
      i += 2;
    }
    const field = node && i < parts.length ? (FIELDS[parts[i]] ?? null) : null;
    return { nodeId: node?.id ?? null, field, where: where || '评分表', message };
  });
}
