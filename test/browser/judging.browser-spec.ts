import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import request from 'supertest';
import { createJudges, JUDGE_PASSWORD, runningEvent, schemeBody, type RunningEvent, type TestJudge } from '../factories/judging.factory';
import { startTestApi, type TestApi } from '../setup/api-app';
import { bearer, signIn as signInApi } from '../setup/auth';
import { confirmPopconfirm, launchBrowser, screenshotPath } from './support/browser';
import { signIn } from './support/login';

const STAGE = '实操';
const TITLE = '技能达人擂台赛·焊工（平板评分）';
/** A tablet in landscape, as the judges hold it. */
const TABLET_VIEWPORT = { width: 1024, height: 768 } as const;

/** An antd InputNumber: the test id may sit on the input or on its wrapper. */
const inputOf = (locator: Locator): Locator => locator.locator('xpath=descendant-or-self::input').first();

/**
 * Judging (评分) on the tablet, end to end: a judge enters marks while the tablet is offline
 * (they wait as 待发送), the connection comes back and each mark reaches the server exactly once
 * (已保存); the chief judge signs the sheet off; the judge proposes a correction with a reason,
 * the chief approves it, the total changes and the history keeps both rows.
 */
describe('judging on the tablet, through a dropped connection to an approved correction', () => {
  jest.setTimeout(240_000);
  let api: TestApi;
  let browser: Browser;
  let running: RunningEvent;
  let chief: TestJudge;
  let judge: TestJudge;
  const contexts: BrowserContext[] = [];
  const pageErrors: string[] = [];

  beforeAll(async () => {
    api = await startTestApi({ seed: true });
    browser = await launchBrowser();
    const organiser = (await signInApi(api.baseUrl, 'jingxin')).accessToken;
    running = await runningEvent(api, { count: 2, firstIndex: 8100, title: TITLE });
    await request(api.baseUrl)
      .put(`/api/events/${running.event.id}/schemes/${encodeURIComponent(STAGE)}`)
      .set(bearer(organiser))
      .send(schemeBody({ measurement: 1, judgement: 1 }))
      .expect(200);
    [chief, judge] = await createJudges(api, 2, { prefix: 'tablet' });
    for (const [who, role] of [
      [chief, 'chief'],
      [judge, 'judge'],
    ] as const) {
      await request(api.baseUrl)
        .post(`/api/events/${running.event.id}/judges`)
        .set(bearer(organiser))
        .send({ judgeUserId: who.userId, role, employer: '达州职业技术学院' })
        .expect(200);
    }
  });

  afterAll(async () => {
    for (const context of contexts) await context.close();
    await browser?.close();
    await api?.close();
  });

  const shoot = async (page: Page, name: string) => {
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: screenshotPath(name), fullPage: true });
  };

  const newPage = async (): Promise<{ page: Page; context: BrowserContext }> => {
    const context = await browser.newContext({ viewport: TABLET_VIEWPORT, locale: 'zh-CN', timezoneId: 'Asia/Shanghai', hasTouch: true });
    contexts.push(context);
    const page = await context.newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message));
    return { page, context };
  };

  const marksInDb = async (): Promise<{ kind: string; aspect_key: string; value: number; keys: number }[]> =>
    api.dataSource.query(
      `SELECT kind, aspect_key, value, count(DISTINCT idempotency_key)::int AS keys FROM mark WHERE event_id = $1 GROUP BY kind, aspect_key, value, entry_id ORDER BY aspect_key, value`,
      [running.event.id],
    );

  const card = (page: Page, code: string) => page.locator(`[data-testid="judge-entry"][data-code="${code}"]`);
  const stateOf = (page: Page, code: string, aspect: string) => card(page, code).getByTestId(`aspect-${aspect}-state`);

  let tablet: Page;
  let tabletContext: BrowserContext;
  let chiefPage: Page;

  it('should keep marks entered offline as 待发送 and store each exactly once when the tablet is back online', async () => {
    ({ page: tablet, context: tabletContext } = await newPage());
    await signIn(tablet, api.baseUrl, { account: judge.username, password: JUDGE_PASSWORD });
    await tablet.getByTestId('nav-judging').click();
    await tablet.getByTestId('judge-task').filter({ hasText: TITLE }).getByTestId('open-sheet').click();
    await tablet.waitForURL(`${api.baseUrl}/judge/events/${running.event.id}`);
    await tablet.locator('[data-testid="connection"][data-state="online"]').waitFor();

    const [first, second] = running.entries;
    // The maximum is shown beside each aspect.
    expect(await card(tablet, first.judgingCode).getByTestId('aspect-A1-max').innerText()).toBe('满分 10.00');

    await tabletContext.setOffline(true);
    await tablet.locator('[data-testid="connection"][data-state="offline"]').waitFor();

    // Above the maximum: checked on the tablet, in Chinese, before anything is queued.
    await inputOf(card(tablet, first.judgingCode).getByTestId('aspect-A1-input')).fill('12');
    await card(tablet, first.judgingCode).getByTestId('aspect-A1-submit').click();
    expect(await card(tablet, first.judgingCode).getByTestId('aspect-A1-error').innerText()).toContain('满分 10.00');

    for (const [entry, measured, points] of [
      [first, '8', '2'],
      [second, '7.5', '3'],
    ] as const) {
      const c = card(tablet, entry.judgingCode);
      await inputOf(c.getByTestId('aspect-A1-input')).fill(measured);
      await c.getByTestId('aspect-B1-input').getByText(points, { exact: true }).click();
      if (entry === second) await shoot(tablet, 'judging-tablet-entering');
      await c.getByTestId('entry-submit').click();
      for (const aspect of ['A1', 'B1']) {
        await stateOf(tablet, entry.judgingCode, aspect).and(tablet.locator('[data-state="queued"]')).waitFor();
        expect(await stateOf(tablet, entry.judgingCode, aspect).innerText()).toBe('待发送');
      }
    }
    expect(await tablet.getByTestId('queued-count').innerText()).toBe('待发送 4 条');
    expect(await marksInDb()).toEqual([]);
    await shoot(tablet, 'judging-tablet-offline');

    await tabletContext.setOffline(false);
    for (const entry of [first, second]) {
      for (const aspect of ['A1', 'B1']) {
        await stateOf(tablet, entry.judgingCode, aspect).and(tablet.locator('[data-state="saved"]')).waitFor({ timeout: 30_000 });
        expect(await stateOf(tablet, entry.judgingCode, aspect).innerText()).toBe('已保存');
      }
    }
    await tablet.locator('[data-testid="aspect-A1-value"]').nth(1).waitFor();
    expect(await card(tablet, second.judgingCode).getByTestId('aspect-A1-value').innerText()).toBe('7.50');
    expect(await tablet.getByTestId('queued-count').innerText()).toBe('待发送 0 条');
    // Each mark once: one row per mark, each with its own key.
    expect(await marksInDb()).toEqual([
      { kind: 'original', aspect_key: 'A1', value: 750, keys: 1 },
      { kind: 'original', aspect_key: 'A1', value: 800, keys: 1 },
      { kind: 'original', aspect_key: 'B1', value: 200, keys: 1 },
      { kind: 'original', aspect_key: 'B1', value: 300, keys: 1 },
    ]);

    // Blind judging: codes only, never a contestant's name.
    const text = await tablet.locator('body').innerText();
    for (const c of running.entries) expect(text).toContain(c.judgingCode);
    for (const i of [8100, 8101]) expect(text).not.toContain(`选手${i}`);
    await shoot(tablet, 'judging-tablet-saved');
  });

  it('should let the chief judge see the marks side by side and sign the first sheet off', async () => {
    ({ page: chiefPage } = await newPage());
    await signIn(chiefPage, api.baseUrl, { account: chief.username, password: JUDGE_PASSWORD });
    await chiefPage.goto(`${api.baseUrl}/judge/events/${running.event.id}`);
    await chiefPage.getByTestId('open-review').click();
    await chiefPage.waitForURL(`${api.baseUrl}/judge/events/${running.event.id}/review`);
    const row = chiefPage.locator(`[data-testid="board-row"][data-code="${running.entries[0].judgingCode}"]`);
    await row.waitFor();
    // 8 marks + 2 of 3 points on a 10-mark aspect (6.67).
    expect(await row.getByTestId('entry-total').innerText()).toBe('14.67');
    expect(await row.getByTestId('cell-A1').innerText()).toContain(judge.name);
    // The time the entry took (用时), for the tie-break: 1 h 2 min 3 s; 0 is refused in Chinese.
    expect(await row.getByTestId('entry-time').innerText()).toBe('—');
    await row.getByTestId('record-time').click();
    await chiefPage.getByTestId('time-s').waitFor();
    await chiefPage.locator('.ant-modal').getByRole('button', { name: '记录' }).click();
    expect(await chiefPage.getByTestId('time-error').innerText()).toContain('用时须大于 0 秒');
    await inputOf(chiefPage.getByTestId('time-h')).fill('1');
    await inputOf(chiefPage.getByTestId('time-m')).fill('2');
    await inputOf(chiefPage.getByTestId('time-s')).fill('3');
    await chiefPage.locator('.ant-modal').getByRole('button', { name: '记录' }).click();
    await row.getByTestId('entry-time').filter({ hasText: '1时02分03秒' }).waitFor();
    await shoot(chiefPage, 'judging-chief-time');
    await row.getByTestId('signoff').click();
    await confirmPopconfirm(chiefPage, '签字确认');
    await row.getByTestId('signed-off').waitFor();
    // Signed off: the time stands.
    expect(await row.getByTestId('record-time').count()).toBe(0);
    expect(await chiefPage.getByTestId('chain-result').getAttribute('data-ok')).toBe('true');
  });

  it('should take a correction with a reason from the tablet and, once the chief approves it, change the total and keep both rows', async () => {
    const code = running.entries[0].judgingCode;
    await tablet.reload();
    await card(tablet, code).getByTestId('entry-signed-off').waitFor();
    await card(tablet, code).getByTestId('aspect-A1-correct').click();
    await inputOf(tablet.getByTestId('correction-value')).fill('9');
    await tablet.getByTestId('correction-reason').fill('复核卡尺读数，原记录少记 1 分');
    await tablet.getByTestId('correction-submit').click();
    await card(tablet, code).getByTestId('aspect-A1-pending').waitFor();
    expect(await card(tablet, code).getByTestId('aspect-A1-pending').innerText()).toContain('9.00');

    await chiefPage.reload();
    const correction = chiefPage.getByTestId('correction-row');
    await correction.waitFor();
    expect(await correction.innerText()).toContain('复核卡尺读数');
    await shoot(chiefPage, 'judging-chief-review');
    await correction.getByTestId('correction-approve').click();
    await confirmPopconfirm(chiefPage, '批准');
    const row = chiefPage.locator(`[data-testid="board-row"][data-code="${code}"]`);
    await row.getByTestId('entry-total').filter({ hasText: '15.67' }).waitFor();
    await chiefPage.getByTestId('pending-corrections').getByText('没有待处理的更正').waitFor();
    await chiefPage.getByTestId('chain-verify').click();
    await chiefPage.locator('[data-testid="chain-result"][data-ok="true"]').filter({ hasText: '已核验 6 条' }).waitFor();
    await shoot(chiefPage, 'judging-chief-approved');

    await tablet.reload();
    await card(tablet, code).getByTestId('aspect-A1-value').filter({ hasText: '9.00' }).waitFor();
    await card(tablet, code).getByTestId('history-toggle').click();
    const history = card(tablet, code).getByTestId('history-row');
    await history.first().waitFor();
    const kinds = await history.evaluateAll((rows) => rows.map((r) => r.getAttribute('data-kind')));
    expect(kinds.filter((k) => k?.startsWith('correction') || k === 'original')).toEqual(
      expect.arrayContaining(['original', 'correction', 'correction_approval']),
    );
    const historyText = await card(tablet, code).getByTestId('mark-history').innerText();
    expect(historyText).toContain('8.00');
    expect(historyText).toContain('9.00');
    expect(historyText).toContain('复核卡尺读数，原记录少记 1 分');
    const text = await tablet.locator('body').innerText();
    for (const i of [8100, 8101]) expect(text).not.toContain(`选手${i}`);
    await shoot(tablet, 'judging-tablet-corrected');
    expect(pageErrors).toEqual([]);
  });
});
