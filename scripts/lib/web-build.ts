import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from './paths';

const WEB_INPUTS = ['apps/web', 'libs/contracts/src', 'libs/domain/src'];
export const WEB_INDEX = join(REPO_ROOT, 'dist', 'web', 'index.html');

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name.endsWith('.spec.ts')) continue;
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

/** True when dist/web is missing or older than any source it is built from. */
export function webBuildIsStale(): boolean {
  if (!existsSync(WEB_INDEX)) return true;
  const built = statSync(WEB_INDEX).mtimeMs;
  return WEB_INPUTS.some((dir) => existsSync(join(REPO_ROOT, dir)) && newestMtime(join(REPO_ROOT, dir)) > built);
}

/** Builds the web app with Vite (about 2 s); throws with Vite's output on failure. */
export function buildWeb(): void {
  const vite = join(REPO_ROOT, 'node_modules', '.bin', 'vite');
  const result = spawnSync(vite, ['build', '--config', 'apps/web/vite.config.ts', '--logLevel', 'warn'], {
    cwd: REPO_ROOT,
    encoding: 'utf8',
  });
  if (result.status !== 0) throw new Error(`web build failed:\n${result.stdout}\n${result.stderr}`);
}
