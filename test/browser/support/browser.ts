import { mkdirSync, writeFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Locator, type Page, type Request } from 'playwright-core';
import { reportSlowRequests, SLOW_REQUEST_MS } from '../../setup/slow-requests';

/** Viewports where a person looks: the bureau's desktop and a contestant's phone. */
export const DESKTOP_VIEWPORT = { width: 1280, height: 800 } as const;
export const PHONE_VIEWPORT = { width: 390, height: 844 } as const;

const REPO_ROOT = resolve(__dirname, '../../..');
const SCREENSHOT_DIR = join(REPO_ROOT, 'test-results', 'screenshots');

/**
 * Debian's Chromium, headless (override with CHROMIUM_PATH). The flags keep it quiet and
 * container-safe: no sandbox (no user namespaces in CI), no GPU, no calls home.
 */
export async function launchBrowser(): Promise<Browser> {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-dev-shm-usage',
    ],
  });
  return watchRequests(browser);
}

/**
 * Names, on the test's output when the browser closes, every API request of its pages that took
 * longer than SLOW_REQUEST_MS or never got an answer: a step that times out on a button then
 * says which request it was waiting for.
 */
function watchRequests(browser: Browser): Browser {
  const started = new Map<Request, number>();
  const slow: { line: string; ms: number }[] = [];
  const describe = (request: Request, ms: number, outcome: string) => `${request.method()} ${new URL(request.url()).pathname} ${outcome} after ${ms} ms`;
  const settle = (request: Request, outcome: string) => {
    const at = started.get(request);
    if (at === undefined) return;
    started.delete(request);
    const ms = Date.now() - at;
    if (ms > SLOW_REQUEST_MS) slow.push({ line: describe(request, ms, outcome), ms });
  };
  const watch = (context: BrowserContext) => {
    context.on('request', (request) => {
      if (new URL(request.url()).pathname.startsWith('/api/')) started.set(request, Date.now());
    });
    // A page closed by the test leaves its requests unanswered, and that is not a slow server.
    context.on('page', (page) => {
      page.on('close', () => {
        for (const request of started.keys()) if (request.frame().page() === page) started.delete(request);
      });
      // The page's last console errors, kept for the note written beside its screenshot at close.
      page.on('console', (message) => {
        // Refused requests (a 401 before sign-in, a 409 a test provokes) are the requests' business.
        if (message.type() !== 'error' || message.text().startsWith('Failed to load resource')) return;
        const errors = consoleErrors.get(page) ?? [];
        errors.push(message.text().slice(0, 500));
        consoleErrors.set(page, errors.slice(-10));
      });
    });
    context.on('requestfinished', (request) => settle(request, 'answered'));
    context.on('requestfailed', (request) => settle(request, `failed (${request.failure()?.errorText ?? 'unknown'})`));
  };
  const newContext = browser.newContext.bind(browser);
  browser.newContext = async (...args) => {
    const context = await newContext(...args);
    watch(context);
    return context;
  };
  browser.newPage = async (...args) => {
    const context = await browser.newContext(...args);
    const page = await context.newPage();
    // As Browser.newPage does: the page owns its context.
    page.on('close', () => void context.close().catch(() => undefined));
    return page;
  };
  const close = browser.close.bind(browser);
  browser.close = async (...args) => {
    const now = Date.now();
    const pending = [...started].map(([request, at]) => describe(request, now - at, 'still unanswered'));
    reportSlowRequests('browser', slow, pending);
    await screenshotOpenPages(browser);
    return close(...args);
  };
  return browser;
}

/** Each page's last console errors (see watchRequests). */
const consoleErrors = new WeakMap<Page, string[]>();

/**
 * A screenshot of every page still open when the browser closes, as
 * `<test file>-open-<n>.png`: a test that failed midway left its page open, and this is what the
 * page showed when it gave up. Beside it, `<test file>-open-<n>.txt` holds the page's URL and
 * its last console errors.
 */
async function screenshotOpenPages(browser: Browser): Promise<void> {
  const file = basename(expect.getState().testPath ?? 'browser', '.browser-spec.ts');
  const pages = browser.contexts().flatMap((context) => context.pages());
  for (const [n, page] of pages.entries()) {
    const path = screenshotPath(`${file}-open-${n}`);
    await page.screenshot({ path, fullPage: true, timeout: 10_000 }).catch(() => undefined);
    const errors = consoleErrors.get(page) ?? [];
    writeFileSync(path.replace(/\.png$/, '.txt'), [page.url(), ...errors].join('\n') + '\n');
    // CI keeps only the output: a page that logged errors says so there too.
    if (errors.length > 0) process.stderr.write(`[browser] console errors on ${page.url()}:\n  ${errors.join('\n  ')}\n`);
  }
}

/**
 * `<repo>/test-results/screenshots/<name>.png` (git-ignored), creating the directory. `name` may
 * hold letters, digits, `-`, `_` and `.`; anything else becomes `-`.
 */
export function screenshotPath(name: string): string {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  return join(SCREENSHOT_DIR, `${name.replace(/[^\w.-]+/g, '-')}.png`);
}

/**
 * The open Ant Design dialog that holds `inner`, once its zoom-in has finished. A click while the
 * dialog still grows from the button that opened it can miss the moving button and land on the
 * mask, which closes the dialog: the step then does nothing at all, and the test waits in vain.
 */
export async function settledDialog(page: Page, inner: Locator): Promise<Locator> {
  const dialog = page.locator('.ant-modal').filter({ has: inner });
  await whenStill(dialog);
  return dialog;
}

/**
 * Clicks `button` in the open Popconfirm that has it (and `hasText`, where an earlier one with the
 * same button may still be fading out), once its zoom-in has finished: as with a dialog, a click
 * beside it while it moves closes it.
 */
export async function confirmPopconfirm(page: Page, button: string, hasText?: string): Promise<void> {
  const name = { name: button, exact: true };
  const popconfirm = page.locator('.ant-popconfirm').filter({ has: page.getByRole('button', name), ...(hasText === undefined ? {} : { hasText }) });
  await whenStill(popconfirm);
  await popconfirm.getByRole('button', name).click();
}

/** Waits for two animation frames in a row with no Ant Design zoom class and no running animation. */
async function whenStill(locator: Locator): Promise<void> {
  await locator.waitFor();
  await locator.evaluate(
    (element) =>
      new Promise<void>((resolve) => {
        let quiet = 0;
        const tick = () => {
          const moving = /(^|\s)ant-zoom-/.test(element.className) || element.getAnimations().length > 0;
          quiet = moving ? 0 : quiet + 1;
          if (quiet >= 2) resolve();
          else requestAnimationFrame(tick);
        };
        requestAnimationFrame(tick);
      }),
  );
}
