import { z } from './zod';

/** Roles of DOMAIN.md. A person may hold several, each granted within an organisation. */
export const ROLES = [
  'bureau_admin',
  'security_admin',
  'auditor',
  'department_organizer',
  'judge',
  'contestant',
] as const;
export const Role = z.enum(ROLES);
export type Role = z.infer<typeof Role>;

export const ROLE_LABELS: Record<Role, string> = {
  bureau_admin: '人社局管理员',
  security_admin: '安全管理员',
  auditor: '审计管理员',
  department_organizer: '行业主管部门',
  judge: '裁判',
  contestant: '参赛选手',
};

export const ORGANISATION_KINDS = [
  'bureau',
  'department',
  'co_organizer',
  'employer',
  'school',
  'county',
] as const;
export const OrganisationKind = z.enum(ORGANISATION_KINDS);
export type OrganisationKind = z.infer<typeof OrganisationKind>;

export const LoginBody = z.object({
  account: z.string().trim().min(1, '请输入账号或手机号').max(64, '账号过长'),
  password: z.string().min(1, '请输入密码').max(128, '密码过长'),
});
export type LoginBody = z.infer<typeof LoginBody>;

export const SessionUser = z.object({
  id: z.uuid(),
  displayName: z.string(),
  /** Masked, e.g. 138****1234: the full number is never sent back in a session. */
  phoneMasked: z.string().nullable(),
  roles: z.array(Role),
});
export type SessionUser = z.infer<typeof SessionUser>;

export const LoginReply = z.object({ user: SessionUser });
export type LoginReply = z.infer<typeof LoginReply>;
