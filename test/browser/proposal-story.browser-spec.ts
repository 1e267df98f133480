import { DEMO_PASSWORD } from '@dz/persistence';
import type { Browser, Page } from 'playwright-core';
import { startTestApi, type TestApi } from '../setup/api-app';
import { nextDemoTotpCode } from '../setup/auth';
import { DESKTOP_VIEWPORT, launchBrowser, PHONE_VIEWPORT, screenshotPath, settledDialog } from './support/browser';
import { signIn } from './support/login';
import { fillProposalForm, pickOption, saveProposalForm } from './support/proposal-form';

/**
 * The whole story of a proposal, in the browser: a department drafts and submits; the bureau
 * returns it with a comment on one field; the department fixes it and resubmits; the bureau
 * approves and publishes; an anonymous visitor sees it on the public list and its page.
 */
describe('a proposal from draft to the public list', () => {
  jest.setTimeout(240_000);
  let api: TestApi;
  let browser: Browser;
  const pageErrors: string[] = [];
  const TITLE = '技能达人擂台赛·焊工（高新区专场）';

  beforeAll(async () => {
    api = await startTestApi({ seed: true });
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await api?.close();
  });

  const as = async (account: string): Promise<Page> => {
    const context = await browser.newContext({ viewport: DESKTOP_VIEWPORT, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
    const page = await context.newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message));
    const code = account === 'bureau' ? await nextDemoTotpCode(api.baseUrl, account) : null;
    await signIn(page, api.baseUrl, { account, password: DEMO_PASSWORD, totp: code ? () => code : undefined });
    return page;
  };

  /** Clicks an action button of the detail page and confirms its dialog. */
  const act = async (page: Page, to: string, fill?: (page: Page) => Promise<void>) => {
    await page.getByTestId(`action-${to}`).click();
    const dialog = await settledDialog(page, page.locator(`[data-testid="transition-modal"][data-to="${to}"]`));
    await fill?.(page);
    const reply = page.waitForResponse((r) => r.url().endsWith('/transitions') && r.request().method() === 'POST');
    await dialog.getByRole('button', { name: '确定' }).click();
    const response = await reply;
    // A refused step names its reason here rather than as a timeout on the button below.
    expect({ to, status: response.status(), body: response.ok() ? null : await response.text() }).toEqual({ to, status: 200, body: null });
    await page.getByTestId(`action-${to}`).waitFor({ state: 'detached' });
  };

  const statusText = (page: Page) => page.locator('.ant-tag').first().innerText();

  it('should carry the proposal through review to the public list', async () => {
    const department = await as('jingxin');
    await department.goto(`${api.baseUrl}/proposals/new`);
    await fillProposalForm(department, {
      title: TITLE,
      industry: '智能制造',
      occupation: '焊工',
      capacity: 80,
      venue: '达州高新区职业技能实训基地',
      registrationClosesAt: '2027-05-10 18:00',
      startsAt: '2027-05-20 09:00',
    });
    await department.screenshot({ path: screenshotPath('proposal-form'), fullPage: true });
    const id = await saveProposalForm(department);
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    await act(department, 'submitted');
    expect(await statusText(department)).toContain('已申报');

    const bureau = await as('bureau');
    await bureau.goto(`${api.baseUrl}/proposals/${id}`);
    await act(bureau, 'returned', async (page) => {
      await page.getByTestId('reason-input').fill('名额与场地不匹配');
      await page.getByTestId('comment-add').click();
      await pickOption(page, 'comment-field-select', '名额');
      await page.getByTestId('comment-text').fill('场地只有 40 个工位，请将名额调整为 40 人');
    });

    await department.goto(`${api.baseUrl}/proposals/${id}`);
    const comment = department.getByTestId('field-comment-capacity');
    await comment.waitFor();
    expect(await comment.innerText()).toContain('40 个工位');
    await department.screenshot({ path: screenshotPath('proposal-returned'), fullPage: true });
    await department.getByTestId('edit-proposal').click();
    await fillProposalForm(department, { capacity: 40 });
    await saveProposalForm(department);
    await act(department, 'submitted');

    await bureau.goto(`${api.baseUrl}/proposals/${id}`);
    await act(bureau, 'approved');
    await act(bureau, 'published');
    expect(await statusText(bureau)).toContain('报名中');
    await bureau.screenshot({ path: screenshotPath('proposal-published'), fullPage: true });

    const visitor = await browser.newPage({ viewport: PHONE_VIEWPORT, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
    visitor.on('pageerror', (error) => pageErrors.push(error.message));
    await visitor.goto(`${api.baseUrl}/`);
    const card = visitor.getByTestId('event-card').filter({ hasText: TITLE });
    await card.waitFor();
    await card.getByText(TITLE).click();
    await visitor.waitForURL(`${api.baseUrl}/events/${id}`);
    await visitor.getByText('实操').first().waitFor();
    const text = await visitor.locator('body').innerText();
    expect(text).toContain('40');
    expect(text).toContain('2027年5月20日');
    expect(text).not.toContain('名额与场地不匹配');
    await visitor.screenshot({ path: screenshotPath('public-event-phone'), fullPage: true });
  });

  it('should raise no uncaught page errors', () => {
    expect(pageErrors).toEqual([]);
  });
});
