import { DEMO_PASSWORD } from '@dz/persistence';
import type { Browser, Page } from 'playwright-core';
import { startTestApi, type TestApi } from '../setup/api-app';
import { nextDemoTotpCode } from '../setup/auth';
import { confirmPopconfirm, DESKTOP_VIEWPORT, launchBrowser, screenshotPath } from './support/browser';
import { signIn } from './support/login';
import { pickOption, pickTreeNode } from './support/proposal-form';

/**
 * 目录管理: the bureau grows the "3+3+N" industry tree and the occupation list in the browser,
 * and a department finds the new entries in its proposal form.
 */
describe('catalogue management (目录管理)', () => {
  jest.setTimeout(180_000);
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

  const as = async (account: string): Promise<Page> => {
    const context = await browser.newContext({ viewport: DESKTOP_VIEWPORT, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
    const page = await context.newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message));
    const code = account === 'bureau' ? await nextDemoTotpCode(api.baseUrl, account) : null;
    await signIn(page, api.baseUrl, { account, password: DEMO_PASSWORD, totp: code ? () => code : undefined });
    return page;
  };

  const node = (page: Page, name: string) => page.getByTestId(`industry-${name}`);
  const dialog = (page: Page) => page.locator('.ant-modal').filter({ has: page.locator('.ant-modal-title') }).last();
  /** Clicks 删除 on a node and confirms in its own Popconfirm (an earlier one may still be fading out). */
  const deleteIndustry = async (page: Page, name: string) => {
    await page.getByRole('button', { name: `删除「${name}」` }).click();
    await confirmPopconfirm(page, '删除', `删除「${name}」？`);
  };
  const save = async (page: Page) => {
    await dialog(page).getByRole('button', { name: '保存' }).click();
  };

  it('should let the bureau add, rename, move and delete industries, and add an occupation a department then uses', async () => {
    const bureau = await as('bureau');
    await bureau.getByTestId('nav-catalogues').click();
    await bureau.waitForURL(/\/admin\/catalogues$/);
    await node(bureau, '智能制造').waitFor();

    // A new top-level industry, then one below it.
    await bureau.getByTestId('add-top-industry').click();
    await dialog(bureau).getByLabel('产业名称').fill('低空经济');
    await save(bureau);
    await node(bureau, '低空经济').waitFor();
    await bureau.getByRole('button', { name: '在「低空经济」下新增' }).click();
    await dialog(bureau).getByLabel('产业名称').fill('无人机测绘');
    await save(bureau);
    await node(bureau, '无人机测绘').waitFor();

    // Same name twice under one parent: refused, in Chinese, under the field.
    await bureau.getByRole('button', { name: '在「低空经济」下新增' }).click();
    await dialog(bureau).getByLabel('产业名称').fill('无人机测绘');
    await save(bureau);
    await dialog(bureau).getByText('同一上级下已有同名产业').waitFor();
    await dialog(bureau).getByRole('button', { name: '取消' }).click();

    // Rename and move 无人机测绘 under 新兴产业（N）.
    await bureau.getByRole('button', { name: '编辑「无人机测绘」' }).click();
    await dialog(bureau).getByLabel('产业名称').fill('无人机测绘与巡检');
    await pickTreeNode(bureau, 'industry-parent', '新兴产业（N）');
    await save(bureau);
    await node(bureau, '无人机测绘与巡检').waitFor();
    const [moved] = await api.dataSource.query(
      `SELECT p.name AS parent FROM industry i JOIN industry p ON p.id = i.parent_id WHERE i.name = '无人机测绘与巡检'`,
    );
    expect(moved).toEqual({ parent: '新兴产业（N）' });
    await bureau.screenshot({ path: screenshotPath('catalogues-industries'), fullPage: true });

    // 智能制造 has events: deleting it is refused with the reason.
    await deleteIndustry(bureau, '智能制造');
    const refusal = bureau.locator('.ant-message').getByText(/个赛项属于「智能制造」，不能删除/);
    await refusal.waitFor();
    expect(await node(bureau, '智能制造').count()).toBe(1);

    // 低空经济 is now empty and unused: it goes.
    await deleteIndustry(bureau, '低空经济');
    await node(bureau, '低空经济').waitFor({ state: 'detached' });

    // A new occupation, a bad code first.
    await bureau.getByRole('tab', { name: /职业目录/ }).click();
    await bureau.getByTestId('add-occupation').click();
    await dialog(bureau).getByLabel('职业编码').fill('4040505');
    await dialog(bureau).getByLabel('职业名称').fill('人工智能训练师');
    await save(bureau);
    await dialog(bureau).getByText('职业编码格式应为 6-18-02-04').waitFor();
    await dialog(bureau).getByLabel('职业编码').fill('4-04-05-05');
    await save(bureau);
    await bureau.getByTestId('occupation-search').locator('input').fill('人工智能');
    await bureau.getByTestId('occupations-table').getByText('4-04-05-05').waitFor();
    await bureau.screenshot({ path: screenshotPath('catalogues-occupations'), fullPage: true });

    // The department's form offers both at once.
    const department = await as('jingxin');
    await department.goto(`${api.baseUrl}/proposals/new`);
    await pickTreeNode(department, 'field-industryId', '无人机测绘与巡检');
    await pickOption(department, 'field-occupationCode', '人工智能训练师');
    expect(await department.getByTestId('field-occupationCode').innerText()).toContain('4-04-05-05');

    // The department has no 目录管理 and cannot open it by address.
    expect(await department.getByTestId('nav-catalogues').count()).toBe(0);
    await department.goto(`${api.baseUrl}/admin/catalogues`);
    await department.getByText('无权访问此页面').waitFor();

    const audit = await api.dataSource.query(`SELECT action FROM audit_log WHERE action LIKE 'catalogue.%' ORDER BY id`);
    expect(audit.map((a: { action: string }) => a.action)).toEqual([
      'catalogue.industry_added',
      'catalogue.industry_added',
      'catalogue.industry_changed',
      'catalogue.industry_removed',
      'catalogue.occupation_added',
    ]);
    expect(pageErrors).toEqual([]);
  });
});
