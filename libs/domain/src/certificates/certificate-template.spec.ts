import { CERTIFICATE_KINDS } from './certificate-content';
import { exampleCertificateContent } from './content.fixture';
import { CERTIFICATE_PLACEHOLDERS, DEFAULT_CERTIFICATE_TEMPLATES, fillTemplate, templateProblems } from './certificate-template';

describe('templateProblems', () => {
  it('should find nothing wrong with the default templates or plain text', () => {
    for (const kind of CERTIFICATE_KINDS) {
      const t = DEFAULT_CERTIFICATE_TEMPLATES[kind];
      expect([...templateProblems(t.title), ...templateProblems(t.body), ...templateProblems(t.signatureLine)]).toEqual([]);
    }
    expect(templateProblems('特发此证，以资鼓励。')).toEqual([]);
    expect(templateProblems('')).toEqual([]);
    expect(templateProblems(Object.keys(CERTIFICATE_PLACEHOLDERS).join(''))).toEqual([]);
  });

  it('should name an unknown placeholder and list the known ones', () => {
    const problems = templateProblems('{姓名}同志荣获{奖状}');
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain('未知的占位符“{奖状}”');
    expect(problems[0]).toContain('{姓名}');
  });

  it('should find an unclosed placeholder, at the end or before another one', () => {
    expect(templateProblems('荣获{奖项')).toEqual(['占位符“{奖项”缺少右花括号“}”']);
    const problems = templateProblems('{姓名同志{奖项}');
    expect(problems).toEqual(['占位符“{姓名同志”缺少右花括号“}”']);
  });

  it('should find a stray closing brace and report each problem once', () => {
    expect(templateProblems('奖项}')).toEqual(['第 3 个字符处有多余的右花括号“}”']);
    expect(templateProblems('{甲}{乙')).toHaveLength(2);
  });
});

describe('fillTemplate', () => {
  it('should fill every placeholder from the content', () => {
    const content = exampleCertificateContent();
    const filled = fillTemplate('{姓名}|{赛事}|{赛项}|{职业}|{职业代码}|{奖项}|{称号}|{荣誉}|{名次}|{日期}|{主办单位}|{颁发单位}|{证书编号}', content);
    expect(filled.split('|')).toEqual([
      '欧阳晓梅', '达州技能大赛', '2026年达州技能大赛焊工赛项', '焊工', '6-18-02-04', '一等奖', '技能达人', '一等奖、技能达人',
      '第1名', '2026年12月8日', '达州市经济和信息化局', '达州市人力资源和社会保障局', 'DZ2026A00012345',
    ]);
  });

  it('should leave empty what the content does not have', () => {
    const content = exampleCertificateContent({ award: null, titles: [], rank: null });
    expect(fillTemplate('[{奖项}][{称号}][{名次}][{荣誉}]', content)).toBe('[][][][]');
  });

  it('should fill the default award body as a person would read it', () => {
    const body = fillTemplate(DEFAULT_CERTIFICATE_TEMPLATES.award.body, exampleCertificateContent());
    expect(body).toBe('欧阳晓梅同志：\n在2026年达州技能大赛焊工赛项（焊工）中，成绩优异，荣获一等奖、技能达人。\n特发此证，以资鼓励。');
  });

  it('should not treat a placeholder inside a value as a placeholder', () => {
    expect(fillTemplate('{姓名}：{赛项}', exampleCertificateContent({ personName: '{赛项}' }))).toBe('{赛项}：2026年达州技能大赛焊工赛项');
  });

  it('should refuse a template with problems, in Chinese', () => {
    expect(() => fillTemplate('{未知}', exampleCertificateContent())).toThrow('证书模板有误：未知的占位符“{未知}”');
  });
});
