import { DEMO_PASSWORD } from '@dz/persistence';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import request from 'supertest';
import { createJudges, runningEvent, schemeBody, type RunningEvent, type TestJudge } from '../factories/judging.factory';
import { startTestApi, type TestApi } from '../setup/api-app';
import { bearer, nextDemoTotpCode, signIn as signInApi } from '../setup/auth';
import { DESKTOP_VIEWPORT, launchBrowser, screenshotPath } from './support/browser';
import { signIn } from './support/login';

const STEEL = '达州钢铁集团';

/**
 * 裁判安排 in 赛务管理: the organiser adds a judge and a chief judge, is told the server's reason
 * when a second chief is asked for, sees a judge recused (回避) from a contestant of their own
 * employer listed by judging code (never by name); the bureau lifts the recusal with a reason,
 * and the tab shows who did it and when.
 */
describe('judge assignment (裁判安排) in the event management page', () => {
  jest.setTimeout(240_000);
  let api: TestApi;
  let browser: Browser;
  let running: RunningEvent;
  let judges: TestJudge[];
  let steel: TestJudge;
  const contexts: BrowserContext[] = [];
  const pageErrors: string[] = [];

  beforeAll(async () => {
    api = await startTestApi({ seed: true });
    browser = await launchBrowser();
    const organiser = (await signInApi(api.baseUrl, 'jingxin')).accessToken;
    // Contestant 0 works at 达州钢铁集团, contestant 1 at a school.
    running = await runningEvent(api, { count: 2, firstIndex: 8200, title: '技能达人擂台赛·焊工（裁判安排）', employerOf: (i) => (i === 0 ? STEEL : '达州职业技术学院') });
    await request(api.baseUrl).put(`/api/events/${running.event.id}/schemes/${encodeURIComponent('实操')}`).set(bearer(organiser)).send(schemeBody({ measurement: 2, judgement: 1 })).expect(200);
    judges = await createJudges(api, 3, { prefix: 'tab', organisation: '达州市焊接行业协会' });
    [steel] = await createJudges(api, 1, { prefix: 'steel', organisation: STEEL });
  });

  afterAll(async () => {
    for (const context of contexts) await context.close();
    await browser?.close();
    await api?.close();
  });

  const as = async (account: string): Promise<Page> => {
    const context = await browser.newContext({ viewport: DESKTOP_VIEWPORT, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
    contexts.push(context);
    const page = await context.newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message));
    const code = account === 'bureau' ? await nextDemoTotpCode(api.baseUrl, account) : null;
    await signIn(page, api.baseUrl, { account, password: DEMO_PASSWORD, totp: code ? () => code : undefined });
    await page.goto(`${api.baseUrl}/manage/events/${running.event.id}?tab=judges`);
    await page.getByTestId('judges-table').waitFor();
    return page;
  };

  const row = (page: Page, name: string): Locator => page.getByTestId('judges-table').locator('tbody tr').filter({ hasText: name });
  const drawer = (page: Page): Locator => page.getByRole('dialog').filter({ hasText: '添加裁判' });

  /** Opens 添加裁判, searches for the judge, picks them and the role, and saves. */
  const addJudge = async (page: Page, judge: TestJudge, role: '裁判' | '裁判长') => {
    await page.getByTestId('judge-add').click();
    const d = drawer(page);
    await d.waitFor();
    await d.getByTestId('assign-judge').click();
    await page.keyboard.type(judge.username);
    await page.locator('.ant-select-item-option').filter({ hasText: judge.name }).first().click();
    await d.getByRole('radio', { name: role, exact: true }).check();
    await d.getByTestId('assign-submit').click();
  };

  it('should add a judge and a chief, refuse a second chief with the server reason, and show a recusal by judging code', async () => {
    const page = await as('jingxin');
    await page.getByText('尚未安排裁判').waitFor();

    await addJudge(page, judges[0], '裁判');
    await row(page, judges[0].name).waitFor();
    await expect(row(page, judges[0].name).textContent()).resolves.toContain('达州市焊接行业协会');
    await expect(row(page, judges[0].name).textContent()).resolves.toContain('全部选手');

    await addJudge(page, judges[1], '裁判长');
    await row(page, judges[1].name).getByText('裁判长', { exact: true }).waitFor();

    // A second chief: the drawer stays open with the server's message.
    await addJudge(page, judges[2], '裁判长');
    const problem = page.getByTestId('assign-problem');
    await problem.waitFor();
    expect(await problem.textContent()).toContain(`本赛项已有裁判长（${judges[1].name}），请先将其改为裁判`);
    await drawer(page).getByRole('button', { name: '取消' }).click();
    // The same from the table's 设为裁判长.
    await row(page, judges[0].name).getByTestId('judge-make-chief').click();
    await page.getByTestId('judges-problem').waitFor();
    expect(await page.getByTestId('judges-problem').textContent()).toContain('本赛项已有裁判长');

    // The steel works' judge: the employer comes from their judge grant, and they are recused
    // from contestant 0, listed by judging code.
    await addJudge(page, steel, '裁判');
    await drawer(page).waitFor({ state: 'hidden' });
    const recusal = row(page, steel.name).getByTestId('judge-recusal');
    await recusal.waitFor();
    const text = (await recusal.textContent()) ?? '';
    expect(text).toContain('须回避 1 名选手');
    expect(text).toContain(`${running.entries[0].judgingCode}：裁判与选手同属「${STEEL}」`);
    expect(text).not.toContain(running.entries[1].judgingCode);
    const table = (await page.getByTestId('judges-table').textContent()) ?? '';
    for (const c of running.contestants) expect(table).not.toContain(`选手${c.index}`);
    // An organiser cannot lift a recusal.
    await expect(row(page, steel.name).getByTestId('judge-override-open').count()).resolves.toBe(0);

    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: '/tmp/judges-tab.png', fullPage: true });
    await page.screenshot({ path: screenshotPath('judges-tab-organiser'), fullPage: true });

    const stored: { judge_user_id: string; role: string; recused: boolean }[] = await api.dataSource.query(
      `SELECT judge_user_id, role, recused FROM judge_assignment WHERE event_id = $1 ORDER BY created_at`,
      [running.event.id],
    );
    expect(stored).toEqual([
      { judge_user_id: judges[0].userId, role: 'judge', recused: false },
      { judge_user_id: judges[1].userId, role: 'chief', recused: false },
      { judge_user_id: steel.userId, role: 'judge', recused: true },
    ]);
  });

  it('should let the bureau lift the recusal with a required reason, and show who and when', async () => {
    const page = await as('bureau');
    await row(page, steel.name).getByTestId('judge-override-open').click();
    const modal = page.getByRole('dialog').filter({ hasText: '不回避的理由' });
    await modal.waitFor();
    expect(await modal.textContent()).toContain(`${running.entries[0].judgingCode}：裁判与选手同属「${STEEL}」`);
    await page.getByTestId('override-submit').click();
    await modal.getByText('请填写不回避的理由').waitFor();
    await page.getByTestId('override-reason').fill('该工种全市仅此一名高级考评员，经局务会研究同意');
    await page.getByTestId('override-submit').click();

    const override = row(page, steel.name).getByTestId('judge-override');
    await override.waitFor();
    const text = (await override.textContent()) ?? '';
    expect(text).toContain('已批准不回避');
    expect(text).toContain('理由：该工种全市仅此一名高级考评员，经局务会研究同意');
    expect(text).toContain('市人社局 王科长');
    expect(text).toMatch(/\d{4}年\d{1,2}月\d{1,2}日/);
    await page.screenshot({ path: screenshotPath('judges-tab-bureau'), fullPage: true });

    const [stored] = await api.dataSource.query(`SELECT recused, override_reason FROM judge_assignment WHERE event_id = $1 AND judge_user_id = $2`, [running.event.id, steel.userId]);
    expect(stored).toEqual({ recused: false, override_reason: '该工种全市仅此一名高级考评员，经局务会研究同意' });
    expect(pageErrors).toEqual([]);
  });
});
