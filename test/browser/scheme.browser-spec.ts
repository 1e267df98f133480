import { MarkingSchemeView, SCHEME_SHEET_COLUMNS, type ProposalDetail } from '@dz/contracts';
import { DEMO_PASSWORD } from '@dz/persistence';
import ExcelJS from 'exceljs';
import { randomUUID } from 'node:crypto';
import { copyFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import request from 'supertest';
import { createJudges, runningEvent, schemeBody } from '../factories/judging.factory';
import { publishedEvent } from '../factories/registration.factory';
import { startTestApi, type TestApi } from '../setup/api-app';
import { bearer, signIn as signInApi } from '../setup/auth';
import { DESKTOP_VIEWPORT, launchBrowser, screenshotPath } from './support/browser';
import { signIn } from './support/login';

const STAGE = '实操';
const TITLE = '技能达人擂台赛·焊工（评分表编辑）';

/** An antd Input: the test id may sit on the input or on its affix wrapper. */
const inputOf = (locator: Locator): Locator => locator.locator('xpath=descendant-or-self::input').first();

/** Picks `text` in an antd Select (the open dropdown is portalled to the body). */
async function pick(page: Page, select: Locator, text: string): Promise<void> {
  for (let attempt = 1; ; attempt += 1) {
    await select.click();
    const dropdown = page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden)').last();
    const option = dropdown.locator('.ant-select-item-option').filter({ hasText: text }).first();
    await option.waitFor();
    await option.click();
    if ((await select.innerText()).includes(text)) {
      // Closed before going on, so it hides nothing (screenshots included).
      await dropdown.waitFor({ state: 'hidden' });
      return;
    }
    if (attempt === 3) throw new Error(`pick: 「${text}」 was not selected`);
    await page.keyboard.press('Escape');
  }
}

/** An .xlsx as an organiser fills it: the 评分表 sheet and the 设置 sheet. */
async function writeWorkbook(path: string, rows: (string | number | null)[][], method: string): Promise<void> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('评分表');
  sheet.addRow([...SCHEME_SHEET_COLUMNS]);
  for (const row of rows) sheet.addRow(row);
  const settings = book.addWorksheet('设置');
  settings.addRow(['项目', '内容']);
  settings.addRow(['汇总方式', method]);
  writeFileSync(path, Buffer.from(await book.xlsx.writeBuffer()));
}

/**
 * The 评分表 tab of 赛务管理: the organiser builds a small scheme by hand (a section, a
 * measurement and a judgement aspect), saves it and sees it again after a reload; imports an
 * Excel file that shows in the editor unsaved and saves it; is told which row of a bad file is
 * wrong; and is told when someone else saved first. Once a stage has marks, it is read-only.
 */
describe('the marking scheme editor (评分表)', () => {
  jest.setTimeout(240_000);
  let api: TestApi;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let event: ProposalDetail;
  let organiserToken: string;
  const pageErrors: string[] = [];
  const dir = mkdtempSync(join(tmpdir(), 'dz-scheme-'));

  beforeAll(async () => {
    api = await startTestApi({ seed: true });
    browser = await launchBrowser();
    event = await publishedEvent(api, { title: TITLE });
    organiserToken = (await signInApi(api.baseUrl, 'jingxin')).accessToken;
    context = await browser.newContext({ viewport: DESKTOP_VIEWPORT, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
    page = await context.newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message));
  });

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await api?.close();
  });

  const stored = async () =>
    MarkingSchemeView.parse(
      (await request(api.baseUrl).get(`/api/events/${event.id}/schemes/${encodeURIComponent(STAGE)}`).set(bearer(organiserToken)).expect(200)).body,
    );
  const section = (key: string) => page.locator(`[data-testid="scheme-section"][data-key="${key}"]`);
  const aspectRow = (key: string) => page.locator(`[data-testid="aspect-row"][data-key="${key}"]`);
  const openTab = async () => {
    await page.goto(`${api.baseUrl}/manage/events/${event.id}?tab=scheme`);
    await page.getByTestId('scheme-tab').waitFor();
    await pick(page, page.getByTestId('scheme-stage'), STAGE);
  };

  it('should build a scheme by hand, save it and show it again after a reload', async () => {
    await signIn(page, api.baseUrl, { account: 'jingxin', password: DEMO_PASSWORD });
    await page.goto(`${api.baseUrl}/manage/events/${event.id}`);
    await page.getByRole('tab', { name: '评分表' }).click();
    await page.getByTestId('scheme-tab').waitFor();
    await pick(page, page.getByTestId('scheme-stage'), STAGE);
    expect(await page.getByTestId('scheme-status').innerText()).toContain('该阶段尚未设置评分表');

    await page.getByTestId('add-section').click();
    await section('A').waitFor();
    await inputOf(section('A').getByTestId('section-title')).fill('焊接操作');
    await section('A').getByTestId('add-aspect').click();
    await section('A').getByTestId('add-aspect').click();
    await inputOf(aspectRow('A1').getByTestId('aspect-title')).fill('焊缝宽度');
    await inputOf(aspectRow('A1').getByTestId('aspect-marks')).fill('0.1');
    await inputOf(aspectRow('A2').getByTestId('aspect-title')).fill('成形美观');
    await pick(page, aspectRow('A2').getByTestId('aspect-kind'), '评价');
    await inputOf(aspectRow('A2').getByTestId('aspect-marks')).fill('12.2');
    await pick(page, page.getByTestId('scheme-method'), '中位数');
    // 0.1 + 12.2, exactly.
    expect(await page.getByTestId('scheme-total').innerText()).toContain('12.30');

    // A mark with three decimals is refused next to its field before anything is sent.
    await inputOf(aspectRow('A1').getByTestId('aspect-marks')).fill('0.125');
    await page.getByTestId('scheme-save').click();
    expect(await aspectRow('A1').getByTestId('field-problem').innerText()).toContain('分值最多两位小数');
    await inputOf(aspectRow('A1').getByTestId('aspect-marks')).fill('0.1');

    await page.getByTestId('scheme-save').click();
    await page.getByText('评分表已保存（第 1 版）').waitFor();
    expect(await stored()).toMatchObject({
      version: 1,
      method: 'median',
      totalMarks: 1230,
      sections: [
        {
          key: 'A',
          title: '焊接操作',
          aspects: [
            { key: 'A1', title: '焊缝宽度', kind: 'measurement', maxMarks: 10 },
            { key: 'A2', title: '成形美观', kind: 'judgement', maxMarks: 1220 },
          ],
          sections: [],
        },
      ],
    });

    await openTab();
    await aspectRow('A2').waitFor();
    expect(await inputOf(section('A').getByTestId('section-title')).inputValue()).toBe('焊接操作');
    expect(await inputOf(aspectRow('A2').getByTestId('aspect-marks')).inputValue()).toBe('12.2');
    expect(await aspectRow('A2').getByTestId('aspect-kind').innerText()).toContain('评价');
    expect(await page.getByTestId('scheme-method').innerText()).toContain('中位数');
    expect(await page.getByTestId('scheme-status').innerText()).toContain('第 1 版');
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: screenshotPath('scheme-tab-saved'), fullPage: true });
  });

  it('should load an imported Excel file into the editor unsaved, name the bad row of a wrong one, and save the import', async () => {
    const bad = join(dir, 'bad.xlsx');
    await writeWorkbook(bad, [['A', '焊接', null, null, null, null, null], ['A', null, null, 'A1', '宽度', '打分', 10]], '平均分');
    await page.locator('[data-testid="scheme-tab"] input[type="file"]').setInputFiles(bad);
    const error = page.getByTestId('scheme-import-error');
    await error.waitFor();
    expect(await error.innerText()).toContain('第 3 行：类型「打分」无效：须为测量、评价或扣分');

    const good = join(dir, '焊工评分表.xlsx');
    await writeWorkbook(
      good,
      [
        ['A', '焊缝尺寸', null, null, null, null, null],
        ['A', null, null, 'A1', '焊缝宽度', '测量', 20],
        ['A', null, null, 'A2', '焊缝余高', '测量', '20.5'],
        ['B', '外观', null, null, null, null, null],
        ['B', null, null, 'B1', '成形美观', '评价', 30],
        ['B', null, null, 'B9', '安全文明生产', '扣分', 5],
        ['B2', '试件', 'B', null, null, null, null],
        ['B2', null, null, 'B2a', '试件变形', '评价', 29.5],
      ],
      '去掉最高最低取平均',
    );
    await page.locator('[data-testid="scheme-tab"] input[type="file"]').setInputFiles(good);
    const notice = page.getByTestId('scheme-import-notice');
    await notice.waitFor();
    expect(await notice.innerText()).toContain('已从「焊工评分表.xlsx」载入 8 行，尚未保存');
    await section('B2').waitFor();
    expect(await page.locator('[data-testid="scheme-section"]').evaluateAll((cards) => cards.map((c) => c.getAttribute('data-key')))).toEqual(['A', 'B', 'B2']);
    expect(await page.getByTestId('scheme-total').innerText()).toContain('100.00');
    expect(await page.getByTestId('scheme-deductions').innerText()).toContain('5.00');
    expect(await page.getByTestId('scheme-method').innerText()).toContain('去掉一个最高分和一个最低分后取平均');
    expect(await page.getByTestId('scheme-status').innerText()).toContain('有未保存的修改');
    // Still the hand-made scheme on the server.
    expect((await stored()).version).toBe(1);
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: screenshotPath('scheme-tab-imported'), fullPage: true });
    copyFileSync(screenshotPath('scheme-tab-imported'), '/tmp/scheme-tab.png');

    await page.getByTestId('scheme-save').click();
    await page.getByText('评分表已保存（第 2 版）').waitFor();
    const saved = await stored();
    expect(saved).toMatchObject({ version: 2, method: 'trimmed_mean', totalMarks: 10000 });
    expect(saved.sections[1].sections[0].aspects[0]).toEqual({ key: 'B2a', title: '试件变形', kind: 'judgement', maxMarks: 2950 });
  });

  it('should say so when someone else saved first, and reload their version', async () => {
    const theirs = await stored();
    await request(api.baseUrl)
      .put(`/api/events/${event.id}/schemes/${encodeURIComponent(STAGE)}`)
      .set(bearer(organiserToken))
      .send({ version: theirs.version, method: theirs.method, totalMarks: theirs.totalMarks, sections: theirs.sections.map((s) => (s.key === 'A' ? { ...s, title: '他人改过的尺寸' } : s)) })
      .expect(200);
    await inputOf(section('A').getByTestId('section-title')).fill('我的尺寸');
    await page.getByTestId('scheme-save').click();
    const conflict = page.getByTestId('scheme-conflict');
    await conflict.waitFor();
    expect(await conflict.innerText()).toContain('评分表已被他人修改');
    await page.getByTestId('scheme-conflict-reload').click();
    await page.getByTestId('scheme-conflict').waitFor({ state: 'detached' });
    expect(await inputOf(section('A').getByTestId('section-title')).inputValue()).toBe('他人改过的尺寸');
    expect(await page.getByTestId('scheme-status').innerText()).toContain('第 3 版');
    expect(pageErrors).toEqual([]);
  });
  it('should turn read-only with the reason when the stage gets marks while the organiser edits', async () => {
    const running = await runningEvent(api, { count: 1, firstIndex: 7600, title: '技能达人擂台赛·焊工（评分表已评分）' });
    await request(api.baseUrl).put(`/api/events/${running.event.id}/schemes/${encodeURIComponent(STAGE)}`).set(bearer(organiserToken)).send(schemeBody({ measurement: 1, judgement: 1 })).expect(200);
    const [judge] = await createJudges(api, 1, { prefix: 'schemelock' });
    await request(api.baseUrl).post(`/api/events/${running.event.id}/judges`).set(bearer(organiserToken)).send({ judgeUserId: judge.userId }).expect(200);

    await page.goto(`${api.baseUrl}/manage/events/${running.event.id}?tab=scheme`);
    await page.getByTestId('scheme-tab').waitFor();
    await pick(page, page.getByTestId('scheme-stage'), STAGE);
    await inputOf(section('A').getByTestId('section-title')).fill('改了名字的测量');
    // Meanwhile the first mark of the stage arrives.
    await request(api.baseUrl)
      .post(`/api/events/${running.event.id}/marks`)
      .set(bearer(judge.token))
      .send({ idempotencyKey: randomUUID(), eventId: running.event.id, judgingCode: running.entries[0].judgingCode, stage: STAGE, aspectKey: 'A1', value: 5 })
      .expect(200);
    await page.getByTestId('scheme-save').click();
    const locked = page.getByTestId('scheme-locked');
    await locked.waitFor();
    expect(await locked.innerText()).toContain('「实操」阶段已有评分，评分表不能再修改');
    // The scheme as saved, not the edit the server refused.
    expect(await inputOf(section('A').getByTestId('section-title')).inputValue()).toBe('测量');
    await aspectRow('A1').waitFor();
    expect(await inputOf(aspectRow('A1').getByTestId('aspect-marks')).isEditable()).toBe(false);
    expect(await inputOf(section('A').getByTestId('section-title')).isEditable()).toBe(false);
    expect(await page.getByTestId('scheme-problems').count()).toBe(0);
    expect(await page.getByTestId('scheme-save').count()).toBe(0);
    expect(await page.getByTestId('scheme-import').count()).toBe(0);
    expect(await page.getByTestId('add-section').count()).toBe(0);
    // The template can still be downloaded.
    expect(await page.getByTestId('scheme-template').isEnabled()).toBe(true);
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: screenshotPath('scheme-tab-locked'), fullPage: true });
    // Opened afresh, the stage is read-only from the start.
    await page.reload();
    await pick(page, page.getByTestId('scheme-stage'), STAGE);
    await page.getByTestId('scheme-locked').waitFor();
    expect(await page.getByTestId('scheme-save').count()).toBe(0);
    expect(pageErrors).toEqual([]);
  });
});
