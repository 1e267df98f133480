import {
  certificateKeyFromSeed,
  type CertificateContent,
  DEFAULT_CERTIFICATE_TEMPLATES,
  fillTemplate,
  signCertificate,
} from '@dz/domain';
import PDFDocument from 'pdfkit';
import QRCode from 'qrcode';

import { type CertificateFonts, loadCertificateFonts, renderCertificatePdf } from '../apps/worker/src/certificates/certificate-pdf';
import { exampleCertificateContent } from '../libs/domain/src/certificates/content.fixture';

// `node dist/bench/certificate-pdf.js`: certificates per second through renderCertificatePdf
// against bare pdfkit drawing the same page (same fonts parsed once, same texts and positions,
// the QR code's rectangles computed beforehand, no template, no record). Alternates the two in
// turns, one document each, and compares medians. BENCH_CERTIFICATES (default 600) per side.

const key = certificateKeyFromSeed(Buffer.alloc(32, 9).toString('base64'));
const content: CertificateContent = exampleCertificateContent({ keyId: key.keyId });
const VERIFY_URL = 'https://jnds.dazhou.gov.cn/verify/DZ2026A00012345';
const signature = signCertificate(content, key.privateKey);
const template = { ...DEFAULT_CERTIFICATE_TEMPLATES.award, background: null };

function bare(fonts: CertificateFonts, body: string[], qr: [number, number, number, number][]): Promise<Buffer> {
  return new Promise((resolve) => {
    const doc = new PDFDocument({ size: 'A4', layout: 'landscape', margin: 0 });
    const chunks: Buffer[] = [];
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.registerFont('sc', fonts.regular as unknown as PDFKit.Mixins.PDFFontSource);
    doc.registerFont('sc-bold', fonts.bold as unknown as PDFKit.Mixins.PDFFontSource);
    doc.lineWidth(3).strokeColor('#b8892d').rect(22, 22, 797.89, 551.28).stroke();
    doc.lineWidth(0.8).rect(31, 31, 779.89, 533.28).stroke();
    doc.font('sc').fontSize(13).fillColor('#b3121b').text('达州技能大赛', 110, 62, { width: 621.89, align: 'center', lineBreak: false });
    doc.font('sc-bold').fontSize(40).text('荣誉证书', 117, 86, { width: 621.89, align: 'center', characterSpacing: 14, lineBreak: false });
    doc.font('sc').fontSize(17).fillColor('#1a1a1a');
    let y = 168;
    body.forEach((p, i) => {
      doc.text(p, 110, y, { width: 621.89, indent: i === 0 ? 0 : 34, lineGap: 9, height: 330 - y, ellipsis: '…' });
      y = doc.y;
    });
    doc.fontSize(11);
    const rows = [['姓　　名：', '欧阳晓梅'], ['身份证号：', '5117**********1234'], ['职　　业：', '焊工（6-18-02-04）'], ['奖　　项：', '一等奖、技能达人'], ['名　　次：', '第1名'], ['证书编号：', 'DZ2026A00012345']];
    rows.forEach(([label, value], i) => {
      doc.fillColor('#555555').text(label, 110, 346 + i * 19, { width: 82, lineBreak: false });
      doc.fillColor('#1a1a1a').text(value, 192, 346 + i * 19, { width: 200, height: 19, ellipsis: '…', lineBreak: false });
    });
    doc.font('sc-bold').fontSize(16).text('达州市人力资源和社会保障局', 390, 438, { width: 260, align: 'center', height: 44, ellipsis: '…' });
    doc.font('sc').fontSize(14).text('2026年12月8日', 390, doc.y + 6, { width: 260, align: 'center', lineBreak: false });
    doc.save().rect(673.89, 414, 96, 96).fill('#ffffff');
    for (const [x, ry, w, h] of qr) doc.rect(x, ry, w, h);
    doc.fill('#000000').restore();
    doc.font('sc').fontSize(9).fillColor('#555555').text('扫码验证真伪', 653.89, 514, { width: 136, align: 'center', lineBreak: false });
    doc.fontSize(8).text('DZ2026A00012345', 653.89, 527, { width: 136, align: 'center', lineBreak: false });
    doc.end();
  });
}

function qrRects(): [number, number, number, number][] {
  const qr = QRCode.create(VERIFY_URL, { errorCorrectionLevel: 'M' });
  const n = qr.modules.size;
  const cell = 96 / (n + 4);
  const out: [number, number, number, number][] = [];
  for (let r = 0; r < n; r += 1) {
    let c = 0;
    while (c < n) {
      if (!qr.modules.get(r, c)) {
        c += 1;
        continue;
      }
      const s = c;
      while (c < n && qr.modules.get(r, c)) c += 1;
      out.push([673.89 + (s + 2) * cell, 414 + (r + 2) * cell, (c - s) * cell, cell + 0.05]);
    }
  }
  return out;
}

async function main(): Promise<void> {
  const count = Number(process.env.BENCH_CERTIFICATES ?? 600);
  const fonts = loadCertificateFonts();
  const body = fillTemplate(template.body, content).split('\n');
  const qr = qrRects();
  const full = () => renderCertificatePdf({ content, template, verifyUrl: VERIFY_URL, signature }, fonts);
  const plain = () => bare(fonts, body, qr);
  // Warm-up: JIT, fontkit's glyph caches.
  for (let i = 0; i < 30; i += 1) {
    await full();
    await plain();
  }
  // One of each in turn, timed one document at a time: load from other processes falls on both
  // alike, and medians keep a stall in one document from deciding the result.
  const times = { full: [] as number[], bare: [] as number[] };
  const sizes = { full: 0, bare: 0 };
  for (let i = 0; i < count; i += 1) {
    for (const side of i % 2 === 0 ? (['bare', 'full'] as const) : (['full', 'bare'] as const)) {
      const started = process.hrtime.bigint();
      const pdf = await (side === 'full' ? full() : plain());
      times[side].push(Number(process.hrtime.bigint() - started) / 1e6);
      sizes[side] = pdf.length;
    }
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
  const line = (name: string, xs: number[], size: number) =>
    `${name}: median ${median(xs).toFixed(2)} ms (${(1000 / median(xs)).toFixed(1)} pages/s), mean ${(sum(xs) / xs.length).toFixed(2)} ms, ${size} bytes\n`;
  process.stdout.write(
    line('bare pdfkit', times.bare, sizes.bare) +
      line('renderCertificatePdf', times.full, sizes.full) +
      `ratio (bare median / full median, ≥ 0.70 wanted): ${(median(times.bare) / median(times.full)).toFixed(2)}\n`,
  );
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(1);
  },
);
