import { LoginReply, SessionReply } from '@dz/contracts';
import { DEMO_PASSWORD, DEMO_TOTP_SECRET } from '@dz/persistence';
import { totpCode } from '../../apps/api/src/common/security/totp';

export interface SignedIn extends SessionReply {
  /** The refresh cookie as a Cookie header value. */
  refreshCookie: string;
}

const TOTP_STEP_MS = 30_000;
const lastStep = new Map<string, number>();
const sessions = new Map<string, Promise<SignedIn>>();

/**
 * The TOTP step to answer with: the server accepts the previous, current and next step, each
 * once per user. Start at the current one (the previous may expire before the code arrives),
 * then the next, and wait for the clock when both are used.
 */
async function nextStep(key: string): Promise<number> {
  for (;;) {
    const now = Math.floor(Date.now() / TOTP_STEP_MS);
    const step = Math.max(now, (lastStep.get(key) ?? -Infinity) + 1);
    if (step <= now + 1) {
      lastStep.set(key, step);
      return step;
    }
    await new Promise((r) => setTimeout(r, (now + 1) * TOTP_STEP_MS - Date.now() + 50));
  }
}

/** The next TOTP code this process may use for a demo bureau account (waits when needed). */
export async function nextDemoTotpCode(baseUrl: string, account: string): Promise<string> {
  return totpCode(DEMO_TOTP_SECRET, (await nextStep(`${baseUrl}|${account}`)) * TOTP_STEP_MS);
}

/** Records a step a test used by hand, so the helper never answers with an older one. */
export function noteTotpStep(baseUrl: string, account: string, unixMs: number): void {
  const key = `${baseUrl}|${account}`;
  lastStep.set(key, Math.max(lastStep.get(key) ?? -Infinity, Math.floor(unixMs / TOTP_STEP_MS)));
}

/** A signed-in session per account and API, reused by tests that do not need a fresh one. */
export function sessionFor(baseUrl: string, account: string): Promise<SignedIn> {
  const key = `${baseUrl}|${account}`;
  let session = sessions.get(key);
  if (!session) {
    session = signIn(baseUrl, account);
    sessions.set(key, session);
  }
  return session;
}

/** Signs a demo account in over HTTP, answering the second factor with the demo TOTP secret. */
export async function signIn(baseUrl: string, account: string, password = DEMO_PASSWORD): Promise<SignedIn> {
  const post = (path: string, body: unknown) =>
    fetch(`${baseUrl}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const first = await post('/api/auth/login', { account, password });
  if (first.status !== 200) throw new Error(`sign-in of ${account} failed: ${first.status} ${await first.text()}`);
  const reply = LoginReply.parse(await first.json());
  if (reply.status === 'ok') return { ...reply, refreshCookie: refreshCookieOf(first) };
  if (reply.status !== 'totp_required') throw new Error(`${account} has no second factor enrolled`);
  const step = await nextStep(`${baseUrl}|${account}`);
  const code = totpCode(DEMO_TOTP_SECRET, step * TOTP_STEP_MS);
  const second = await post('/api/auth/login/totp', { challengeToken: reply.challengeToken, code });
  if (second.status !== 200) throw new Error(`second factor of ${account} refused: ${second.status} ${await second.text()}`);
  return { ...SessionReply.parse(await second.json()), refreshCookie: refreshCookieOf(second) };
}

export function refreshCookieOf(response: Response): string {
  const header = response.headers.get('set-cookie') ?? '';
  const match = header.match(/dz_refresh=[^;]+/);
  return match ? match[0] : '';
}

export const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
