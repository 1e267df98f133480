import { exampleCertificateContent } from './content.fixture';
import { readCertificateFile, readPdfCertificateRecord, readSignedCertificate } from './certificate-record';

const record = { content: exampleCertificateContent(), signature: 'c2lnbmF0dXJl', keyId: '0123456789abcdef' };

/** A PDF text string as pdfkit writes one: UTF-16BE with a byte-order mark, (, ) and \ escaped. */
function pdfLiteral(text: string): string {
  let bytes = '\u00fe\u00ff';
  for (let i = 0; i < text.length; i += 1) bytes += String.fromCharCode(text.charCodeAt(i) >> 8, text.charCodeAt(i) & 0xff);
  return `(${bytes.replace(/[\n\r\t\b\f()\\]/g, (c) => ({ '\n': '\\n', '\r': '\\r', '\t': '\\t', '\b': '\\b', '\f': '\\f', '(': '\\(', ')': '\\)', '\\': '\\\\' })[c] ?? c)})`;
}

function pdf(body: string): Uint8Array {
  return Buffer.from(`%PDF-1.3\n%\u00ff\u00ff\u00ff\u00ff\n${body}\n%%EOF\n`, 'latin1');
}

describe('readSignedCertificate', () => {
  it('should accept a record and name the first wrong field in Chinese otherwise', () => {
    expect(readSignedCertificate(record)).toEqual({ ok: true, record });
    const wrong = readSignedCertificate({ ...record, content: { ...record.content, kind: 'gold' } });
    expect(wrong.ok).toBe(false);
    if (!wrong.ok) expect(wrong.message).toContain('content.kind');
    expect(readSignedCertificate(null).ok).toBe(false);
  });
});

describe('readPdfCertificateRecord', () => {
  it('should read the record through an indirect reference, with escapes and Chinese', () => {
    const value = JSON.stringify({ ...record, content: { ...record.content, personName: '王(小)\\明' } });
    const bytes = pdf(`7 0 obj\n${pdfLiteral(value)}\nendobj\n9 0 obj\n<<\n/Producer 8 0 R\n/DzCertificate 7 0 R\n>>\nendobj\ntrailer\n<<\n/Info 9 0 R\n>>`);
    const read = readPdfCertificateRecord(bytes);
    expect(read.ok).toBe(true);
    if (read.ok) expect(read.record.content.personName).toBe('王(小)\\明');
  });

  it('should read a direct literal, a hex string, octal escapes and the last of several definitions', () => {
    const ascii = JSON.stringify(record).replace(/[^\x20-\x7e]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
    expect(readPdfCertificateRecord(pdf(`<< /DzCertificate (${ascii.replace(/\\/g, '\\\\')}) >>`)).ok).toBe(true);
    expect(readPdfCertificateRecord(pdf(`<< /DzCertificate <${Buffer.from(JSON.stringify(record), 'utf8').toString('hex').replace(/^/, 'efbbbf')}> >>`)).ok).toBe(true);
    const octal = ascii.replace(/\{/g, '\\173').replace(/\\u/g, '\\\\u');
    expect(readPdfCertificateRecord(pdf(`<< /DzCertificate (${octal}) >>`)).ok).toBe(true);
    const older = JSON.stringify({ ...record, content: { ...record.content, personName: '旧' } });
    const newer = JSON.stringify({ ...record, content: { ...record.content, personName: '新' } });
    const read = readPdfCertificateRecord(pdf(`3 0 obj\n${pdfLiteral(older)}\nendobj\n<< /DzCertificate 3 0 R >>\n3 0 obj\n${pdfLiteral(newer)}\nendobj`));
    expect(read.ok && read.record.content.personName).toBe('新');
  });

  it('should explain what is missing or broken', () => {
    expect(readPdfCertificateRecord(Buffer.from('hello'))).toEqual({ ok: false, message: '不是 PDF 文件' });
    expect(readPdfCertificateRecord(pdf('<< /Title (x) >>'))).toMatchObject({ ok: false, message: expect.stringContaining('没有证书签名记录') });
    expect(readPdfCertificateRecord(pdf('<< /DzCertificateOld (x) >>'))).toMatchObject({ ok: false, message: expect.stringContaining('没有证书签名记录') });
    expect(readPdfCertificateRecord(pdf('<< /DzCertificate (not json) >>'))).toMatchObject({ ok: false, message: expect.stringContaining('不是有效的 JSON') });
    expect(readPdfCertificateRecord(pdf('<< /DzCertificate (unterminated'))).toMatchObject({ ok: false, message: expect.stringContaining('无法读取') });
    expect(readPdfCertificateRecord(pdf('<< /DzCertificate 99 0 R >>'))).toMatchObject({ ok: false, message: expect.stringContaining('无法读取') });
  });
});

describe('readCertificateFile', () => {
  it('should tell PDF from JSON', () => {
    expect(readCertificateFile(Buffer.from(JSON.stringify(record)))).toEqual({ ok: true, record, source: 'json' });
    expect(readCertificateFile(pdf('<< >>'))).toMatchObject({ ok: false, source: 'pdf' });
    expect(readCertificateFile(Buffer.from([0xc3, 0x28]))).toMatchObject({ ok: false, message: expect.stringContaining('UTF-8') });
  });
});
