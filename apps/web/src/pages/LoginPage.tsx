import { LoginBody, type FieldIssue } from '@dz/contracts';
import { LockOutlined, UserOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Form, Input, Typography } from 'antd';
import { useState } from 'react';
import { Navigate, useLocation, useNavigate } from 'react-router';
import { ApiError, errorMessage } from '../lib/api';
import { useLogin, useMe } from '../lib/auth';
import { useDocumentTitle } from '../lib/use-document-title';

type LoginField = keyof LoginBody;
const FIELDS: readonly LoginField[] = ['account', 'password'];

/** Where to go after signing in: a same-site path handed over in the router state, else home. */
function nextPath(state: unknown): string {
  const from = (state as { from?: unknown } | null)?.from;
  return typeof from === 'string' && from.startsWith('/') && !from.startsWith('//') ? from : '/';
}

export function LoginPage() {
  useDocumentTitle('登录');
  const [form] = Form.useForm<LoginBody>();
  const [formError, setFormError] = useState<string | null>(null);
  const login = useLogin();
  const me = useMe();
  const navigate = useNavigate();
  const location = useLocation();

  if (me.data && !login.isSuccess) return <Navigate to="/" replace />;

  // Puts each issue under its field; an issue about no known field goes into the Alert.
  const showIssues = (issues: FieldIssue[]): boolean => {
    const byField = new Map<LoginField, string[]>();
    for (const issue of issues) {
      const field = FIELDS.find((f) => f === issue.path);
      if (field) byField.set(field, [...(byField.get(field) ?? []), issue.message]);
    }
    form.setFields(FIELDS.map((name) => ({ name, errors: byField.get(name) ?? [] })));
    return byField.size > 0;
  };

  const onFinish = (values: Partial<LoginBody>) => {
    setFormError(null);
    // The same schema as the API's, so the messages under the fields are the server's wording.
    const parsed = LoginBody.safeParse({ account: values.account ?? '', password: values.password ?? '' });
    if (!parsed.success) {
      showIssues(parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })));
      return;
    }
    login.mutate(parsed.data, {
      onSuccess: () => void navigate(nextPath(location.state), { replace: true }),
      onError: (error) => {
        if (error instanceof ApiError && error.body.issues?.length && showIssues(error.body.issues)) return;
        setFormError(errorMessage(error));
      },
    });
  };

  return (
    <div style={{ maxWidth: 420, margin: '24px auto' }}>
      <Card>
        <Typography.Title level={3} style={{ marginTop: 0, textAlign: 'center' }}>
          用户登录
        </Typography.Title>
        <Typography.Paragraph type="secondary" style={{ textAlign: 'center' }}>
          参赛选手、裁判和工作人员请使用本人账号登录
        </Typography.Paragraph>
        {formError && (
          <Alert
            type="error"
            showIcon
            title={formError}
            style={{ marginBottom: 16 }}
            data-testid="login-error"
          />
        )}
        <Form
          form={form}
          layout="vertical"
          requiredMark={false}
          onFinish={onFinish}
          onValuesChange={(changed: Partial<LoginBody>) =>
            form.setFields(Object.keys(changed).map((name) => ({ name: name as LoginField, errors: [] })))
          }
          disabled={login.isPending}
          noValidate
        >
          <Form.Item label="账号/手机号" name="account">
            <Input
              prefix={<UserOutlined />}
              placeholder="请输入账号或手机号"
              autoComplete="username"
              size="large"
            />
          </Form.Item>
          <Form.Item label="密码" name="password">
            <Input.Password
              prefix={<LockOutlined />}
              placeholder="请输入密码"
              autoComplete="current-password"
              size="large"
            />
          </Form.Item>
          <Button type="primary" htmlType="submit" block size="large" loading={login.isPending}>
            登录
          </Button>
        </Form>
      </Card>
    </div>
  );
}
