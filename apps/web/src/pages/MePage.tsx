import { ChangePasswordBody, ErrorCode, ProfileReply } from '@dz/contracts';
import { EyeOutlined, SafetyCertificateOutlined } from '@ant-design/icons';
import { useMutation, useQuery } from '@tanstack/react-query';
import { Alert, App, Button, Card, Col, Descriptions, Form, Input, Row, Skeleton, Tag, Typography } from 'antd';
import { useState } from 'react';
import { ApiError, apiRequest, apiSend, errorMessage } from '../lib/api';
import { useCurrentUser } from '../lib/auth';
import { clearErrorsOnChange, showApiError, showFieldIssues, zodIssues } from '../lib/form';
import { formatDateTime } from '../lib/format';
import { PASSWORD_HINT, ROLE_COLORS, roleLabel } from '../lib/labels';
import { useDocumentTitle } from '../lib/use-document-title';

interface PasswordForm {
  currentPassword?: string;
  newPassword?: string;
  confirmPassword?: string;
}
const PASSWORD_FIELDS = ['currentPassword', 'newPassword', 'confirmPassword'] as const;

function ProfileCard() {
  // Every read of the full phone and ID number is logged, so: one read per visit, nothing kept
  // in the cache after the page is left, no background refetch.
  const profile = useQuery({
    queryKey: ['me', 'profile'],
    queryFn: ({ signal }) => apiRequest('/api/me/profile', ProfileReply, { signal }),
    staleTime: Infinity,
    gcTime: 0,
    retry: false,
  });

  return (
    <Card title="个人信息" data-testid="profile">
      <Alert
        type="info"
        showIcon
        icon={<EyeOutlined />}
        style={{ marginBottom: 16 }}
        title="为保护您的个人信息，每次查看本页显示的完整手机号和身份证号都会被记录。"
      />
      {profile.isPending ? (
        <Skeleton active paragraph={{ rows: 5 }} />
      ) : profile.isError ? (
        <Alert
          type="error"
          showIcon
          title="个人信息加载失败"
          description={errorMessage(profile.error)}
          action={
            <Button size="small" onClick={() => void profile.refetch()}>
              重试
            </Button>
          }
        />
      ) : (
        <Descriptions
          column={1}
          size="small"
          styles={{ label: { width: '7em', flexShrink: 0 } }}
          items={[
            { key: 'name', label: '姓名', children: profile.data.displayName },
            { key: 'username', label: '账号', children: profile.data.username ?? '未设置（使用手机号登录）' },
            {
              key: 'phone',
              label: '手机号',
              children: <span className="dz-mono">{profile.data.phone ?? '未填写'}</span>,
            },
            {
              key: 'id',
              label: '身份证号',
              children: <span className="dz-mono">{profile.data.idNumber ?? '未填写'}</span>,
            },
            {
              key: 'consent',
              label: '信息处理授权',
              children: profile.data.idConsentAt
                ? `已于 ${formatDateTime(profile.data.idConsentAt)} 同意《个人信息处理规则》`
                : '未授权',
            },
            {
              key: 'roles',
              label: '角色',
              children:
                profile.data.roles.length > 0
                  ? profile.data.roles.map((role) => (
                      <Tag key={role} color={ROLE_COLORS[role]}>
                        {roleLabel(role)}
                      </Tag>
                    ))
                  : '无',
            },
          ]}
        />
      )}
    </Card>
  );
}

function SecondFactorCard({ enabled }: { enabled: boolean | undefined }) {
  return (
    <Card title="二次验证" data-testid="second-factor">
      <Typography.Paragraph>
        <SafetyCertificateOutlined style={{ marginRight: 8 }} />
        状态：
        {enabled === undefined ? '—' : enabled ? <Tag color="success">已开启</Tag> : <Tag>未开启</Tag>}
      </Typography.Paragraph>
      <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>
        {enabled
          ? '登录时除密码外还需输入身份验证器应用中的动态验证码。更换手机或恢复码用完时，请联系安全管理员重置。'
          : '工作人员账号在登录时将按提示绑定身份验证器应用；参赛选手账号使用密码登录。'}
      </Typography.Paragraph>
    </Card>
  );
}

function ChangePasswordCard() {
  const { message } = App.useApp();
  const [form] = Form.useForm<PasswordForm>();
  const [formError, setFormError] = useState<string | null>(null);
  const change = useMutation({
    mutationFn: (body: ChangePasswordBody) => apiSend('/api/auth/password', { body }),
  });

  const onFinish = (values: PasswordForm) => {
    setFormError(null);
    const parsed = ChangePasswordBody.safeParse({
      currentPassword: values.currentPassword ?? '',
      newPassword: values.newPassword ?? '',
    });
    const issues = parsed.success ? [] : zodIssues(parsed.error);
    if (values.newPassword && values.confirmPassword !== values.newPassword) {
      issues.push({ path: 'confirmPassword', message: '两次输入的新密码不一致' });
    }
    if (!parsed.success || issues.length > 0) {
      showFieldIssues(form, PASSWORD_FIELDS, issues);
      return;
    }
    change.mutate(parsed.data, {
      onSuccess: () => {
        form.resetFields();
        void message.success('密码已修改，下次登录请使用新密码');
      },
      onError: (error) => {
        if (error instanceof ApiError && error.code === ErrorCode.InvalidCredentials) {
          form.setFields([{ name: 'currentPassword', errors: [error.message] }]);
          return;
        }
        setFormError(showApiError(form, PASSWORD_FIELDS, error, { password: 'newPassword' }));
      },
    });
  };

  return (
    <Card title="修改密码">
      {formError && (
        <Alert type="error" showIcon title={formError} style={{ marginBottom: 16 }} data-testid="password-error" />
      )}
      <Form
        form={form}
        layout="vertical"
        requiredMark={false}
        onFinish={onFinish}
        onValuesChange={clearErrorsOnChange(form)}
        disabled={change.isPending}
        noValidate
      >
        <Form.Item label="当前密码" name="currentPassword">
          <Input.Password placeholder="请输入当前密码" autoComplete="current-password" />
        </Form.Item>
        <Form.Item label="新密码" name="newPassword" extra={PASSWORD_HINT}>
          <Input.Password placeholder="请输入新密码" autoComplete="new-password" />
        </Form.Item>
        <Form.Item label="确认新密码" name="confirmPassword">
          <Input.Password placeholder="请再次输入新密码" autoComplete="new-password" />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={change.isPending}>
          修改密码
        </Button>
      </Form>
    </Card>
  );
}

export function MePage() {
  useDocumentTitle('我的账号');
  const totpEnabled = useCurrentUser()?.totpEnabled;
  return (
    <>
      <Typography.Title level={2} style={{ marginTop: 0 }}>
        我的账号
      </Typography.Title>
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={14}>
          <ProfileCard />
        </Col>
        <Col xs={24} lg={10}>
          <Row gutter={[16, 16]}>
            <Col span={24}>
              <SecondFactorCard enabled={totpEnabled} />
            </Col>
            <Col span={24}>
              <ChangePasswordCard />
            </Col>
          </Row>
        </Col>
      </Row>
    </>
  );
}
