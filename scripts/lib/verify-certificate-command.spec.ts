import {
  certificateKeyFromSeed,
  type CertificateContent,
  DEFAULT_CERTIFICATE_TEMPLATES,
  generateCertificateKeyPair,
  publicKeyPem,
  signCertificate,
} from '@dz/domain';

import { renderCertificatePdf } from '../../apps/worker/src/certificates/certificate-pdf';
import { runVerifyCertificateCommand, VERIFY_EXIT } from './verify-certificate-command';

const key = certificateKeyFromSeed(Buffer.alloc(32, 3).toString('base64'));
const otherKey = generateCertificateKeyPair();

const content: CertificateContent = {
  number: 'DZ2026C0000001X',
  kind: 'champion',
  series: '技能达人擂台赛',
  eventTitle: '2026年中式烹调师技能达人擂台赛',
  occupationName: '中式烹调师',
  occupationCode: '4-03-02-01',
  issuer: '达州市人力资源和社会保障局',
  organiser: '达州市商务局',
  personName: '李建国',
  idNumberMasked: '5117**********5678',
  award: null,
  titles: ['擂主'],
  rank: 1,
  issuedOn: '2026-12-08',
  resultsVersion: 1,
  keyId: key.keyId,
};
const signature = signCertificate(content, key.privateKey);

/** An in-memory file system for the command. */
function files(entries: Record<string, string | Uint8Array>) {
  return (path: string): Uint8Array => {
    const value = entries[path];
    if (value === undefined) throw new Error(`ENOENT: ${path}`);
    return typeof value === 'string' ? Buffer.from(value, 'utf8') : value;
  };
}

const pem = publicKeyPem(key.publicKey);
const json = JSON.stringify({ content, signature, keyId: key.keyId });

describe('runVerifyCertificateCommand', () => {
  it('should find a certificate PDF valid and say what it certifies', async () => {
    const pdf = await renderCertificatePdf({
      content,
      template: { ...DEFAULT_CERTIFICATE_TEMPLATES.champion, background: null },
      verifyUrl: 'https://jnds.dazhou.gov.cn/verify/DZ2026C0000001X',
      signature,
    });
    const result = runVerifyCertificateCommand(['cert.pdf', '--key', 'key.pem'], files({ 'cert.pdf': pdf, 'key.pem': pem }));
    expect(result.code).toBe(VERIFY_EXIT.valid);
    expect(result.stdout.split('\n').slice(0, 5)).toEqual(['签名有效', '证书编号：DZ2026C0000001X', '证书类别：擂主证书', '姓名：李建国', '身份证号：5117**********5678']);
    expect(result.stdout).toContain('奖项：擂主');
    expect(result.stdout).toContain('颁发日期：2026年12月8日');
    expect(result.stderr).toBe('');
  });

  it('should find the JSON record valid, with --key=path too', () => {
    const result = runVerifyCertificateCommand(['--key=key.pem', 'cert.json'], files({ 'cert.json': json, 'key.pem': pem }));
    expect(result.code).toBe(0);
    expect(result.stdout.startsWith('签名有效\n证书编号：DZ2026C0000001X\n')).toBe(true);
  });

  it('should find a JSON record with one character changed invalid and show its claims as untrusted', () => {
    const tampered = json.replace('李建国', '李建图');
    expect(tampered).not.toBe(json);
    const result = runVerifyCertificateCommand(['cert.json', '--key', 'key.pem'], files({ 'cert.json': tampered, 'key.pem': pem }));
    expect(result.code).toBe(VERIFY_EXIT.invalid);
    expect(result.stdout.split('\n')[0]).toBe('签名无效（内容可能被篡改）');
    expect(result.stdout).toContain('文件中声称的内容（不可信）：');
    expect(result.stdout).toContain('姓名：李建图');
  });

  it('should find a certificate checked with another key invalid and name both keys', () => {
    const result = runVerifyCertificateCommand(['cert.json', '--key', 'other.pem'], files({ 'cert.json': json, 'other.pem': publicKeyPem(otherKey.publicKey) }));
    expect(result.code).toBe(VERIFY_EXIT.invalid);
    expect(result.stdout).toContain('签名无效（内容可能被篡改）');
    expect(result.stdout).toContain(`证书由密钥 ${key.keyId} 签发，所给公钥为 ${otherKey.keyId}`);
  });

  it('should say 无法读取 for a file that is not a certificate, a missing file and a bad key', () => {
    const notCertificate = runVerifyCertificateCommand(['notes.txt', '--key', 'key.pem'], files({ 'notes.txt': '会议纪要', 'key.pem': pem }));
    expect(notCertificate).toEqual({ code: VERIFY_EXIT.unreadable, stdout: '', stderr: expect.stringMatching(/^无法读取：文件既不是 PDF，也不是有效的 JSON/) });
    const foreignPdf = runVerifyCertificateCommand(['x.pdf', '--key', 'key.pem'], files({ 'x.pdf': '%PDF-1.4\n1 0 obj << /Title (x) >> endobj\n%%EOF', 'key.pem': pem }));
    expect(foreignPdf.code).toBe(2);
    expect(foreignPdf.stderr).toContain('没有证书签名记录');
    const missing = runVerifyCertificateCommand(['gone.pdf', '--key', 'key.pem'], files({ 'key.pem': pem }));
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('证书文件 gone.pdf 不存在或无法打开');
    const badKey = runVerifyCertificateCommand(['cert.json', '--key', 'key.pem'], files({ 'cert.json': json, 'key.pem': 'hello' }));
    expect(badKey.code).toBe(2);
    expect(badKey.stderr).toContain('公钥无法读取');
  });

  it('should print the usage for missing or unknown arguments', () => {
    for (const args of [[], ['cert.json'], ['--key', 'key.pem'], ['a.json', 'b.json', '--key', 'k'], ['cert.json', '--key'], ['--verbose', 'cert.json', '--key', 'k']]) {
      const result = runVerifyCertificateCommand(args, files({}));
      expect(result.code).toBe(2);
      expect(result.stderr).toContain('用法：npm run verify-certificate -- <证书.pdf | 证书.json> --key <公钥.pem>');
    }
  });
});
