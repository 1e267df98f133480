import { SignedCertificateSchema } from '@dz/contracts';

import type { CertificateContent } from './certificate-content';

/**
 * The signed record a certificate carries: in the public API's reply, in a downloaded JSON file,
 * and inside the PDF's document information dictionary under CERTIFICATE_PDF_INFO_KEY.
 */
export interface SignedCertificateRecord {
  content: CertificateContent;
  /** Ed25519 signature over canonicalCertificate(content), base64. */
  signature: string;
  keyId: string;
}

/** The custom key of the PDF information dictionary that holds JSON.stringify(record). */
export const CERTIFICATE_PDF_INFO_KEY = 'DzCertificate';

export type ReadRecordResult = { ok: true; record: SignedCertificateRecord } | { ok: false; message: string };

/** Checks that a parsed JSON value is a signed certificate record (strict: no extra fields). */
export function readSignedCertificate(value: unknown): ReadRecordResult {
  const parsed = SignedCertificateSchema.safeParse(value);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    const where = first?.path.length ? `${first.path.map(String).join('.')}：` : '';
    return { ok: false, message: `不是有效的证书记录（${where}${first?.message ?? '格式不正确'}）` };
  }
  return { ok: true, record: parsed.data };
}

/** Bytes as a string of char codes 0–255 (latin1), in chunks to stay within argument limits. */
function binaryString(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 0x8000) {
    out += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return out;
}

const WHITESPACE = /[\0\t\n\f\r ]/;
const LITERAL_ESCAPES: Record<string, string> = { n: '\n', r: '\r', t: '\t', b: '\b', f: '\f', '(': '(', ')': ')', '\\': '\\' };

/** Reads a PDF literal string starting at `(`; returns its bytes (as char codes) or null if unterminated. */
function readLiteral(text: string, start: number): string | null {
  let depth = 0;
  let out = '';
  for (let i = start; i < text.length; i += 1) {
    const c = text[i];
    if (c === '\\') {
      const next = text[i + 1];
      if (next === undefined) return null;
      if (next in LITERAL_ESCAPES) {
        out += LITERAL_ESCAPES[next];
        i += 1;
      } else if (next === '\r' || next === '\n') {
        // A backslash at the end of a line continues the string on the next one.
        i += next === '\r' && text[i + 2] === '\n' ? 2 : 1;
      } else if (/[0-7]/.test(next)) {
        const octal = /^[0-7]{1,3}/.exec(text.slice(i + 1, i + 4))![0];
        out += String.fromCharCode(parseInt(octal, 8) & 0xff);
        i += octal.length;
      } else {
        out += next;
        i += 1;
      }
    } else if (c === '(') {
      if (depth > 0) out += c;
      depth += 1;
    } else if (c === ')') {
      depth -= 1;
      if (depth === 0) return out;
      out += c;
    } else {
      out += c;
    }
  }
  return null;
}

/** Reads a PDF hex string starting at `<`; returns its bytes (as char codes) or null. */
function readHex(text: string, start: number): string | null {
  const end = text.indexOf('>', start);
  if (end === -1) return null;
  const hex = text.slice(start + 1, end).replace(/\s+/g, '');
  if (!/^[0-9A-Fa-f]*$/.test(hex)) return null;
  const padded = hex.length % 2 ? `${hex}0` : hex;
  let out = '';
  for (let i = 0; i < padded.length; i += 2) out += String.fromCharCode(parseInt(padded.slice(i, i + 2), 16));
  return out;
}

/** A PDF text string's bytes as text: UTF-16BE after a FE FF mark, UTF-8 after EF BB BF, else one byte a character. */
function decodeTextString(raw: string): string {
  if (raw.charCodeAt(0) === 0xfe && raw.charCodeAt(1) === 0xff) {
    let out = '';
    for (let i = 2; i + 1 < raw.length; i += 2) out += String.fromCharCode((raw.charCodeAt(i) << 8) | raw.charCodeAt(i + 1));
    return out;
  }
  if (raw.charCodeAt(0) === 0xef && raw.charCodeAt(1) === 0xbb && raw.charCodeAt(2) === 0xbf) {
    return new TextDecoder('utf-8').decode(Uint8Array.from(raw.slice(3), (c) => c.charCodeAt(0)));
  }
  // PDFDocEncoding agrees with Latin-1 on the printable ASCII a JSON record needs.
  return raw;
}

/** The string value (direct, or through an indirect reference) at `at` in the PDF text. */
function readStringValue(text: string, at: number): string | null {
  let i = at;
  while (i < text.length && WHITESPACE.test(text[i])) i += 1;
  if (text[i] === '(') return readLiteral(text, i);
  if (text[i] === '<' && text[i + 1] !== '<') return readHex(text, i);
  const ref = /^(\d+)\s+(\d+)\s+R/.exec(text.slice(i, i + 32));
  if (!ref) return null;
  // The last definition of the object wins (incremental updates append newer ones).
  const definition = new RegExp(`(?:^|[^0-9])${ref[1]}\\s+${ref[2]}\\s+obj`, 'g');
  let found = -1;
  for (let m = definition.exec(text); m; m = definition.exec(text)) found = m.index + m[0].length;
  if (found === -1) return null;
  return readStringValue(text, found);
}

/**
 * The signed record embedded in a certificate PDF (the document information entry
 * CERTIFICATE_PDF_INFO_KEY, as renderCertificatePdf writes it), checked for shape. Reads the
 * file's bytes without a PDF library: enough for the PDFs we write and for re-saved copies that
 * keep the information dictionary uncompressed.
 */
export function readPdfCertificateRecord(bytes: Uint8Array): ReadRecordResult {
  const text = binaryString(bytes);
  if (!text.startsWith('%PDF-')) return { ok: false, message: '不是 PDF 文件' };
  const name = `/${CERTIFICATE_PDF_INFO_KEY}`;
  let at = text.lastIndexOf(name);
  // A longer name with the same start (e.g. /DzCertificateOld) is not ours.
  while (at !== -1 && /[A-Za-z0-9#_.-]/.test(text[at + name.length] ?? '')) at = text.lastIndexOf(name, at - 1);
  if (at === -1) return { ok: false, message: 'PDF 中没有证书签名记录，可能不是本系统颁发的证书' };
  const raw = readStringValue(text, at + name.length);
  if (raw === null) return { ok: false, message: 'PDF 中的证书签名记录无法读取' };
  let value: unknown;
  try {
    value = JSON.parse(decodeTextString(raw));
  } catch {
    return { ok: false, message: 'PDF 中的证书签名记录不是有效的 JSON' };
  }
  return readSignedCertificate(value);
}

/**
 * A certificate file as a person hands it in: a PDF we issued (starts with `%PDF-`) or the JSON
 * record the public API returns (UTF-8, with or without a byte-order mark).
 */
export function readCertificateFile(bytes: Uint8Array): ReadRecordResult & { source?: 'pdf' | 'json' } {
  if (bytes.length >= 5 && binaryString(bytes.subarray(0, 5)) === '%PDF-') {
    return { ...readPdfCertificateRecord(bytes), source: 'pdf' };
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return { ok: false, message: '文件既不是 PDF，也不是 UTF-8 编码的 JSON' };
  }
  let value: unknown;
  try {
    value = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch {
    return { ok: false, message: '文件既不是 PDF，也不是有效的 JSON' };
  }
  return { ...readSignedCertificate(value), source: 'json' };
}
