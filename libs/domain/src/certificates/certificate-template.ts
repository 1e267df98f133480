import { AppError, ErrorCode } from '@dz/contracts';

import { type CertificateContent, type CertificateKind, formatCertificateDate, honoursText } from './certificate-content';

/**
 * Certificate templates: a title, a body and a signature line, each free text with Chinese
 * placeholders in braces (`{姓名}`) that fillTemplate replaces with the certificate's content.
 */

/** Every placeholder and what it becomes. */
export const CERTIFICATE_PLACEHOLDERS = {
  '{姓名}': '获证人姓名',
  '{赛事}': '赛事品牌，如“达州技能大赛”',
  '{赛项}': '赛项名称',
  '{职业}': '职业（工种）名称',
  '{职业代码}': '职业（工种）代码',
  '{奖项}': '奖项，如“一等奖”（无则为空）',
  '{称号}': '称号，多个以顿号分隔（无则为空）',
  '{荣誉}': '奖项和称号，以顿号分隔',
  '{名次}': '名次，如“第1名”（无则为空）',
  '{日期}': '颁发日期，如“2026年12月8日”',
  '{主办单位}': '主办的行业主管部门',
  '{颁发单位}': '颁发单位，即达州市人力资源和社会保障局',
  '{证书编号}': '证书编号',
} as const satisfies Record<`{${string}}`, string>;
export type CertificatePlaceholder = keyof typeof CERTIFICATE_PLACEHOLDERS;

/** A template's text parts (the PDF also takes an optional background image). */
export interface CertificateTemplateText {
  title: string;
  body: string;
  signatureLine: string;
}

/** Longest text a placeholder name may have before an opening brace is taken as unclosed. */
const MAX_PLACEHOLDER_NAME = 12;

function placeholderValues(content: CertificateContent): Record<CertificatePlaceholder, string> {
  return {
    '{姓名}': content.personName,
    '{赛事}': content.series,
    '{赛项}': content.eventTitle,
    '{职业}': content.occupationName,
    '{职业代码}': content.occupationCode,
    '{奖项}': content.award ?? '',
    '{称号}': content.titles.join('、'),
    '{荣誉}': honoursText(content),
    '{名次}': content.rank === null ? '' : `第${content.rank}名`,
    '{日期}': formatCertificateDate(content.issuedOn),
    '{主办单位}': content.organiser,
    '{颁发单位}': content.issuer,
    '{证书编号}': content.number,
  };
}

function isPlaceholder(token: string): token is CertificatePlaceholder {
  return Object.prototype.hasOwnProperty.call(CERTIFICATE_PLACEHOLDERS, token);
}

/** Splits text into literal runs and `{…}` tokens; problems for unknown, unclosed or stray braces. */
function scan(text: string): { parts: { text: string; placeholder: boolean }[]; problems: string[] } {
  const parts: { text: string; placeholder: boolean }[] = [];
  const problems: string[] = [];
  let literal = '';
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (c === '}') {
      problems.push(`第 ${i + 1} 个字符处有多余的右花括号“}”`);
      literal += c;
      i += 1;
      continue;
    }
    if (c !== '{') {
      literal += c;
      i += 1;
      continue;
    }
    const close = text.indexOf('}', i + 1);
    const nextOpen = text.indexOf('{', i + 1);
    if (close === -1 || (nextOpen !== -1 && nextOpen < close)) {
      const shown = `{${text.slice(i + 1, i + 1 + MAX_PLACEHOLDER_NAME).split(/[\n{]/)[0]}`;
      problems.push(`占位符“${shown}”缺少右花括号“}”`);
      literal += c;
      i += 1;
      continue;
    }
    const token = text.slice(i, close + 1);
    if (isPlaceholder(token)) {
      if (literal) parts.push({ text: literal, placeholder: false });
      literal = '';
      parts.push({ text: token, placeholder: true });
    } else {
      problems.push(`未知的占位符“${token}”，可用的有：${Object.keys(CERTIFICATE_PLACEHOLDERS).join('、')}`);
      literal += token;
    }
    i = close + 1;
  }
  if (literal) parts.push({ text: literal, placeholder: false });
  return { parts, problems };
}

/** What is wrong with a template text, in Chinese: unknown placeholders, unclosed or stray braces. Empty when fine. */
export function templateProblems(text: string): string[] {
  return scan(text).problems;
}

/** Replaces every placeholder with the content's value; throws a validation error when templateProblems finds any. */
export function fillTemplate(text: string, content: CertificateContent): string {
  const { parts, problems } = scan(text);
  if (problems.length > 0) throw new AppError(ErrorCode.ValidationFailed, `证书模板有误：${problems.join('；')}`);
  const values = placeholderValues(content);
  return parts.map((p) => (p.placeholder ? values[p.text as CertificatePlaceholder] : p.text)).join('');
}

/** The templates used when an event sets none: body paragraphs are separated by line breaks. */
export const DEFAULT_CERTIFICATE_TEMPLATES: Record<CertificateKind, CertificateTemplateText> = {
  award: {
    title: '荣誉证书',
    body: '{姓名}同志：\n在{赛项}（{职业}）中，成绩优异，荣获{荣誉}。\n特发此证，以资鼓励。',
    signatureLine: '{颁发单位}',
  },
  champion: {
    title: '擂主证书',
    body: '{姓名}同志：\n在{赛项}（{职业}）中，历经攻擂守擂，技压群雄，成为本届擂主。\n特发此证，以资鼓励。',
    signatureLine: '{颁发单位}',
  },
  participation: {
    title: '参赛证明',
    body: '兹证明{姓名}同志参加了由{主办单位}主办的{赛项}（{职业}），完成全部比赛项目。\n特此证明。',
    signatureLine: '{颁发单位}',
  },
};
