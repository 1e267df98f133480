import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

/** Another apt-get (a parallel test run, unattended upgrades) holds the dpkg lock: wait for it. */
const APT_WAIT = ['-o', 'DPkg::Lock::Timeout=600'];

/** Finds an executable on PATH; null when absent. */
export function which(command: string): string | null {
  const result = spawnSync('sh', ['-c', `command -v ${command}`], { encoding: 'utf8' });
  const path = result.stdout.trim();
  return result.status === 0 && path ? path : null;
}

let aptUpdated = false;

/**
 * Makes sure a command from a Debian package is on PATH. On Debian as root it installs the
 * package with apt-get (saying so); anywhere else it throws one line saying how to install it.
 */
export function ensureDebianCommand(command: string, debianPackage: string, say: (line: string) => void): string {
  return ensureDebianPackage(`"${command}"`, () => which(command), debianPackage, say, ' was not found on PATH');
}

/** The same for a file a package ships (a font, say): returns its path. */
export function ensureDebianFile(path: string, debianPackage: string, say: (line: string) => void): string {
  return ensureDebianPackage(path, () => (existsSync(path) ? path : null), debianPackage, say, ' does not exist');
}

function ensureDebianPackage(
  what: string,
  find: () => string | null,
  debianPackage: string,
  say: (line: string) => void,
  absent: string,
): string {
  const found = find();
  if (found) return found;
  const isDebian = existsSync('/etc/debian_version');
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (!isDebian || !isRoot) {
    throw new Error(
      `${what}${absent}. Install it first, e.g. on Debian/Ubuntu: sudo apt-get install -y ${debianPackage}` +
        ' (on macOS: brew install ' +
        (debianPackage === 'redis-server' ? 'redis' : debianPackage) +
        ').',
    );
  }
  say(`${what} is missing: installing the Debian package ${debianPackage} with apt-get…`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  if (!aptUpdated) {
    execFileSync('apt-get', [...APT_WAIT, 'update', '-q'], { stdio: 'inherit', env });
    aptUpdated = true;
  }
  execFileSync('apt-get', [...APT_WAIT, 'install', '-y', '-q', '--no-install-recommends', debianPackage], { stdio: 'inherit', env });
  const installed = find();
  if (!installed) throw new Error(`apt-get installed ${debianPackage} but ${what} is still missing.`);
  return installed;
}
