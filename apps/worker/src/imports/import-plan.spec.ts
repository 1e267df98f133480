import { IMPORT_COLUMNS, type EligibilityRules } from '@dz/contracts';
import { PiiCipher } from '@dz/persistence';
import { randomBytes } from 'node:crypto';
import { importRow, residentId, type ImportRowValues } from '../../../../test/factories/registration-import.factory';
import { planImport, type PlanContext } from './import-plan';
import type { SheetRow } from './read-sheet';

const cipher = new PiiCipher({ encryptionKey: randomBytes(32), hmacKey: randomBytes(32) });
const RULES: EligibilityRules = {
  ageMin: 18,
  ageMax: 55,
  skillLevelMin: 'intermediate',
  skillLevelMax: null,
  counties: [],
  requireDazhouEmployer: true,
  occupationCodes: ['6-18-02-04'],
};
const context = (teamSize = 1): PlanContext => ({
  importId: '00000000-0000-4000-8000-000000000001',
  teamSize,
  eligibility: { eligibility: RULES, startsAt: new Date('2027-04-20T01:00:00Z'), occupationNames: { '6-18-02-04': '焊工' } },
  cipher,
});
/** Sheet rows from row 2 on, as the reader gives them. */
const sheet = (...rows: ImportRowValues[]): SheetRow[] =>
  rows.map((values, i) => ({ row: i + 2, cells: IMPORT_COLUMNS.map((c) => ({ text: String(values[c]), numeric: false })) }));

describe('planImport', () => {
  it('should make one entry per good row of an individual event, in file order', () => {
    const plan = planImport(sheet(importRow(1), importRow(2), importRow(3)), context());
    expect(plan.errors).toEqual([]);
    expect(plan.totalRows).toBe(3);
    expect(plan.items.map((i) => i.rows)).toEqual([[2], [3], [4]]);
    const entry = plan.items[0].entry;
    expect(entry).toMatchObject({ teamName: null, source: 'import', registrantUserId: null, importId: context().importId });
    expect(entry?.members[0]).toMatchObject({ name: '选手0001', idNumberMasked: expect.stringMatching(/^\d{4}\*+/), employerInDazhou: true });
    // Stored encrypted, never as typed.
    expect(entry?.members[0].idNumberEnc).not.toContain(String(importRow(1).身份证号));
  });

  it('should report each bad row with its reason and keep it as processed', () => {
    const tooOld = residentId('19600101', 101);
    const plan = planImport(
      sheet(
        importRow(1),
        importRow(2, { 身份证号: `${String(importRow(2).身份证号).slice(0, 17)}${String(importRow(2).身份证号).endsWith('0') ? '1' : '0'}` }),
        importRow(3, { 身份证号: tooOld }),
        importRow(4, { 职业技能等级: '初级工' }),
        importRow(5, { 单位是否在达州: '否' }),
        importRow(6, { 职业编码: '4-03-02-01' }),
      ),
      context(),
    );
    expect(plan.errors).toEqual([
      { row: 3, message: '身份证号校验位不正确，请核对后重新输入' },
      { row: 4, message: expect.stringMatching(/^年龄须在 18–55 岁之间（按比赛日计算，您为 67 岁）/) },
      { row: 5, message: expect.stringMatching(/^职业技能等级须为 中级工 及以上/) },
      { row: 6, message: expect.stringContaining('须在达州市内的单位工作或就读') },
      { row: 7, message: expect.stringContaining('参赛职业须为 焊工（6-18-02-04）') },
    ]);
    expect(plan.items.filter((i) => i.entry !== null).map((i) => i.rows)).toEqual([[2]]);
    expect(plan.items.flatMap((i) => i.rows)).toEqual([2, 3, 4, 5, 6, 7]);
  });

  it('should refuse the same person twice in the file, keeping the first', () => {
    const plan = planImport(sheet(importRow(1), importRow(2), importRow(9, { 身份证号: String(importRow(1).身份证号).toLowerCase() })), context());
    expect(plan.errors).toEqual([{ row: 4, message: '与第 2 行是同一人（身份证号相同），同一人只能报名一次' }]);
  });

  it('should skip the template sample row without counting it', () => {
    const plan = planImport(sheet(importRow(1, { 姓名: '（示例）张三' }), importRow(2)), context());
    expect(plan.totalRows).toBe(1);
    expect(plan.items.map((i) => i.rows)).toEqual([[3]]);
  });

  describe('a team event', () => {
    it('should make one entry per team name, its first row the captain, admitted at its first row', () => {
      const plan = planImport(
        sheet(importRow(1, { 团队名称: '一队' }), importRow(2, { 团队名称: '二队' }), importRow(3, { 团队名称: '一队' }), importRow(4, { 团队名称: '二队' })),
        context(2),
      );
      expect(plan.errors).toEqual([]);
      expect(plan.items.map((i) => [i.entry?.teamName, i.rows, i.names])).toEqual([
        ['一队', [2, 4], ['选手0001', '选手0003']],
        ['二队', [3, 5], ['选手0002', '选手0004']],
      ]);
    });

    it('should refuse a team of the wrong size, a row without a team and a team with a bad member', () => {
      const plan = planImport(
        sheet(
          importRow(1, { 团队名称: '大队' }),
          importRow(2, { 团队名称: '大队' }),
          importRow(3, { 团队名称: '大队' }),
          importRow(4),
          importRow(5, { 团队名称: '三队' }),
          importRow(6, { 团队名称: '三队', 手机号: '1' }),
        ),
        context(2),
      );
      expect(plan.errors).toEqual([
        { row: 2, message: '团队「大队」有 3 行，本赛项每队须为 2 人' },
        { row: 3, message: '团队「大队」有 3 行，本赛项每队须为 2 人' },
        { row: 4, message: '团队「大队」有 3 行，本赛项每队须为 2 人' },
        { row: 5, message: expect.stringMatching(/^团体赛须填写团队名称/) },
        { row: 6, message: '同队成员（第 7 行）有错误，整队未导入' },
        { row: 7, message: '手机号：请输入 11 位手机号' },
      ]);
      expect(plan.items.every((i) => i.entry === null)).toBe(true);
      expect(plan.items.flatMap((i) => i.rows).sort((a, b) => a - b)).toEqual([2, 3, 4, 5, 6, 7]);
    });
  });
});
