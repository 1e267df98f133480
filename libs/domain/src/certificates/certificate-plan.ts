import type { EntryStanding } from '../results/results';
import { CERTIFICATE_KINDS, type CertificateKind } from './certificate-content';

/** One member of an entry, as the certificate plan needs them. */
export interface CertificatePlanMember {
  memberId: string;
  /** Stable per person: an HMAC of the resident ID number (never the number itself). */
  personKey: string;
  name: string;
  idNumberMasked: string;
}

/** One entry of a results version. */
export interface CertificatePlanRow {
  entryId: string;
  standing: EntryStanding;
  rank: number | null;
  award: string | null;
  titles: string[];
  members: CertificatePlanMember[];
}

export interface CertificatePlanInput {
  rows: CertificatePlanRow[];
  /** The arena champion's entry, or null when the event has none. */
  championEntryId: string | null;
}

/** One certificate to issue; (personKey, kind) identifies it within an event. */
export interface CertificatePlan {
  entryId: string;
  memberId: string;
  personKey: string;
  kind: CertificateKind;
  /** The entry's award (award and champion certificates); null on a participation proof. */
  award: string | null;
  /** The entry's titles (award and champion certificates); empty on a participation proof. */
  titles: string[];
  /** The entry's rank (award and champion certificates); null on a participation proof. */
  rank: number | null;
  personName: string;
  idNumberMasked: string;
}

const KIND_ORDER: Record<CertificateKind, number> = Object.fromEntries(CERTIFICATE_KINDS.map((k, i) => [k, i])) as Record<CertificateKind, number>;

const compareText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Better rank first (null last), then entry and member ids: a total order on candidates. */
function preferred(a: CertificatePlan, b: CertificatePlan): number {
  const ra = a.rank ?? Number.POSITIVE_INFINITY;
  const rb = b.rank ?? Number.POSITIVE_INFINITY;
  if (ra !== rb) return ra < rb ? -1 : 1;
  return compareText(a.entryId, b.entryId) || compareText(a.memberId, b.memberId);
}

/**
 * The certificates an event's results give: every member of a valid entry gets a participation
 * proof; members of a valid entry with an award or a title get an award certificate; members of
 * the champion's entry (if valid) get a champion certificate; absent and disqualified entries get
 * none. Never two certificates with the same (personKey, kind): should a person appear in two
 * entries, the one with the better rank wins, then the smaller entry id, then member id. The
 * result depends only on the set of rows (not their order), sorted by personKey, then kind.
 */
export function planCertificates(input: CertificatePlanInput): CertificatePlan[] {
  const chosen = new Map<string, CertificatePlan>();
  const offer = (plan: CertificatePlan) => {
    // personKey is an HMAC (hex or base64): it holds no NUL, so the pair key is unambiguous.
    const key = `${plan.personKey}\u0000${plan.kind}`;
    const current = chosen.get(key);
    if (!current || preferred(plan, current) < 0) chosen.set(key, plan);
  };

  for (const row of input.rows) {
    if (row.standing !== 'valid') continue;
    const honoured = row.award !== null || row.titles.length > 0;
    const champion = input.championEntryId !== null && row.entryId === input.championEntryId;
    for (const member of row.members) {
      const base = { entryId: row.entryId, memberId: member.memberId, personKey: member.personKey, personName: member.name, idNumberMasked: member.idNumberMasked };
      const honours = { award: row.award, titles: [...row.titles], rank: row.rank };
      offer({ ...base, kind: 'participation', award: null, titles: [], rank: null });
      if (honoured) offer({ ...base, kind: 'award', ...honours });
      if (champion) offer({ ...base, kind: 'champion', ...honours });
    }
  }

  return [...chosen.values()].sort((a, b) => compareText(a.personKey, b.personKey) || KIND_ORDER[a.kind] - KIND_ORDER[b.kind]);
}
