import type { CertificateVerification, EventCertificates } from '@dz/contracts';
import { formatCertificateNumber } from '@dz/domain';
import { DEMO_PASSWORD, DEMO_RESULTS } from '@dz/persistence';
import type { INestApplicationContext } from '@nestjs/common';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import request from 'supertest';
import { finaliseDemoResults } from '../factories/certificates.factory';
import { startTestApi, type TestApi } from '../setup/api-app';
import { bearer, nextDemoTotpCode, sessionFor } from '../setup/auth';
import { startTestWorker } from '../setup/worker';
import { DESKTOP_VIEWPORT, launchBrowser, screenshotPath } from './support/browser';
import { signIn } from './support/login';

/** The phone the brief names: an iPhone SE-sized screen, the narrowest people still use. */
const SMALL_PHONE = { width: 375, height: 740 } as const;
const CONTESTANT = '13800000001';
const REVOKE_REASON = '经复核获奖资格被取消';
/** A calendar date as the pages write it. */
const CHINESE_DATE = /\d{4}年\d{1,2}月\d{1,2}日/;

/**
 * Certificates (证书) through the web against the real API and worker: the demo event's results
 * made final, the bureau issues its certificates from the 证书 tab and watches the batch reach
 * 100%, revokes one with a reason; the public page shows valid, revoked, tampered (one character
 * of a stored certificate changed in the database), unknown and malformed numbers, with the
 * signed record and key for offline checking; the contestant downloads theirs from 我的证书; the
 * bureau edits a template.
 */
describe('certificates in the browser (证书)', () => {
  jest.setTimeout(420_000);
  let api: TestApi;
  let worker: INestApplicationContext;
  let browser: Browser;
  let bureauToken: string;
  const contexts: BrowserContext[] = [];
  const pageErrors: string[] = [];
  const eventId = DEMO_RESULTS.eventId;

  beforeAll(async () => {
    const uploads = mkdtempSync(join(tmpdir(), 'dz-certs-web-'));
    api = await startTestApi({ seed: true, env: { UPLOAD_DIR: uploads } });
    worker = await startTestWorker(api, { UPLOAD_DIR: uploads });
    browser = await launchBrowser();
    bureauToken = (await sessionFor(api.baseUrl, 'bureau')).accessToken;
    await finaliseDemoResults(api, bureauToken);
  });

  afterAll(async () => {
    for (const context of contexts) await context.close();
    await browser?.close();
    await worker?.close();
    await api?.close();
  });

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
  const download = async (page: Page, trigger: Locator): Promise<{ name: string; bytes: Buffer }> => {
    const [file] = await Promise.all([page.waitForEvent('download'), trigger.click()]);
    const path = await file.path();
    return { name: file.suggestedFilename(), bytes: readFileSync(path) };
  };
  /** The input or textarea of an Ant Design field, whichever element carries the test id. */
  const field = (locator: Locator): Locator => locator.locator('xpath=descendant-or-self::input | descendant-or-self::textarea').first();
  const listed = async (): Promise<EventCertificates> =>
    (await request(api.baseUrl).get(`/api/events/${eventId}/certificates?pageSize=200`).set(bearer(bureauToken)).expect(200)).body as EventCertificates;
  const verification = async (number: string): Promise<CertificateVerification> =>
    (await request(api.baseUrl).get(`/api/public/certificates/${encodeURIComponent(number)}`).expect(200)).body as CertificateVerification;

  let bureau: Page;
  let certificates: EventCertificates;

  it('should let the bureau issue the certificates with one click and watch the batch reach 100%', async () => {
    bureau = await newPage();
    const code = await nextDemoTotpCode(api.baseUrl, 'bureau');
    await signIn(bureau, api.baseUrl, { account: 'bureau', password: DEMO_PASSWORD, totp: () => code });
    await bureau.goto(`${api.baseUrl}/manage/events/${eventId}?tab=certificates`);
    await bureau.getByTestId('certificates-tab').waitFor();
    const planned = Number(await bureau.getByTestId('certificates-planned').locator('.ant-statistic-content-value').innerText());
    expect(planned).toBeGreaterThan(0);
    expect(await bureau.getByTestId('certificates-issued').locator('.ant-statistic-content-value').innerText()).toBe('0');
    expect(await bureau.getByTestId('certificates-zip').isDisabled()).toBe(true);

    await bureau.getByTestId('certificates-issue').click();
    await bureau.getByRole('button', { name: '开始生成' }).click();
    const progress = bureau.getByTestId('certificates-progress');
    await progress.waitFor();
    await bureau.locator('[data-testid="certificates-progress"][data-status="done"]').waitFor({ timeout: 120_000 });
    expect(await progress.getByTestId('certificates-progress-bar').getAttribute('aria-valuenow')).toBe('100');
    expect(await progress.getByTestId('certificates-progress-bar').innerText()).toContain('100%');
    expect(await progress.getByTestId('certificates-progress-text').innerText()).toContain(`已生成 ${planned} / ${planned} 份`);

    // The list and the counts follow once the batch is done.
    await bureau.getByTestId('certificates-issued').locator('.ant-statistic-content-value').filter({ hasText: String(planned) }).waitFor();
    await bureau.getByTestId('certificate-row').nth(planned - 1).waitFor();
    expect(await bureau.getByTestId('certificate-row').count()).toBe(planned);
    certificates = await listed();
    expect(certificates.issued).toBe(planned);
    // ID numbers are masked in the list.
    const table = await bureau.getByTestId('certificates-table').innerText();
    expect(table).not.toMatch(/\d{17}[\dX]/);
    expect(table).toMatch(/\d{4}\*{10}[\dX]{4}/);
    expect(await bureau.getByTestId('certificates-batches').innerText()).toContain('已完成');
    await shoot(bureau, 'certificates-tab-issued');

    // Nothing is left to issue: the button says so instead of asking the server again.
    expect(await bureau.getByTestId('certificates-issue').isDisabled()).toBe(true);
    expect(await bureau.getByTestId('certificates-complete').innerText()).toContain(`${planned} 张证书均已生成`);
    const zip = await download(bureau, bureau.getByTestId('certificates-zip'));
    expect(zip.bytes.subarray(0, 2).toString()).toBe('PK');
    expect(zip.name).toMatch(/\.zip$/);
  });

  let revokedNumber: string;

  it('should search by name and let the bureau revoke one certificate with a reason', async () => {
    const target = certificates.items.find((c) => c.personName !== '李明');
    if (!target) throw new Error('the demo event has no certificate of anyone but 李明');
    revokedNumber = target.number;
    await field(bureau.getByTestId('certificates-search')).fill(target.number);
    await field(bureau.getByTestId('certificates-search')).press('Enter');
    const row = bureau.locator(`[data-testid="certificate-row"][data-number="${target.number}"]`);
    await bureau.getByTestId('certificate-row').nth(1).waitFor({ state: 'detached' });
    expect(await bureau.getByTestId('certificate-row').count()).toBe(1);

    await row.getByTestId('certificate-revoke').click();
    await bureau.getByTestId('revoke-reason').fill('有误');
    await bureau.getByTestId('revoke-submit').click();
    await bureau.getByText('撤销原因至少 4 个字').waitFor();
    await bureau.getByTestId('revoke-reason').fill(REVOKE_REASON);
    await bureau.getByTestId('revoke-submit').click();
    await bureau.locator(`[data-testid="certificate-row"][data-number="${target.number}"][data-revoked="true"]`).waitFor();
    expect(await row.getByTestId('certificate-revoked-reason').innerText()).toContain(REVOKE_REASON);
    expect(await row.getByTestId('certificate-revoke').count()).toBe(0);
    await bureau.getByTestId('certificates-revoked').locator('.ant-statistic-content-value').filter({ hasText: '1' }).waitFor();
    await shoot(bureau, 'certificates-tab-revoked');
  });

  it('should show a valid certificate on a phone and a desktop, masked, with the signed record and key to download', async () => {
    const valid = certificates.items.find((c) => c.number !== revokedNumber && c.personName !== '李明') ?? certificates.items.find((c) => c.number !== revokedNumber);
    if (!valid) throw new Error('no second certificate');
    const fromApi = await verification(valid.number);
    expect(fromApi.status).toBe('valid');

    for (const [viewport, name] of [
      [SMALL_PHONE, 'phone'],
      [DESKTOP_VIEWPORT, 'desktop'],
    ] as const) {
      const visitor = await newPage(viewport);
      // As typed from the paper: lower case, with spaces.
      await visitor.goto(`${api.baseUrl}/verify`);
      await visitor.getByTestId('verify-number').fill(` ${valid.number.slice(0, 6).toLowerCase()} ${valid.number.slice(6)} `);
      await visitor.getByTestId('verify-submit').click();
      await visitor.waitForURL(`${api.baseUrl}/verify/${valid.number}`);
      const status = visitor.locator('[data-testid="verify-status"][data-status="valid"]');
      await status.waitFor();
      expect(await visitor.getByTestId('verify-label').innerText()).toBe('证书有效');
      expect(await visitor.getByTestId('verify-name').innerText()).toBe(valid.personName);
      expect(await visitor.getByTestId('verify-id').innerText()).toMatch(/^\d{4}\*{10}[\dX]{4}$/);
      expect(await visitor.getByTestId('verify-date').innerText()).toMatch(CHINESE_DATE);
      expect(await visitor.getByTestId('verify-key-id').innerText()).toBe(fromApi.keyId);
      const text = await visitor.locator('body').innerText();
      expect(text).not.toMatch(/\d{17}[\dX]/);
      // The green status fills the width of the phone, without sideways scrolling.
      const overflow = await visitor.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      expect(overflow).toBeLessThanOrEqual(0);
      await shoot(visitor, `certificates-verify-valid-${name}`);

      if (name === 'desktop') {
        await visitor.getByTestId('verify-offline').getByText('离线验证').click();
        await visitor.getByTestId('verify-command').waitFor();
        expect(await visitor.getByTestId('verify-command').innerText()).toContain('npm run verify-certificate -- 证书.json --key 公钥.pem');
        const record = await download(visitor, visitor.getByTestId('verify-download-record'));
        expect(record.name).toBe('证书.json');
        expect(JSON.parse(record.bytes.toString('utf8'))).toEqual({ content: fromApi.content, signature: fromApi.signature, keyId: fromApi.keyId });
        const key = await download(visitor, visitor.getByTestId('verify-download-key'));
        expect(key.name).toBe('公钥.pem');
        const pem = (await request(api.baseUrl).get('/api/public/certificates/key.pem').expect(200)).text;
        expect(key.bytes.toString('utf8').trim()).toBe(pem.trim());
        await shoot(visitor, 'certificates-verify-offline-desktop');
      }
    }
  });

  it('should show revoked, tampered, unknown and malformed numbers for what they are', async () => {
    const visitor = await newPage(SMALL_PHONE);
    const statusOf = async (number: string, status: string) => {
      await visitor.goto(`${api.baseUrl}/verify/${encodeURIComponent(number)}`);
      await visitor.locator(`[data-testid="verify-status"][data-status="${status}"]`).waitFor();
      return visitor.getByTestId('verify-label').innerText();
    };

    expect(await statusOf(revokedNumber, 'revoked')).toBe('证书已撤销');
    const revoked = await visitor.getByTestId('verify-revoked').innerText();
    expect(revoked).toContain(REVOKE_REASON);
    expect(revoked).toMatch(CHINESE_DATE);
    expect(await visitor.getByTestId('verify-status').evaluate((el) => getComputedStyle(el).backgroundColor)).toBe('rgb(207, 19, 34)');
    await shoot(visitor, 'certificates-verify-revoked-phone');

    // One character of a stored certificate's content changed, straight in the database.
    const tampered = certificates.items.find((c) => c.number !== revokedNumber && c.personName !== '李明' && c.personName.length > 0);
    if (!tampered) throw new Error('no certificate to tamper with');
    await api.dataSource.query(
      `UPDATE certificate SET content = jsonb_set(content, '{personName}', to_jsonb(left(content->>'personName', -1) || '丙')) WHERE id = $1`,
      [tampered.id],
    );
    expect(await statusOf(tampered.number, 'tampered')).toBe('证书数据校验失败');
    expect(await visitor.getByTestId('verify-content').innerText()).toContain('可能已被篡改');
    expect(await visitor.getByTestId('verify-status').evaluate((el) => getComputedStyle(el).backgroundColor)).toBe('rgb(207, 19, 34)');
    await shoot(visitor, 'certificates-verify-tampered-phone');

    // Well formed, right check character, never issued.
    const unknown = formatCertificateNumber({ year: 2099, kind: 'award', sequence: 9_999_999 });
    expect(await statusOf(unknown, 'unknown')).toBe('查无此证书');
    expect(await visitor.getByTestId('verify-content').count()).toBe(0);
    expect(await visitor.getByTestId('verify-status').evaluate((el) => getComputedStyle(el).backgroundColor)).toBe('rgb(140, 140, 140)');
    await shoot(visitor, 'certificates-verify-unknown-phone');

    expect(await statusOf('DZ2026A123', 'malformed')).toBe('证书编号格式不正确');
  });

  it("should let the contestant download their certificate from 我的证书 and open its verification", async () => {
    const contestant = await newPage(SMALL_PHONE);
    await signIn(contestant, api.baseUrl, { account: CONTESTANT, password: DEMO_PASSWORD });
    await contestant.getByTestId('nav-certificates').click();
    await contestant.waitForURL(`${api.baseUrl}/me/certificates`);
    const cards = contestant.getByTestId('my-certificate');
    await cards.first().waitFor();
    const mine = certificates.items.filter((c) => c.personName === '李明');
    expect(mine.length).toBeGreaterThan(0);
    expect(await cards.count()).toBe(mine.length);
    const first = cards.first();
    const number = await first.getByTestId('my-certificate-number').innerText();
    expect(mine.map((c) => c.number)).toContain(number);
    await shoot(contestant, 'certificates-mine-phone');

    const pdf = await download(contestant, first.getByTestId('my-certificate-download'));
    expect(pdf.bytes.subarray(0, 5).toString()).toBe('%PDF-');
    expect(pdf.name).toContain(number);

    await first.getByTestId('my-certificate-verify').click();
    await contestant.waitForURL(`${api.baseUrl}/verify/${number}`);
    await contestant.locator('[data-testid="verify-status"][data-status="valid"]').waitFor();
    expect(await contestant.getByTestId('verify-name').innerText()).toBe('李明');
  });

  it('should let the bureau edit a template: placeholders insert at the caret, Chinese checks, the version moves on', async () => {
    await bureau.getByTestId('nav-certificateTemplates').click();
    await bureau.waitForURL(`${api.baseUrl}/certificate-templates`);
    const editor = bureau.locator('[data-testid="template-editor"][data-series="dazhou_skills_competition"][data-kind="award"]');
    await editor.waitFor();
    const version = Number(await editor.getAttribute('data-version'));

    await field(editor.getByTestId('template-title')).fill('证');
    const body = field(editor.getByTestId('template-body'));
    await body.fill('兹证明同志在本次竞赛中成绩优异，特发此证。');
    // Caret after 兹证明, then the 姓名 tag.
    await body.evaluate((el: HTMLTextAreaElement) => el.setSelectionRange(3, 3));
    await editor.getByTestId('template-placeholder').filter({ hasText: '{姓名}' }).click();
    expect(await body.inputValue()).toBe('兹证明{姓名}同志在本次竞赛中成绩优异，特发此证。');
    await editor.getByTestId('template-save').click();
    await editor.getByText('标题至少 2 个字').waitFor();
    await field(editor.getByTestId('template-title')).fill('荣誉证书');
    await shoot(bureau, 'certificates-templates');
    await editor.getByTestId('template-save').click();
    await bureau.locator(`[data-testid="template-editor"][data-series="dazhou_skills_competition"][data-kind="award"][data-version="${version + 1}"]`).waitFor();
    const stored = (await request(api.baseUrl).get('/api/certificate-templates').set(bearer(bureauToken)).expect(200)).body as {
      items: { series: string; kind: string; title: string; body: string; version: number }[];
    };
    expect(stored.items.find((t) => t.series === 'dazhou_skills_competition' && t.kind === 'award')).toMatchObject({
      title: '荣誉证书',
      body: '兹证明{姓名}同志在本次竞赛中成绩优异，特发此证。',
      version: version + 1,
    });
    await shoot(bureau, 'certificates-templates-saved');
  });

  it('should have raised no error in any page', () => {
    expect(pageErrors).toEqual([]);
  });
});
