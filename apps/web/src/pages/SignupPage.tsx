import { SignupBody, SignupCodeBody } from '@dz/contracts';
import { parseResidentId } from '@dz/domain';
import { IdcardOutlined, LockOutlined, MobileOutlined, SafetyOutlined, UserOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Checkbox, Form, Input, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { Link, Navigate, useLocation } from 'react-router';
import { useOutboxAvailable } from '../lib/outbox';
import { useSession, useSignup, useSignupCode } from '../lib/auth';
import { clearErrorsOnChange, showApiError, showFieldIssues, zodIssues } from '../lib/form';
import { PASSWORD_HINT } from '../lib/labels';
import { landingPath, nextPath } from '../lib/menus';
import { useDocumentTitle } from '../lib/use-document-title';

interface SignupForm {
  phone?: string;
  code?: string;
  displayName?: string;
  password?: string;
  idNumber?: string;
  idConsent?: boolean;
}

const FIELDS = ['phone', 'code', 'displayName', 'password', 'idNumber', 'idConsent'] as const;
const CODE_COOLDOWN_SECONDS = 60;

/** Seconds left until `until` (epoch ms), ticking every second; 0 when none. */
function useCountdown(until: number | null): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (until === null) return;
    setNow(Date.now());
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [until]);
  return until === null ? 0 : Math.max(0, Math.ceil((until - now) / 1000));
}

export function SignupPage() {
  useDocumentTitle('注册');
  const session = useSession();
  const location = useLocation();
  const { message } = App.useApp();
  const [form] = Form.useForm<SignupForm>();
  const [formError, setFormError] = useState<string | null>(null);
  const [codeUntil, setCodeUntil] = useState<number | null>(null);
  const secondsLeft = useCountdown(codeUntil);
  const sendCode = useSignupCode();
  const signup = useSignup();
  const outbox = useOutboxAvailable();

  // Someone sent here from a page that needs an account (立即报名) goes back there.
  if (session.status === 'signed_in') {
    return <Navigate to={nextPath(location.state) ?? landingPath(session.user.roles)} replace />;
  }

  const onSendCode = () => {
    setFormError(null);
    const parsed = SignupCodeBody.safeParse({ phone: form.getFieldValue('phone') ?? '' });
    if (!parsed.success) {
      showFieldIssues(form, ['phone'], zodIssues(parsed.error));
      return;
    }
    sendCode.mutate(parsed.data, {
      onSuccess: () => {
        setCodeUntil(Date.now() + CODE_COOLDOWN_SECONDS * 1000);
        void message.success('验证码已发送，请注意查收短信');
      },
      onError: (error) => setFormError(showApiError(form, ['phone'], error)),
    });
  };

  const onFinish = (values: SignupForm) => {
    setFormError(null);
    const idNumber = values.idNumber?.trim() ? values.idNumber.trim().toUpperCase() : undefined;
    const parsed = SignupBody.safeParse({
      phone: values.phone ?? '',
      code: values.code ?? '',
      displayName: values.displayName ?? '',
      password: values.password ?? '',
      idNumber,
      idConsent: values.idConsent === true,
    });
    const issues = parsed.success ? [] : zodIssues(parsed.error);
    // The contract only bounds the length; the check digit and birth date are the domain's rules.
    if (idNumber && !issues.some((i) => i.path === 'idNumber')) {
      const id = parseResidentId(idNumber);
      if (!id.ok) issues.push({ path: 'idNumber', message: id.reason });
    }
    if (!parsed.success || issues.length > 0) {
      showFieldIssues(form, FIELDS, issues);
      return;
    }
    signup.mutate(parsed.data, {
      onSuccess: () => void message.success('注册成功，已为您登录'),
      onError: (error) => setFormError(showApiError(form, FIELDS, error, { newPassword: 'password' })),
    });
  };

  return (
    <div style={{ maxWidth: 480, margin: '24px auto' }}>
      <Card>
        <Typography.Title level={3} style={{ marginTop: 0, textAlign: 'center' }}>
          参赛选手注册
        </Typography.Title>
        <Typography.Paragraph type="secondary" style={{ textAlign: 'center' }}>
          使用本人手机号注册；裁判和工作人员账号由安全管理员开通
        </Typography.Paragraph>
        {outbox.data && (
          <Alert
            type="info"
            showIcon
            style={{ marginBottom: 16 }}
            data-testid="outbox-hint"
            title={
              <span>
                演示环境：短信验证码可在「
                <Link to="/outbox" target="_blank" rel="noopener">
                  短信发件箱
                </Link>
                」查看
              </span>
            }
          />
        )}
        {formError && (
          <Alert type="error" showIcon title={formError} style={{ marginBottom: 16 }} data-testid="signup-error" />
        )}
        <Form
          form={form}
          layout="vertical"
          requiredMark={false}
          onFinish={onFinish}
          onValuesChange={clearErrorsOnChange(form)}
          disabled={signup.isPending}
          initialValues={{ idConsent: false }}
          noValidate
        >
          <Form.Item label="手机号" name="phone">
            <Input
              prefix={<MobileOutlined />}
              placeholder="请输入 11 位手机号"
              autoComplete="tel-national"
              inputMode="tel"
              maxLength={11}
              size="large"
            />
          </Form.Item>
          <Form.Item label="短信验证码" name="code">
            <Input
              prefix={<SafetyOutlined />}
              placeholder="请输入 6 位短信验证码"
              autoComplete="one-time-code"
              inputMode="numeric"
              maxLength={6}
              size="large"
              suffix={
                <Button
                  type="link"
                  size="small"
                  onClick={onSendCode}
                  loading={sendCode.isPending}
                  disabled={secondsLeft > 0 || signup.isPending}
                  data-testid="send-code"
                  style={{ paddingInline: 4 }}
                >
                  {secondsLeft > 0 ? `${secondsLeft} 秒后重发` : codeUntil ? '重新获取' : '获取验证码'}
                </Button>
              }
            />
          </Form.Item>
          <Form.Item label="姓名" name="displayName" extra="请填写与身份证一致的真实姓名">
            <Input prefix={<UserOutlined />} placeholder="请输入真实姓名" autoComplete="name" size="large" />
          </Form.Item>
          <Form.Item label="密码" name="password" extra={PASSWORD_HINT}>
            <Input.Password
              prefix={<LockOutlined />}
              placeholder="请设置登录密码"
              autoComplete="new-password"
              size="large"
            />
          </Form.Item>
          <Form.Item
            label={
              <span>
                身份证号 <Typography.Text type="secondary">（选填）</Typography.Text>
              </span>
            }
            name="idNumber"
            extra="用于参赛资格核验和证书查验，也可以在报名时再填写"
          >
            <Input
              prefix={<IdcardOutlined />}
              placeholder="请输入 18 位身份证号"
              autoComplete="off"
              maxLength={18}
              size="large"
            />
          </Form.Item>
          <Form.Item name="idConsent" valuePropName="checked">
            <Checkbox data-testid="id-consent">我同意按《个人信息处理规则》处理我的身份证号</Checkbox>
          </Form.Item>
          <Button type="primary" htmlType="submit" block size="large" loading={signup.isPending}>
            注册
          </Button>
        </Form>
        <Typography.Paragraph style={{ marginTop: 16, marginBottom: 0, textAlign: 'center' }}>
          已有账号？<Link to="/login" state={location.state as unknown}>去登录</Link>
        </Typography.Paragraph>
      </Card>
    </div>
  );
}
