import { DEMO_PASSWORD } from '@dz/persistence';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { arenaEvent, type ArenaFixture } from '../factories/arena.factory';
import { JUDGE_PASSWORD } from '../factories/judging.factory';
import { startTestApi, type TestApi } from '../setup/api-app';
import { launchBrowser, screenshotPath } from './support/browser';
import { signIn } from './support/login';

const TITLE = '技能达人擂台赛·焊工（擂台实况）';
const SCREEN_VIEWPORT = { width: 1920, height: 1080 } as const;
const DESKTOP = { width: 1440, height: 900 } as const;
const TABLET = { width: 1024, height: 768 } as const;
const PHONE = { width: 390, height: 844 } as const;

/** An antd InputNumber: the test id may sit on the input or on its wrapper. */
const inputOf = (locator: Locator): Locator => locator.locator('xpath=descendant-or-self::input').first();

/**
 * Bout by bout: A1 (measurement, 10 marks) for the holder and the challenger; B1 is 2 points for
 * both. The challenger wins bouts 2 and 4 (攻擂成功), the holder the others (守擂成功).
 */
const PLAN: { holderA1: number; challengerA1: number; outcome: 'defended' | 'taken' }[] = [
  { holderA1: 8, challengerA1: 6, outcome: 'defended' },
  { holderA1: 5, challengerA1: 9, outcome: 'taken' },
  { holderA1: 8, challengerA1: 7.5, outcome: 'defended' },
  { holderA1: 6, challengerA1: 9, outcome: 'taken' },
  { holderA1: 9, challengerA1: 4, outcome: 'defended' },
];

/**
 * An arena event (擂台赛) played through the pages: the organiser sets it up (last edition's
 * champion, a drawn order) and opens the bouts on the 擂台赛 tab; the chief judge marks both
 * contestants on the bout sheet; the bouts are decided from the sheet and from the tab; the
 * venue's big screen follows the holder, the live bout and the holder's run.
 */
describe('arena event through the organiser, judge and big-screen pages', () => {
  jest.setTimeout(300_000);
  let api: TestApi;
  let browser: Browser;
  let fx: ArenaFixture;
  let organiser: Page;
  let judge: Page;
  let screen: Page;
  let phone: Page;
  const contexts: BrowserContext[] = [];
  const pageErrors: string[] = [];

  beforeAll(async () => {
    api = await startTestApi({ seed: true });
    browser = await launchBrowser();
    // One judge, the chief: 2 aspects × 2 contestants = 4 marks a bout.
    fx = await arenaEvent(api, { count: 6, firstIndex: 9300, title: TITLE, judges: 1, prefix: 'arenab' });
  });

  afterAll(async () => {
    for (const context of contexts) await context.close();
    await browser?.close();
    await api?.close();
  });

  const newPage = async (viewport: { width: number; height: number }): Promise<Page> => {
    const context = await browser.newContext({ viewport, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
    contexts.push(context);
    const page = await context.newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message));
    return page;
  };
  const shoot = (page: Page, name: string) => page.screenshot({ path: screenshotPath(name), fullPage: false });
  const code = (i: number) => fx.running.entries[i].judgingCode;

  it('should let the organiser set up the arena with last edition champion and a drawn order', async () => {
    organiser = await newPage(DESKTOP);
    await signIn(organiser, api.baseUrl, { account: 'jingxin', password: DEMO_PASSWORD });
    await organiser.goto(`${api.baseUrl}/manage/events/${fx.running.event.id}?tab=arena`);
    await organiser.getByTestId('arena-setup').waitFor();
    await organiser.getByTestId('arena-champion-select').click();
    await organiser.locator('.ant-select-item-option').filter({ hasText: code(0) }).first().click();
    await organiser.getByTestId('arena-setup-save').click();
    await organiser.getByText('擂台赛设置已保存').waitFor();
    await organiser.getByTestId('arena-control').waitFor();
    expect(await organiser.getByTestId('arena-staff-holder').innerText()).toContain(code(0));
    // The staff see names; the drawn order's seed is shown for anyone to recompute.
    expect(await organiser.getByTestId('arena-staff-holder').innerText()).toContain(`选手${fx.running.entries[0].contestant.index}`);
    await organiser.getByText('抽签种子').waitFor();

    screen = await newPage(SCREEN_VIEWPORT);
    await screen.goto(`${api.baseUrl}/screen/events/${fx.running.event.id}`);
    await screen.getByTestId('arena-screen').waitFor();
    expect(await screen.getByTestId('board-title').innerText()).toBe(TITLE);
    expect(await screen.getByTestId('arena-holder').getAttribute('data-code')).toBe(code(0));

    phone = await newPage(PHONE);
    await phone.goto(`${api.baseUrl}/board/events/${fx.running.event.id}`);
    await phone.locator(`[data-testid="arena-phone-holder"][data-code="${code(0)}"]`).waitFor();

    judge = await newPage(TABLET);
    await signIn(judge, api.baseUrl, { account: fx.judges[0].username, password: JUDGE_PASSWORD });
    // From 我的评分任务: an arena event offers its bout sheet.
    await judge.goto(`${api.baseUrl}/judge`);
    await judge.getByTestId('open-arena-sheet').click();
    await judge.waitForURL(`${api.baseUrl}/judge/events/${fx.running.event.id}/arena`);
    await judge.getByTestId('arena-sheet-idle').waitFor();
  });

  it('should play five bouts with two successful challenges and show the holder run on the big screen', async () => {
    let holder = code(0);
    const expectedRun: { holder: string; challenger: string; outcome: string }[] = [];
    for (const [i, plan] of PLAN.entries()) {
      const n = i + 1;
      await organiser.getByTestId('arena-open-next').click();
      await organiser.locator(`[data-testid="arena-open-bout"][data-bout="${n}"]`).waitFor();
      await judge.locator(`[data-testid="arena-sheet-bout"][data-bout="${n}"]`).waitFor();
      const sides = judge.getByTestId('arena-side');
      const holderCode = (await sides.nth(0).getAttribute('data-code')) as string;
      const challengerCode = (await sides.nth(1).getAttribute('data-code')) as string;
      expect(holderCode).toBe(holder);
      for (const [side, a1] of [
        [holderCode, plan.holderA1],
        [challengerCode, plan.challengerA1],
      ] as const) {
        await inputOf(judge.getByTestId(`arena-input-${side}-A1`)).fill(String(a1));
        await judge.getByTestId(`arena-submit-${side}-A1`).click();
        await judge.getByTestId(`arena-marked-${side}-A1`).waitFor();
        await judge.getByTestId(`arena-input-${side}-B1`).getByText('2', { exact: true }).click();
        await judge.getByTestId(`arena-submit-${side}-B1`).click();
        await judge.getByTestId(`arena-marked-${side}-B1`).waitFor();
      }
      // The big screen shows the bout live with both scores (B1 2 points = 6.67 of 10).
      const live = screen.locator(`[data-testid="arena-bout-live"][data-bout="${n}"]`);
      await live.getByTestId('arena-holder-score').getByText(((plan.holderA1 * 100 + 667) / 100).toFixed(2), { exact: true }).waitFor();
      await live.getByTestId('arena-challenger-score').getByText(((plan.challengerA1 * 100 + 667) / 100).toFixed(2), { exact: true }).waitFor();
      if (n === 2) await shoot(screen, 'arena-screen-live-bout');
      // Odd bouts are decided by the chief on the sheet, even ones by the organiser on the tab.
      if (n % 2 === 1) {
        await judge.getByTestId('arena-sheet-close').click();
        await judge.getByText('本场结果已判定').waitFor();
      } else {
        await organiser.getByTestId('arena-close-bout').click();
        await organiser.getByText('本场结果已判定').waitFor();
      }
      expectedRun.push({ holder, challenger: challengerCode, outcome: plan.outcome });
      if (plan.outcome === 'taken') holder = challengerCode;
      await screen.locator(`[data-testid="arena-timeline-item"][data-bout="${n}"][data-outcome="${plan.outcome}"]`).waitFor();
      await screen.locator(`[data-testid="arena-holder"][data-code="${holder}"]`).waitFor();
    }

    // The holder's run on the big screen: every bout with its outcome, the final holder and their defences.
    const items = screen.getByTestId('arena-timeline-item');
    expect(await items.count()).toBe(5);
    expect(await items.evaluateAll((els) => els.map((e) => e.getAttribute('data-outcome')))).toEqual(PLAN.map((p) => p.outcome));
    const texts = await items.allInnerTexts();
    for (const [i, run] of expectedRun.entries()) {
      expect(texts[i]).toContain(`第 ${i + 1} 场`);
      expect(texts[i]).toContain(run.holder);
      expect(texts[i]).toContain(run.challenger);
      expect(texts[i]).toContain(run.outcome === 'taken' ? '攻擂成功' : '守擂成功');
    }
    expect(await screen.getByTestId('arena-holder').getAttribute('data-code')).toBe(holder);
    expect(await screen.getByTestId('arena-defences').getAttribute('data-defences')).toBe('1');
    expect(await screen.getByTestId('arena-champion').innerText()).toContain(holder);
    // Longest defence: the first holder's 1 and the later runs' 1 each: the earliest run keeps it.
    expect(await screen.getByTestId('arena-longest').innerText()).toContain(`${code(0)} 1 场`);
    // A blind board: codes only, no name anywhere on the screen.
    const text = await screen.locator('body').innerText();
    for (const e of fx.running.entries) expect(text).not.toContain(`选手${e.contestant.index}`);
    await screen.waitForTimeout(300);
    await shoot(screen, 'arena-screen-final');
    // The phone board follows too: the run newest first, the final holder.
    await phone.locator(`[data-testid="arena-phone-holder"][data-code="${holder}"]`).waitFor();
    expect(await phone.getByTestId('arena-phone-bout').evaluateAll((els) => els.map((e) => e.getAttribute('data-outcome')))).toEqual(PLAN.map((p) => p.outcome).reverse());
    await shoot(phone, 'arena-phone');
    await organiser.getByTestId('arena-finished').waitFor();
    await shoot(organiser, 'arena-organiser-tab');
    expect(pageErrors).toEqual([]);
  });
});
