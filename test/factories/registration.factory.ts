import type { EntryPersonBody, EventDraftBody, ProposalDetail } from '@dz/contracts';
import { residentIdCheckDigit } from '@dz/domain';
import { parseKey, PiiCipher } from '@dz/persistence';
import * as argon2 from 'argon2';
import request from 'supertest';
import type { TestApi } from '../setup/api-app';
import { bearer, sessionFor, signIn } from '../setup/auth';
import { proposalDraft } from './proposal.factory';

/**
 * A valid resident ID for test person `index` (0 … 36 499): region 511702 (通川区), a birth date
 * stepping one day per 10 people from `firstBirth`, a sequence number and its check digit.
 */
export function residentIdFor(index: number, firstBirth = Date.UTC(1985, 0, 1)): string {
  const birth = new Date(firstBirth + Math.floor(index / 10) * 86_400_000);
  const ymd = `${birth.getUTCFullYear()}${String(birth.getUTCMonth() + 1).padStart(2, '0')}${String(birth.getUTCDate()).padStart(2, '0')}`;
  const first17 = `511702${ymd}${String(100 + (index % 10)).padStart(3, '0')}`;
  return first17 + residentIdCheckDigit(first17);
}

export function phoneFor(index: number): string {
  return `139${String(index).padStart(8, '0')}`;
}

/** A person who meets the demo rules of proposalDraft() (age 18–55, 中级工–技师, employer in Dazhou). */
export function person(index: number, overrides: Partial<EntryPersonBody> = {}): EntryPersonBody {
  return {
    name: `选手${index}`,
    idNumber: residentIdFor(index),
    phone: phoneFor(index),
    county: '通川区',
    employer: '达州钢铁集团',
    employerInDazhou: true,
    skillLevel: 'senior',
    certificateNo: `S${String(index).padStart(8, '0')}`,
    occupationCode: '6-18-02-04',
    ...overrides,
  };
}

export interface Contestant {
  userId: string;
  index: number;
  token: string;
}

/**
 * `count` contestant accounts, each with its own ID number, created in the database directly
 * (sign-up by SMS is tested elsewhere) and signed in over HTTP. Their password hash uses cheap
 * argon2 parameters so hundreds of sign-ins stay quick; the API verifies whatever parameters a
 * hash carries.
 */
export async function createContestants(api: TestApi, count: number, firstIndex = 1000): Promise<Contestant[]> {
  const cipher = new PiiCipher({
    encryptionKey: parseKey(api.secrets.PII_ENCRYPTION_KEY, 'PII_ENCRYPTION_KEY'),
    hmacKey: parseKey(api.secrets.PII_HMAC_KEY, 'PII_HMAC_KEY', Buffer.from(api.secrets.PII_HMAC_KEY, 'base64').length),
  });
  const password = 'Contest#2026-ok';
  const hash = await argon2.hash(password, { type: argon2.argon2id, memoryCost: 1024, timeCost: 1, parallelism: 1 });
  const ids: { userId: string; index: number }[] = [];
  for (let i = 0; i < count; i += 1) {
    const index = firstIndex + i;
    const idNumber = residentIdFor(index);
    const [row]: { id: string }[] = await api.dataSource.query(
      `INSERT INTO app_user (display_name, phone, password_hash, id_number_enc, id_number_hmac, id_consent_version, id_consent_at, password_changed_at)
       VALUES ($1, $2, $3, $4, $5, 'pipl-id-2026-11', now(), now()) RETURNING id`,
      [`选手${index}`, phoneFor(index), hash, cipher.encrypt(idNumber), cipher.lookupHash(idNumber)],
    );
    await api.dataSource.query(`INSERT INTO role_grant (user_id, role) VALUES ($1, 'contestant')`, [row.id]);
    ids.push({ userId: row.id, index });
  }
  const contestants: Contestant[] = [];
  for (let i = 0; i < ids.length; i += 25) {
    const batch = await Promise.all(
      ids.slice(i, i + 25).map(async ({ userId, index }) => ({ userId, index, token: (await signIn(api.baseUrl, phoneFor(index), password)).accessToken })),
    );
    contestants.push(...batch);
  }
  return contestants;
}

/** A published event of the demo department 市经信局 (jingxin), through the real proposal flow. */
export async function publishedEvent(api: TestApi, overrides: Partial<EventDraftBody> = {}): Promise<ProposalDetail> {
  const department = (await signIn(api.baseUrl, 'jingxin')).accessToken;
  const bureau = (await sessionFor(api.baseUrl, 'bureau')).accessToken;
  let proposal = (await request(api.baseUrl).post('/api/proposals').set(bearer(department)).send(proposalDraft(overrides)).expect(201)).body as ProposalDetail;
  const move = async (token: string, to: string) => {
    proposal = (await request(api.baseUrl).post(`/api/proposals/${proposal.id}/transitions`).set(bearer(token)).send({ to, version: proposal.version }).expect(200)).body;
  };
  await move(department, 'submitted');
  await move(bureau, 'approved');
  await move(bureau, 'published');
  return proposal;
}

/** Moves an event on through its lifecycle (department or bureau, as the step needs). */
export async function moveEvent(api: TestApi, eventId: string, to: string, reason?: string): Promise<ProposalDetail> {
  const token = ['announce', 'under_notice', 'final'].includes(to)
    ? (await sessionFor(api.baseUrl, 'bureau')).accessToken
    : (await signIn(api.baseUrl, 'jingxin')).accessToken;
  const current = (await request(api.baseUrl).get(`/api/proposals/${eventId}`).set(bearer(token)).expect(200)).body as ProposalDetail;
  return (await request(api.baseUrl).post(`/api/proposals/${eventId}/transitions`).set(bearer(token)).send({ to, version: current.version, reason }).expect(200)).body;
}
