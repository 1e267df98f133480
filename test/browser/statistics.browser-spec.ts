import { DEMO_PASSWORD, DEMO_STATISTICS_OPTIONS, planStatisticsDemo } from '@dz/persistence';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { startTestApi, type TestApi } from '../setup/api-app';
import { nextDemoTotpCode } from '../setup/auth';
import { DESKTOP_VIEWPORT, launchBrowser, screenshotPath } from './support/browser';
import { signIn } from './support/login';
import { pickOption } from './support/proposal-form';

/**
 * The bureau's dashboard (统计分析) in the browser on the demo's past editions (the seed that
 * `npm start` runs): the figures, a filter that changes them to what the generator's plan says,
 * a screenshot, and the public open-data page without signing in.
 */
describe('statistics in the browser (统计分析与开放数据)', () => {
  jest.setTimeout(300_000);
  let api: TestApi;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  const pageErrors: string[] = [];
  const plan = planStatisticsDemo(DEMO_STATISTICS_OPTIONS);
  const registeredIn = (year: number, county?: string) =>
    plan.events.filter((e) => e.year === year).flatMap((e) => e.entries).filter((x) => county === undefined || x.member.county === county).length;

  const newPage = async (): Promise<Page> => {
    const context = await browser.newContext({ viewport: DESKTOP_VIEWPORT, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
    contexts.push(context);
    const page = await context.newPage();
    page.on('pageerror', (e) => pageErrors.push(e.message));
    return page;
  };

  const figure = async (page: Page, testId: string): Promise<string> => (await page.getByTestId(testId).locator('.ant-statistic-content-value').innerText()).replace(/[,\s]/g, '');

  beforeAll(async () => {
    api = await startTestApi({ seed: true, seedOptions: { statistics: true } });
    browser = await launchBrowser();
  });

  afterAll(async () => {
    for (const c of contexts) await c.close();
    await browser?.close();
    await api?.close();
  });

  it('should show the bureau the dashboard, change with a filter, and download nothing broken', async () => {
    const page = await newPage();
    const code = await nextDemoTotpCode(api.baseUrl, 'bureau');
    await signIn(page, api.baseUrl, { account: 'bureau', password: DEMO_PASSWORD, totp: () => code });
    await page.getByTestId('nav-statistics').click();
    await page.waitForURL(/\/statistics$/);
    await page.getByTestId('stat-registered').waitFor();
    const all = Number(await figure(page, 'stat-registered'));
    // Every year: the generated past editions plus the standard demo's current events.
    expect(all).toBeGreaterThan(registeredIn(2024));

    await pickOption(page, 'filter-year', '2024年');
    await page.waitForFunction(
      ([expected]) => document.querySelector('[data-testid="stat-registered"] .ant-statistic-content-value')?.textContent?.replace(/[,\s]/g, '') === expected,
      [String(registeredIn(2024))],
    );
    expect(Number(await figure(page, 'stat-registered'))).toBe(registeredIn(2024));

    await pickOption(page, 'filter-county', '渠县');
    await page.waitForFunction(
      ([expected]) => document.querySelector('[data-testid="stat-registered"] .ant-statistic-content-value')?.textContent?.replace(/[,\s]/g, '') === expected,
      [String(registeredIn(2024, '渠县'))],
    );
    await page.getByTestId('filter-county').locator('.ant-select-clear').click({ force: true });
    await page.waitForFunction(
      ([expected]) => document.querySelector('[data-testid="stat-registered"] .ant-statistic-content-value')?.textContent?.replace(/[,\s]/g, '') === expected,
      [String(registeredIn(2024))],
    );
    // The charts drew (a canvas each) and the county chart names the counties.
    await page.getByTestId('chart-county').locator('canvas').first().waitFor();
    expect(await page.locator('canvas').count()).toBeGreaterThan(10);
    await page.waitForTimeout(800);
    await page.screenshot({ path: screenshotPath('statistics-dashboard-2024'), fullPage: true });
    expect(pageErrors).toEqual([]);
  });

  it('should show the public open data without signing in, small cells as <5', async () => {
    const page = await newPage();
    await page.goto(`${api.baseUrl}/open-data`);
    await page.getByTestId('open-registered').waitFor();
    await pickOption(page, 'open-year', '2024年');
    await page.waitForFunction(
      ([expected]) => document.querySelector('[data-testid="open-registered"] .ant-statistic-content-value')?.textContent?.replace(/[,\s]/g, '') === expected,
      [String(registeredIn(2024))],
    );
    const counts = await page.getByTestId('open-county').locator('[data-count]').evaluateAll((els) => els.map((e) => e.getAttribute('data-count')));
    expect(counts).toHaveLength(9);
    for (const c of counts) expect(c === '<5' || Number(c) === 0 || Number(c) >= 5).toBe(true);
    await page.waitForTimeout(500);
    await page.screenshot({ path: screenshotPath('statistics-open-data-2024'), fullPage: true });
    expect(pageErrors).toEqual([]);
  });
});
