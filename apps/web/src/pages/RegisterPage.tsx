import {
  COUNTIES,
  EligibilityReply,
  EntryView,
  ErrorCode,
  ProfileReply,
  SKILL_LEVEL_LABELS,
  SKILL_LEVELS,
  type PublicEventDetail,
  type RegisterBody,
} from '@dz/contracts';
import { ArrowLeftOutlined, CheckCircleOutlined, CloseCircleOutlined, SafetyCertificateOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  Flex,
  Form,
  Input,
  Result,
  Select,
  Skeleton,
  Spin,
  Switch,
  Tag,
  Typography,
  type FormInstance,
} from 'antd';
import { useEffect, useMemo, useRef, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { capacityLabel, entryKindLabel } from '../components/EventCard';
import { ApiError, apiRequest, errorMessage } from '../lib/api';
import { occupationOptions, useCatalogues } from '../lib/catalogues';
import { eligibilitySentences } from '../lib/event-text';
import { formatDateTime } from '../lib/format';
import {
  MY_ENTRIES_KEY,
  registrationOpen,
  seatsText,
  useMyEntries,
  usePublicEvent,
} from '../lib/registration';
import {
  checkRegistration,
  issuePath,
  newRegisterForm,
  registeredPaths,
  type FieldPath,
  type FormIssue,
  type RegisterForm,
} from '../lib/registration-form';
import { useDocumentTitle } from '../lib/use-document-title';

/** Wait this long after the last keystroke before asking the server about eligibility. */
const ELIGIBILITY_DEBOUNCE_MS = 800;

type Eligibility =
  | { kind: 'idle' }
  | { kind: 'incomplete' }
  | { kind: 'checking' }
  | { kind: 'done'; reply: EligibilityReply }
  | { kind: 'error'; message: string };

const SKILL_OPTIONS = SKILL_LEVELS.map((level) => ({ value: level, label: SKILL_LEVEL_LABELS[level] }));
const COUNTY_OPTIONS = COUNTIES.map((c) => ({ value: c, label: c }));

/** Puts `issues` under their fields (clearing every other field's error). */
function placeIssues(form: FormInstance<RegisterForm>, teamSize: number, issues: readonly FormIssue[]) {
  const byField = new Map(issues.map((i) => [JSON.stringify(i.name), i.message]));
  form.setFields(
    registeredPaths(teamSize).map((name) => {
      const message = byField.get(JSON.stringify(name));
      return { name: name as never, errors: message ? [message] : [] };
    }),
  );
  const first = issues[0]?.name;
  if (first) form.scrollToField(first as never, { block: 'center', behavior: 'smooth' });
}

function EventSummary({ event }: { event: PublicEventDetail }) {
  const rules = eligibilitySentences(event.eligibility, (code) => (code === event.occupationCode ? event.occupationName : undefined));
  return (
    <Card size="small" className="dz-public-section" data-testid="register-event">
      <Flex wrap gap={6} style={{ marginBottom: 6 }}>
        <Tag color="blue" style={{ marginInlineEnd: 0 }}>
          {entryKindLabel(event.teamSize)}
        </Tag>
        <Tag style={{ marginInlineEnd: 0 }}>名额 {capacityLabel(event)}</Tag>
      </Flex>
      <dl className="dz-facts">
        <div className="dz-fact">
          <dt>职业（工种）</dt>
          <dd>
            {event.occupationName} <span className="dz-mono dz-muted">{event.occupationCode}</span>
          </dd>
        </div>
        <div className="dz-fact">
          <dt>比赛地点</dt>
          <dd>{[event.county, event.venue].filter(Boolean).join(' · ') || '—'}</dd>
        </div>
        <div className="dz-fact">
          <dt>报名截止</dt>
          <dd>{formatDateTime(event.registrationClosesAt)}</dd>
        </div>
        <div className="dz-fact">
          <dt>比赛开始</dt>
          <dd>{formatDateTime(event.startsAt)}</dd>
        </div>
        <div className="dz-fact">
          <dt>参赛条件</dt>
          <dd>{rules.length > 0 ? rules.join('；') : '无特别限制'}</dd>
        </div>
      </dl>
    </Card>
  );
}

function EligibilityPanel({
  state,
  teamSize,
  onCheck,
}: {
  state: Eligibility;
  teamSize: number;
  onCheck: () => void;
}) {
  let body;
  if (state.kind === 'idle' || state.kind === 'incomplete') {
    body = (
      <Typography.Text type="secondary" data-testid="eligibility-idle">
        {state.kind === 'incomplete' ? '信息尚未填写完整，填完后将自动检查参赛资格。' : '填写信息后将自动检查参赛资格，也可点击“资格检查”。'}
      </Typography.Text>
    );
  } else if (state.kind === 'checking') {
    body = <Spin size="small" description="正在检查参赛资格…" />;
  } else if (state.kind === 'error') {
    body = <Alert type="error" showIcon title="资格检查失败" description={state.message} />;
  } else {
    const { reply } = state;
    const failing = reply.members.filter((m) => m.failures.length > 0);
    body = (
      <Flex vertical gap={8}>
        {reply.eligible ? (
          <Alert type="success" showIcon icon={<CheckCircleOutlined />} title="符合参赛条件" data-testid="eligibility-ok" />
        ) : (
          <Alert
            type="error"
            showIcon
            icon={<CloseCircleOutlined />}
            title="暂不符合参赛条件，请核对以下内容"
            data-testid="eligibility-failures"
            description={
              <ul className="dz-value-list">
                {failing.flatMap((m) =>
                  m.failures.map((f) => (
                    <li key={`${m.index}-${f.rule}`} data-rule={f.rule}>
                      {teamSize > 1 ? `第 ${m.index + 1} 位（${m.name}）：` : ''}
                      {f.message}
                    </li>
                  )),
                )}
              </ul>
            }
          />
        )}
        <Alert
          type={reply.seatsLeft > 0 ? 'info' : 'warning'}
          showIcon
          title={seatsText(reply.seatsLeft, teamSize)}
          data-testid="eligibility-seats"
          data-seats={reply.seatsLeft}
        />
      </Flex>
    );
  }
  return (
    <Card
      size="small"
      title={
        <span>
          <SafetyCertificateOutlined style={{ marginRight: 6 }} />
          资格检查
        </span>
      }
      extra={
        <Button size="small" onClick={onCheck} loading={state.kind === 'checking'} data-testid="eligibility-check">
          资格检查
        </Button>
      }
      data-testid="eligibility-panel"
      data-state={state.kind === 'done' ? (state.reply.eligible ? 'eligible' : 'ineligible') : state.kind}
    >
      {body}
    </Card>
  );
}

function PersonFields({
  index,
  teamSize,
  occupations,
  occupationsLoading,
}: {
  index: number;
  teamSize: number;
  occupations: { value: string; label: string }[];
  occupationsLoading: boolean;
}) {
  const name = (field: string): FieldPath => ['members', index, field];
  const testId = (field: string) => `member-${index}-${field}`;
  const title = teamSize === 1 ? '选手信息' : index === 0 ? '队长（本人）' : `队员 ${index}`;
  return (
    <Card size="small" title={title} className="dz-public-section" data-testid={`member-${index}`}>
      <Form.Item label="姓名" name={name('name')} extra={index === 0 ? '请与身份证上的姓名一致' : undefined}>
        <Input placeholder="请输入真实姓名" autoComplete={index === 0 ? 'name' : 'off'} data-testid={testId('name')} />
      </Form.Item>
      <Form.Item label="身份证号" name={name('idNumber')}>
        <Input placeholder="请输入 18 位身份证号" maxLength={18} autoComplete="off" className="dz-mono" data-testid={testId('idNumber')} />
      </Form.Item>
      <Form.Item label="手机号" name={name('phone')}>
        <Input placeholder="请输入 11 位手机号" maxLength={11} inputMode="tel" autoComplete={index === 0 ? 'tel-national' : 'off'} data-testid={testId('phone')} />
      </Form.Item>
      <Form.Item label="所在区县" name={name('county')}>
        <Select placeholder="请选择所在区县" options={COUNTY_OPTIONS} data-testid={testId('county')} aria-label="所在区县" />
      </Form.Item>
      <Form.Item label="工作单位或学校" name={name('employer')}>
        <Input placeholder="请输入工作单位或学校全称" maxLength={60} data-testid={testId('employer')} />
      </Form.Item>
      <Form.Item label="单位是否在达州市内" name={name('employerInDazhou')} valuePropName="checked">
        <Switch checkedChildren="是" unCheckedChildren="否" data-testid={testId('employerInDazhou')} />
      </Form.Item>
      <Form.Item label="职业技能等级" name={name('skillLevel')} extra="没有职业技能等级证书的可不选">
        <Select
          placeholder="无（不选）"
          allowClear
          options={SKILL_OPTIONS}
          data-testid={testId('skillLevel')}
          aria-label="职业技能等级"
        />
      </Form.Item>
      <Form.Item noStyle dependencies={[name('skillLevel')]}>
        {({ getFieldValue }) =>
          getFieldValue(name('skillLevel')) ? (
            <Form.Item label="证书编号" name={name('certificateNo')}>
              <Input placeholder="请输入职业技能等级证书编号" maxLength={40} data-testid={testId('certificateNo')} />
            </Form.Item>
          ) : null
        }
      </Form.Item>
      <Form.Item label="报名职业（工种）" name={name('occupationCode')}>
        <Select
          placeholder="请选择报名职业（工种）"
          showSearch={{ optionFilterProp: 'label' }}
          options={occupations}
          loading={occupationsLoading}
          data-testid={testId('occupationCode')}
          aria-label="报名职业（工种）"
        />
      </Form.Item>
    </Card>
  );
}

function RegisterFormView({ event, profile }: { event: PublicEventDetail; profile: ProfileReply | null }) {
  const { message } = App.useApp();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<RegisterForm>();
  const [formError, setFormError] = useState<{ text: string; registered?: boolean } | null>(null);
  const [eligibility, setEligibility] = useState<Eligibility>({ kind: 'idle' });
  // From 提交报名 until the entry is saved or refused (the eligibility check runs first).
  const [submitting, setSubmitting] = useState(false);
  const catalogues = useCatalogues();
  const teamSize = event.teamSize;
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  // The body of the latest check: a reply for older values is dropped.
  const latest = useRef<string>('');
  const panel = useRef<HTMLDivElement>(null);

  const initialValues = useMemo(() => newRegisterForm(teamSize, event.occupationCode, profile), [teamSize, event.occupationCode, profile]);
  const occupations = useMemo(() => {
    const all = occupationOptions(catalogues.data?.occupations ?? []);
    return all.some((o) => o.value === event.occupationCode)
      ? all
      : [{ value: event.occupationCode, label: `${event.occupationName}（${event.occupationCode}）` }, ...all];
  }, [catalogues.data, event.occupationCode, event.occupationName]);

  const checkEligibility = useMutation({
    mutationFn: (body: RegisterBody) =>
      apiRequest(`/api/events/${event.id}/eligibility`, EligibilityReply, { method: 'POST', body }),
  });
  const register = useMutation({
    mutationFn: (body: RegisterBody) => apiRequest(`/api/events/${event.id}/entries`, EntryView, { method: 'POST', body }),
  });

  useEffect(
    () => () => {
      if (timer.current) clearTimeout(timer.current);
    },
    [],
  );

  /** Asks the server; resolves with the reply, or `null` when a newer check replaced this one. */
  const runCheck = async (body: RegisterBody): Promise<EligibilityReply | null> => {
    const key = JSON.stringify(body);
    latest.current = key;
    setEligibility({ kind: 'checking' });
    try {
      const reply = await checkEligibility.mutateAsync(body);
      if (latest.current !== key) return null;
      setEligibility({ kind: 'done', reply });
      return reply;
    } catch (error) {
      if (latest.current !== key) return null;
      if (error instanceof ApiError && error.body.issues?.length) {
        placeIssues(form, teamSize, error.body.issues.map((i) => ({ name: issuePath(i.path), message: i.message })));
      }
      setEligibility({ kind: 'error', message: errorMessage(error) });
      return null;
    }
  };

  const scheduleCheck = () => {
    if (timer.current) clearTimeout(timer.current);
    timer.current = setTimeout(() => {
      const check = checkRegistration(form.getFieldsValue(true), teamSize);
      if (!check.ok) {
        latest.current = '';
        setEligibility({ kind: 'incomplete' });
        return;
      }
      void runCheck(check.body);
    }, ELIGIBILITY_DEBOUNCE_MS);
  };

  /** The 资格检查 button: shows what is missing under the fields, else checks at once. */
  const onCheckNow = () => {
    if (timer.current) clearTimeout(timer.current);
    const check = checkRegistration(form.getFieldsValue(true), teamSize);
    if (!check.ok) {
      placeIssues(form, teamSize, check.issues);
      setEligibility({ kind: 'incomplete' });
      return;
    }
    void runCheck(check.body);
  };

  const onValuesChange = (changed: RegisterForm) => {
    // Clear the errors of what was just edited: `changed.members` is sparse, one slot per edit.
    const cleared: FieldPath[] = [];
    if ('teamName' in changed) cleared.push(['teamName']);
    changed.members?.forEach((m, i) => {
      for (const key of Object.keys(m ?? {})) cleared.push(['members', i, key]);
    });
    form.setFields(cleared.map((name) => ({ name: name as never, errors: [] })));
    setFormError(null);
    scheduleCheck();
  };

  const onFinish = async () => {
    if (timer.current) clearTimeout(timer.current);
    setFormError(null);
    const check = checkRegistration(form.getFieldsValue(true), teamSize);
    if (!check.ok) {
      placeIssues(form, teamSize, check.issues);
      setEligibility({ kind: 'incomplete' });
      if (check.rest.length > 0) setFormError({ text: check.rest.join('；') });
      return;
    }
    setSubmitting(true);
    const reply = await runCheck(check.body);
    if (!reply || !reply.eligible) setSubmitting(false);
    if (!reply) return;
    if (!reply.eligible) {
      panel.current?.scrollIntoView({ behavior: 'smooth', block: 'center' });
      void message.error('暂不符合参赛条件，请查看资格检查结果');
      return;
    }
    register.mutate(check.body, {
      onSettled: () => setSubmitting(false),
      onSuccess: (entry) => {
        void queryClient.invalidateQueries({ queryKey: MY_ENTRIES_KEY });
        void message.success(
          entry.status === 'waitlisted'
            ? `报名已提交，名额已满，您在候补第 ${entry.waitlistPosition ?? '—'} 位`
            : '报名已提交，请等待主办单位审核',
        );
        void navigate('/me/entries', { state: { entryId: entry.id } });
      },
      onError: (error) => {
        if (error instanceof ApiError && error.code === ErrorCode.Conflict) {
          setFormError({ text: error.message, registered: true });
        } else if (error instanceof ApiError && error.body.issues?.length) {
          const issues = error.body.issues.map((i) => ({ name: issuePath(i.path), message: i.message }));
          placeIssues(form, teamSize, issues);
          setFormError({ text: error.message });
        } else {
          setFormError({ text: errorMessage(error) });
        }
        window.scrollTo({ top: 0, behavior: 'smooth' });
      },
    });
  };

  const busy = submitting || register.isPending;
  return (
    <>
      {formError && (
        <Alert
          type="error"
          showIcon
          title={formError.text}
          action={formError.registered ? <Link to="/me/entries">查看我的报名</Link> : undefined}
          style={{ marginBottom: 12 }}
          data-testid="register-error"
        />
      )}
      {!profile && (
        <Alert
          type="warning"
          showIcon
          title="未能读取您的个人信息，请手动填写"
          style={{ marginBottom: 12 }}
        />
      )}
      <Form<RegisterForm>
        form={form}
        layout="vertical"
        requiredMark={false}
        initialValues={initialValues}
        onValuesChange={onValuesChange}
        onFinish={() => void onFinish()}
        disabled={busy}
        noValidate
        className="dz-register-form"
      >
        <Flex vertical gap={12}>
          {teamSize > 1 && (
            <Card size="small" title="团队信息" className="dz-public-section">
              <Form.Item label="团队名称" name="teamName" extra={`每队 ${teamSize} 人，第一位为队长（即您本人）`}>
                <Input placeholder="请输入团队名称" maxLength={30} data-testid="team-name" />
              </Form.Item>
            </Card>
          )}
          {Array.from({ length: teamSize }, (_, i) => (
            <PersonFields key={i} index={i} teamSize={teamSize} occupations={occupations} occupationsLoading={catalogues.isPending} />
          ))}
          <div ref={panel}>
            <EligibilityPanel state={eligibility} teamSize={teamSize} onCheck={onCheckNow} />
          </div>
          <Typography.Paragraph type="secondary" style={{ margin: 0, fontSize: 13 }}>
            提交即表示您同意主办单位为组织本次比赛处理上述个人信息；列表和公示中的身份证号、手机号均做脱敏处理。
          </Typography.Paragraph>
        </Flex>
        <div className="dz-register-actions">
          <Button
            type="primary"
            htmlType="submit"
            size="large"
            block
            loading={busy}
            data-testid="register-submit"
          >
            提交报名
          </Button>
        </div>
      </Form>
    </>
  );
}

/** `/events/:id/register`: a contestant's registration (报名) for one event, on a phone first. */
export function RegisterPage() {
  const { id } = useParams();
  const event = usePublicEvent(id);
  useDocumentTitle(event.data ? `报名：${event.data.title}` : '报名');
  // The full phone and ID number come from the person's own profile (each read is logged):
  // read once per visit and not kept.
  const profile = useQuery({
    queryKey: ['me', 'profile'],
    queryFn: ({ signal }) => apiRequest('/api/me/profile', ProfileReply, { signal }),
    staleTime: Infinity,
    gcTime: 0,
    retry: false,
  });
  const mine = useMyEntries();
  const existing = mine.data?.items.find((e) => e.eventId === id && e.status !== 'withdrawn' && e.status !== 'rejected');

  let content;
  if (event.isPending || profile.isPending) {
    content = (
      <Card>
        <Skeleton active paragraph={{ rows: 10 }} />
      </Card>
    );
  } else if (event.isError) {
    const notFound = event.error instanceof ApiError && event.error.status === 404;
    content = notFound ? (
      <Result status="404" title="赛项不存在或尚未发布" extra={<Link to="/">返回赛项公告</Link>} />
    ) : (
      <Alert type="error" showIcon title="赛项加载失败" description={errorMessage(event.error)} />
    );
  } else if (existing) {
    content = (
      <Result
        status="info"
        title="您已报名本赛项"
        subTitle={`报名序号 ${existing.number}，可在“我的报名”中查看审核进度和准考证。`}
        extra={
          <Link to="/me/entries" data-testid="already-registered">
            查看我的报名
          </Link>
        }
      />
    );
  } else if (!registrationOpen(event.data)) {
    content = (
      <Result
        status="warning"
        title="本赛项当前不在报名期"
        subTitle={`报名截止时间：${formatDateTime(event.data.registrationClosesAt)}`}
        extra={<Link to={`/events/${event.data.id}`}>返回赛项详情</Link>}
      />
    );
  } else {
    content = (
      <>
        <EventSummary event={event.data} />
        <div style={{ height: 12 }} />
        <RegisterFormView event={event.data} profile={profile.data ?? null} />
      </>
    );
  }

  return (
    <div className="dz-register" data-testid="register-page">
      <Link to={id ? `/events/${id}` : '/'} className="dz-back-link">
        <ArrowLeftOutlined /> 赛项详情
      </Link>
      <Typography.Title level={3} className="dz-public-title" style={{ marginTop: 8 }}>
        {event.data ? `报名：${event.data.title}` : '报名'}
      </Typography.Title>
      {content}
    </div>
  );
}
