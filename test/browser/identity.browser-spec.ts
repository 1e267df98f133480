import type { Role } from '@dz/contracts';
import { DEMO_PASSWORD, DEMO_USERS } from '@dz/persistence';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import type { Browser, Page } from 'playwright-core';
import { startTestApi, type TestApi } from '../setup/api-app';
import { nextDemoTotpCode } from '../setup/auth';
import { DESKTOP_VIEWPORT, launchBrowser, PHONE_VIEWPORT, screenshotPath } from './support/browser';
import { menuKeys, signIn } from './support/login';

/** What each role sees in the header: only its own work (三员 for the bureau's staff). */
const MENUS: Record<Role, string[]> = {
  bureau_admin: ['home', 'proposals', 'catalogues', 'certificateTemplates', 'organisations', 'statistics', 'me'],
  security_admin: ['users', 'me'],
  auditor: ['audit', 'me'],
  department_organizer: ['home', 'proposals', 'organisations', 'statistics', 'me'],
  judge: ['home', 'judging', 'me'],
  contestant: ['home', 'entries', 'certificates', 'me'],
};

describe('identity pages', () => {
  jest.setTimeout(120_000);
  let api: TestApi;
  let browser: Browser;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    api = await startTestApi({ seed: true });
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await api?.close();
  });

  const newPage = async (viewport: { width: number; height: number } = DESKTOP_VIEWPORT): Promise<Page> => {
    const page = await browser.newPage({ viewport, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
    page.on('pageerror', (error) => pageErrors.push(error.message));
    return page;
  };

  // The server accepts each TOTP step once per account: every bureau sign-in of this file
  // answers with a code of a step not used before (computed before the page is opened).
  const signInAs = async (page: Page, account: string) => {
    const code = ['bureau', 'security', 'auditor'].includes(account) ? await nextDemoTotpCode(api.baseUrl, account) : null;
    return signIn(page, api.baseUrl, { account, password: DEMO_PASSWORD, totp: code ? () => code : undefined });
  };

  it('should show anonymous visitors the public menu', async () => {
    const page = await newPage();
    await page.goto(`${api.baseUrl}/`);
    await page.getByTestId('nav-login').waitFor();
    expect(await menuKeys(page)).toEqual(['home', 'login', 'signup', 'outbox']);
    await page.close();
  });

  it.each(DEMO_USERS.map((u) => [u.grants[0].role, u.username ?? u.phone ?? ''] as const))('should show %s (%s) only their menu', async (role, account) => {
    const page = await newPage();
    await signInAs(page, account);
    expect(await menuKeys(page)).toEqual(MENUS[role]);
    await page.screenshot({ path: screenshotPath(`menu-${role}`) });
    if (role !== 'auditor') {
      await page.goto(`${api.baseUrl}/audit`);
      await page.getByText('无权访问此页面').waitFor();
      expect(await page.getByText('无权访问此页面').isVisible()).toBe(true);
    }
    await page.close();
  });

  it('should let the auditor search the audit log', async () => {
    const page = await newPage();
    await signInAs(page, 'auditor');
    await page.goto(`${api.baseUrl}/audit`);
    await page.getByText('auth.login_succeeded').first().waitFor();
    expect(await page.getByText('auth.login_succeeded').count()).toBeGreaterThan(0);
    await page.screenshot({ path: screenshotPath('audit-search'), fullPage: true });
    await page.close();
  });

  it('should let the security administrator list users with personal data masked', async () => {
    const page = await newPage();
    await signInAs(page, 'security');
    await page.goto(`${api.baseUrl}/admin/users`);
    await page.getByText('李明').first().waitFor();
    const text = await page.locator('body').innerText();
    expect(text).toContain('138****0001');
    expect(text).not.toContain('13800000001');
    await page.screenshot({ path: screenshotPath('admin-users'), fullPage: true });
    await page.close();
  });

  it('should sign a contestant up on a phone with the code from the outbox', async () => {
    const page = await newPage(PHONE_VIEWPORT);
    await page.goto(`${api.baseUrl}/signup`);
    await page.getByPlaceholder(/手机号/).first().fill('13712345678');
    await page.getByRole('button', { name: /获取验证码/ }).click();
    // No worker runs in this file: read the code the notifier would send from the queue.
    let code: string | undefined;
    const redis = new Redis(api.config.REDIS_URL, { maxRetriesPerRequest: null });
    const queue = new Queue('notifications', { connection: redis, prefix: api.config.QUEUE_PREFIX });
    for (let i = 0; i < 50 && !code; i += 1) {
      const [job] = await queue.getJobs(['waiting', 'active', 'completed', 'failed', 'delayed']);
      code = (job?.data as { params?: { code?: string } } | undefined)?.params?.code;
      if (!code) await new Promise((r) => setTimeout(r, 100));
    }
    await queue.close();
    redis.disconnect();
    expect(code).toMatch(/^\d{6}$/);
    await page.getByPlaceholder('请输入 6 位短信验证码').fill(code ?? '');
    await page.getByPlaceholder('请输入真实姓名').fill('赵小红');
    await page.getByPlaceholder('请设置登录密码').fill('Welder#2026x');
    await page.getByPlaceholder('请输入 18 位身份证号').fill('511702199503151234');
    await page.screenshot({ path: screenshotPath('signup-phone'), fullPage: true });
    await page.getByRole('button', { name: '注册', exact: true }).click();
    // An ID number without the separate consent is refused on the form.
    await page.getByText(/同意/).first().waitFor();
    await page.getByTestId('id-consent').check();
    await page.getByRole('button', { name: '注册', exact: true }).click();
    const error = page.getByTestId('signup-error');
    // The demo contestant already holds this ID number: the server says so in Chinese.
    await error.waitFor();
    expect(await error.innerText()).toContain('该身份证号已注册');
    await page.getByPlaceholder('请输入 18 位身份证号').fill('');
    await page.getByRole('button', { name: '注册', exact: true }).click();
    await page.getByTestId('current-user').waitFor();
    expect(await page.getByTestId('current-user').innerText()).toContain('赵小红');
    await page.close();
  });

  it('should raise no uncaught page errors', () => {
    expect(pageErrors).toEqual([]);
  });
});
