import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The first page of a PDF as a PNG (poppler's pdftoppm) and its text (pdftotext, layout kept). */
export function renderPdfPage(pdf: Buffer, dpi = 110): { png: Buffer; text: string } {
  const dir = mkdtempSync(join(tmpdir(), 'dz-pdf-'));
  try {
    const file = join(dir, 'in.pdf');
    writeFileSync(file, pdf);
    execFileSync('pdftoppm', ['-png', '-r', String(dpi), '-f', '1', '-l', '1', '-singlefile', file, join(dir, 'page')]);
    const text = execFileSync('pdftotext', ['-layout', '-f', '1', '-l', '1', file, '-'], { encoding: 'utf8' });
    return { png: readFileSync(join(dir, 'page.png')), text };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The text of the one QR code in a PNG (zbar's zbarimg), or throws when there is none. */
export function decodeQr(png: Buffer): string {
  const dir = mkdtempSync(join(tmpdir(), 'dz-qr-'));
  try {
    const file = join(dir, 'qr.png');
    writeFileSync(file, png);
    const out = execFileSync('zbarimg', ['-q', '--raw', file], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    return out.trim();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
