import {
  CERTIFICATE_KIND_LABELS,
  type CertificateContent,
  type CertificateFileCheck,
  formatCertificateDate,
  honoursText,
  verifyCertificateFile,
} from '@dz/domain';

/** Exit codes of `npm run verify-certificate`: 0 valid, 1 signature invalid, 2 unreadable (or bad usage). */
export const VERIFY_EXIT = { valid: 0, invalid: 1, unreadable: 2 } as const;

export const VERIFY_USAGE = [
  '用法：npm run verify-certificate -- <证书.pdf | 证书.json> --key <公钥.pem>',
  '公钥可从 GET /api/public/certificates/key.pem 下载；验证不需要联网，也不需要数据库。',
  '退出码：0 签名有效，1 签名无效，2 无法读取。',
].join('\n');

export interface VerifyCommandResult {
  code: 0 | 1 | 2;
  stdout: string;
  stderr: string;
}

/** Reads the certificate file and the key file; throws (any error) when a path cannot be read. */
export type ReadFile = (path: string) => Uint8Array;

function parseArgs(args: readonly string[]): { file: string; key: string } | { problem: string } {
  let key: string | undefined;
  const files: string[] = [];
  for (let i = 0; i < args.length; i += 1) {
    const arg = args[i];
    if (arg === '--key' || arg === '-k') {
      key = args[i + 1];
      i += 1;
      if (key === undefined) return { problem: '缺少 --key 后面的公钥文件' };
    } else if (arg.startsWith('--key=')) {
      key = arg.slice('--key='.length);
    } else if (arg === '-h' || arg === '--help') {
      return { problem: '' };
    } else if (arg.startsWith('-')) {
      return { problem: `不认识的选项 ${arg}` };
    } else {
      files.push(arg);
    }
  }
  if (files.length !== 1) return { problem: files.length === 0 ? '缺少证书文件' : '一次只能验证一个证书文件' };
  if (!key) return { problem: '缺少 --key <公钥.pem>' };
  return { file: files[0], key };
}

/** What the certificate says, one `标签：值` line each, for the person checking it. */
function describe(content: CertificateContent): string[] {
  const honours = honoursText(content);
  return [
    `证书编号：${content.number}`,
    `证书类别：${CERTIFICATE_KIND_LABELS[content.kind] ?? content.kind}`,
    `姓名：${content.personName}`,
    `身份证号：${content.idNumberMasked}`,
    ...(honours ? [`奖项：${honours}`] : []),
    ...(content.rank !== null ? [`名次：第${content.rank}名`] : []),
    `赛项：${content.eventTitle}`,
    `职业：${content.occupationName}${content.occupationCode ? `（${content.occupationCode}）` : ''}`,
    `主办单位：${content.organiser}`,
    `颁发单位：${content.issuer}`,
    `颁发日期：${formatCertificateDate(content.issuedOn)}`,
    `成绩版本：第 ${content.resultsVersion} 版`,
    `签名密钥：${content.keyId}`,
  ];
}

/** The report for a check: 签名有效 with what it certifies, 签名无效 with the reason and what it claims, or 无法读取. */
export function formatCheck(check: CertificateFileCheck): VerifyCommandResult {
  switch (check.status) {
    case 'valid':
      return { code: VERIFY_EXIT.valid, stdout: `签名有效\n${describe(check.content).join('\n')}\n`, stderr: '' };
    case 'invalid': {
      const reason = check.message === '签名无效（内容可能被篡改）' ? [] : [check.message];
      const claims = describe(check.content).map((line) => `  ${line}`);
      return { code: VERIFY_EXIT.invalid, stdout: ['签名无效（内容可能被篡改）', ...reason, '文件中声称的内容（不可信）：', ...claims, ''].join('\n'), stderr: '' };
    }
    default:
      return { code: VERIFY_EXIT.unreadable, stdout: '', stderr: `无法读取：${check.message}\n` };
  }
}

/** `verify-certificate <file> --key <pem>` without touching the process: no network, no database. */
export function runVerifyCertificateCommand(args: readonly string[], readFile: ReadFile): VerifyCommandResult {
  const parsed = parseArgs(args);
  if ('problem' in parsed) {
    return { code: VERIFY_EXIT.unreadable, stdout: '', stderr: `${parsed.problem ? `${parsed.problem}\n` : ''}${VERIFY_USAGE}\n` };
  }
  let certificate: Uint8Array;
  let pem: string;
  try {
    certificate = readFile(parsed.file);
  } catch {
    return { code: VERIFY_EXIT.unreadable, stdout: '', stderr: `无法读取：证书文件 ${parsed.file} 不存在或无法打开\n` };
  }
  try {
    pem = Buffer.from(readFile(parsed.key)).toString('utf8');
  } catch {
    return { code: VERIFY_EXIT.unreadable, stdout: '', stderr: `无法读取：公钥文件 ${parsed.key} 不存在或无法打开\n` };
  }
  return formatCheck(verifyCertificateFile(certificate, pem));
}
