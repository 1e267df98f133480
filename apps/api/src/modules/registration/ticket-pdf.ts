import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import PDFDocument from 'pdfkit';
import QRCode from 'qrcode';
import { formatChinaTime } from '../auth/login.service';

/** Noto Sans SC as TrueType (OFL-1.1), from npm, read once per process. */
let fontData: Buffer | null = null;
function font(): Buffer {
  if (!fontData) {
    const dir = dirname(require.resolve('@expo-google-fonts/noto-sans-sc/package.json'));
    fontData = readFileSync(join(dir, '400Regular', 'NotoSansSC_400Regular.ttf'));
  }
  return fontData;
}

export interface TicketContent {
  eventTitle: string;
  venue: string;
  startsAt: Date;
  number: number;
  teamName: string | null;
  members: { name: string; idNumberMasked: string; employer: string }[];
  workstation: number | null;
  checkinCode: string | null;
  payload: string;
}

/** Draws the QR code as filled squares (vectors: sharp at any size, a few KB). */
function drawQr(doc: PDFKit.PDFDocument, text: string, x: number, y: number, size: number): void {
  const qr = QRCode.create(text, { errorCorrectionLevel: 'M' });
  const count = qr.modules.size;
  const quiet = 4;
  const cell = size / (count + quiet * 2);
  doc.save().rect(x, y, size, size).fill('#ffffff');
  doc.fillColor('#000000');
  for (let row = 0; row < count; row += 1) {
    for (let col = 0; col < count; col += 1) {
      if (qr.modules.get(row, col)) doc.rect(x + (col + quiet) * cell, y + (row + quiet) * cell, cell, cell);
    }
  }
  doc.fill().restore();
}

/** The admission ticket (准考证), one A5 page, as a PDF buffer. */
export function renderTicket(content: TicketContent): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const doc = new PDFDocument({ size: 'A5', margin: 36, info: { Title: `准考证 ${content.eventTitle}`, Author: '达州市人力资源和社会保障局' } });
    const chunks: Buffer[] = [];
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    doc.registerFont('sc', font());
    doc.font('sc');
    const width = doc.page.width - 72;

    doc.fontSize(11).fillColor('#0d3c84').text('达州技能大赛 · 技能达人擂台赛', { align: 'center', width });
    doc.moveDown(0.3).fontSize(22).fillColor('#000000').text('准  考  证', { align: 'center', width });
    doc.moveDown(0.4).fontSize(13).text(content.eventTitle, { align: 'center', width });
    doc.moveDown(0.8);

    const rows: [string, string][] = [
      ['报名序号', String(content.number)],
      ...(content.teamName ? ([['团队名称', content.teamName]] as [string, string][]) : []),
      ...content.members.map((m, i): [string, string] => [content.members.length > 1 ? `选手 ${i + 1}` : '选手姓名', `${m.name}\u3000${m.idNumberMasked}`]),
      ['工作单位', content.members[0]?.employer ?? ''],
      ['比赛时间', formatChinaTime(content.startsAt)],
      ['比赛地点', content.venue],
      ['工位号', content.workstation === null ? '抽签后公布' : String(content.workstation)],
      ...(content.checkinCode ? ([['检录编号', content.checkinCode]] as [string, string][]) : []),
    ];
    doc.fontSize(11);
    for (const [label, value] of rows) {
      const y = doc.y;
      doc.fillColor('#666666').text(label, 36, y, { width: 70 });
      doc.fillColor('#000000').text(value, 110, y, { width: width - 74 });
      doc.moveDown(0.35);
    }

    const qrSize = 150;
    const qrY = Math.max(doc.y + 10, 330);
    drawQr(doc, content.payload, (doc.page.width - qrSize) / 2, qrY, qrSize);
    doc.fontSize(9).fillColor('#666666').text('检录时出示此二维码', 36, qrY + qrSize + 4, { align: 'center', width });
    doc
      .moveDown(0.8)
      .fontSize(8.5)
      .text('须知：请携带本人身份证原件，于比赛开始前 30 分钟到达检录处；开赛后未检录者按缺考处理，迟到入场须经主办单位登记原因。', 36, doc.y, { width });
    doc.end();
  });
}
