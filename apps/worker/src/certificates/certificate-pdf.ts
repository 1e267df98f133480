import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

import {
  CERTIFICATE_KIND_LABELS,
  CERTIFICATE_PDF_INFO_KEY,
  type CertificateContent,
  type CertificateTemplateText,
  fillTemplate,
  formatCertificateDate,
  honoursText,
  type SignedCertificateRecord,
} from '@dz/domain';
import PDFDocument from 'pdfkit';
import QRCode from 'qrcode';

/** A font as fontkit parses it; pdfkit embeds any object with a `layout` method as is. */
export interface ParsedFont {
  layout: (...args: unknown[]) => unknown;
  postscriptName: string;
}

export interface CertificateFonts {
  regular: ParsedFont;
  bold: ParsedFont;
}

let cachedFonts: CertificateFonts | null = null;

/**
 * Noto Sans SC as TrueType (OFL-1.1, from npm), read and parsed once per process and shared by
 * every certificate: parsing the 10.5 MB files costs far more than drawing a page. The parser is
 * the fontkit pdfkit itself loads, so the objects are what pdfkit expects; pdfkit subsets them
 * per document (only the glyphs drawn are embedded).
 */
export function loadCertificateFonts(): CertificateFonts {
  if (cachedFonts) return cachedFonts;
  const fontkit = createRequire(require.resolve('pdfkit'))('fontkit') as { create(data: Buffer): ParsedFont };
  const dir = dirname(require.resolve('@expo-google-fonts/noto-sans-sc/package.json'));
  cachedFonts = {
    regular: fontkit.create(readFileSync(join(dir, '400Regular', 'NotoSansSC_400Regular.ttf'))),
    bold: fontkit.create(readFileSync(join(dir, '700Bold', 'NotoSansSC_700Bold.ttf'))),
  };
  return cachedFonts;
}

/** A template as the renderer takes it: texts with placeholders, and an optional PNG or JPEG background. */
export interface CertificatePdfTemplate extends CertificateTemplateText {
  background: Buffer | null;
}

export interface CertificatePdfInput {
  content: CertificateContent;
  template: CertificatePdfTemplate;
  /** What the QR code holds: the public verification page of this certificate. */
  verifyUrl: string;
  /** Ed25519 signature (base64) of canonicalCertificate(content), stored in the PDF with the content. */
  signature: string;
}

// Page geometry in PDF points: A4 landscape is 841.89 × 595.28. Everything is placed at fixed
// coordinates (no flow), so a long text is cut with an ellipsis instead of pushing others.
const PAGE = { width: 841.89, height: 595.28 };
const TEXT_LEFT = 110;
const TEXT_WIDTH = PAGE.width - 2 * TEXT_LEFT;
const SERIES_Y = 62;
const TITLE_Y = 86;
const TITLE_SIZE = 40;
const TITLE_SPACING = 14;
const BODY_TOP = 168;
const BODY_BOTTOM = 330;
const BODY_SIZE = 17;
const BODY_LINE_GAP = 9;
const BODY_INDENT = 2 * BODY_SIZE; // two characters, as Chinese paragraphs start
const DETAILS_TOP = 346;
const DETAILS_ROW = 19;
const DETAILS_SIZE = 11;
const DETAILS_LABEL_WIDTH = 70;
const DETAILS_VALUE_WIDTH = 200;
const SIGNATURE_RIGHT = 650;
const SIGNATURE_WIDTH = 260; // the issuer (13 characters at 16 pt = 208 pt) on one line
const SIGNATURE_Y = 438;
const QR_SIZE = 96;
const QR_X = PAGE.width - 72 - QR_SIZE;
const QR_Y = 414;
const CAPTION_WIDTH = QR_SIZE + 40;
const RED = '#b3121b';
const DARK = '#1a1a1a';
const GREY = '#555555';
const GOLD = '#b8892d';

/** The background must be one of the formats pdfkit embeds: PNG or JPEG, told by their signatures. */
export function certificateBackgroundProblem(image: Buffer): string | null {
  const png = image.length > 8 && image.readUInt32BE(0) === 0x89504e47 && image.readUInt32BE(4) === 0x0d0a1a0a;
  const jpeg = image.length > 3 && image[0] === 0xff && image[1] === 0xd8 && image[2] === 0xff;
  return png || jpeg ? null : '证书背景图片只支持 PNG 或 JPEG 格式';
}

/** What pdfkit's PNG parser (png-js) exposes that an embedding needs. */
interface ParsedPng {
  width: number;
  height: number;
  image: {
    bits: number;
    colors: number;
    colorSpace: string;
    palette: number[];
    transparency: Record<string, unknown>;
    interlaceMethod: number;
    hasAlphaChannel: boolean;
    imgData: Uint8Array;
  };
}

/** An image XObject ready to write into any document: its dictionary and its (already compressed) data. */
interface PreparedImage {
  width: number;
  height: number;
  dict: Record<string, unknown>;
  decodeParms: Record<string, unknown>;
  data: Buffer;
}

/**
 * Backgrounds prepared once per process, by the caller's Buffer. pdfkit re-parses a PNG for every
 * document (png-js copies its data byte by byte: about 30 ms for a 150 dpi A4 page, three times
 * the rest of the certificate), though for an opaque, non-interlaced PNG without a palette it
 * then writes the compressed data as is. Such PNGs are parsed once here and the prepared object
 * is embedded into each document; any other PNG (alpha, palette, transparency, interlacing) and
 * every JPEG (pdfkit copies JPEG data without decoding) go through pdfkit unchanged.
 */
const preparedBackgrounds = new WeakMap<Buffer, PreparedImage | null>();

function preparedBackground(doc: PDFKit.PDFDocument, background: Buffer): PreparedImage | null {
  if (preparedBackgrounds.has(background)) return preparedBackgrounds.get(background) ?? null;
  let prepared: PreparedImage | null = null;
  if (background.readUInt32BE(0) === 0x89504e47) {
    // openImage only parses (it embeds nothing into `doc`).
    const parsed = (doc as unknown as { openImage(src: Buffer): ParsedPng }).openImage(background);
    const png = parsed.image;
    const plain = !png.hasAlphaChannel && png.interlaceMethod !== 1 && png.palette.length === 0 && Object.keys(png.transparency).length === 0;
    if (plain) {
      prepared = {
        width: parsed.width,
        height: parsed.height,
        dict: { Type: 'XObject', Subtype: 'Image', BitsPerComponent: png.bits, Width: parsed.width, Height: parsed.height, Filter: 'FlateDecode', ColorSpace: png.colorSpace },
        decodeParms: { Predictor: 15, Colors: png.colors, BitsPerComponent: png.bits, Columns: parsed.width },
        data: Buffer.from(png.imgData),
      };
    }
  }
  preparedBackgrounds.set(background, prepared);
  return prepared;
}

/** Stretches the background over the page: the prepared image when there is one, else through pdfkit. */
function drawBackground(doc: PDFKit.PDFDocument, background: Buffer): void {
  const prepared = preparedBackground(doc, background);
  if (!prepared) {
    doc.image(background, 0, 0, { width: PAGE.width, height: PAGE.height });
    return;
  }
  type Ref = { data: Record<string, unknown>; end(chunk?: Buffer): void };
  const ref = (data: Record<string, unknown>) => (doc as unknown as { ref(data: Record<string, unknown>): Ref }).ref(data);
  // pdfkit takes any object with width, height, label and embed(); it calls embed once per document.
  const image = {
    width: prepared.width,
    height: prepared.height,
    label: 'DzBackground',
    obj: null as Ref | null,
    embed() {
      const obj = ref({ ...prepared.dict });
      const parms = ref({ ...prepared.decodeParms });
      parms.end();
      obj.data.DecodeParms = parms;
      // Filter is set, so pdfkit writes the bytes as they are instead of compressing them again.
      obj.end(prepared.data);
      this.obj = obj;
    },
  };
  doc.image(image as unknown as Buffer, 0, 0, { width: PAGE.width, height: PAGE.height });
}

/** Draws a QR code as filled rectangles, one per run of dark modules in a row (vectors, a few KB). */
function drawQr(doc: PDFKit.PDFDocument, text: string, x: number, y: number, size: number): void {
  const qr = QRCode.create(text, { errorCorrectionLevel: 'M' });
  const count = qr.modules.size;
  const quiet = 2; // scanners want a light margin; the white square below provides it
  const cell = size / (count + 2 * quiet);
  doc.save().rect(x, y, size, size).fill('#ffffff');
  for (let row = 0; row < count; row += 1) {
    let col = 0;
    while (col < count) {
      if (!qr.modules.get(row, col)) {
        col += 1;
        continue;
      }
      const start = col;
      while (col < count && qr.modules.get(row, col)) col += 1;
      // A hair of overlap between rows hides anti-aliasing seams in viewers.
      doc.rect(x + (start + quiet) * cell, y + (row + quiet) * cell, (col - start) * cell, cell + 0.05);
    }
  }
  doc.fill('#000000').restore();
}

/** The details under the body: label, value; rows without a value are left out. */
function detailRows(content: CertificateContent): [string, string][] {
  const honours = honoursText(content);
  const occupation = content.occupationCode ? `${content.occupationName}（${content.occupationCode}）` : content.occupationName;
  return [
    ['姓\u3000\u3000名', content.personName],
    ['身份证号', content.idNumberMasked],
    ['职\u3000\u3000业', occupation],
    ...(honours && content.kind !== 'participation' ? ([['奖\u3000\u3000项', honours]] as [string, string][]) : []),
    ...(content.rank !== null && content.kind !== 'participation' ? ([['名\u3000\u3000次', `第${content.rank}名`]] as [string, string][]) : []),
    ['证书编号', content.number],
  ];
}

/** The China civil date of issue as a Date (midnight in Dazhou), for the PDF's creation date. */
function issuedAt(issuedOn: string): Date | undefined {
  const date = new Date(`${issuedOn}T00:00:00+08:00`);
  return /^\d{4}-\d{2}-\d{2}$/.test(issuedOn) && !Number.isNaN(date.getTime()) ? date : undefined;
}

function draw(doc: PDFKit.PDFDocument, input: CertificatePdfInput, fonts: CertificateFonts): void {
  const { content, template } = input;
  // The typings accept only paths and bytes; pdfkit itself also takes a parsed fontkit font.
  doc.registerFont('sc', fonts.regular as unknown as PDFKit.Mixins.PDFFontSource);
  doc.registerFont('sc-bold', fonts.bold as unknown as PDFKit.Mixins.PDFFontSource);

  if (template.background) {
    drawBackground(doc, template.background);
  } else {
    doc.lineWidth(3).strokeColor(GOLD).rect(22, 22, PAGE.width - 44, PAGE.height - 44).stroke();
    doc.lineWidth(0.8).rect(31, 31, PAGE.width - 62, PAGE.height - 62).stroke();
  }

  const title = fillTemplate(template.title, content);
  const body = fillTemplate(template.body, content);
  const signatureLine = fillTemplate(template.signatureLine, content);

  doc.font('sc').fontSize(13).fillColor(RED).text(content.series, TEXT_LEFT, SERIES_Y, { width: TEXT_WIDTH, align: 'center', lineBreak: false });
  // Character spacing also follows the last character: shift right by half of it to stay centred.
  doc
    .font('sc-bold')
    .fontSize(TITLE_SIZE)
    .text(title, TEXT_LEFT + TITLE_SPACING / 2, TITLE_Y, { width: TEXT_WIDTH, align: 'center', characterSpacing: TITLE_SPACING, lineBreak: false });

  // The body: a salutation (a paragraph ending in a colon) stays flush left, the others are indented.
  doc.font('sc').fontSize(BODY_SIZE).fillColor(DARK);
  let y = BODY_TOP;
  body.split('\n').forEach((paragraph) => {
    const room = BODY_BOTTOM - y;
    if (room < doc.currentLineHeight()) return;
    const indent = /[：:]\s*$/.test(paragraph) ? 0 : BODY_INDENT;
    doc.text(paragraph, TEXT_LEFT, y, { width: TEXT_WIDTH, indent, lineGap: BODY_LINE_GAP, height: room, ellipsis: '…' });
    y = doc.y;
  });

  doc.fontSize(DETAILS_SIZE);
  detailRows(content).forEach(([label, value], i) => {
    const rowY = DETAILS_TOP + i * DETAILS_ROW;
    doc.fillColor(GREY).text(`${label}：`, TEXT_LEFT, rowY, { width: DETAILS_LABEL_WIDTH + 12, lineBreak: false });
    doc.fillColor(DARK).text(value, TEXT_LEFT + DETAILS_LABEL_WIDTH + 12, rowY, { width: DETAILS_VALUE_WIDTH, height: DETAILS_ROW, ellipsis: '…', lineBreak: false });
  });

  doc.font('sc-bold').fontSize(16).fillColor(DARK);
  doc.text(signatureLine, SIGNATURE_RIGHT - SIGNATURE_WIDTH, SIGNATURE_Y, { width: SIGNATURE_WIDTH, align: 'center', height: 44, ellipsis: '…' });
  doc.font('sc').fontSize(14).text(formatCertificateDate(content.issuedOn), SIGNATURE_RIGHT - SIGNATURE_WIDTH, doc.y + 6, { width: SIGNATURE_WIDTH, align: 'center', lineBreak: false });

  drawQr(doc, input.verifyUrl, QR_X, QR_Y, QR_SIZE);
  const captionX = QR_X + QR_SIZE / 2 - CAPTION_WIDTH / 2;
  doc.font('sc').fontSize(9).fillColor(GREY).text('扫码验证真伪', captionX, QR_Y + QR_SIZE + 4, { width: CAPTION_WIDTH, align: 'center', lineBreak: false });
  doc.fontSize(8).text(content.number, captionX, QR_Y + QR_SIZE + 17, { width: CAPTION_WIDTH, align: 'center', lineBreak: false });
}

/**
 * One certificate as an A4 landscape PDF: optional background image stretched to the page (else
 * a drawn border), series, title, the filled body, the holder's details (name, masked ID,
 * occupation, award and rank, number), the signature line and date (YYYY年M月D日), and a vector
 * QR code of `verifyUrl` with 「扫码验证真伪」 and the number under it. The signed record
 * ({content, signature, keyId}) is stored in the document information entry
 * CERTIFICATE_PDF_INFO_KEY, so the file can be verified offline. Rejects when a template text
 * has placeholder problems or the background is neither PNG nor JPEG.
 */
export function renderCertificatePdf(input: CertificatePdfInput, fonts: CertificateFonts = loadCertificateFonts()): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const { content } = input;
    if (input.template.background) {
      const problem = certificateBackgroundProblem(input.template.background);
      if (problem) {
        reject(new Error(problem));
        return;
      }
    }
    const record: SignedCertificateRecord = { content, signature: input.signature, keyId: content.keyId };
    const info: PDFKit.DocumentInfo & Record<string, unknown> = {
      Title: `${CERTIFICATE_KIND_LABELS[content.kind] ?? '证书'} ${content.number}`,
      Author: content.issuer,
      Subject: content.eventTitle,
      Keywords: content.number,
      Creator: '达州技能大赛管理系统',
      CreationDate: issuedAt(content.issuedOn),
      [CERTIFICATE_PDF_INFO_KEY]: JSON.stringify(record),
    };
    if (!info.CreationDate) delete info.CreationDate;
    const doc = new PDFDocument({ size: 'A4', layout: 'landscape', margin: 0, info, lang: 'zh-CN' } as PDFKit.PDFDocumentOptions);
    const chunks: Buffer[] = [];
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    try {
      draw(doc, input, fonts);
      doc.end();
    } catch (error) {
      reject(error instanceof Error ? error : new Error(String(error)));
    }
  });
}
