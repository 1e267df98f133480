import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { chromium, type Browser } from 'playwright-core';

/** Viewports where a person looks: the bureau's desktop and a contestant's phone. */
export const DESKTOP_VIEWPORT = { width: 1280, height: 800 } as const;
export const PHONE_VIEWPORT = { width: 390, height: 844 } as const;

const REPO_ROOT = resolve(__dirname, '../../..');
const SCREENSHOT_DIR = join(REPO_ROOT, 'test-results', 'screenshots');

/**
 * Debian's Chromium, headless (override with CHROMIUM_PATH). The flags keep it quiet and
 * container-safe: no sandbox (no user namespaces in CI), no GPU, no calls home.
 */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
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
}

/**
 * `<repo>/test-results/screenshots/<name>.png` (git-ignored), creating the directory. `name` may
 * hold letters, digits, `-`, `_` and `.`; anything else becomes `-`.
 */
export function screenshotPath(name: string): string {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  return join(SCREENSHOT_DIR, `${name.replace(/[^\w.-]+/g, '-')}.png`);
}
