import { IsoDateTime, Uuid } from './common';
import { OrganisationKind, Role } from './identity';
import { z } from './zod';

/** A user as staff lists show it: phone and ID number masked unless the caller may see them. */
export const AdminUser = z.object({
  id: Uuid,
  displayName: z.string(),
  username: z.string().nullable(),
  phone: z.string().nullable(),
  idNumber: z.string().nullable(),
  /** True when phone/idNumber above are masked. */
  masked: z.boolean(),
  roles: z.array(z.object({ grantId: Uuid, role: Role, organisationId: Uuid.nullable(), organisationName: z.string().nullable() })),
  disabledAt: IsoDateTime.nullable(),
  lockedUntil: IsoDateTime.nullable(),
  totpEnabled: z.boolean(),
  createdAt: IsoDateTime,
});
export type AdminUser = z.infer<typeof AdminUser>;

export const AdminUserListQuery = z.object({
  q: z.string().trim().max(64).optional(),
  role: Role.optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});
export type AdminUserListQuery = z.infer<typeof AdminUserListQuery>;

export const AdminUserList = z.object({ items: z.array(AdminUser), total: z.number().int() });
export type AdminUserList = z.infer<typeof AdminUserList>;

/** Staff accounts the security administrator creates (contestants sign up themselves). */
export const CreateUserBody = z.object({
  displayName: z.string().trim().min(2, '请输入姓名').max(32, '姓名过长'),
  username: z
    .string()
    .trim()
    .regex(/^[a-z][a-z0-9_.-]{2,31}$/, '账号为 3–32 位小写字母、数字、下划线、点或短横线，以字母开头'),
  phone: z.string().trim().regex(/^1[3-9]\d{9}$/, '请输入 11 位手机号').optional(),
  role: z.enum(['bureau_admin', 'security_admin', 'auditor', 'department_organizer', 'judge']),
  organisationId: Uuid.nullable().default(null),
  initialPassword: z.string().min(1, '请输入初始密码').max(128),
});
export type CreateUserBody = z.infer<typeof CreateUserBody>;

export const GrantRoleBody = z.object({ role: Role, organisationId: Uuid.nullable().default(null) });
export type GrantRoleBody = z.infer<typeof GrantRoleBody>;

export const ReasonBody = z.object({ reason: z.string().trim().min(2, '请填写原因').max(500, '原因过长') });
export type ReasonBody = z.infer<typeof ReasonBody>;

export const GrantParams = z.object({ id: Uuid, grantId: Uuid });
export type GrantParams = z.infer<typeof GrantParams>;

export const Organisation = z.object({
  id: Uuid,
  kind: OrganisationKind,
  name: z.string(),
  code: z.string().nullable(),
  county: z.string().nullable(),
});
export type Organisation = z.infer<typeof Organisation>;

export const OrganisationList = z.object({ items: z.array(Organisation) });
export type OrganisationList = z.infer<typeof OrganisationList>;

export const OrganisationListQuery = z.object({ kind: OrganisationKind.optional() });
export type OrganisationListQuery = z.infer<typeof OrganisationListQuery>;

export const CreateOrganisationBody = z.object({
  kind: z.enum(['department', 'co_organizer', 'employer', 'school']),
  name: z.string().trim().min(2, '请输入单位名称').max(64, '单位名称过长'),
  county: z.string().trim().max(16).nullable().default(null),
});
export type CreateOrganisationBody = z.infer<typeof CreateOrganisationBody>;

export const AuditQuery = z.object({
  actorUserId: Uuid.optional(),
  entityType: z.string().trim().max(64).optional(),
  entityId: z.string().trim().max(64).optional(),
  action: z.string().trim().max(64).optional(),
  from: IsoDateTime.optional(),
  to: IsoDateTime.optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  offset: z.coerce.number().int().min(0).default(0),
});
export type AuditQuery = z.infer<typeof AuditQuery>;

export const AuditRecord = z.object({
  id: z.string(),
  at: IsoDateTime,
  actorUserId: Uuid.nullable(),
  actorRoles: z.array(z.string()),
  action: z.string(),
  entityType: z.string().nullable(),
  entityId: z.string().nullable(),
  result: z.string(),
  detail: z.record(z.string(), z.unknown()),
  correlationId: z.string().nullable(),
  ip: z.string().nullable(),
});
export type AuditRecord = z.infer<typeof AuditRecord>;

export const AuditList = z.object({ items: z.array(AuditRecord), total: z.number().int() });
export type AuditList = z.infer<typeof AuditList>;

export const OutboxMessage = z.object({
  id: Uuid,
  toMasked: z.string(),
  template: z.string(),
  body: z.string(),
  createdAt: IsoDateTime,
});
export const OutboxList = z.object({ items: z.array(OutboxMessage) });
export type OutboxList = z.infer<typeof OutboxList>;
