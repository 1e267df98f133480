import { DEMO_PASSWORD } from '@dz/persistence';
import { copyFileSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import request from 'supertest';
import { connected, createJudges, judgeSocket, runningEvent, schemeBody, submitMark, type JudgeSocket, type RunningEvent } from '../factories/judging.factory';
import { startTestApi, type TestApi } from '../setup/api-app';
import { bearer, signIn as signInApi } from '../setup/auth';
import { DESKTOP_VIEWPORT, launchBrowser, PHONE_VIEWPORT, screenshotPath } from './support/browser';
import { signIn } from './support/login';

const STAGE = '实操';
const TITLE = '技能达人擂台赛·焊工（实时排名）';
const SCREEN_VIEWPORT = { width: 1920, height: 1080 } as const;
const FIRST = 8700;

/**
 * The live boards (实时排名) against the real API: the venue's big screen and an audience phone
 * follow marks submitted over judges' sockets; the staff tab shows the full rows; the public
 * board freezes at its time and hides on the staff's setting. Blind: never a name in public.
 */
describe('live boards: big screen, phone and staff standings', () => {
  jest.setTimeout(300_000);
  let api: TestApi;
  let browser: Browser;
  let running: RunningEvent;
  let organiser: string;
  let judge: JudgeSocket;
  let screen: Page;
  let phone: Page;
  let staff: Page;
  const contexts: BrowserContext[] = [];
  const pageErrors: string[] = [];

  beforeAll(async () => {
    api = await startTestApi({ seed: true });
    browser = await launchBrowser();
    organiser = (await signInApi(api.baseUrl, 'jingxin')).accessToken;
    running = await runningEvent(api, { count: 5, firstIndex: FIRST, title: TITLE });
    await request(api.baseUrl)
      .put(`/api/events/${running.event.id}/schemes/${encodeURIComponent(STAGE)}`)
      .set(bearer(organiser))
      .send(schemeBody({ measurement: 2, judgement: 1 }))
      .expect(200);
    const [j] = await createJudges(api, 1, { prefix: 'board' });
    await request(api.baseUrl).post(`/api/events/${running.event.id}/judges`).set(bearer(organiser)).send({ judgeUserId: j.userId }).expect(200);
    judge = judgeSocket(api, j.token);
    await connected(judge);
  });

  afterAll(async () => {
    judge?.close();
    for (const context of contexts) await context.close();
    await browser?.close();
    await api?.close();
  });

  const shoot = async (page: Page, name: string, copy?: string) => {
    await page.screenshot({ path: screenshotPath(name), fullPage: false });
    if (copy) copyFileSync(screenshotPath(name), copy);
  };

  const newPage = async (viewport: { width: number; height: number }, options: { touch?: boolean } = {}): Promise<Page> => {
    const context = await browser.newContext({ viewport, locale: 'zh-CN', timezoneId: 'Asia/Shanghai', hasTouch: options.touch ?? false });
    contexts.push(context);
    const page = await context.newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message));
    return page;
  };

  const mark = async (entry: number, aspectKey: string, value: number) => {
    const ack = await submitMark(judge, {
      idempotencyKey: randomUUID(),
      eventId: running.event.id,
      judgingCode: running.entries[entry].judgingCode,
      stage: STAGE,
      aspectKey,
      value,
    });
    expect(ack).toMatchObject({ ok: true });
  };

  const code = (entry: number) => running.entries[entry].judgingCode;
  const row = (page: Page, key: string): Locator => page.locator(`[data-testid="board-row"][data-key="${key}"]`);
  /** Waits until the row shows `rank` and `total`. */
  const expectRow = async (page: Page, key: string, rank: number, total: string) => {
    await page.locator(`[data-testid="board-row"][data-key="${key}"][data-rank="${rank}"]`).filter({ has: page.getByTestId('row-total').getByText(total, { exact: true }) }).waitFor();
  };
  const stateIs = (page: Page, state: string) => page.locator(`[data-testid="board-state"][data-state="${state}"]`).first().waitFor();
  const noNames = async (page: Page) => {
    const text = await page.locator('body').innerText();
    for (const e of running.entries) {
      expect(text).not.toContain(`选手${e.contestant.index}`);
      expect(text).not.toContain(e.employer);
    }
  };

  it('should move the big screen and the phone board with each accepted mark, showing codes on a blind board', async () => {
    screen = await newPage(SCREEN_VIEWPORT);
    await screen.goto(`${api.baseUrl}/screen/events/${running.event.id}`);
    phone = await newPage(PHONE_VIEWPORT, { touch: true });
    await phone.goto(`${api.baseUrl}/board/events/${running.event.id}`);
    for (const page of [screen, phone]) {
      await page.locator('[data-testid="connection"][data-state="online"]').waitFor();
      await stateIs(page, 'live');
      expect(await page.getByTestId('board-title').innerText()).toBe(TITLE);
      for (let i = 0; i < running.entries.length; i += 1) await row(page, code(i)).waitFor();
    }
    // No app chrome on the big screen: no menu, no login link.
    expect(await screen.locator('.ant-layout-header').count()).toBe(0);
    expect(await screen.getByTestId('screen-clock').innerText()).toMatch(/^\d{2}:\d{2}:\d{2}$/);

    // 8 of 30 marks in 实操 (weight 70): 18.67, first place.
    await mark(0, 'A1', 8);
    for (const page of [screen, phone]) await expectRow(page, code(0), 1, '18.67');
    // 9.5 of 30 → 22.17 overtakes entry 0.
    await mark(1, 'A1', 9.5);
    await mark(2, 'A1', 6);
    await mark(2, 'B1', 2);
    // entry 2: (6 + 2/3×10) of 30 × 70 = 29.56 → first; then entry 1, then entry 0.
    for (const page of [screen, phone]) {
      await expectRow(page, code(1), 2, '22.17');
      await expectRow(page, code(0), 3, '18.67');
    }
    await expectRow(screen, code(2), 1, '29.56');
    await expectRow(phone, code(2), 1, '29.56');
    // The phone shows the last move of a row that went down.
    await phone.locator(`[data-testid="board-row"][data-key="${code(0)}"] [data-testid="rank-change"]`).first().waitFor();
    // Labels are the judging codes; no name or employer anywhere.
    expect(await row(screen, code(1)).getByTestId('row-label').innerText()).toBe(code(1));
    await noNames(screen);
    await noNames(phone);
    await screen.waitForTimeout(800); // let the slide finish before the picture
    await shoot(screen, 'board-screen-live', '/tmp/board-screen.png');
    await shoot(phone, 'board-phone-live', '/tmp/board-phone.png');
  });

  it('should let the phone search by code and pin a followed contestant across a reload', async () => {
    await phone.getByTestId('board-search').locator('input').fill(code(3).toLowerCase());
    await phone.locator('[data-testid="board-row"]').first().waitFor();
    expect(await phone.locator('[data-testid="board-row"]').count()).toBe(1);
    expect(await phone.locator('[data-testid="board-row"]').getAttribute('data-key')).toBe(code(3));
    await phone.locator('[data-testid="board-row"]').getByTestId('follow').click();
    await phone.getByTestId('board-search').locator('input').fill('');
    await phone.locator('[data-testid="followed-row"]').waitFor();
    expect(await phone.locator('[data-testid="followed-row"]').getAttribute('data-key')).toBe(code(3));
    await phone.reload();
    await phone.locator(`[data-testid="followed-row"][data-key="${code(3)}"]`).waitFor();
    // A mark for the followed contestant moves the pinned row too: 7 of 30 → 16.33.
    await mark(3, 'A2', 7);
    await phone.locator(`[data-testid="followed-row"][data-key="${code(3)}"]`).filter({ hasText: '16.33' }).waitFor();
    await shoot(phone, 'board-phone-followed', '/tmp/board-phone.png');
  });

  it('should show the staff the full rows with names, progress and the board setting', async () => {
    staff = await newPage({ ...DESKTOP_VIEWPORT, width: 1440 });
    await signIn(staff, api.baseUrl, { account: 'jingxin', password: DEMO_PASSWORD });
    await staff.goto(`${api.baseUrl}/manage/events/${running.event.id}?tab=standings`);
    await staff.locator('[data-testid="staff-row"]').nth(running.entries.length - 1).waitFor();
    const first = staff.locator('[data-testid="staff-row"]').first();
    expect(await first.getByTestId('staff-rank').innerText()).toBe('1');
    expect(await first.getByTestId('staff-total').innerText()).toBe('29.56');
    expect(await first.getByTestId('staff-name').innerText()).toContain(`选手${running.entries[2].contestant.index}`);
    expect(await first.getByTestId('staff-progress').innerText()).toContain('2/3');
    // A mark while the tab is open reaches it live.
    await mark(4, 'A1', 10);
    await staff.locator(`[data-testid="staff-row"][data-code="${code(4)}"]`).filter({ hasText: '23.33' }).waitFor();
    expect(await staff.getByTestId('open-screen').getAttribute('href')).toBe(`/screen/events/${running.event.id}`);
    await staff.getByTestId('board-settings').getByText('实时公开').waitFor();
    await shoot(staff, 'board-staff', '/tmp/board-staff.png');
    // The public event page links to the boards once the event runs.
    await phone.goto(`${api.baseUrl}/events/${running.event.id}`);
    expect(await phone.getByTestId('event-board-link').getAttribute('href')).toBe(`/board/events/${running.event.id}`);
    await phone.getByTestId('event-board-link').click();
    await phone.waitForURL(`${api.baseUrl}/board/events/${running.event.id}`);
    await expectRow(phone, code(4), 2, '23.33');
  });

  it('should freeze the public boards at the set time while the staff board keeps moving', async () => {
    const freezeAt = new Date(Date.now() + 2000);
    await request(api.baseUrl)
      .put(`/api/events/${running.event.id}/board`)
      .set(bearer(organiser))
      .send({ publicMode: 'freeze', freezeAt: freezeAt.toISOString(), blind: true })
      .expect(200);
    for (const page of [screen, phone]) {
      await stateIs(page, 'frozen');
      await page.getByTestId('frozen-note').waitFor();
      expect(await page.getByTestId('board-state').first().innerText()).toBe('已封榜');
    }
    // After the freeze: 10 more for entry 0 (A2) → 42.00 on the staff board only.
    await mark(0, 'A2', 10);
    await staff.locator(`[data-testid="staff-row"][data-code="${code(0)}"]`).filter({ hasText: '42.00' }).waitFor();
    await expectRow(screen, code(0), 4, '18.67');
    expect(await screen.locator('body').innerText()).not.toContain('42.00');
    expect(await phone.locator('body').innerText()).not.toContain('42.00');
    await noNames(screen);
    await shoot(screen, 'board-screen-frozen');
  });

  it('should show the calm hidden screen when the staff hide the board', async () => {
    await staff.getByTestId('board-mode').getByText('成绩公布前隐藏').click();
    await staff.getByTestId('board-settings-save').click();
    await staff.getByText('排名公开设置已保存').waitFor();
    for (const page of [screen, phone]) {
      await stateIs(page, 'hidden');
      await page.getByTestId('board-hidden').getByText('成绩公布前不公开排名').waitFor();
      expect(await page.locator('[data-testid="board-row"]').count()).toBe(0);
    }
    await shoot(screen, 'board-screen-hidden');
    expect(pageErrors).toEqual([]);
  });
});
