import {
  AdminUser,
  AdminUserList,
  CreateUserBody,
  GrantRoleBody,
  ReasonBody,
  ROLES,
  type Role,
} from '@dz/contracts';
import { CloseOutlined, DownloadOutlined, PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  Drawer,
  Flex,
  Form,
  Grid,
  Input,
  Modal,
  Select,
  Space,
  Table,
  Tag,
  Tooltip,
  Typography,
  type TableColumnsType,
} from 'antd';
import { useState } from 'react';
import { apiDownload, apiRequest, apiSend, errorMessage } from '../lib/api';
import { clearErrorsOnChange, showApiError, showFieldIssues, zodIssues } from '../lib/form';
import { formatDate, formatDateTime } from '../lib/format';
import { PASSWORD_HINT, ROLE_COLORS, roleLabel } from '../lib/labels';
import { organisationOptions, useOrganisations } from '../lib/organisations';
import { useDocumentTitle } from '../lib/use-document-title';

const USERS_KEY = ['admin', 'users'] as const;
const CREATE_ROLES = CreateUserBody.shape.role.options;
type CreateRole = (typeof CREATE_ROLES)[number];

const roleOptions = (roles: readonly Role[]) => roles.map((role) => ({ value: role, label: roleLabel(role) }));

/** Roles held within a department need one; the others are held city-wide. */
const NEEDS_ORGANISATION: ReadonlySet<Role> = new Set(['department_organizer']);

function isLocked(user: AdminUser, now: number): boolean {
  return user.lockedUntil !== null && Date.parse(user.lockedUntil) > now;
}

/** 16 characters from all four classes, from the browser's CSPRNG, for a first password. */
function randomPassword(): string {
  const sets = ['ABCDEFGHJKLMNPQRSTUVWXYZ', 'abcdefghijkmnpqrstuvwxyz', '23456789', '!@#$%^&*-_=+?'];
  const all = sets.join('');
  const pick = (from: string) => from[crypto.getRandomValues(new Uint32Array(1))[0] % from.length];
  const chars = [...sets.map(pick), ...Array.from({ length: 12 }, () => pick(all))];
  for (let i = chars.length - 1; i > 0; i -= 1) {
    const j = crypto.getRandomValues(new Uint32Array(1))[0] % (i + 1);
    [chars[i], chars[j]] = [chars[j], chars[i]];
  }
  return chars.join('');
}

// ---------------------------------------------------------------------------------------------

interface CreateForm {
  displayName?: string;
  username?: string;
  phone?: string;
  role?: CreateRole;
  organisationId?: string;
  initialPassword?: string;
}
const CREATE_FIELDS = ['displayName', 'username', 'phone', 'role', 'organisationId', 'initialPassword'] as const;

function CreateUserDrawer({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<CreateForm>();
  const [formError, setFormError] = useState<string | null>(null);
  const role = Form.useWatch('role', form);
  const organisations = useOrganisations(undefined, open);
  const create = useMutation({
    mutationFn: (body: CreateUserBody) => apiRequest('/api/admin/users', AdminUser, { method: 'POST', body }),
  });

  const close = () => {
    form.resetFields();
    setFormError(null);
    onClose();
  };

  const onFinish = (values: CreateForm) => {
    setFormError(null);
    const parsed = CreateUserBody.safeParse({
      displayName: values.displayName ?? '',
      username: values.username ?? '',
      phone: values.phone?.trim() ? values.phone : undefined,
      role: values.role,
      organisationId: values.organisationId ?? null,
      initialPassword: values.initialPassword ?? '',
    });
    const issues = parsed.success ? [] : zodIssues(parsed.error);
    if (values.role && NEEDS_ORGANISATION.has(values.role) && !values.organisationId) {
      issues.push({ path: 'organisationId', message: '行业主管部门账号须选择所属单位' });
    }
    if (!parsed.success || issues.length > 0) {
      showFieldIssues(form, CREATE_FIELDS, issues.map((i) => (i.path === 'role' ? { ...i, message: '请选择角色' } : i)));
      return;
    }
    create.mutate(parsed.data, {
      onSuccess: (user) => {
        void message.success(`已创建用户「${user.displayName}」，请将账号和初始密码告知本人`);
        void queryClient.invalidateQueries({ queryKey: USERS_KEY });
        close();
      },
      onError: (error) => setFormError(showApiError(form, CREATE_FIELDS, error, { password: 'initialPassword' })),
    });
  };

  return (
    <Drawer
      title="新建工作人员账号"
      open={open}
      onClose={close}
      size="min(480px, 100vw)"
      destroyOnHidden
      footer={
        <Flex justify="flex-end" gap={8}>
          <Button onClick={close}>取消</Button>
          <Button type="primary" loading={create.isPending} onClick={() => form.submit()} data-testid="create-user-submit">
            创建
          </Button>
        </Flex>
      }
    >
      <Typography.Paragraph type="secondary">参赛选手通过注册页自行注册，此处只开通工作人员账号。</Typography.Paragraph>
      {formError && <Alert type="error" showIcon title={formError} style={{ marginBottom: 16 }} />}
      <Form
        form={form}
        layout="vertical"
        requiredMark={false}
        onFinish={onFinish}
        onValuesChange={clearErrorsOnChange(form)}
        disabled={create.isPending}
        noValidate
      >
        <Form.Item label="姓名" name="displayName">
          <Input placeholder="请输入姓名" />
        </Form.Item>
        <Form.Item label="登录账号" name="username" extra="3–32 位小写字母、数字、下划线、点或短横线，以字母开头">
          <Input placeholder="例如 zhang.san" autoComplete="off" />
        </Form.Item>
        <Form.Item label="手机号（选填）" name="phone">
          <Input placeholder="请输入 11 位手机号" inputMode="tel" maxLength={11} />
        </Form.Item>
        <Form.Item label="角色" name="role">
          <Select placeholder="请选择角色" options={roleOptions(CREATE_ROLES)} data-testid="create-user-role" />
        </Form.Item>
        <Form.Item
          label={role && NEEDS_ORGANISATION.has(role) ? '所属单位（必选）' : '所属单位（选填）'}
          name="organisationId"
          extra={role && NEEDS_ORGANISATION.has(role) ? undefined : '可不选，表示全市范围'}
        >
          <Select
            placeholder="请选择单位"
            allowClear
            showSearch={{ optionFilterProp: 'label' }}
            loading={organisations.isPending}
            options={organisationOptions(organisations.data?.items)}
            notFoundContent={organisations.isError ? '单位加载失败' : '暂无单位'}
          />
        </Form.Item>
        <Form.Item
          label="初始密码"
          name="initialPassword"
          extra={
            <>
              {PASSWORD_HINT}，请本人首次登录后修改。
              <Typography.Link
                onClick={() => form.setFields([{ name: 'initialPassword', value: randomPassword(), errors: [] }])}
                data-testid="random-password"
              >
                随机生成
              </Typography.Link>
            </>
          }
        >
          <Input.Password placeholder="请输入初始密码" autoComplete="new-password" />
        </Form.Item>
      </Form>
    </Drawer>
  );
}

// ---------------------------------------------------------------------------------------------

type ReasonAction = { kind: 'disable' | 'enable'; user: AdminUser };

function ReasonModal({ action, onClose }: { action: ReasonAction | null; onClose: () => void }) {
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<{ reason?: string }>();
  const [formError, setFormError] = useState<string | null>(null);
  const send = useMutation({
    mutationFn: ({ kind, user, body }: ReasonAction & { body: ReasonBody }) =>
      apiSend(`/api/admin/users/${encodeURIComponent(user.id)}/${kind}`, { body }),
  });
  const disabling = action?.kind === 'disable';

  const close = () => {
    form.resetFields();
    setFormError(null);
    onClose();
  };

  const onFinish = (values: { reason?: string }) => {
    if (!action) return;
    setFormError(null);
    const parsed = ReasonBody.safeParse({ reason: values.reason ?? '' });
    if (!parsed.success) {
      showFieldIssues(form, ['reason'], zodIssues(parsed.error));
      return;
    }
    send.mutate(
      { ...action, body: parsed.data },
      {
        onSuccess: () => {
          void message.success(disabling ? `已停用「${action.user.displayName}」` : `已启用「${action.user.displayName}」`);
          void queryClient.invalidateQueries({ queryKey: USERS_KEY });
          close();
        },
        onError: (error) => setFormError(showApiError(form, ['reason'], error)),
      },
    );
  };

  return (
    <Modal
      open={action !== null}
      title={action ? `${disabling ? '停用' : '启用'}用户「${action.user.displayName}」` : ''}
      okText={disabling ? '停用' : '启用'}
      okButtonProps={{ danger: disabling, loading: send.isPending }}
      onOk={() => form.submit()}
      onCancel={close}
      destroyOnHidden
    >
      <Typography.Paragraph type="secondary">
        {disabling ? '停用后该用户无法登录，已登录的设备也会退出。' : '启用后该用户可以重新登录。'}
        操作和原因会记入审计日志。
      </Typography.Paragraph>
      {formError && <Alert type="error" showIcon title={formError} style={{ marginBottom: 16 }} />}
      <Form form={form} layout="vertical" requiredMark={false} onFinish={onFinish} noValidate>
        <Form.Item label="原因" name="reason">
          <Input.TextArea rows={3} maxLength={500} showCount placeholder="请填写原因，例如：人员离岗" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

// ---------------------------------------------------------------------------------------------

function GrantModal({ user, onClose }: { user: AdminUser | null; onClose: () => void }) {
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<{ role?: Role; organisationId?: string }>();
  const [formError, setFormError] = useState<string | null>(null);
  const role = Form.useWatch('role', form);
  const organisations = useOrganisations(undefined, user !== null);
  const grant = useMutation({
    mutationFn: ({ id, body }: { id: string; body: GrantRoleBody }) =>
      apiRequest(`/api/admin/users/${encodeURIComponent(id)}/grants`, AdminUser, { method: 'POST', body }),
  });

  const close = () => {
    form.resetFields();
    setFormError(null);
    onClose();
  };

  const onFinish = (values: { role?: Role; organisationId?: string }) => {
    if (!user) return;
    setFormError(null);
    const parsed = GrantRoleBody.safeParse({ role: values.role, organisationId: values.organisationId ?? null });
    const issues = parsed.success ? [] : zodIssues(parsed.error).map((i) => (i.path === 'role' ? { ...i, message: '请选择角色' } : i));
    if (values.role && NEEDS_ORGANISATION.has(values.role) && !values.organisationId) {
      issues.push({ path: 'organisationId', message: '行业主管部门角色须选择所属单位' });
    }
    if (!parsed.success || issues.length > 0) {
      showFieldIssues(form, ['role', 'organisationId'], issues);
      return;
    }
    grant.mutate(
      { id: user.id, body: parsed.data },
      {
        onSuccess: (updated) => {
          void message.success(`已为「${updated.displayName}」授予${roleLabel(parsed.data.role)}角色`);
          void queryClient.invalidateQueries({ queryKey: USERS_KEY });
          close();
        },
        onError: (error) => setFormError(showApiError(form, ['role', 'organisationId'], error)),
      },
    );
  };

  return (
    <Modal
      open={user !== null}
      title={user ? `为「${user.displayName}」授予角色` : ''}
      okText="授予"
      okButtonProps={{ loading: grant.isPending }}
      onOk={() => form.submit()}
      onCancel={close}
      destroyOnHidden
    >
      {formError && <Alert type="error" showIcon title={formError} style={{ marginBottom: 16 }} />}
      <Form form={form} layout="vertical" requiredMark={false} onFinish={onFinish} noValidate>
        <Form.Item label="角色" name="role">
          <Select placeholder="请选择角色" options={roleOptions(ROLES)} />
        </Form.Item>
        <Form.Item
          label={role && NEEDS_ORGANISATION.has(role) ? '所属单位（必选）' : '所属单位（选填）'}
          name="organisationId"
          extra={role && NEEDS_ORGANISATION.has(role) ? undefined : '可不选，表示全市范围'}
        >
          <Select
            placeholder="请选择单位"
            allowClear
            showSearch={{ optionFilterProp: 'label' }}
            loading={organisations.isPending}
            options={organisationOptions(organisations.data?.items)}
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}

// ---------------------------------------------------------------------------------------------

interface Filters {
  q: string;
  role: Role | undefined;
  page: number;
  pageSize: number;
}

export function AdminUsersPage() {
  useDocumentTitle('用户管理');
  const { message, modal } = App.useApp();
  const queryClient = useQueryClient();
  const [filters, setFilters] = useState<Filters>({ q: '', role: undefined, page: 1, pageSize: 20 });
  const [creating, setCreating] = useState(false);
  const [reasonAction, setReasonAction] = useState<ReasonAction | null>(null);
  const [granting, setGranting] = useState<AdminUser | null>(null);
  const [exporting, setExporting] = useState(false);
  const now = Date.now();
  // On a phone the pinned columns would fill the screen: there the whole table scrolls.
  const wide = Grid.useBreakpoint().md ?? false;

  const users = useQuery({
    queryKey: [...USERS_KEY, filters],
    queryFn: ({ signal }) =>
      apiRequest('/api/admin/users', AdminUserList, {
        query: {
          q: filters.q || undefined,
          role: filters.role,
          limit: filters.pageSize,
          offset: (filters.page - 1) * filters.pageSize,
        },
        signal,
      }),
    placeholderData: keepPreviousData,
  });

  const afterChange = (text: string) => {
    void message.success(text);
    void queryClient.invalidateQueries({ queryKey: USERS_KEY });
  };
  const failed = (error: unknown) => void message.error(errorMessage(error));

  const onUnlock = (user: AdminUser) =>
    modal.confirm({
      title: `解锁「${user.displayName}」？`,
      content: '解锁后该用户可以立即重新尝试登录。',
      okText: '解锁',
      onOk: () =>
        apiSend(`/api/admin/users/${encodeURIComponent(user.id)}/unlock`).then(
          () => afterChange(`已解锁「${user.displayName}」`),
          failed,
        ),
    });

  const onRevoke = (user: AdminUser, grant: AdminUser['roles'][number]) =>
    modal.confirm({
      title: `撤销「${user.displayName}」的${roleLabel(grant.role)}角色？`,
      content: grant.organisationName ? `所属单位：${grant.organisationName}` : undefined,
      okText: '撤销',
      okButtonProps: { danger: true },
      onOk: () =>
        apiRequest(
          `/api/admin/users/${encodeURIComponent(user.id)}/grants/${encodeURIComponent(grant.grantId)}`,
          AdminUser,
          { method: 'DELETE' },
        ).then(() => afterChange(`已撤销${roleLabel(grant.role)}角色`), failed),
    });

  const onExport = () => {
    setExporting(true);
    apiDownload('/api/admin/users/export.xlsx', `用户列表-${formatDate(new Date())}.xlsx`)
      .then(() => void message.success('已开始下载'), failed)
      .finally(() => setExporting(false));
  };

  const columns: TableColumnsType<AdminUser> = [
    {
      key: 'name',
      title: '姓名 / 账号',
      width: 140,
      fixed: wide ? 'left' : undefined,
      render: (_, user) => (
        <>
          <div>{user.displayName}</div>
          <Typography.Text type="secondary" className="dz-mono">
            {user.username ?? '—'}
          </Typography.Text>
        </>
      ),
    },
    { key: 'phone', title: '手机号', width: 120, render: (_, u) => <span className="dz-mono">{u.phone ?? '—'}</span> },
    { key: 'id', title: '身份证号', width: 175, render: (_, u) => <span className="dz-mono">{u.idNumber ?? '—'}</span> },
    {
      key: 'roles',
      title: '角色',
      // Takes the width the others leave.
      render: (_, user) =>
        user.roles.length === 0 ? (
          <Typography.Text type="secondary">无</Typography.Text>
        ) : (
          <Flex wrap gap={4}>
            {user.roles.map((grant) => (
              <Tag
                key={grant.grantId}
                color={ROLE_COLORS[grant.role]}
                closable={{ closeIcon: <CloseOutlined />, 'aria-label': `撤销${roleLabel(grant.role)}角色` }}
                onClose={(e) => {
                  e.preventDefault();
                  onRevoke(user, grant);
                }}
                style={{ marginInlineEnd: 0, whiteSpace: 'normal' }}
              >
                {roleLabel(grant.role)}
                {grant.organisationName ? ` · ${grant.organisationName}` : ''}
              </Tag>
            ))}
          </Flex>
        ),
    },
    {
      key: 'status',
      title: '状态',
      width: 110,
      render: (_, user) => (
        <Flex wrap gap={4}>
          {user.disabledAt ? (
            <Tooltip title={`停用于 ${formatDateTime(user.disabledAt)}`}>
              <Tag color="error">已停用</Tag>
            </Tooltip>
          ) : (
            <Tag color="success">正常</Tag>
          )}
          {isLocked(user, now) && user.lockedUntil && (
            <Tooltip title={`锁定至 ${formatDateTime(user.lockedUntil)}`}>
              <Tag color="warning">已锁定</Tag>
            </Tooltip>
          )}
        </Flex>
      ),
    },
    {
      key: 'totp',
      title: '二次验证',
      width: 88,
      render: (_, u) => (u.totpEnabled ? <Tag color="success">已开启</Tag> : <Tag>未开启</Tag>),
    },
    { key: 'created', title: '创建时间', width: 140, render: (_, u) => formatDate(u.createdAt) },
    {
      key: 'actions',
      title: '操作',
      width: 170,
      fixed: wide ? 'right' : undefined,
      render: (_, user) => (
        <Space size={0} wrap>
          <Button type="link" size="small" onClick={() => setGranting(user)}>
            授予角色
          </Button>
          {user.disabledAt ? (
            <Button type="link" size="small" onClick={() => setReasonAction({ kind: 'enable', user })}>
              启用
            </Button>
          ) : (
            <Button type="link" size="small" danger onClick={() => setReasonAction({ kind: 'disable', user })}>
              停用
            </Button>
          )}
          {isLocked(user, now) && (
            <Button type="link" size="small" onClick={() => onUnlock(user)}>
              解锁
            </Button>
          )}
        </Space>
      ),
    },
  ];

  return (
    <>
      <Flex justify="space-between" align="center" wrap gap={8} style={{ marginBottom: 16 }}>
        <Typography.Title level={2} style={{ margin: 0 }}>
          用户管理
        </Typography.Title>
        <Space wrap>
          <Button icon={<DownloadOutlined />} onClick={onExport} loading={exporting} data-testid="export-users">
            导出 Excel
          </Button>
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="create-user">
            新建用户
          </Button>
        </Space>
      </Flex>
      <Card styles={{ body: { paddingBottom: 8 } }}>
        <Flex wrap gap={8} style={{ marginBottom: 16 }}>
          <Input.Search
            placeholder="搜索姓名、账号或手机号"
            allowClear
            enterButton="搜索"
            style={{ width: 320, maxWidth: '100%' }}
            onSearch={(value) => setFilters((f) => ({ ...f, q: value.trim(), page: 1 }))}
            data-testid="user-search"
          />
          <Select<Role>
            placeholder="全部角色"
            allowClear
            style={{ width: 160 }}
            options={roleOptions(ROLES)}
            value={filters.role}
            onChange={(role) => setFilters((f) => ({ ...f, role, page: 1 }))}
          />
          <Button icon={<ReloadOutlined />} onClick={() => void users.refetch()} loading={users.isFetching}>
            刷新
          </Button>
        </Flex>
        {users.isError && (
          <Alert type="error" showIcon title="用户加载失败" description={errorMessage(users.error)} style={{ marginBottom: 16 }} />
        )}
        <Table<AdminUser>
          rowKey="id"
          size="middle"
          columns={columns}
          dataSource={users.data?.items ?? []}
          loading={users.isPending || (users.isFetching && users.isPlaceholderData)}
          scroll={{ x: 1120 }}
          locale={{ emptyText: '没有符合条件的用户' }}
          pagination={{
            current: filters.page,
            pageSize: filters.pageSize,
            total: users.data?.total ?? 0,
            showSizeChanger: true,
            pageSizeOptions: [20, 50, 100],
            showTotal: (total) => `共 ${total} 人`,
            onChange: (page, pageSize) => setFilters((f) => ({ ...f, page, pageSize })),
          }}
          data-testid="users-table"
        />
        {users.data?.items.some((u) => u.masked) && (
          <Typography.Paragraph type="secondary" style={{ marginTop: 8 }}>
            手机号和身份证号已按个人信息保护要求脱敏显示。
          </Typography.Paragraph>
        )}
      </Card>
      <CreateUserDrawer open={creating} onClose={() => setCreating(false)} />
      <ReasonModal action={reasonAction} onClose={() => setReasonAction(null)} />
      <GrantModal user={granting} onClose={() => setGranting(null)} />
    </>
  );
}
