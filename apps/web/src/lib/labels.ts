import { ROLE_LABELS, type OrganisationKind, type Role } from '@dz/contracts';

export const ORGANISATION_KIND_LABELS: Record<OrganisationKind, string> = {
  bureau: '人社局',
  department: '行业主管部门',
  co_organizer: '协办单位',
  employer: '用人单位',
  school: '院校',
  county: '区县人社部门',
};

/** A role's Chinese name; an unknown code (from a newer server) is shown as it is. */
export function roleLabel(role: string): string {
  return (ROLE_LABELS as Record<string, string | undefined>)[role] ?? role;
}

export const ROLE_COLORS: Record<Role, string> = {
  bureau_admin: 'blue',
  security_admin: 'red',
  auditor: 'purple',
  department_organizer: 'cyan',
  judge: 'gold',
  contestant: 'green',
};

const AUDIT_RESULT_LABELS: Record<string, { label: string; color: string }> = {
  success: { label: '成功', color: 'success' },
  ok: { label: '成功', color: 'success' },
  failure: { label: '失败', color: 'error' },
  failed: { label: '失败', color: 'error' },
  error: { label: '出错', color: 'error' },
  denied: { label: '拒绝', color: 'warning' },
  forbidden: { label: '拒绝', color: 'warning' },
};

export function auditResult(result: string): { label: string; color: string } {
  return AUDIT_RESULT_LABELS[result] ?? { label: result, color: 'default' };
}

/** The password policy in one line (libs/domain password-policy), shown under new-password fields. */
export const PASSWORD_HINT = '至少 8 位，包含大写字母、小写字母、数字和符号中的至少三类';
