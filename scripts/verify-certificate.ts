import { readFileSync } from 'node:fs';
import { runVerifyCertificateCommand } from './lib/verify-certificate-command';

// `npm run verify-certificate -- <certificate.pdf | certificate.json> --key <public-key.pem>`:
// checks a certificate's Ed25519 signature offline (no network, no database). Exit codes:
// 0 签名有效, 1 签名无效, 2 无法读取 (or wrong usage).
const result = runVerifyCertificateCommand(process.argv.slice(2), (path) => readFileSync(path));
process.stdout.write(result.stdout);
process.stderr.write(result.stderr);
process.exitCode = result.code;
