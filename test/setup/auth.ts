import { LoginReply, SessionReply } from '@dz/contracts';
import { DEMO_PASSWORD, DEMO_TOTP_SECRET } from '@dz/persistence';
import { totpCode } from '../../apps/api/src/common/security/totp';

export interface SignedIn extends SessionReply {
  /** The refresh cookie as a Cookie header value. */
  refreshCookie: string;
}

const TOTP_STEP_MS = 30_000;

/**
 * Signs a demo account in over HTTP, answering the second factor with the demo TOTP secret.
 * A TOTP step is accepted once per user, so this tries the steps the server accepts (previous,
 * current, next) in order: up to three sign-ins of one bureau account per 30 seconds.
 */
export async function signIn(baseUrl: string, account: string, password = DEMO_PASSWORD): Promise<SignedIn> {
  const post = (path: string, body: unknown) =>
    fetch(`${baseUrl}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const first = await post('/api/auth/login', { account, password });
  if (first.status !== 200) throw new Error(`sign-in of ${account} failed: ${first.status} ${await first.text()}`);
  const reply = LoginReply.parse(await first.json());
  if (reply.status === 'ok') return { ...reply, refreshCookie: refreshCookieOf(first) };
  if (reply.status !== 'totp_required') throw new Error(`${account} has no second factor enrolled`);
  for (const offset of [-1, 0, 1]) {
    const code = totpCode(DEMO_TOTP_SECRET, Date.now() + offset * TOTP_STEP_MS);
    const second = await post('/api/auth/login/totp', { challengeToken: reply.challengeToken, code });
    if (second.status === 200) return { ...SessionReply.parse(await second.json()), refreshCookie: refreshCookieOf(second) };
  }
  throw new Error(`second factor of ${account} refused for every step`);
}

export function refreshCookieOf(response: Response): string {
  const header = response.headers.get('set-cookie') ?? '';
  const match = header.match(/dz_refresh=[^;]+/);
  return match ? match[0] : '';
}

export const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
