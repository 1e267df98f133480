import { exampleCertificateContent } from '../../../../libs/domain/src/certificates/content.fixture';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

import {
  certificateKeyFromSeed,
  type CertificateContent,
  DEFAULT_CERTIFICATE_TEMPLATES,
  publicKeyPem,
  readPdfCertificateRecord,
  signCertificate,
  verifyCertificateFile,
} from '@dz/domain';
import PDFDocument from 'pdfkit';

import { decodeQr, renderPdfPage } from '../../../../test/setup/pdf';
import { type CertificatePdfInput, loadCertificateFonts, renderCertificatePdf } from './certificate-pdf';

const key = certificateKeyFromSeed(Buffer.alloc(32, 7).toString('base64'));
const RESULTS_DIR = join(resolve(__dirname, '../../../..'), 'test-results', 'certificates');
const VERIFY_URL = 'https://jnds.dazhou.gov.cn/verify/DZ2026A00012345';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'dz-certificate-'));
  mkdirSync(RESULTS_DIR, { recursive: true });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function content(overrides: Partial<CertificateContent> = {}): CertificateContent {
  return exampleCertificateContent({ keyId: key.keyId, ...overrides });
}

function input(c: CertificateContent, template: Partial<CertificatePdfInput['template']> = {}, verifyUrl = VERIFY_URL): CertificatePdfInput {
  return { content: c, template: { ...DEFAULT_CERTIFICATE_TEMPLATES[c.kind], background: null, ...template }, verifyUrl, signature: signCertificate(c, key.privateKey) };
}

let seq = 0;
function save(pdf: Buffer): string {
  seq += 1;
  const file = join(dir, `certificate-${seq}.pdf`);
  writeFileSync(file, pdf);
  return file;
}

/** Page text in drawing order with all whitespace removed (pdftotext -raw). */
function text(file: string): string {
  return execFileSync('pdftotext', ['-raw', file, '-'], { encoding: 'utf8' }).replace(/\s+/g, '');
}

/**
 * An image of one colour, made by drawing a page with pdfkit and rasterising it with poppler:
 * an opaque RGB PNG (pdftoppm), a JPEG (pdftoppm -jpeg), or a PNG with an alpha channel whose
 * left half is transparent (pdftocairo -transp).
 */
async function solidImage(colour: string, format: 'png' | 'jpeg' | 'alpha-png'): Promise<Buffer> {
  const doc = new PDFDocument({ size: [200, 140], margin: 0 });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<void>((ok) => doc.on('end', () => ok()));
  if (format === 'alpha-png') doc.rect(100, 0, 100, 140).fill(colour);
  else doc.rect(0, 0, 200, 140).fill(colour);
  doc.end();
  await done;
  const source = join(dir, `solid-${(seq += 1)}.pdf`);
  writeFileSync(source, Buffer.concat(chunks));
  const out = join(dir, `solid-${seq}`);
  if (format === 'alpha-png') execFileSync('pdftocairo', ['-png', '-transp', '-r', '36', '-singlefile', source, out]);
  else execFileSync('pdftoppm', [format === 'jpeg' ? '-jpeg' : '-png', '-r', '36', '-singlefile', source, out]);
  return readFileSync(`${out}.${format === 'jpeg' ? 'jpg' : 'png'}`);
}

/** The largest difference of one channel between a pixel and a `#rrggbb` colour (0–255). */
function distance(actual: [number, number, number], hex: string): number {
  const want = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16));
  return Math.max(...actual.map((v, i) => Math.abs(v - want[i])));
}

/** The RGB of the pixel at (x, y) of page 1 rendered at `dpi` (pdftoppm's binary PPM). */
function pixelAt(file: string, dpi: number, x: number, y: number): [number, number, number] {
  const base = join(dir, `px-${(seq += 1)}`);
  execFileSync('pdftoppm', ['-r', String(dpi), '-f', '1', '-l', '1', '-singlefile', file, base]);
  const data = readFileSync(`${base}.ppm`);
  const header = /^P6\s+(\d+)\s+(\d+)\s+(\d+)\s/.exec(data.subarray(0, 40).toString('latin1'));
  if (!header) throw new Error('not a binary PPM');
  const width = Number(header[1]);
  const at = header[0].length + (y * width + x) * 3;
  return [data[at], data[at + 1], data[at + 2]];
}

describe('renderCertificatePdf', () => {
  it('should draw the award certificate in Chinese as real text, with the date in 年月日', async () => {
    const file = save(await renderCertificatePdf(input(content())));
    const all = text(file);
    for (const part of ['达州技能大赛', '荣誉证书', '欧阳晓梅同志：', '在2026年达州技能大赛焊工赛项（焊工）中，成绩优异，荣获一等奖、技能达人。', '特发此证，以资鼓励。']) {
      expect(all).toContain(part);
    }
    expect(all).toContain('姓名：欧阳晓梅');
    expect(all).toContain('身份证号：5117**********1234');
    expect(all).toContain('职业：焊工（6-18-02-04）');
    expect(all).toContain('奖项：一等奖、技能达人');
    expect(all).toContain('名次：第1名');
    expect(all).toContain('证书编号：DZ2026A00012345');
    expect(all).toContain('达州市人力资源和社会保障局2026年12月8日');
    expect(all).toContain('扫码验证真伪DZ2026A00012345');
    expect(all).not.toContain('2026-12-08');
    expect(all).not.toContain('{');
  });

  it('should be one A4 landscape page with the Chinese font embedded as a subset', async () => {
    const file = save(await renderCertificatePdf(input(content())));
    const info = execFileSync('pdfinfo', [file], { encoding: 'utf8' });
    expect(info).toMatch(/^Pages:\s+1$/m);
    expect(info).toMatch(/^Page size:\s+841\.89 x 595\.28 pts/m);
    expect(info).toMatch(/^Title:\s+获奖证书 DZ2026A00012345$/m);
    const fonts = execFileSync('pdffonts', [file], { encoding: 'utf8' });
    // name, type, encoding, emb, sub, uni: a subset's name starts with six capitals and a plus.
    expect(fonts).toMatch(/[A-Z]{6}\+NotoSansSC-Regular\s+CID TrueType\s+Identity-H\s+yes\s+yes\s+yes/);
    expect(fonts).toMatch(/[A-Z]{6}\+NotoSansSC-Bold\s+CID TrueType\s+Identity-H\s+yes\s+yes\s+yes/);
    expect(fonts).not.toMatch(/\sno\s+no\s/);
  });

  it('should draw a QR code that scans back to the verification address, and save the page to look at', async () => {
    const pdf = await renderCertificatePdf(input(content()));
    const { png } = renderPdfPage(pdf, 110);
    writeFileSync(join(RESULTS_DIR, 'award.png'), png);
    expect(decodeQr(png)).toBe(VERIFY_URL);
    // Vector, not an image: the PDF holds no image XObject.
    expect(pdf.toString('latin1')).not.toContain('/Subtype /Image');
  });

  it('should carry the signed record, readable by poppler and by the offline check', async () => {
    const c = content();
    const pdf = await renderCertificatePdf(input(c));
    const read = readPdfCertificateRecord(pdf);
    expect(read).toEqual({ ok: true, record: { content: c, signature: signCertificate(c, key.privateKey), keyId: key.keyId } });
    expect(verifyCertificateFile(pdf, publicKeyPem(key.publicKey))).toMatchObject({ status: 'valid', source: 'pdf', content: c });
    const custom = execFileSync('pdfinfo', ['-custom', save(pdf)], { encoding: 'utf8' });
    const line = /^DzCertificate:\s+(.*)$/m.exec(custom);
    expect(line).not.toBeNull();
    expect(JSON.parse(line![1]).content.personName).toBe('欧阳晓梅');
  });

  it('should draw a champion certificate and a participation proof with their own titles and no award on the proof', async () => {
    const champion = text(save(await renderCertificatePdf(input(content({ kind: 'champion', number: 'DZ2026C0000001X', series: '技能达人擂台赛' }), {}, 'https://x.test/v/1'))));
    expect(champion).toContain('擂主证书');
    expect(champion).toContain('成为本届擂主');
    expect(champion).toContain('技能达人擂台赛');
    const proofFile = save(await renderCertificatePdf(input(content({ kind: 'participation', number: 'DZ2026P00000017', award: null, titles: [], rank: null }))));
    const proof = text(proofFile);
    expect(proof).toContain('参赛证明');
    expect(proof).toContain('兹证明欧阳晓梅同志参加了由达州市经济和信息化局主办的2026年达州技能大赛焊工赛项（焊工），完成全部比赛项目。');
    expect(proof).not.toContain('奖项：');
    expect(proof).not.toContain('名次：');
    expect(proof).toContain('证书编号：DZ2026P00000017');
    writeFileSync(join(RESULTS_DIR, 'participation.png'), renderPdfPage(readFileSync(proofFile), 110).png);
  });

  it('should stretch a background image over the page and keep the QR code readable on it', async () => {
    const background = await solidImage('#f3e2b3', 'png');
    // The same Buffer twice: the second document embeds the background prepared for the first.
    for (const name of ['award-background', 'award-background-again']) {
      const file = save(await renderCertificatePdf(input(content(), { background })));
      expect(distance(pixelAt(file, 36, 3, 3), '#f3e2b3')).toBeLessThan(10); // a corner; blank would be white
      expect(distance(pixelAt(file, 36, 410, 290), '#f3e2b3')).toBeLessThan(10); // the far corner
      const { png } = renderPdfPage(readFileSync(file), 110);
      writeFileSync(join(RESULTS_DIR, `${name}.png`), png);
      expect(decodeQr(png)).toBe(VERIFY_URL);
      expect(readFileSync(file).toString('latin1').match(/\/Subtype \/Image/g)).toHaveLength(1);
      // The opaque PNG went through the prepared path (its XObject is named DzBackground).
      expect(readFileSync(file).toString('latin1')).toContain('/DzBackground');
    }
  });

  it('should take a JPEG background and a PNG with transparency too', async () => {
    const jpeg = save(await renderCertificatePdf(input(content(), { background: await solidImage('#2f6bb3', 'jpeg') })));
    expect(distance(pixelAt(jpeg, 36, 3, 3), '#2f6bb3')).toBeLessThan(10);
    const alpha = save(await renderCertificatePdf(input(content(), { background: await solidImage('#2f8f4f', 'alpha-png') })));
    // Left half transparent (the white page shows), right half the colour.
    expect(distance(pixelAt(alpha, 36, 3, 3), '#ffffff')).toBeLessThan(10);
    expect(distance(pixelAt(alpha, 36, 410, 3), '#2f8f4f')).toBeLessThan(10);
    expect(decodeQr(renderPdfPage(readFileSync(alpha), 110).png)).toBe(VERIFY_URL);
    // Both went through pdfkit's own image handling.
    expect(readFileSync(jpeg).toString('latin1')).not.toContain('/DzBackground');
    expect(readFileSync(alpha).toString('latin1')).not.toContain('/DzBackground');
  });

  it('should cut an overlong body with an ellipsis instead of running into the details', async () => {
    const body = `{姓名}同志：\n${'在比赛中表现突出，'.repeat(60)}末尾标记`;
    const all = text(save(await renderCertificatePdf(input(content(), { body }))));
    expect(all).toContain('在比赛中表现突出，');
    expect(all).not.toContain('末尾标记');
    expect(all).toContain('…');
    expect(all).toContain('姓名：欧阳晓梅');
  });

  it('should reject a template with a wrong placeholder and a background that is no image, in Chinese', async () => {
    await expect(renderCertificatePdf(input(content(), { body: '{姓名}荣获{奖状}' }))).rejects.toThrow('证书模板有误');
    await expect(renderCertificatePdf(input(content(), { background: Buffer.from('GIF89a……') }))).rejects.toThrow('只支持 PNG 或 JPEG');
  });

  it('should reuse one parsed font for every document', () => {
    expect(loadCertificateFonts()).toBe(loadCertificateFonts());
  });
});
