import {
  CERTIFICATE_BACKGROUND_MAX_BYTES,
  CERTIFICATE_KIND_VALUES,
  CertificateBatchView,
  CertificateKeys,
  CertificateTemplateBody,
  CertificateTemplateList,
  CertificateVerification,
  EventCertificates,
  MyCertificates,
  RevokeCertificateBody,
  type CertificateBatchProgress,
  type CertificateBatchStatus,
  type CertificateKind,
  type EventStatus,
  type Series,
  type VerificationStatus,
} from '@dz/contracts';
import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { apiRequest } from './api';
import { createSocket } from './socket';

/**
 * Certificates (证书) on the web: query keys and queries, the live progress of a batch (socket
 * pushes merged with polling), and the plain rules the pages show (percent, which batch to
 * watch, form → body, the signed record for offline verification).
 */

/** How often a running batch is polled, as a fallback to the socket pushes. */
export const BATCH_POLL_MS = 1500;

export const eventCertificatesPrefix = (eventId: string) => ['certificates', 'event', eventId] as const;
export const eventCertificatesKey = (eventId: string, query: CertificateListState) => ['certificates', 'event', eventId, query] as const;
export const certificateBatchKey = (batchId: string) => ['certificates', 'batch', batchId] as const;
export const MY_CERTIFICATES_KEY = ['certificates', 'mine'] as const;
export const CERTIFICATE_TEMPLATES_KEY = ['certificates', 'templates'] as const;
export const CERTIFICATE_KEYS_KEY = ['certificates', 'keys'] as const;
export const verificationKey = (number: string) => ['certificates', 'verify', number] as const;

/** Event statuses whose results are final: the only ones whose certificates may exist. */
export const CERTIFICATE_STATUSES: readonly EventStatus[] = ['final', 'archived'];

export const CERTIFICATE_KIND_COLORS: Record<CertificateKind, string> = { award: 'gold', champion: 'volcano', participation: 'blue' };
export const BATCH_STATUS_COLORS: Record<CertificateBatchStatus, string> = { queued: 'default', running: 'processing', done: 'success', failed: 'error' };

/** How each verification outcome looks: a colour people read at a glance (green, red, grey). */
export const VERIFICATION_TONES: Record<VerificationStatus, { color: string; tone: 'success' | 'error' | 'neutral' }> = {
  valid: { color: '#389e0d', tone: 'success' },
  revoked: { color: '#cf1322', tone: 'error' },
  tampered: { color: '#cf1322', tone: 'error' },
  unknown: { color: '#8c8c8c', tone: 'neutral' },
  malformed: { color: '#8c8c8c', tone: 'neutral' },
};

/** The command a person runs on their own computer to check a certificate without us. */
export const OFFLINE_VERIFY_COMMAND = 'npm run verify-certificate -- 证书.json --key 公钥.pem';
export const SIGNED_RECORD_FILE = '证书.json';
export const PUBLIC_KEY_FILE = '公钥.pem';

/** The tab tells whether the bureau may issue; the list page state is in the URL-free tab. */
export interface CertificateListState {
  page: number;
  pageSize: number;
  kind?: CertificateKind;
  q?: string;
}

/** Whether the 证书 tab is shown: final (or archived) results, or the bureau (who sees why not yet). */
export function showCertificatesTab(status: EventStatus, isBureau: boolean): boolean {
  return isBureau || CERTIFICATE_STATUSES.includes(status);
}

export function batchFinished(status: CertificateBatchStatus): boolean {
  return status === 'done' || status === 'failed';
}

/**
 * Percent of the batch's certificates issued, 0–100. A finished batch with nothing to issue is
 * 100; a running one never shows 100 before the worker says done (the last chunk may be writing).
 */
export function batchPercent(view: Pick<CertificateBatchView, 'status' | 'total' | 'issued'>): number {
  if (view.status === 'done') return 100;
  if (view.total <= 0) return 0;
  const percent = Math.floor((Math.max(0, view.issued) / view.total) * 100);
  return Math.min(view.status === 'failed' ? 100 : 99, percent);
}

/**
 * Merges a socket push into the batch as last known. Pushes and polls race, so counts never go
 * backwards and a finished batch stays finished.
 */
export function mergeBatchProgress(current: CertificateBatchView, push: CertificateBatchProgress): CertificateBatchView {
  if (push.id !== current.id) return current;
  if (batchFinished(current.status) && !batchFinished(push.status)) return current;
  if (!batchFinished(push.status) && (push.issued < current.issued || push.chunksDone < current.chunksDone)) return current;
  return { ...current, ...push };
}

/**
 * The batch to follow when the tab opens: the newest one still queued or running (the bureau
 * may have started it elsewhere, or reloaded the page), else null.
 */
export function activeBatch(batches: readonly CertificateBatchView[]): CertificateBatchView | null {
  const active = batches.filter((b) => !batchFinished(b.status));
  if (active.length === 0) return null;
  return active.reduce((a, b) => (Date.parse(b.createdAt) > Date.parse(a.createdAt) ? b : a));
}

/**
 * The detail under the large status: the server's message without the status label it starts
 * with (the label is the heading), or null when nothing is left (a revocation shows its reason
 * and date on their own lines).
 */
export function verificationDetail(v: { status: VerificationStatus; message: string }, label: string): string | null {
  if (v.status === 'revoked') return null;
  const detail = v.message.startsWith(`${label}：`) ? v.message.slice(label.length + 1) : v.message;
  return detail.trim().length > 0 && detail !== label ? detail : null;
}

/** Certificates counted by kind, in the contract's order, with zero for a kind the event has none of. */
export function kindCounts(byKind: Partial<Record<CertificateKind, number>>): { kind: CertificateKind; count: number }[] {
  return CERTIFICATE_KIND_VALUES.map((kind) => ({ kind, count: byKind[kind] ?? 0 }));
}

/** The list's query string: the search trimmed, empty values left out (the API's defaults apply). */
export function listQuery(state: CertificateListState): Record<string, string | number | undefined> {
  const q = state.q?.trim();
  return { page: state.page, pageSize: state.pageSize, kind: state.kind, q: q ? q : undefined };
}

/**
 * A number as typed or scanned: no spaces anywhere (people copy it with some) and upper case
 * (numbers are `DZ2026A0001234X`: digits and capitals only), empty → null.
 */
export function normaliseNumber(input: string | null | undefined): string | null {
  const n = (input ?? '').replace(/[\s\u3000]+/g, '').toUpperCase();
  return n.length > 0 ? n : null;
}

/** The page that verifies `number` (what the QR code opens). */
export function verifyPath(number: string): string {
  return `/verify/${encodeURIComponent(number)}`;
}

/** The download name of a certificate's PDF: `证书-DZ2026000123.pdf`. */
export function certificateFileName(cert: { number: string; personName?: string }): string {
  return cert.personName ? `证书-${cert.number}-${cert.personName}.pdf` : `证书-${cert.number}.pdf`;
}

/** `一等奖 · 技能达人`: the award and titles a certificate states, or `—`. */
export function awardText(cert: { award: string | null; titles: readonly string[] }): string {
  const parts = [cert.award, ...cert.titles].filter((p): p is string => Boolean(p));
  return parts.length > 0 ? parts.join(' · ') : '—';
}

export interface SignedRecord {
  content: unknown;
  signature: string;
  keyId: string;
}

/**
 * The signed record of a verification reply, for offline checking: `content`, `signature` and
 * `keyId` exactly as the API sent them (the raw JSON, not the parsed view, so no field is
 * dropped or reordered), or null when the reply carries no signed content (unknown, malformed).
 */
export function signedRecordOf(raw: unknown): SignedRecord | null {
  if (typeof raw !== 'object' || raw === null) return null;
  const { content, signature, keyId } = raw as Record<string, unknown>;
  if (typeof content !== 'object' || content === null || Array.isArray(content)) return null;
  if (typeof signature !== 'string' || signature.length === 0) return null;
  if (typeof keyId !== 'string' || keyId.length === 0) return null;
  return { content, signature, keyId };
}

/** The file people save: the record as indented JSON, with a final newline. */
export function signedRecordJson(record: SignedRecord): string {
  return `${JSON.stringify({ content: record.content, signature: record.signature, keyId: record.keyId }, null, 2)}\n`;
}

/** The public key that signed with `keyId`, from every key ever used; null when unknown. */
export function publicKeyFor(keys: CertificateKeys | undefined, keyId: string | null | undefined): string | null {
  if (!keys || !keyId) return null;
  return keys.keys.find((k) => k.keyId === keyId)?.publicKeyPem ?? null;
}

type Parsed<T> = { ok: true; body: T } | { ok: false; errors: Record<string, string> };

function issuesOf(error: { issues: readonly { path: readonly PropertyKey[]; message: string }[] }): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const issue of error.issues) errors[String(issue.path[0] ?? '_')] ??= issue.message;
  return errors;
}

/** The 撤销 form → the body of POST /certificates/:id/revocation. */
export function revokeBody(reason: string | null | undefined): Parsed<RevokeCertificateBody> {
  const parsed = RevokeCertificateBody.safeParse({ reason: reason ?? '' });
  return parsed.success ? { ok: true, body: parsed.data } : { ok: false, errors: issuesOf(parsed.error) };
}

/** A background image's check before it is sent (the server reads the bytes again); null when fine. */
export function backgroundProblem(file: { name: string; size: number; type: string }): string | null {
  const byType = file.type === 'image/png' || file.type === 'image/jpeg';
  const byName = /\.(png|jpe?g)$/i.test(file.name);
  if (!byType && !(file.type === '' && byName)) return '背景图须为 PNG 或 JPEG 图片';
  if (file.size > CERTIFICATE_BACKGROUND_MAX_BYTES) return `背景图不能超过 ${Math.round(CERTIFICATE_BACKGROUND_MAX_BYTES / 1024 / 1024)} MB`;
  return null;
}

export interface TemplateFormValues {
  title: string;
  body: string;
  signatureLine: string;
  version: number;
  removeBackground: boolean;
}

/**
 * The template form → the multipart body of PUT /certificate-templates/:series/:kind (the
 * contract's fields as strings, plus `background` when a new image is picked), or the problems
 * by field (`title`, `body`, `signatureLine`, `background`).
 */
export function templateFormData(values: TemplateFormValues, background: File | null): Parsed<FormData> {
  const parsed = CertificateTemplateBody.safeParse({
    title: values.title,
    body: values.body,
    signatureLine: values.signatureLine,
    version: String(values.version),
    removeBackground: values.removeBackground && !background ? 'true' : 'false',
  });
  const errors: Record<string, string> = parsed.success ? {} : issuesOf(parsed.error);
  const problem = background ? backgroundProblem(background) : null;
  if (problem) errors.background = problem;
  if (!parsed.success || Object.keys(errors).length > 0) return { ok: false, errors };
  const form = new FormData();
  form.append('title', parsed.data.title);
  form.append('body', parsed.data.body);
  form.append('signatureLine', parsed.data.signatureLine);
  form.append('version', String(parsed.data.version));
  form.append('removeBackground', String(parsed.data.removeBackground));
  if (background) form.append('background', background, background.name);
  return { ok: true, body: form };
}

/**
 * What a placeholder tag inserts: the API's placeholder as given when it is already a token
 * (`{姓名}`, `{{personName}}`), a bare name wrapped in double braces.
 */
export function placeholderToken(placeholder: string): string {
  return /[{}]/.test(placeholder) ? placeholder : `{{${placeholder}}}`;
}

/**
 * `text` with `token` put in place of the selection [start, end) (the caret when equal), and the
 * caret just after it. Out-of-range positions are clamped (a stale selection after an edit).
 */
export function insertAt(text: string, token: string, start: number, end: number = start): { text: string; caret: number } {
  const a = Math.max(0, Math.min(text.length, Math.min(start, end)));
  const b = Math.max(a, Math.min(text.length, Math.max(start, end)));
  return { text: text.slice(0, a) + token + text.slice(b), caret: a + token.length };
}

/** Templates of one series, in the contract's kind order. */
export function templatesOf<T extends { series: Series; kind: CertificateKind }>(items: readonly T[], series: Series): T[] {
  return CERTIFICATE_KIND_VALUES.map((kind) => items.find((t) => t.series === series && t.kind === kind)).filter((t): t is T => t !== undefined);
}

// ── queries ──

/**
 * An event's certificates, a page at a time. With `pollWhileIssuing` (staff who cannot read a
 * batch on its own) the list is polled while one of its batches runs.
 */
export function useEventCertificates(eventId: string, state: CertificateListState, options: { pollWhileIssuing?: boolean } = {}) {
  return useQuery({
    queryKey: eventCertificatesKey(eventId, state),
    queryFn: ({ signal }) => apiRequest(`/api/events/${eventId}/certificates`, EventCertificates, { signal, query: listQuery(state) }),
    placeholderData: keepPreviousData,
    refetchInterval: (q) => (options.pollWhileIssuing && q.state.data && activeBatch(q.state.data.batches) ? BATCH_POLL_MS * 2 : false),
    retry: false,
  });
}

/**
 * One batch as it runs: the socket's `certificates.progress` pushes (to the bureau's user room
 * and, once joined with `event.watch_staff`, the event's staff room) update it at once, and it is
 * polled every 1.5 s until done or failed, in case the socket is down or a push was missed.
 */
export function useCertificateBatch(batchId: string | null, eventId: string) {
  const queryClient = useQueryClient();
  const query = useQuery({
    queryKey: certificateBatchKey(batchId ?? ''),
    queryFn: ({ signal }) => apiRequest(`/api/certificate-batches/${batchId}`, CertificateBatchView, { signal }),
    enabled: batchId !== null,
    refetchInterval: (q) => (q.state.data && batchFinished(q.state.data.status) ? false : BATCH_POLL_MS),
  });
  const finished = query.data ? batchFinished(query.data.status) : false;

  useEffect(() => {
    if (batchId === null || finished) return;
    const socket = createSocket();
    socket.on('connect', () => {
      // The staff room also reaches the event's department; a refusal leaves the user room.
      socket.emit('event.watch_staff', { eventId }, () => undefined);
    });
    socket.on('certificates.progress', (push) => {
      queryClient.setQueryData<CertificateBatchView>(certificateBatchKey(batchId), (current) => (current ? mergeBatchProgress(current, push) : current));
    });
    socket.connect();
    return () => {
      socket.off('connect');
      socket.off('certificates.progress');
      socket.disconnect();
    };
  }, [batchId, eventId, finished, queryClient]);

  return query;
}

export function useMyCertificates(enabled = true) {
  return useQuery({
    queryKey: MY_CERTIFICATES_KEY,
    queryFn: ({ signal }) => apiRequest('/api/certificates/mine', MyCertificates, { signal }),
    enabled,
  });
}

export function useCertificateVerification(number: string | null) {
  return useQuery({
    queryKey: verificationKey(number ?? ''),
    queryFn: ({ signal }) => apiRequest(`/api/public/certificates/${encodeURIComponent(number ?? '')}`, CertificateVerification, { signal }),
    enabled: number !== null,
    retry: false,
  });
}

export function useCertificateKeys(enabled = true) {
  return useQuery({
    queryKey: CERTIFICATE_KEYS_KEY,
    queryFn: ({ signal }) => apiRequest('/api/public/certificates/keys', CertificateKeys, { signal }),
    enabled,
    staleTime: 10 * 60_000,
    retry: false,
  });
}

export function useCertificateTemplates(enabled = true) {
  return useQuery({
    queryKey: CERTIFICATE_TEMPLATES_KEY,
    queryFn: ({ signal }) => apiRequest('/api/certificate-templates', CertificateTemplateList, { signal }),
    enabled,
  });
}

/** Hands `text` to the browser's download as `name` (a file the page made, not one from the API). */
export function saveTextFile(name: string, text: string, type: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  try {
    const link = document.createElement('a');
    link.href = url;
    link.download = name;
    link.rel = 'noopener';
    document.body.append(link);
    link.click();
    link.remove();
  } finally {
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  }
}

/**
 * The signed record of certificate `number`, read from the public API's raw JSON (not the parsed
 * view, which would drop a field the web does not know and so break the signature); null when
 * the reply has none.
 */
export async function fetchSignedRecord(number: string): Promise<SignedRecord | null> {
  const res = await fetch(`/api/public/certificates/${encodeURIComponent(number)}`, { headers: { Accept: 'application/json' }, credentials: 'omit' });
  if (!res.ok) return null;
  return signedRecordOf(await res.json().catch(() => null));
}

/** The PEM of the key that signed (`keyId`), from the list of every key; else the current key.pem. */
export async function fetchPublicKeyPem(keyId: string | null, keys: CertificateKeys | undefined): Promise<string | null> {
  const known = publicKeyFor(keys, keyId);
  if (known) return known;
  const res = await fetch('/api/public/certificates/key.pem', { headers: { Accept: 'application/x-pem-file, text/plain' }, credentials: 'omit' });
  return res.ok ? res.text() : null;
}
