import { residentIdCheckDigit } from '@dz/domain';
import { DEMO_EVENTS, DEMO_ORG, DEMO_PASSWORD } from '@dz/persistence';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { importRow, importWorkbook, residentId } from '../factories/registration-import.factory';
import { startTestApi, testEnvironment, type TestApi } from '../setup/api-app';
import { runNode } from '../setup/processes';
import { confirmPopconfirm, DESKTOP_VIEWPORT, launchBrowser, PHONE_VIEWPORT, screenshotPath, settledDialog } from './support/browser';
import { signIn } from './support/login';
import { pickOption } from './support/proposal-form';
import { signUpOnPage } from './support/signup';

/**
 * Registration (报名) in the browser, end to end: a new contestant signs up on a phone from the
 * event's 立即报名, registers with the eligibility check; the organising department approves the
 * entry, closes registration and draws the workstations; anyone re-checks the draw in their own
 * browser; the contestant sees the ticket's QR code; the organiser checks them in by its payload.
 */
describe('registration from 立即报名 to check-in', () => {
  jest.setTimeout(240_000);
  let api: TestApi;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  const pageErrors: string[] = [];

  // A published individual event of 市经信局 (age 18–60, employer in Dazhou; see demo-seed.ts).
  const EVENT = DEMO_EVENTS.find((e) => e.status === 'published' && e.teamSize === 1 && e.organizerOrgId === DEMO_ORG.jingxin);
  if (!EVENT) throw new Error('the demo data has no published individual event of 市经信局');
  const ID_NUMBER = `51170219960520123${residentIdCheckDigit('51170219960520123')}`;
  const PERSON = { phone: '13912340001', name: '孙小焊', password: 'Welder#2026x', idNumber: ID_NUMBER };

  beforeAll(async () => {
    api = await startTestApi({ seed: true });
    browser = await launchBrowser();
  });

  afterAll(async () => {
    for (const context of contexts) await context.close();
    await browser?.close();
    await api?.close();
  });

  /** A full-page screenshot from the top (a sticky header would otherwise land mid-page). */
  const shoot = async (page: Page, name: string) => {
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: screenshotPath(name), fullPage: true });
  };

  const newPage = async (viewport: { width: number; height: number }): Promise<Page> => {
    const context = await browser.newContext({ viewport, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
    contexts.push(context);
    const page = await context.newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message));
    return page;
  };

  let contestant: Page;
  let organiser: Page;

  it('should send an anonymous visitor through sign-up back to the registration form', async () => {
    contestant = await newPage(PHONE_VIEWPORT);
    await contestant.goto(`${api.baseUrl}/events/${EVENT.id}`);
    await contestant.getByTestId('register-button').waitFor();
    expect(await contestant.getByTestId('register-button').innerText()).toBe('立即报名');
    await shoot(contestant, 'public-event-register-phone');
    await contestant.getByTestId('register-button').click();
    await contestant.waitForURL(`${api.baseUrl}/login`);
    await contestant.getByRole('link', { name: '立即注册' }).click();
    await contestant.waitForURL(`${api.baseUrl}/signup`);
    await signUpOnPage(contestant, api, PERSON);
    await contestant.waitForURL(`${api.baseUrl}/events/${EVENT.id}/register`);
    await contestant.getByTestId('member-0-name').waitFor();
    // Prefilled from the person's own profile.
    expect(await contestant.getByTestId('member-0-name').inputValue()).toBe(PERSON.name);
    expect(await contestant.getByTestId('member-0-phone').inputValue()).toBe(PERSON.phone);
    expect(await contestant.getByTestId('member-0-idNumber').inputValue()).toBe(PERSON.idNumber);
  });

  it('should list the failing rule in Chinese, then register once eligible', async () => {
    await pickOption(contestant, 'member-0-county', '达川区');
    await contestant.getByTestId('member-0-employer').fill('达州川东机械制造有限公司');
    // The employer is not yet said to be in Dazhou: the check names that rule.
    await contestant.getByTestId('eligibility-check').click();
    const failures = contestant.getByTestId('eligibility-failures');
    await failures.waitFor();
    expect(await failures.innerText()).toContain('达州');
    await shoot(contestant, 'register-ineligible-phone');

    await contestant.getByTestId('member-0-employerInDazhou').click();
    await contestant.locator('[data-testid="eligibility-panel"][data-state="eligible"]').waitFor();
    expect(await contestant.getByTestId('eligibility-seats').innerText()).toMatch(/剩余名额 \d+ 个/);
    await shoot(contestant, 'register-phone');

    await contestant.getByTestId('register-submit').click();
    await contestant.waitForURL(`${api.baseUrl}/me/entries`);
    const card = contestant.getByTestId('entry-card').first();
    await card.waitFor();
    expect(await card.getByTestId('entry-status').innerText()).toBe('待审核');
    expect(await card.innerText()).toContain(EVENT.title);
    await shoot(contestant, 'my-entries-submitted-phone');
  });

  it('should let the organiser approve the entry with personal data masked', async () => {
    organiser = await newPage(DESKTOP_VIEWPORT);
    await signIn(organiser, api.baseUrl, { account: 'jingxin', password: DEMO_PASSWORD });
    await organiser.goto(`${api.baseUrl}/proposals/${EVENT.id}`);
    await organiser.getByTestId('manage-event').click();
    await organiser.waitForURL(`${api.baseUrl}/manage/events/${EVENT.id}`);
    const row = organiser.getByTestId('entries-table').locator('tr', { hasText: PERSON.name });
    await row.waitFor();
    const text = await organiser.locator('body').innerText();
    expect(text).toContain(`${ID_NUMBER.slice(0, 4)}**********${ID_NUMBER.slice(-4)}`);
    expect(text).not.toContain(ID_NUMBER);
    expect(text).not.toContain(PERSON.phone);
    await row.locator('input[type="checkbox"]').check();
    await organiser.getByTestId('entries-approve').click();
    await confirmPopconfirm(organiser, '通过');
    await organiser.getByTestId('decision-outcome').waitFor();
    expect(await organiser.getByTestId('decision-outcome').innerText()).toContain('已通过 1 条');
    await row.getByText('已通过').waitFor();
    await shoot(organiser, 'manage-review');
  });

  it('should import entries from Excel with live progress and a report of the bad rows', async () => {
    // The import runs in the worker: a real one, on this test's database and queue prefix.
    const worker = runNode('dist/apps/worker/src/main.js', {
      ...process.env,
      ...testEnvironment(api.database, api.secrets, api.config.QUEUE_PREFIX),
      LOG_LEVEL: 'info',
    });
    try {
      await worker.waitFor(/worker ready/);
      await organiser.getByRole('tab', { name: '批量导入' }).click();
      const wrongCheckDigit = residentId('19850101', 7).slice(0, 17) + (residentId('19850101', 7).endsWith('0') ? '1' : '0');
      const workbook = await importWorkbook([importRow(0), importRow(1), importRow(2, { 身份证号: wrongCheckDigit })]);
      await organiser
        .getByTestId('import-file')
        .locator('input[type="file"]')
        .setInputFiles({ name: '经信局报名.xlsx', mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', buffer: workbook });
      await organiser.getByTestId('import-start').click();
      await organiser.locator('[data-testid="import-progress"][data-status="done"]').waitFor({ timeout: 60_000 });
      expect(await organiser.getByTestId('import-imported').innerText()).toContain('2');
      expect(await organiser.getByTestId('import-errors').innerText()).toContain('1');
      const report = organiser.waitForEvent('download');
      await organiser.getByTestId('import-report').click();
      expect((await report).suggestedFilename()).toMatch(/\.xlsx$/);
      const template = organiser.waitForEvent('download');
      await organiser.getByTestId('import-template').click();
      expect((await template).suggestedFilename()).toMatch(/\.xlsx$/);
      await organiser.getByTestId('import-history').getByText('经信局报名.xlsx').waitFor();
      await shoot(organiser, 'manage-import');
    } finally {
      await worker.stop();
    }
  });

  it('should draw the workstations once registration is closed, and let anyone re-check the draw', async () => {
    // While registration is open the draw waits, and says why.
    await organiser.getByRole('tab', { name: '抽签' }).click();
    await organiser.getByTestId('draw-not-now').waitFor();
    await organiser.goto(`${api.baseUrl}/proposals/${EVENT.id}`);
    await organiser.getByTestId('action-registration_closed').click();
    const dialog = await settledDialog(organiser, organiser.locator('[data-testid="transition-modal"][data-to="registration_closed"]'));
    await dialog.getByRole('button', { name: '确定' }).click();
    await organiser.getByTestId('action-registration_closed').waitFor({ state: 'detached' });
    await organiser.getByTestId('manage-event').click();
    await organiser.getByRole('tab', { name: '抽签' }).click();
    await organiser.getByTestId('draw-commit-submit').click();
    await organiser.locator('[data-testid="draw-current"][data-status="committed"]').waitFor();
    await shoot(organiser, 'manage-draw-committed');
    await organiser.getByTestId('draw-run').click();
    await confirmPopconfirm(organiser, '开始抽签');
    await organiser.locator('[data-testid="draw-current"][data-status="drawn"]').waitFor();
    await organiser.getByTestId('draw-assignments').getByText(PERSON.name.slice(0, 1)).first().waitFor();
    await shoot(organiser, 'manage-draw-drawn');

    const visitor = await newPage(PHONE_VIEWPORT);
    await visitor.goto(`${api.baseUrl}/events/${EVENT.id}/draw`);
    await visitor.getByTestId('draw-seed').waitFor();
    await visitor.getByTestId('draw-local-check-run').click();
    const result = visitor.getByTestId('draw-local-result');
    await result.waitFor();
    expect(await result.getAttribute('data-matches')).toBe('true');
    expect(await result.innerText()).toContain('一致');
    // The public page never shows a whole name of anyone.
    expect(await visitor.locator('body').innerText()).not.toContain(PERSON.name);
    await shoot(visitor, 'public-draw-phone');
  });

  it('should show the contestant the ticket with its QR code and workstation', async () => {
    await contestant.reload();
    const card = contestant.getByTestId('entry-card').first();
    await card.getByTestId('entry-status').getByText('已通过').waitFor();
    await contestant.locator('[data-testid="ticket-qr"][data-ready="true"]').waitFor();
    expect(await contestant.getByTestId('ticket-qr').locator('img').count()).toBe(1);
    expect(await contestant.getByTestId('ticket-workstation').innerText()).toMatch(/\d+/);
    const pdf = contestant.waitForEvent('download');
    await contestant.getByTestId('ticket-download').click();
    expect((await pdf).suggestedFilename()).toMatch(/\.pdf$/);
    await shoot(contestant, 'my-entries-ticket-phone');
  });

  it('should check the contestant in by the payload of the ticket, once', async () => {
    const payload = await contestant.getByTestId('ticket-qr').getAttribute('data-payload');
    expect(payload).toMatch(/^DZT1\./);
    await organiser.getByRole('tab', { name: '检录' }).click();
    await organiser.getByTestId('checkin-scan').fill(payload ?? '');
    await organiser.getByTestId('checkin-scan').press('Enter');
    const result = organiser.getByTestId('checkin-result');
    await result.waitFor();
    expect(await result.getAttribute('data-already')).toBe('false');
    expect(await result.innerText()).toContain(PERSON.name);
    await organiser.getByTestId('attendance-total-checked_in').getByText('1').waitFor();
    await shoot(organiser, 'manage-checkin');

    // The same ticket again: told, not counted twice.
    await organiser.getByTestId('checkin-scan').fill(payload ?? '');
    await organiser.getByTestId('checkin-scan').press('Enter');
    await organiser.locator('[data-testid="checkin-result"][data-already="true"]').waitFor();

    // A scan of something else is refused on the page.
    await organiser.getByTestId('checkin-scan').fill('https://example.cn/not-a-ticket');
    await organiser.getByTestId('checkin-scan').press('Enter');
    await organiser.getByTestId('checkin-error').waitFor();

    await contestant.reload();
    await contestant.getByTestId('entry-attendance').getByText('已检录').waitFor();
  });

  it('should ask a team event for the team name and every member, the captain filled in', async () => {
    const team = DEMO_EVENTS.find((e) => e.status === 'published' && e.teamSize > 1);
    if (!team) throw new Error('the demo data has no published team event');
    await contestant.goto(`${api.baseUrl}/events/${team.id}/register`);
    await contestant.getByTestId('team-name').waitFor();
    expect(await contestant.locator('[data-testid^="member-"][data-testid$="-name"]').count()).toBe(team.teamSize);
    expect(await contestant.getByTestId('member-0-name').inputValue()).toBe(PERSON.name);
    expect(await contestant.getByTestId('member-1-name').inputValue()).toBe('');
    await contestant.getByTestId('register-submit').click();
    await contestant.getByText('请填写团队名称').waitFor();
    await shoot(contestant, 'register-team-phone');
  });

  it('should raise no uncaught page errors', () => {
    expect(pageErrors).toEqual([]);
  });
});
