import { PUBLIC_EVENT_STATUSES } from '@dz/contracts';
import { DEMO_EVENTS, DEMO_PASSWORD } from '@dz/persistence';
import type { Browser, Page } from 'playwright-core';
import { startTestApi, type TestApi } from '../setup/api-app';
import { DESKTOP_VIEWPORT, launchBrowser, PHONE_VIEWPORT, screenshotPath } from './support/browser';

/** The built web app, served by the real API, in Debian's Chromium. */
describe('web shell', () => {
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

  const open = async (path: string, viewport: { width: number; height: number } = DESKTOP_VIEWPORT): Promise<Page> => {
    const page = await browser.newPage({ viewport, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await page.goto(`${api.baseUrl}${path}`);
    return page;
  };

  const published = DEMO_EVENTS.filter((e) => (PUBLIC_EVENT_STATUSES as readonly string[]).includes(e.status)).sort((a, b) => a.startsAt.localeCompare(b.startsAt));

  it('should list the published demo events in Chinese on the home page', async () => {
    const page = await open('/');
    const cards = page.getByTestId('event-card');
    await cards.first().waitFor();
    expect(await cards.count()).toBe(published.length);
    const text = await page.locator('main').innerText();
    for (const event of published) expect(text).toContain(event.title);
    expect(text).not.toContain('申报草稿');
    // Dates read the Chinese way, in China time (2026-12-18T01:00Z is 2026年12月18日); the seed
    // moves the demo dates to the day it runs.
    const first = new Date(Date.parse((await (await fetch(`${api.baseUrl}/api/events/public`)).json()).items[0].startsAt) + 8 * 3600_000);
    expect(text).toContain(`${first.getUTCFullYear()}年${first.getUTCMonth() + 1}月${first.getUTCDate()}日`);
    expect(text).toContain('焊工');
    expect(text).toContain('擂台赛');
    expect(await page.locator('html').getAttribute('lang')).toBe('zh-CN');
    await page.screenshot({ path: screenshotPath('home-desktop'), fullPage: true });
    await page.close();
  });

  it('should fit a phone screen', async () => {
    const page = await open('/', PHONE_VIEWPORT);
    await page.getByTestId('event-card').first().waitFor();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await page.screenshot({ path: screenshotPath('home-phone'), fullPage: true });
    await page.close();
  });

  it('should show the server message in Chinese after a wrong password, then sign in', async () => {
    const page = await open('/login');
    await page.getByPlaceholder('请输入账号或手机号').fill('13800000001');
    await page.getByPlaceholder('请输入密码').fill('wrong-password');
    await page.getByRole('button', { name: '登录' }).click();
    const alert = page.getByTestId('login-error');
    await alert.waitFor();
    expect(await alert.innerText()).toContain('账号或密码错误');
    await page.screenshot({ path: screenshotPath('login-failed') });

    await page.getByPlaceholder('请输入密码').fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: '登录' }).click();
    await page.waitForURL(`${api.baseUrl}/`);
    await page.getByText('李明').waitFor();
    expect(await page.getByTestId('current-user').innerText()).toContain('李明');
    await page.screenshot({ path: screenshotPath('home-signed-in') });
    await page.close();
  });

  it('should validate the form with the shared contract before sending', async () => {
    const page = await open('/login');
    await page.getByRole('button', { name: '登录' }).click();
    await page.getByText('请输入账号或手机号', { exact: true }).waitFor();
    expect(await page.getByText('请输入密码', { exact: true }).isVisible()).toBe(true);
    expect(await page.getByTestId('login-error').count()).toBe(0);
    await page.close();
  });

  it('should raise no uncaught page errors', () => {
    expect(pageErrors).toEqual([]);
  });
});
