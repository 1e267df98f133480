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

export const Phone = z.string().trim().regex(/^1[3-9]\d{9}$/, '请输入 11 位手机号');
export const TotpCode = z.string().trim().regex(/^\d{6}$/, '请输入 6 位动态验证码');

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
  /** Organisations the roles are held in (a department organiser's department). */
  organisationIds: z.array(z.uuid()),
  totpEnabled: z.boolean(),
});
export type SessionUser = z.infer<typeof SessionUser>;

/** A signed-in reply: a short-lived access token (send as `Authorization: Bearer`) and the user. */
export const SessionReply = z.object({
  status: z.literal('ok'),
  accessToken: z.string(),
  /** When the access token stops working; refresh (cookie) before then. */
  accessExpiresAt: z.string(),
  user: SessionUser,
  /** Shown once, right after the second factor is set up. */
  recoveryCodes: z.array(z.string()).optional(),
});
export type SessionReply = z.infer<typeof SessionReply>;

/** Bureau accounts need a second factor: the password step answers with a challenge. */
export const TotpChallengeReply = z.object({
  status: z.literal('totp_required'),
  challengeToken: z.string(),
});
export const TotpEnrollmentReply = z.object({
  status: z.literal('totp_enrollment_required'),
  challengeToken: z.string(),
  /** Base32 secret and otpauth:// URI for an authenticator app (shown as a QR code). */
  secret: z.string(),
  otpauthUri: z.string(),
});
export const LoginReply = z.discriminatedUnion('status', [SessionReply, TotpChallengeReply, TotpEnrollmentReply]);
export type LoginReply = z.infer<typeof LoginReply>;

export const TotpLoginBody = z
  .object({
    challengeToken: z.string().min(1),
    code: TotpCode.optional(),
    recoveryCode: z.string().trim().min(8, '恢复码格式不正确').max(20, '恢复码格式不正确').optional(),
  })
  .refine((b) => Boolean(b.code) !== Boolean(b.recoveryCode), { message: '请填写动态验证码或恢复码（二选一）', path: ['code'] });
export type TotpLoginBody = z.infer<typeof TotpLoginBody>;

export const MeReply = z.object({ user: SessionUser });
export type MeReply = z.infer<typeof MeReply>;

export const SignupCodeBody = z.object({ phone: Phone });
export type SignupCodeBody = z.infer<typeof SignupCodeBody>;

/** Consent text versions: a new text means asking again. */
export const ID_CONSENT_VERSION = 'pipl-id-2026-11';

export const SignupBody = z
  .object({
    phone: Phone,
    code: z.string().trim().regex(/^\d{6}$/, '请输入 6 位短信验证码'),
    password: z.string().min(1, '请输入密码').max(128, '密码过长'),
    displayName: z.string().trim().min(2, '请输入真实姓名').max(32, '姓名过长'),
    /** Optional at sign-up; only with the separate consent below. */
    idNumber: z.string().trim().max(18, '身份证号为 18 位').optional(),
    idConsent: z.boolean().default(false),
  })
  .refine((b) => !b.idNumber || b.idConsent, { message: '填写身份证号需要单独同意《个人信息处理规则》', path: ['idConsent'] });
export type SignupBody = z.infer<typeof SignupBody>;

export const ChangePasswordBody = z.object({
  currentPassword: z.string().min(1, '请输入当前密码').max(128),
  newPassword: z.string().min(1, '请输入新密码').max(128, '密码过长'),
});
export type ChangePasswordBody = z.infer<typeof ChangePasswordBody>;

/** A person's own profile: their full phone and ID number (each unmasked read is logged). */
export const ProfileReply = z.object({
  id: z.uuid(),
  displayName: z.string(),
  username: z.string().nullable(),
  phone: z.string().nullable(),
  idNumber: z.string().nullable(),
  idConsentVersion: z.string().nullable(),
  idConsentAt: z.string().nullable(),
  roles: z.array(Role),
  totpEnabled: z.boolean(),
});
export type ProfileReply = z.infer<typeof ProfileReply>;
