import { IMPORT_COLUMNS } from '@dz/contracts';
import { importRow, importWorkbook, type ImportRowValues } from '../../../../test/factories/registration-import.factory';
import { cellText, type CellText } from './cell-text';
import { checkRow, headerProblem, isSampleRow, teamKey } from './import-rows';
import { readImportSheet } from './read-sheet';

const cells = (values: ImportRowValues): CellText[] =>
  IMPORT_COLUMNS.map((c) => (typeof values[c] === 'number' ? { text: String(values[c]), numeric: true } : { text: String(values[c]), numeric: false }));
const check = (overrides: Partial<ImportRowValues>) => checkRow(cells(importRow(1, overrides)));

describe('headerProblem', () => {
  it('should accept the template header, alone or with the error report columns after it', () => {
    expect(headerProblem(IMPORT_COLUMNS)).toBeNull();
    expect(headerProblem([...IMPORT_COLUMNS, '原文件行号', '错误原因'])).toBeNull();
  });

  it('should name missing and extra columns', () => {
    const header = [...IMPORT_COLUMNS.filter((c) => c !== '手机号'), '邮箱'];
    expect(headerProblem(header)).toMatch(/缺少列：「手机号」；多出列：「邮箱」/);
  });

  it('should say when only the order differs', () => {
    const swapped = [IMPORT_COLUMNS[1], IMPORT_COLUMNS[0], ...IMPORT_COLUMNS.slice(2)];
    expect(headerProblem(swapped)).toMatch(/列的顺序与模板不一致/);
  });

  it('should explain an empty sheet', () => {
    expect(headerProblem([])).toMatch(/空的/);
  });
});

describe('checkRow', () => {
  it('should map a valid row to the single entry body', () => {
    const result = check({ 职业技能等级: '高级技师', 团队名称: '  焊花一队 ' });
    expect(result).toEqual({
      ok: true,
      value: {
        teamName: '焊花一队',
        person: expect.objectContaining({ name: '选手0001', employerInDazhou: true, skillLevel: 'senior_technician', county: '通川区', occupationCode: '6-18-02-04' }),
      },
    });
  });

  it('should read 否, empty level and empty certificate as false and nulls', () => {
    const result = check({ 单位是否在达州: '否', 职业技能等级: '', 证书编号: '' });
    expect(result).toMatchObject({ ok: true, value: { teamName: null, person: { employerInDazhou: false, skillLevel: null, certificateNo: null } } });
  });

  it.each<[string, Partial<ImportRowValues>, RegExp]>([
    ['a missing name', { 姓名: '' }, /^姓名：请填写姓名$/],
    ['a short ID number', { 身份证号: '51170219900101' }, /^身份证号：身份证号应为 18 位/],
    ['an ID number stored as a number', { 身份证号: 511702199001011200 }, /^身份证号：单元格是数字格式/],
    ['a bad phone', { 手机号: '1380000' }, /^手机号：请输入 11 位手机号$/],
    ['an unknown county', { 区县: '成华区' }, /^区县：「成华区」不是达州市的区县/],
    ['a yes/no that is neither', { 单位是否在达州: '可能' }, /^单位是否在达州：应填写「是」或「否」，不能是「可能」$/],
    ['an unknown skill level', { 职业技能等级: '大师' }, /^职业技能等级：「大师」不是职业技能等级/],
    ['a skill level without a certificate', { 证书编号: '' }, /^证书编号：填写了职业技能等级，请同时填写证书编号$/],
    ['a malformed occupation code', { 职业编码: '6180204' }, /^职业编码：职业编码格式应为 6-18-02-04$/],
    ['a one-character team name', { 团队名称: '甲' }, /^团队名称：团队名称至少 2 个字$/],
  ])('should refuse %s with its column named', (_label, overrides, message) => {
    const result = check(overrides);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.message).toMatch(message);
  });

  it('should report every problem of a row at once', () => {
    const result = check({ 姓名: '', 手机号: 'x', 区县: '' });
    expect(result).toEqual({ ok: false, message: '姓名：请填写姓名；手机号：请输入 11 位手机号；区县：请填写区县' });
  });
});

describe('isSampleRow and teamKey', () => {
  it('should know the template sample row and read the team name', () => {
    expect(isSampleRow(cells(importRow(1, { 姓名: '（示例）张三' })))).toBe(true);
    expect(isSampleRow(cells(importRow(1)))).toBe(false);
    expect(teamKey(cells(importRow(1, { 团队名称: '一队' })))).toBe('一队');
  });
});

describe('cellText', () => {
  it.each<[string, Parameters<typeof cellText>[0], CellText]>([
    ['empty', null, { text: '', numeric: false }],
    ['text, trimmed', '  张三 ', { text: '张三', numeric: false }],
    ['a big integer without exponent', 13800000000, { text: '13800000000', numeric: true }],
    ['TRUE', true, { text: '是', numeric: false }],
    ['a date', new Date('2024-03-05T00:00:00Z'), { text: '2024-03-05', numeric: false }],
    ['rich text', { richText: [{ text: '张' }, { text: '三' }] }, { text: '张三', numeric: false }],
    ['a formula result', { formula: 'A1', result: '通川区' }, { text: '通川区', numeric: false }],
    ['a hyperlink', { text: '链接', hyperlink: 'https://example.com' }, { text: '链接', numeric: false }],
    ['an error', { error: '#N/A' }, { text: '#N/A', numeric: false }],
  ])('should read %s', (_label, value, expected) => {
    expect(cellText(value)).toEqual(expected);
  });
});

describe('readImportSheet', () => {
  it('should read the header and the non-empty rows with their Excel row numbers', async () => {
    const file = await importWorkbook([importRow(1), IMPORT_COLUMNS.map(() => ''), importRow(2, { 手机号: 13900000002 })]);
    const sheet = await readImportSheet(file, IMPORT_COLUMNS.length);
    expect(sheet.header).toEqual([...IMPORT_COLUMNS]);
    expect(sheet.rows.map((r) => r.row)).toEqual([2, 4]);
    expect(sheet.rows[1].cells[2]).toEqual({ text: '13900000002', numeric: true });
  });
});
