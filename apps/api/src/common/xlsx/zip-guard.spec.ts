import ExcelJS from 'exceljs';
import { XLSX_SKELETON, xlsxBomb, zipOf } from '../../../../../test/factories/zip.factory';
import { inspectXlsx, verifyInflation, XLSX_LIMITS } from './zip-guard';

async function realXlsx(): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.addWorksheet('报名表').addRow(['姓名', '身份证号']);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

describe('inspectXlsx', () => {
  it('should accept a workbook exceljs wrote, and its inflation should agree with the directory', async () => {
    const data = await realXlsx();
    const inspection = inspectXlsx(data);
    expect(inspection.ok).toBe(true);
    if (!inspection.ok) return;
    expect(inspection.members.map((m) => m.name)).toEqual(expect.arrayContaining(['[Content_Types].xml', 'xl/workbook.xml']));
    await expect(verifyInflation(data, inspection.members)).resolves.toBeNull();
  });

  it.each([
    ['CSV text', Buffer.from('姓名,身份证号\n张三,1\n')],
    ['a PDF', Buffer.from('%PDF-1.7\n%âãÏÓ\n1 0 obj\n<<>>\nendobj\n')],
    ['an empty buffer', Buffer.alloc(0)],
    ['a ZIP without workbook parts', zipOf([{ name: 'readme.txt', data: Buffer.from('hello') }])],
  ])('should refuse %s as not an .xlsx', (_label, data) => {
    expect(inspectXlsx(data)).toMatchObject({ ok: false, problem: 'not_xlsx', message: expect.stringContaining('.xlsx') });
  });

  it('should name a legacy .xls (or an encrypted workbook) for what it is', () => {
    const ole2 = Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(512)]);
    expect(inspectXlsx(ole2)).toMatchObject({ ok: false, problem: 'legacy_or_encrypted', message: expect.stringContaining('.xls') });
  });

  it('should refuse a truncated archive as corrupt', async () => {
    const data = await realXlsx();
    expect(inspectXlsx(data.subarray(0, data.length - 30))).toMatchObject({ ok: false, problem: 'corrupt' });
  });

  it('should refuse a real bomb (100 MB of spaces in about 100 KB) before inflating anything', () => {
    const bomb = xlsxBomb(100);
    expect(bomb.length).toBeLessThan(1024 * 1024);
    expect(inspectXlsx(bomb)).toMatchObject({ ok: false, problem: 'too_large', message: expect.stringMatching(/^文件异常：.*压缩炸弹/) });
  });

  it('should refuse a member whose compression ratio is extreme though the total is allowed', () => {
    const data = zipOf([...XLSX_SKELETON, { name: 'xl/worksheets/sheet1.xml', data: Buffer.alloc(20 * 1024 * 1024, 0x20) }]);
    expect(inspectXlsx(data)).toMatchObject({ ok: false, problem: 'ratio', message: expect.stringContaining('压缩比') });
  });

  it('should refuse a directory that claims a huge size', () => {
    const data = zipOf([...XLSX_SKELETON, { name: 'xl/worksheets/sheet1.xml', data: Buffer.from('<x/>'), claimUncompressed: 0xfffffff0 }]);
    expect(inspectXlsx(data)).toMatchObject({ ok: false, problem: 'too_large' });
  });

  it('should catch a directory that understates the size, inflating no more than it claims', async () => {
    const data = zipOf([...XLSX_SKELETON, { name: 'xl/worksheets/sheet1.xml', data: Buffer.alloc(8 * 1024 * 1024, 0x20), claimUncompressed: 1000 }]);
    const inspection = inspectXlsx(data);
    expect(inspection.ok).toBe(true);
    if (!inspection.ok) return;
    await expect(verifyInflation(data, inspection.members)).resolves.toMatchObject({ ok: false, problem: 'size_mismatch', message: expect.stringContaining('不符') });
  });

  it('should refuse encrypted members and too many members', () => {
    expect(inspectXlsx(zipOf([...XLSX_SKELETON, { name: 'x', data: Buffer.from('x'), encrypted: true }]))).toMatchObject({ ok: false, problem: 'encrypted' });
    const many = zipOf([...XLSX_SKELETON, ...Array.from({ length: XLSX_LIMITS.maxEntries }, (_, i) => ({ name: `p${i}`, data: Buffer.from('x'), method: 'store' as const }))]);
    expect(inspectXlsx(many)).toMatchObject({ ok: false, problem: 'too_many_entries' });
  });

  it('should let small members compress as well as they like', () => {
    const data = zipOf([...XLSX_SKELETON, { name: 'xl/styles.xml', data: Buffer.alloc(512 * 1024, 0x20) }]);
    expect(inspectXlsx(data)).toMatchObject({ ok: true });
  });
});
