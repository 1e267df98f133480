import { exampleCertificateContent } from '../../libs/domain/src/certificates/content.fixture';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { generateCertificateKeyPair, publicKeyPem, signCertificate, type CertificateContent } from '@dz/domain';

import { REPO_ROOT } from '../setup/processes';

const ENTRY = join(REPO_ROOT, 'dist', 'scripts', 'verify-certificate.js');

/** The command as a person runs it, with no network or database settings in its environment. */
function run(...args: string[]) {
  if (!existsSync(ENTRY)) throw new Error('dist/scripts/verify-certificate.js is missing: run "npm run build" first (npm test does)');
  return spawnSync(process.execPath, [ENTRY, ...args], { cwd: REPO_ROOT, encoding: 'utf8', env: { PATH: process.env.PATH ?? '' }, timeout: 30_000 });
}

describe('npm run verify-certificate', () => {
  const key = generateCertificateKeyPair();
  let dir: string;
  const content = (): CertificateContent => exampleCertificateContent({ titles: [], resultsVersion: 1, keyId: key.keyId });

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'dz-verify-'));
    const c = content();
    writeFileSync(join(dir, 'key.pem'), publicKeyPem(key.publicKey));
    writeFileSync(join(dir, 'cert.json'), JSON.stringify({ content: c, signature: signCertificate(c, key.privateKey), keyId: key.keyId }));
    writeFileSync(join(dir, 'tampered.json'), JSON.stringify({ content: { ...c, award: '特等奖' }, signature: signCertificate(c, key.privateKey), keyId: key.keyId }));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('should exit 0 with 签名有效 for a genuine certificate', () => {
    const result = run(join(dir, 'cert.json'), '--key', join(dir, 'key.pem'));
    expect(result.stdout).toContain('签名有效\n证书编号：DZ2026A00012345\n');
    expect(result.stdout).toContain('姓名：欧阳晓梅');
    expect(result.stdout).toContain('奖项：一等奖');
    expect(result.status).toBe(0);
  });

  it('should exit 1 with 签名无效 for a changed one, and 2 for a missing file', () => {
    const tampered = run(join(dir, 'tampered.json'), '--key', join(dir, 'key.pem'));
    expect(tampered.stdout.startsWith('签名无效（内容可能被篡改）')).toBe(true);
    expect(tampered.status).toBe(1);
    const missing = run(join(dir, 'nothing.pdf'), '--key', join(dir, 'key.pem'));
    expect(missing.stderr).toContain('无法读取');
    expect(missing.status).toBe(2);
  });
});
