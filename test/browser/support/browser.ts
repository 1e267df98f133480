import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Request } from 'playwright-core';
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
    context.on('page', (page) =>
      page.on('close', () => {
        for (const request of started.keys()) if (request.frame().page() === page) started.delete(request);
      }),
    );
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
    return close(...args);
  };
  return browser;
}

/**
 * `<repo>/test-results/screenshots/<name>.png` (git-ignored), creating the directory. `name` may
 * hold letters, digits, `-`, `_` and `.`; anything else becomes `-`.
 */
export function screenshotPath(name: string): string {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  return join(SCREENSHOT_DIR, `${name.replace(/[^\w.-]+/g, '-')}.png`);
}
