import type { Page } from 'playwright-core';

/** What the login page of apps/web shows people; one place, so a wording change is one edit. */
export const LOGIN_UI = {
  account: '请输入账号或手机号',
  password: '请输入密码',
  code: '请输入 6 位动态验证码',
  recoveryCode: '请输入恢复码',
  submit: '登录',
  verify: '验证并登录',
  enrollSubmit: '完成设置并登录',
  useRecoveryCode: '使用恢复码',
} as const;

export interface SignInOptions {
  account: string;
  password: string;
  /**
   * The 6-digit code for the second step, when the account has one. Called with the base32
   * secret the page shows during a first-time setup (enrollment), with `null` otherwise.
   */
  totp?: (enrollmentSecret: string | null) => string;
  /** Sign in with this recovery code instead of a 6-digit code (not during enrollment). */
  recoveryCode?: string;
}

export interface SignInResult {
  /** True when the account set up its second factor during this sign-in. */
  enrolled: boolean;
  /** The recovery codes the page showed once after enrollment (empty otherwise). */
  recoveryCodes: string[];
}

type Step = 'signed_in' | 'second_factor' | 'error';

/** Waits for what the page does after a submit: leave /login, ask for a code, or show an error. */
async function nextStep(page: Page, codePlaceholder: boolean): Promise<Step> {
  const outcomes: Promise<Step>[] = [
    page.waitForURL((url) => url.pathname !== '/login').then(() => 'signed_in' as const),
    page.getByTestId('login-error').waitFor().then(() => 'error' as const),
    page.getByTestId('recovery-codes').waitFor().then(() => 'signed_in' as const),
  ];
  if (codePlaceholder) {
    outcomes.push(page.getByPlaceholder(LOGIN_UI.code).or(page.getByPlaceholder(LOGIN_UI.recoveryCode)).first().waitFor().then(() => 'second_factor' as const));
  }
  const step = await Promise.race(outcomes);
  // The losers keep waiting until their timeout; nothing should report their rejection.
  for (const outcome of outcomes) outcome.catch(() => undefined);
  return step;
}

/**
 * Signs in through the login page at `${baseUrl}/login`, through the second step and, for a
 * first-time setup, the recovery-codes dialog. Throws with the page's error message when the
 * server refuses (wrong password, wrong code, locked account).
 */
export async function signIn(page: Page, baseUrl: string, options: SignInOptions): Promise<SignInResult> {
  await page.goto(`${baseUrl}/login`);
  await page.getByPlaceholder(LOGIN_UI.account).fill(options.account);
  await page.getByPlaceholder(LOGIN_UI.password).fill(options.password);
  await page.getByRole('button', { name: LOGIN_UI.submit, exact: true }).click();

  let step = await nextStep(page, true);
  const result: SignInResult = { enrolled: false, recoveryCodes: [] };
  if (step === 'second_factor') {
    const enrolling = (await page.getByTestId('totp-enrollment').count()) > 0;
    result.enrolled = enrolling;
    if (options.recoveryCode && !enrolling) {
      await page.getByText(LOGIN_UI.useRecoveryCode, { exact: true }).click();
      await page.getByPlaceholder(LOGIN_UI.recoveryCode).fill(options.recoveryCode);
    } else {
      if (!options.totp) throw new Error(`signIn(${options.account}): the page asks for a second factor; pass totp`);
      // The secret is shown in groups of four for typing; the copy button carries the bare one.
      const secret = enrolling ? (await page.getByTestId('totp-secret').innerText()).replace(/\s+/g, '') : null;
      await page.getByPlaceholder(LOGIN_UI.code).fill(options.totp(secret));
    }
    await page.getByRole('button', { name: enrolling ? LOGIN_UI.enrollSubmit : LOGIN_UI.verify }).click();
    step = await nextStep(page, false);
  }
  if (step === 'error') {
    throw new Error(`signIn(${options.account}): ${await page.getByTestId('login-error').innerText()}`);
  }
  if ((await page.getByTestId('recovery-codes').count()) > 0) {
    result.recoveryCodes = (await page.getByTestId('recovery-codes').locator('code').allInnerTexts()).map((c) => c.trim());
    await page.getByTestId('recovery-codes-saved').click();
    await page.waitForURL((url) => url.pathname !== '/login');
  }
  await page.getByTestId('current-user').waitFor();
  return result;
}

/** The menu entries the header shows, as their keys (`nav-home` → `home`), in order. */
export async function menuKeys(page: Page): Promise<string[]> {
  const ids = await page
    .locator('[data-testid^="nav-"]')
    .evaluateAll((links) => links.map((link) => link.getAttribute('data-testid') ?? ''));
  return ids.map((id) => id.replace(/^nav-/, ''));
}
