import { ErrorCode, LoginBody, TotpLoginBody, type SessionReply } from '@dz/contracts';
import { KeyOutlined, LockOutlined, SafetyOutlined, UserOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Form, Input, Space, Steps, Typography, type InputRef } from 'antd';
import { useRef, useState } from 'react';
import { Link, Navigate, useLocation } from 'react-router';
import { RecoveryCodesModal } from '../components/RecoveryCodesModal';
import { TotpEnrollment } from '../components/TotpEnrollment';
import { ApiError } from '../lib/api';
import { useLogin, useSession, useTotpLogin } from '../lib/auth';
import { clearErrorsOnChange, showApiError, showFieldIssues, zodIssues } from '../lib/form';
import { landingPath, nextPath } from '../lib/menus';
import { setSession } from '../lib/session';
import { useDocumentTitle } from '../lib/use-document-title';

type Step =
  | { kind: 'password' }
  | { kind: 'totp'; challengeToken: string }
  | { kind: 'enroll'; challengeToken: string; secret: string; otpauthUri: string };

const PASSWORD_FIELDS = ['account', 'password'] as const;

interface CodeForm {
  code?: string;
  recoveryCode?: string;
}
const CODE_FIELDS = ['code', 'recoveryCode'] as const;

export function LoginPage() {
  useDocumentTitle('登录');
  const session = useSession();
  const location = useLocation();
  const [step, setStep] = useState<Step>({ kind: 'password' });
  const [formError, setFormError] = useState<string | null>(null);
  const [useRecovery, setUseRecovery] = useState(false);
  /** A session that waits until its recovery codes are saved. */
  const [pending, setPending] = useState<SessionReply | null>(null);
  const [passwordForm] = Form.useForm<LoginBody>();
  const [codeForm] = Form.useForm<CodeForm>();
  const login = useLogin();
  const totp = useTotpLogin();
  const codeInputRef = useRef<InputRef>(null);

  if (session.status === 'signed_in') {
    return <Navigate to={nextPath(location.state) ?? landingPath(session.user.roles)} replace />;
  }

  const backToPassword = () => {
    setStep({ kind: 'password' });
    setFormError(null);
    setUseRecovery(false);
    codeForm.resetFields();
    passwordForm.setFieldValue('password', '');
  };

  const onPassword = (values: Partial<LoginBody>) => {
    setFormError(null);
    // The same schema as the API's, so the messages under the fields are the server's wording.
    const parsed = LoginBody.safeParse({ account: values.account ?? '', password: values.password ?? '' });
    if (!parsed.success) {
      showFieldIssues(passwordForm, PASSWORD_FIELDS, zodIssues(parsed.error));
      return;
    }
    login.mutate(parsed.data, {
      // `ok` has signed the tab in already (the Navigate above takes over).
      onSuccess: (reply) => {
        if (reply.status === 'totp_required') setStep({ kind: 'totp', challengeToken: reply.challengeToken });
        if (reply.status === 'totp_enrollment_required') {
          setStep({
            kind: 'enroll',
            challengeToken: reply.challengeToken,
            secret: reply.secret,
            otpauthUri: reply.otpauthUri,
          });
        }
      },
      onError: (error) => setFormError(showApiError(passwordForm, PASSWORD_FIELDS, error)),
    });
  };

  const onCode = (values: CodeForm) => {
    if (step.kind === 'password') return;
    setFormError(null);
    const recovery = step.kind === 'totp' && useRecovery;
    const parsed = TotpLoginBody.safeParse({
      challengeToken: step.challengeToken,
      ...(recovery ? { recoveryCode: values.recoveryCode ?? '' } : { code: values.code ?? '' }),
    });
    if (!parsed.success) {
      const rest = showFieldIssues(codeForm, CODE_FIELDS, zodIssues(parsed.error), recovery ? { code: 'recoveryCode' } : {});
      if (rest.length > 0) setFormError(rest.join('；'));
      return;
    }
    totp.mutate(parsed.data, {
      onSuccess: (reply) => {
        if (reply.recoveryCodes?.length) setPending(reply);
        else setSession(reply);
      },
      onError: (error) => {
        // The challenge lives a few minutes: when it has run out, start again from the password.
        if (error instanceof ApiError && error.code === ErrorCode.Unauthenticated) {
          backToPassword();
          setFormError(error.message);
          return;
        }
        codeForm.setFieldsValue({ code: '', recoveryCode: '' });
        setFormError(showApiError(codeForm, CODE_FIELDS, error));
        codeInputRef.current?.focus();
      },
    });
  };

  const errorAlert = formError && (
    <Alert type="error" showIcon title={formError} style={{ marginBottom: 16 }} data-testid="login-error" />
  );

  const codeInput = (
    <Form.Item label="动态验证码" name="code" extra="打开手机上的身份验证器应用，输入显示的 6 位数字">
      <Input
        prefix={<SafetyOutlined />}
        placeholder="请输入 6 位动态验证码"
        ref={codeInputRef}
        autoComplete="one-time-code"
        inputMode="numeric"
        maxLength={6}
        size="large"
        autoFocus
        className="dz-otp-input"
      />
    </Form.Item>
  );

  const codeForms = step.kind !== 'password' && (
    <Form
      form={codeForm}
      layout="vertical"
      requiredMark={false}
      onFinish={onCode}
      onValuesChange={clearErrorsOnChange(codeForm)}
      disabled={totp.isPending}
      noValidate
    >
      {step.kind === 'totp' && useRecovery ? (
        <Form.Item
          label="恢复码"
          name="recoveryCode"
          extra="手机不在身边时，可使用设置二次验证时保存的恢复码登录；每个恢复码只能使用一次"
        >
          <Input
            prefix={<KeyOutlined />}
            placeholder="请输入恢复码"
            autoComplete="off"
            size="large"
            autoFocus
            ref={codeInputRef}
          />
        </Form.Item>
      ) : (
        codeInput
      )}
      <Button type="primary" htmlType="submit" block size="large" loading={totp.isPending}>
        {step.kind === 'enroll' ? '完成设置并登录' : '验证并登录'}
      </Button>
      <Space orientation="vertical" size={4} style={{ width: '100%', marginTop: 12, textAlign: 'center' }}>
        {step.kind === 'totp' && (
          <Typography.Link
            onClick={() => {
              setUseRecovery((v) => !v);
              setFormError(null);
              codeForm.resetFields();
            }}
            data-testid="toggle-recovery"
          >
            {useRecovery ? '使用动态验证码' : '使用恢复码'}
          </Typography.Link>
        )}
        <Typography.Link type="secondary" onClick={backToPassword}>
          返回，重新输入账号密码
        </Typography.Link>
      </Space>
    </Form>
  );

  return (
    <div style={{ maxWidth: step.kind === 'enroll' ? 480 : 420, margin: '24px auto' }}>
      <Card>
        <Typography.Title level={3} style={{ marginTop: 0, textAlign: 'center' }}>
          {step.kind === 'password' ? '用户登录' : step.kind === 'totp' ? '二次验证' : '设置二次验证'}
        </Typography.Title>
        {step.kind !== 'password' && (
          <Steps
            size="small"
            current={1}
            style={{ marginBottom: 20 }}
            responsive={false}
            items={[{ title: '账号密码' }, { title: step.kind === 'enroll' ? '绑定验证器' : '动态验证码' }]}
          />
        )}
        {step.kind === 'password' && (
          <>
            <Typography.Paragraph type="secondary" style={{ textAlign: 'center' }}>
              参赛选手、裁判和工作人员请使用本人账号登录
            </Typography.Paragraph>
            {errorAlert}
            <Form
              form={passwordForm}
              layout="vertical"
              requiredMark={false}
              onFinish={onPassword}
              onValuesChange={clearErrorsOnChange(passwordForm)}
              disabled={login.isPending}
              noValidate
            >
              <Form.Item label="账号/手机号" name="account">
                <Input prefix={<UserOutlined />} placeholder="请输入账号或手机号" autoComplete="username" size="large" />
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
            <Typography.Paragraph style={{ marginTop: 16, marginBottom: 0, textAlign: 'center' }}>
              参赛选手还没有账号？<Link to="/signup" state={location.state as unknown}>立即注册</Link>
            </Typography.Paragraph>
          </>
        )}
        {step.kind === 'totp' && (
          <>
            <Typography.Paragraph type="secondary">
              您的账号已开启二次验证，请输入身份验证器应用中显示的动态验证码。
            </Typography.Paragraph>
            {errorAlert}
            {codeForms}
          </>
        )}
        {step.kind === 'enroll' && (
          <>
            <TotpEnrollment secret={step.secret} otpauthUri={step.otpauthUri} />
            {errorAlert}
            {codeForms}
          </>
        )}
      </Card>
      <RecoveryCodesModal
        codes={pending?.recoveryCodes ?? null}
        onDone={() => {
          if (pending) setSession(pending);
          setPending(null);
        }}
      />
    </div>
  );
}
