import type { AppealView } from '@dz/contracts';
import { maskName } from '@dz/domain';
import { DEMO_PASSWORD } from '@dz/persistence';
import type { INestApplicationContext } from '@nestjs/common';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import request from 'supertest';
import { JUDGE_PASSWORD, type JudgeSocket, type RunningEvent, type TestJudge } from '../factories/judging.factory';
import { moveEvent, phoneFor } from '../factories/registration.factory';
import { chinaDay, markedEvent } from '../factories/results.factory';
import { startTestApi, type TestApi } from '../setup/api-app';
import { bearer, nextDemoTotpCode } from '../setup/auth';
import { startTestWorker } from '../setup/worker';
import { DESKTOP_VIEWPORT, launchBrowser, PHONE_VIEWPORT, screenshotPath } from './support/browser';
import { signIn } from './support/login';
import { pickOption } from './support/proposal-form';

const TITLE = '技能达人擂台赛·焊工（成绩公示）';
const FIRST = 8800;
const CONTESTANT_PASSWORD = 'Contest#2026-ok';
/** A 1×1 PNG, as a phone photo would be. */
const PNG = Buffer.from(
  '89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d49444154789c6360f8cfc0f01f0005000201a5f6b1e20000000049454e44ae426082',
  'hex',
);

/**
 * Results (成绩) through the web against the real API and worker: the organiser computes the
 * results (the job's progress, then the table), disqualifies one entry with a reason and
 * recomputes; the bureau puts them under notice (成绩公示); a contestant files an appeal with a
 * photo from 我的报名; the chief judge upholds it in writing and cites it in a correction; the
 * contestant reads the answer; the public page shows masked names only.
 */
describe('results, notice and appeals in the browser (成绩、公示与申诉)', () => {
  jest.setTimeout(420_000);
  let api: TestApi;
  let worker: INestApplicationContext;
  let browser: Browser;
  let running: RunningEvent;
  let judges: TestJudge[];
  let sockets: JudgeSocket[] = [];
  const contexts: BrowserContext[] = [];
  const pageErrors: string[] = [];

  beforeAll(async () => {
    api = await startTestApi({ seed: true });
    worker = await startTestWorker(api);
    browser = await launchBrowser();
    // 理论 A1; 实操 A1, A2, the same from both judges: totals 90, 80, 70, 95.
    ({ running, judges, sockets } = await markedEvent(api, {
      count: 4,
      firstIndex: FIRST,
      title: TITLE,
      judgePrefix: 'resweb',
      tierCounts: [1, 1],
      marks: [
        [9, 9, 9],
        [8, 8, 8],
        [7, 7, 7],
        [9.5, 9.5, 9.5],
      ],
    }));
    await moveEvent(api, running.event.id, 'scoring_closed');
  });

  afterAll(async () => {
    for (const socket of sockets) socket.close();
    for (const context of contexts) await context.close();
    await browser?.close();
    await worker?.close();
    await api?.close();
  });

  const eventId = () => running.event.id;
  const shoot = async (page: Page, name: string) => {
    await page.evaluate(() => window.scrollTo(0, 0));
    // Let dialogs and lists finish opening or closing (endless spinners aside), so the picture shows the settled page.
    await page.waitForFunction(() =>
      document.getAnimations().every((a) => a.effect?.getTiming().iterations === Infinity || a.playState !== 'running'),
    );
    await page.screenshot({ path: screenshotPath(name), fullPage: true });
  };
  const newPage = async (viewport: { width: number; height: number } = DESKTOP_VIEWPORT): Promise<Page> => {
    const context = await browser.newContext({ viewport, locale: 'zh-CN', timezoneId: 'Asia/Shanghai', acceptDownloads: true });
    contexts.push(context);
    const page = await context.newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message));
    return page;
  };
  const rowOf = (page: Page, entry: number) => page.locator(`[data-testid="result-row"][data-entry-id="${running.entries[entry].entryId}"]`);

  let organiserPage: Page;

  it('should let the organiser compute the results with a progress bar, see the table, disqualify with a reason and recompute', async () => {
    organiserPage = await newPage();
    await signIn(organiserPage, api.baseUrl, { account: 'jingxin', password: DEMO_PASSWORD });
    await organiserPage.goto(`${api.baseUrl}/manage/events/${eventId()}?tab=results`);
    await organiserPage.getByTestId('results-tab').waitFor();
    // Nothing computed yet; the organiser has no notice form (the bureau's).
    await organiserPage.getByText('尚未计算成绩').first().waitFor();
    expect(await organiserPage.getByTestId('results-bureau').count()).toBe(0);

    await organiserPage.getByTestId('results-compute').click();
    await organiserPage.getByTestId('results-progress').waitFor();
    await organiserPage.locator('[data-testid="results-progress"][data-state="completed"]').waitFor({ timeout: 60_000 });
    await rowOf(organiserPage, 3).waitFor();
    // 95, 90, 80, 70: ranks and totals with two decimals, the plan's awards, the upgrade and nomination.
    expect(await rowOf(organiserPage, 3).getByTestId('result-rank').innerText()).toBe('1');
    expect(await rowOf(organiserPage, 3).getByTestId('result-total').innerText()).toBe('95.00');
    expect(await rowOf(organiserPage, 3).getByTestId('result-award').innerText()).toBe('一等奖');
    const top = await rowOf(organiserPage, 3).innerText();
    expect(top).toContain(`选手${FIRST + 3}`);
    expect(top).toContain('技能达人');
    expect(top).toContain('高级工 → 技师');
    expect(top).toContain('推荐');
    expect(await rowOf(organiserPage, 0).getByTestId('result-award').innerText()).toBe('二等奖');
    expect(await organiserPage.getByTestId('results-versions').innerText()).toContain('评分结束');
    // Stage columns in the event's order, with their weights.
    const head = await organiserPage.getByTestId('results-table').locator('thead').innerText();
    expect(head.indexOf('理论（30%）')).toBeGreaterThan(-1);
    expect(head.indexOf('理论（30%）')).toBeLessThan(head.indexOf('实操（70%）'));
    await shoot(organiserPage, 'results-organiser-computed');

    // 取消资格 needs a reason; then the results are stale until recomputed.
    await rowOf(organiserPage, 3).getByTestId('result-disqualify').click();
    await organiserPage.getByTestId('disqualify-submit').click();
    await organiserPage.getByText('请填写取消资格的理由').waitFor();
    await organiserPage.getByTestId('disqualify-reason').fill('携带违禁工具进入赛场');
    await organiserPage.getByTestId('disqualify-submit').click();
    await organiserPage.getByTestId('results-stale').waitFor();
    await organiserPage.getByTestId('results-stale').getByRole('button', { name: '重新计算' }).click();
    await organiserPage.getByTestId('results-apart').getByText('取消资格：携带违禁工具进入赛场').waitFor({ timeout: 60_000 });
    await organiserPage.getByTestId('results-stale').waitFor({ state: 'detached' });
    expect(await rowOf(organiserPage, 0).getByTestId('result-rank').innerText()).toBe('1');
    expect(await rowOf(organiserPage, 0).getByTestId('result-award').innerText()).toBe('一等奖');
    expect(await organiserPage.getByTestId('results-versions').innerText()).toContain('第 2 版');
    const tiers = await organiserPage.getByTestId('results-tiers').innerText();
    expect(tiers).toContain('一等奖');
    await shoot(organiserPage, 'results-organiser-recomputed');
  });

  it('should let the bureau put the latest version under notice, and keep 确定成绩 disabled with the reason', async () => {
    const bureau = await newPage();
    const code = await nextDemoTotpCode(api.baseUrl, 'bureau');
    await signIn(bureau, api.baseUrl, { account: 'bureau', password: DEMO_PASSWORD, totp: () => code });
    await bureau.goto(`${api.baseUrl}/manage/events/${eventId()}?tab=results`);
    await bureau.getByTestId('results-bureau').waitFor();
    // The period defaults to today and a week on (China days).
    expect(await bureau.getByTestId('results-finalise').isDisabled()).toBe(true);
    await bureau.getByTestId('notice-submit').click();
    await bureau.getByTestId('results-notice').filter({ hasText: '第 2 版' }).waitFor();
    await bureau.locator('[data-testid="results-event-status"][data-status="under_notice"]').waitFor();
    const [y, m, d] = chinaDay(7).split('-').map(Number);
    expect(await bureau.getByTestId('results-notice').innerText()).toContain(`${y}年${m}月${d}日`);
    expect(await bureau.getByTestId('results-finalise').isDisabled()).toBe(true);
    expect(await bureau.getByTestId('finalise-blocker').innerText()).toContain('期满后才能确定成绩');
    await shoot(bureau, 'results-bureau-notice');
  });

  let contestant: Page;
  let appealId: string;

  it('should let the contestant file an appeal with a photo from 我的报名', async () => {
    contestant = await newPage(PHONE_VIEWPORT);
    await signIn(contestant, api.baseUrl, { account: phoneFor(FIRST + 2), password: CONTESTANT_PASSWORD });
    await contestant.goto(`${api.baseUrl}/me/entries`);
    const results = contestant.getByTestId('entry-results');
    await results.waitFor();
    expect(await results.innerText()).toContain('成绩公示中');
    await results.getByTestId('appeal-open').click();
    const modal = contestant.getByRole('dialog');
    await modal.getByTestId('appeal-reason').fill('有误');
    await modal.getByTestId('appeal-submit').click();
    await modal.getByText('申诉理由至少 10 个字').waitFor();
    await modal.getByTestId('appeal-reason').fill('实操第一项测量有误，量具读数应为 9.5，请复核');
    await modal.locator('input[type="file"]').setInputFiles({ name: '量具读数.png', mimeType: 'image/png', buffer: PNG });
    await modal.getByText('量具读数.png').waitFor();
    await shoot(contestant, 'results-contestant-appeal-form');
    await modal.getByTestId('appeal-submit').click();
    const mine = contestant.getByTestId('my-appeal');
    await mine.waitFor();
    expect(await mine.getByTestId('my-appeal-status').innerText()).toBe('待处理');
    expect(await mine.innerText()).toContain('量具读数.png');
    // One open appeal per entry: the button gives way to a note.
    await results.getByText('您的申诉正在处理中').waitFor();
    expect(await results.getByTestId('appeal-open').count()).toBe(0);
    await shoot(contestant, 'results-contestant-appeal-filed');
    const stored = (await request(api.baseUrl).get(`/api/events/${eventId()}/appeals`).set(bearer(judges[0].token)).expect(200)).body.items as AppealView[];
    expect(stored).toHaveLength(1);
    appealId = stored[0].id;
    expect(stored[0]).toMatchObject({ entryId: running.entries[2].entryId, status: 'open', attachments: [{ fileName: '量具读数.png', contentType: 'image/png', sizeBytes: PNG.length }] });
  });

  it('should let the chief judge uphold the appeal in writing and cite it in a correction', async () => {
    const chief = await newPage();
    await signIn(chief, api.baseUrl, { account: judges[0].username, password: JUDGE_PASSWORD });
    await chief.goto(`${api.baseUrl}/judge`);
    const appeal = chief.locator('[data-testid="appeal-row"][data-status="open"]');
    await appeal.waitFor();
    // The chief sees the name masked, as everyone but the contestant and the bureau.
    expect(await appeal.innerText()).toContain(maskName(`选手${FIRST + 2}`));
    expect(await appeal.innerText()).not.toContain(`选手${FIRST + 2}`);
    await appeal.getByTestId('appeal-decide').click();
    const modal = chief.getByRole('dialog');
    await modal.getByTestId('decision-submit').click();
    await modal.getByText('请选择申诉成立或不成立').waitFor();
    await modal.getByText('申诉成立', { exact: true }).click();
    await modal.getByTestId('decision-answer').fill('经复核量具读数，申诉成立，将更正实操评分');
    await shoot(chief, 'results-chief-decision');
    await modal.getByTestId('decision-submit').click();
    await chief.locator('[data-testid="appeal-row"][data-status="upheld"]').waitFor();
    await modal.waitFor({ state: 'hidden' });
    await shoot(chief, 'results-chief-decided');

    // On the review board, a correction during the notice cites the upheld appeal.
    await chief.goto(`${api.baseUrl}/judge/events/${eventId()}/review`);
    const code = running.entries[2].judgingCode;
    const board = chief.locator(`[data-testid="board-row"][data-code="${code}"]`);
    await board.getByTestId('board-correct').first().waitFor();
    await board.getByTestId('board-correct').first().click();
    await chief.getByTestId('correction-reason').fill('复核量具读数');
    await chief.getByTestId('correction-value').locator('xpath=descendant-or-self::input').first().fill('9.5');
    await chief.getByTestId('correction-submit').click();
    await chief.getByText('请选择成立的申诉').waitFor();
    await pickOption(chief, 'correction-appeal', maskName(`选手${FIRST + 2}`));
    await shoot(chief, 'results-chief-correction');
    await chief.getByTestId('correction-submit').click();
    await chief.getByTestId('correction-row').waitFor();
    expect(await chief.getByTestId('correction-row').innerText()).toContain(`复核量具读数（依据申诉 ${appealId}）`);
  });

  it('should show the contestant the written answer', async () => {
    await contestant.reload();
    const mine = contestant.getByTestId('my-appeal');
    await mine.getByTestId('my-appeal-status').filter({ hasText: '申诉成立' }).waitFor();
    expect(await mine.getByTestId('my-appeal-answer').innerText()).toContain('经复核量具读数，申诉成立');
    await shoot(contestant, 'results-contestant-answered');
  });

  it('should show the public the noticed results with masked names and the PDF link, from the event page', async () => {
    const visitor = await newPage(PHONE_VIEWPORT);
    await visitor.goto(`${api.baseUrl}/events/${eventId()}`);
    await visitor.getByTestId('event-results-link').click();
    await visitor.waitForURL(`${api.baseUrl}/results/events/${eventId()}`);
    await visitor.getByTestId('public-result-row').first().waitFor();
    expect(await visitor.getByTestId('public-results-state').innerText()).toBe('成绩公示中');
    const names = await visitor.getByTestId('public-result-name').allInnerTexts();
    expect(names).toEqual([0, 1, 2].map((i) => maskName(`选手${FIRST + i}`)));
    expect(await visitor.getByTestId('public-results-apart').innerText()).toContain(maskName(`选手${FIRST + 3}`));
    const text = await visitor.locator('body').innerText();
    for (let i = 0; i < 4; i += 1) expect(text).not.toContain(`选手${FIRST + i}`);
    expect(text).not.toContain(phoneFor(FIRST));
    expect(text).not.toContain('携带违禁工具');
    const pdf = await visitor.getByTestId('public-results-pdf').getAttribute('href');
    expect(pdf).toBe(`/api/public/events/${eventId()}/results/notice.pdf`);
    const response = await request(api.baseUrl).get(pdf as string).expect(200);
    expect(response.headers['content-type']).toBe('application/pdf');
    await shoot(visitor, 'results-public');
    expect(pageErrors).toEqual([]);
  });
});
