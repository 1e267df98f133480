import {
  AppError,
  ErrorCode,
  ROLE_LABELS,
  type AdminUser,
  type AdminUserList,
  type AdminUserListQuery,
  type CreateUserBody,
  type GrantRoleBody,
  type ReasonBody,
} from '@dz/contracts';
import { AuditRepository, OrganisationRepository, TransactionRunner, UserRepository, type Tx } from '@dz/persistence';
import { Injectable } from '@nestjs/common';
import * as argon2 from 'argon2';
import { writeXlsx } from '../../common/xlsx/safe-xlsx';
import type { RequestMeta } from '../auth/auth.types';
import { actorOf, type Principal } from '../auth/principal';
import { SessionService } from '../auth/session.service';
import { assertPasswordPolicy } from '../auth/signup.service';
import { PeopleService } from '../people/people.service';

/**
 * Accounts and grants, the security administrator's work (三员). Nobody changes their own
 * account or rights here; every change is audited with its before and after.
 */
@Injectable()
export class AdminUsersService {
  constructor(
    private readonly users: UserRepository,
    private readonly organisations: OrganisationRepository,
    private readonly audit: AuditRepository,
    private readonly transactions: TransactionRunner,
    private readonly sessions: SessionService,
    private readonly people: PeopleService,
  ) {}

  async list(query: AdminUserListQuery): Promise<AdminUserList> {
    const { items, total } = await this.users.list(query);
    return { items: items.map((user) => this.people.presentMasked(user)), total };
  }

  async create(principal: Principal, body: CreateUserBody, meta: RequestMeta, now = new Date()): Promise<AdminUser> {
    if (await this.users.existsByLogin(body.username, body.phone ?? null)) throw new AppError(ErrorCode.Conflict, '账号或手机号已被使用');
    await this.assertOrganisationFits(body.role, body.organisationId);
    assertPasswordPolicy(body.initialPassword, body.username);
    const passwordHash = await argon2.hash(body.initialPassword, { type: argon2.argon2id });
    const id = await this.transactions.run(async (tx) => {
      const userId = await this.users.create({ displayName: body.displayName, username: body.username, phone: body.phone ?? null, passwordHash }, now, tx);
      await this.users.addGrant(userId, body.role, body.organisationId, principal.user.id, tx);
      await this.audit.append(
        {
          ...actorOf(principal),
          action: 'user.created',
          entityType: 'user',
          entityId: userId,
          detail: { after: { displayName: body.displayName, username: body.username, role: body.role, organisationId: body.organisationId } },
          ...meta,
        },
        tx,
      );
      return userId;
    });
    return this.load(id);
  }

  async setDisabled(principal: Principal, id: string, disabled: boolean, body: ReasonBody, meta: RequestMeta, now = new Date()): Promise<void> {
    this.assertNotSelf(principal, id);
    const user = await this.load(id);
    const notify = await this.transactions.run(async (tx): Promise<() => void> => {
      await this.users.setDisabled(id, disabled ? now : null, tx);
      await this.audit.append(
        {
          ...actorOf(principal),
          action: disabled ? 'user.disabled' : 'user.enabled',
          entityType: 'user',
          entityId: id,
          detail: { reason: body.reason, before: { disabledAt: user.disabledAt }, after: { disabledAt: disabled ? now.toISOString() : null } },
          ...meta,
        },
        tx,
      );
      return disabled ? this.sessions.revokeAllInTx(id, 'disabled', now, tx) : () => undefined;
    });
    notify();
  }

  async unlock(principal: Principal, id: string, meta: RequestMeta): Promise<void> {
    this.assertNotSelf(principal, id);
    const user = await this.load(id);
    await this.transactions.run(async (tx) => {
      await this.users.clearFailedLogins(id, tx);
      await this.audit.append(
        { ...actorOf(principal), action: 'user.unlocked', entityType: 'user', entityId: id, detail: { before: { lockedUntil: user.lockedUntil } }, ...meta },
        tx,
      );
    });
  }

  async grant(principal: Principal, id: string, body: GrantRoleBody, meta: RequestMeta): Promise<AdminUser> {
    this.assertNotSelf(principal, id);
    const user = await this.load(id);
    await this.assertOrganisationFits(body.role, body.organisationId);
    if (user.roles.some((r) => r.role === body.role && r.organisationId === body.organisationId)) {
      throw new AppError(ErrorCode.Conflict, `该用户已拥有「${ROLE_LABELS[body.role]}」角色`);
    }
    await this.transactions.run(async (tx) => {
      const grantId = await this.users.addGrant(id, body.role, body.organisationId, principal.user.id, tx);
      await this.audit.append(
        { ...actorOf(principal), action: 'grant.added', entityType: 'user', entityId: id, detail: { after: { grantId, ...body } }, ...meta },
        tx,
      );
    });
    return this.load(id);
  }

  async revoke(principal: Principal, id: string, grantId: string, meta: RequestMeta, now = new Date()): Promise<AdminUser> {
    this.assertNotSelf(principal, id);
    const grant = await this.users.findGrant(id, grantId);
    if (!grant) throw new AppError(ErrorCode.NotFound, '该授权不存在或已撤销');
    const notify = await this.transactions.run(async (tx: Tx) => {
      await this.users.revokeGrant(grantId, now, tx);
      await this.audit.append(
        { ...actorOf(principal), action: 'grant.revoked', entityType: 'user', entityId: id, detail: { before: { grantId, role: grant.role, organisationId: grant.organisationId } }, ...meta },
        tx,
      );
      // Rights shrank: live sessions carry the old roles in their sockets, so end them.
      return this.sessions.revokeAllInTx(id, 'grant_revoked', now, tx);
    });
    notify();
    return this.load(id);
  }

  /** Streams the user list as xlsx (masked, formula-safe) and audits the export. */
  async export(principal: Principal, stream: NodeJS.WritableStream, meta: RequestMeta): Promise<void> {
    const { items } = await this.users.list({ limit: 100_000, offset: 0 });
    const rows = items.map((user) => this.people.presentMasked(user));
    await this.audit.append({ ...actorOf(principal), action: 'users.exported', entityType: 'user', detail: { rows: rows.length, masked: true }, ...meta });
    await writeXlsx(stream, [
      {
        name: '用户',
        columns: [
          { header: '姓名', key: 'displayName', width: 16 },
          { header: '账号', key: 'username', width: 16 },
          { header: '手机号', key: 'phone', width: 16 },
          { header: '身份证号', key: 'idNumber', width: 22 },
          { header: '角色', key: 'roles', width: 36 },
          { header: '状态', key: 'status', width: 10 },
        ],
        rows: rows.map((u) => ({
          displayName: u.displayName,
          username: u.username,
          phone: u.phone,
          idNumber: u.idNumber,
          roles: u.roles.map((r) => `${ROLE_LABELS[r.role]}${r.organisationName ? `（${r.organisationName}）` : ''}`).join('、'),
          status: u.disabledAt ? '已停用' : '正常',
        })),
      },
    ]);
  }

  private assertNotSelf(principal: Principal, id: string): void {
    if (principal.user.id === id) throw new AppError(ErrorCode.Forbidden, '不能修改自己的账号或权限（三员分立）');
  }

  private async assertOrganisationFits(role: string, organisationId: string | null): Promise<void> {
    if (role !== 'department_organizer') return;
    const organisation = organisationId ? await this.organisations.findById(organisationId) : null;
    if (!organisation || organisation.kind !== 'department') {
      throw new AppError(ErrorCode.ValidationFailed, '行业主管部门账号需要选择一个主管部门', [{ path: 'organisationId', message: '请选择主管部门' }]);
    }
  }

  private async load(id: string): Promise<AdminUser> {
    const user = await this.users.findById(id);
    if (!user) throw new AppError(ErrorCode.NotFound, '用户不存在');
    return this.people.presentMasked(user);
  }
}
