import { join, resolve } from 'node:path';

/** The repository root, whether running from sources (scripts/lib) or from dist/scripts/lib. */
export const REPO_ROOT = resolve(__dirname, __dirname.includes(`${join('dist', 'scripts')}`) ? '../../..' : '../..');

export const DEFAULT_DATA_DIR = join(REPO_ROOT, '.data');
