import {
  AWARD_ROUNDING_LABELS,
  AWARD_ROUNDINGS,
  BOUNDARY_TIE_LABELS,
  BOUNDARY_TIE_RULES,
  COMPETITION_LEVEL_LABELS,
  COMPETITION_LEVELS,
  COUNTIES,
  ErrorCode,
  EventDraftBody,
  ProposalDetail,
  ROUND_LABELS,
  ROUNDS,
  SERIES,
  SERIES_LABELS,
  SKILL_LEVEL_LABELS,
  SKILL_LEVELS,
  type EligibilityRules,
} from '@dz/contracts';
import { ArrowLeftOutlined, MinusCircleOutlined, PlusOutlined, SaveOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  Checkbox,
  Col,
  DatePicker,
  Flex,
  Form,
  Input,
  InputNumber,
  Radio,
  Result,
  Row,
  Select,
  Skeleton,
  Switch,
  TreeSelect,
  Typography,
  type FormInstance,
} from 'antd';
import { useEffect, useMemo, useState, type ReactNode } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { FieldCommentNote } from '../components/proposal/FieldCommentNote';
import { ForbiddenPage } from '../components/RequireAccess';
import { StatusTag } from '../components/StatusTag';
import { ApiError, apiRequest, errorMessage } from '../lib/api';
import { useCurrentUser } from '../lib/auth';
import { industryTree, occupationOptions, useCatalogues } from '../lib/catalogues';
import { ARENA_FIRST_HOLDER_LABELS, AWARD_MODE_LABELS, eligibilitySentences, FORMAT_LABELS } from '../lib/event-text';
import { formatFen, yuanToFen } from '../lib/money';
import { useOrganisations } from '../lib/organisations';
import {
  draftToFormValues,
  formValuesToCandidate,
  leafPaths,
  newDraftFormValues,
  placeIssues,
  serverFormIssues,
  stagesWeightTotal,
  validateDraft,
  type DraftFormValues,
  type FieldPath,
} from '../lib/proposal-form';
import {
  canEditDraft,
  latestReviewComments,
  PROPOSALS_KEY,
  proposalKey,
  useProposal,
  type EventFieldName,
  type ReviewComments,
} from '../lib/proposals';
import { useDocumentTitle } from '../lib/use-document-title';

/** `data-testid` of the input at `path`: `field-title`, `field-stages-1-weight`. */
const tid = (...path: (string | number)[]) => `field-${path.join('-')}`;

const DATE_FORMAT = 'YYYY-MM-DD HH:mm';
const SHOW_TIME = { format: 'HH:mm', minuteStep: 5 } as const;
const HALF = { xs: 24, md: 12 } as const;
const THIRD = { xs: 24, sm: 12, lg: 8 } as const;

interface FormAlert {
  title: string;
  details: string[];
}

function Section({ title, id, children, extra }: { title: string; id: string; children: ReactNode; extra?: ReactNode }) {
  return (
    <Card title={title} id={`section-${id}`} extra={extra} className="dz-form-section" data-testid={`section-${id}`}>
      {children}
    </Card>
  );
}

/** The list-level error of a Form.List (a refinement on the whole list), e.g. 各阶段权重之和应为 100. */
function ListErrors({ errors }: { errors: ReactNode[] }) {
  if (errors.length === 0) return null;
  return (
    <div className="dz-list-has-error">
      <Form.ErrorList errors={errors} />
    </div>
  );
}

function RemoveButton({ onClick, label, testId }: { onClick: () => void; label: string; testId: string }) {
  return (
    <Button type="text" danger icon={<MinusCircleOutlined />} onClick={onClick} aria-label={label} data-testid={testId}>
      删除
    </Button>
  );
}

function StagesWeightTotal({ form }: { form: FormInstance<DraftFormValues> }) {
  const stages = Form.useWatch('stages', form);
  const total = stagesWeightTotal(stages);
  const ok = total === 100;
  return (
    <div className={ok ? 'dz-weight-total dz-weight-ok' : 'dz-weight-total dz-weight-bad'} data-testid="stages-weight-total" aria-live="polite">
      权重合计：<strong>{total}%</strong>
      {ok ? '' : `（应为 100%，${total < 100 ? `还差 ${100 - total}` : `超出 ${total - 100}`}）`}
    </div>
  );
}

function EligibilityPreview({ form, occupationName }: { form: FormInstance<DraftFormValues>; occupationName: (code: string) => string | undefined }) {
  const e = Form.useWatch('eligibility', form);
  const rules: EligibilityRules = {
    ageMin: typeof e?.ageMin === 'number' ? e.ageMin : null,
    ageMax: typeof e?.ageMax === 'number' ? e.ageMax : null,
    skillLevelMin: e?.skillLevelMin ?? null,
    skillLevelMax: e?.skillLevelMax ?? null,
    counties: e?.counties ?? [],
    requireDazhouEmployer: e?.requireDazhouEmployer ?? false,
    occupationCodes: e?.occupationCodes ?? [],
  };
  const sentences = eligibilitySentences(rules, occupationName);
  return (
    <Alert
      type="info"
      showIcon
      title={`赛项页面将显示：${sentences.length > 0 ? sentences.join('；') : '无特别限制'}`}
      data-testid="eligibility-preview"
    />
  );
}

function BudgetTotal({ form }: { form: FormInstance<DraftFormValues> }) {
  const budget = Form.useWatch('budget', form);
  const total = (budget ?? []).reduce((sum, b) => sum + (yuanToFen(b?.amountYuan) ?? 0), 0);
  return (
    <Typography.Text strong data-testid="budget-total">
      预算合计：{formatFen(total)}
    </Typography.Text>
  );
}

interface EditorProps {
  /** The proposal being changed; a new one without. */
  detail?: ProposalDetail;
  onReload?: () => void;
  reloading?: boolean;
}

function ProposalEditor({ detail, onReload, reloading }: EditorProps) {
  const [form] = Form.useForm<DraftFormValues>();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const catalogues = useCatalogues();
  const coOrganizers = useOrganisations('co_organizer');
  const [alert, setAlert] = useState<FormAlert | null>(null);
  const [conflict, setConflict] = useState<string | null>(null);
  const initialValues = useMemo(() => (detail ? draftToFormValues(detail.draft) : newDraftFormValues()), [detail]);
  const review: ReviewComments | null = detail?.status === 'returned' ? latestReviewComments(detail.history) : null;
  /** The reviewer's comment on `field`, shown under it; nothing when there is none. */
  const note = (field: EventFieldName) => {
    const comments = review?.byField.get(field);
    return comments ? <FieldCommentNote field={field} comments={comments} /> : undefined;
  };

  const format = Form.useWatch('format', form) ?? initialValues.format;
  const series = Form.useWatch('series', form) ?? initialValues.series;
  const teamSize = Form.useWatch('teamSize', form) ?? initialValues.teamSize;
  const tiers = Form.useWatch(['awardsPlan', 'tiers'], form);

  const tree = useMemo(() => industryTree(catalogues.data?.industries ?? []), [catalogues.data]);
  const occupations = useMemo(() => occupationOptions(catalogues.data?.occupations ?? []), [catalogues.data]);
  const occupationName = useMemo(() => {
    const names = new Map((catalogues.data?.occupations ?? []).map((o) => [o.code, o.name]));
    return (code: string) => names.get(code);
  }, [catalogues.data]);
  const coOrganizerOptions = (coOrganizers.data?.items ?? []).map((o) => ({ value: o.id, label: o.name }));

  const save = useMutation({
    mutationFn: (draft: EventDraftBody) =>
      detail
        ? apiRequest(`/api/proposals/${detail.id}`, ProposalDetail, { method: 'PUT', body: { version: detail.version, draft } })
        : apiRequest('/api/proposals', ProposalDetail, { method: 'POST', body: draft }),
  });

  /** Puts issues under their fields (clearing the others) and sums them up above the form. */
  const showIssues = (issues: Parameters<typeof placeIssues>[0], candidate?: unknown) => {
    const registered = form.getFieldsError().map((f) => f.name as FieldPath);
    const placed = placeIssues(issues, registered, candidate);
    form.setFields(
      registered.map((name) => ({ name: name as never, errors: placed.fields.get(JSON.stringify(name))?.errors ?? [] })),
    );
    const count = [...placed.fields.values()].reduce((n, f) => n + f.errors.length, 0) + placed.rest.length;
    setAlert(count > 0 ? { title: `有 ${count} 处内容需要修改，请按红色提示修改后再保存`, details: placed.rest } : null);
    if (count > 0) {
      // After React has painted the messages: bring the first one (in page order) into view.
      requestAnimationFrame(() =>
        document
          .querySelector('.dz-proposal-form .ant-form-item-has-error, .dz-proposal-form .dz-list-has-error')
          ?.scrollIntoView({ block: 'center', behavior: 'smooth' }),
      );
    }
  };

  const onFinish = (values: DraftFormValues) => {
    setConflict(null);
    const candidate = formValuesToCandidate(values);
    const checked = validateDraft(candidate);
    if (!checked.ok) {
      showIssues(checked.issues, candidate);
      return;
    }
    showIssues([]);
    save.mutate(checked.draft, {
      onSuccess: (reply) => {
        queryClient.setQueryData(proposalKey(reply.id), reply);
        void queryClient.invalidateQueries({ queryKey: [...PROPOSALS_KEY, 'list'] });
        void message.success(detail ? '修改已保存' : '申报草稿已保存');
        void navigate(`/proposals/${reply.id}`);
      },
      onError: (error) => {
        if (error instanceof ApiError && error.code === ErrorCode.Conflict) setConflict(error.message);
        else if (error instanceof ApiError && error.body.issues?.length) showIssues(serverFormIssues(error.body.issues));
        else setAlert({ title: errorMessage(error), details: [] });
      },
    });
  };

  /** An edit clears the error of the field edited (and of the lists it sits in). */
  const onValuesChange = (changed: Partial<DraftFormValues>) => {
    // The form's NamePath type lists every typed path; these are built at run time, hence `never`.
    const updates: { name: never; errors: string[] }[] = [];
    const seen = new Set<string>();
    for (const path of leafPaths(changed)) {
      for (let n = path.length; n > 0; n -= 1) {
        const name = path.slice(0, n);
        const key = JSON.stringify(name);
        if (seen.has(key)) continue;
        seen.add(key);
        if (form.getFieldError(name as never).length > 0) updates.push({ name: name as never, errors: [] });
      }
    }
    if (updates.length > 0) form.setFields(updates);
  };

  const datePicker = (testId: string, placeholder: string) => (
    <DatePicker
      showTime={SHOW_TIME}
      format={DATE_FORMAT}
      placeholder={placeholder}
      style={{ width: '100%' }}
      data-testid={testId}
      needConfirm={false}
    />
  );

  return (
    <>
      {review && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 16 }}
          title={`此申报已被退回修改（${review.record.actorName}）`}
          description={
            <>
              {review.record.reason && <div>退回原因：{review.record.reason}</div>}
              <div>审核意见已标注在对应的填写项下方，修改后请保存并重新提交。</div>
            </>
          }
          data-testid="returned-notice"
        />
      )}
      {conflict && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 16 }}
          title={conflict}
          description="这份申报已被他人修改。刷新会载入最新内容，您在本页未保存的修改将丢失。"
          action={
            <Button onClick={onReload} loading={reloading} data-testid="conflict-reload">
              刷新
            </Button>
          }
          data-testid="save-conflict"
        />
      )}
      {alert && (
        <Alert
          type="error"
          showIcon
          style={{ marginBottom: 16 }}
          title={alert.title}
          description={alert.details.length > 0 ? alert.details.join('；') : undefined}
          data-testid="form-error"
        />
      )}
      <Form<DraftFormValues>
        form={form}
        name="proposal"
        layout="vertical"
        initialValues={initialValues}
        onFinish={onFinish}
        onValuesChange={onValuesChange}
        // Enter confirms a date or an option; in a form this long it must not also save it.
        onKeyDown={(e) => {
          if (e.key === 'Enter' && e.target instanceof HTMLInputElement) e.preventDefault();
        }}
        disabled={save.isPending}
        scrollToFirstError={false}
        noValidate
        className="dz-proposal-form"
        data-testid="proposal-form"
      >
        <Flex vertical gap={16}>
          <Section title="基本信息" id="basic">
            <Row gutter={16}>
              <Col xs={24}>
                <Form.Item label="赛项名称" name="title" required extra={note('title')}>
                  <Input placeholder="例如 2026年达州技能大赛焊工赛项" maxLength={60} showCount data-testid={tid('title')} />
                </Form.Item>
              </Col>
              <Col {...THIRD}>
                <Form.Item label="赛事品牌" name="series" required extra={note('series')}>
                  <Select options={SERIES.map((s) => ({ value: s, label: SERIES_LABELS[s] }))} data-testid={tid('series')} />
                </Form.Item>
              </Col>
              <Col {...THIRD}>
                <Form.Item
                  label="届次（年份）"
                  name="edition"
                  required={series === 'dazhou_skills_competition'}
                  extra={note('edition')}
                >
                  <InputNumber min={2020} max={2100} precision={0} placeholder="例如 2026" suffix="年" style={{ width: '100%' }} data-testid={tid('edition')} />
                </Form.Item>
              </Col>
              <Col {...THIRD}>
                <Form.Item label="竞赛级别" name="level" required extra={note('level')}>
                  <Select
                    options={COMPETITION_LEVELS.map((l) => ({ value: l, label: COMPETITION_LEVEL_LABELS[l] }))}
                    data-testid={tid('level')}
                  />
                </Form.Item>
              </Col>
              <Col {...HALF}>
                <Form.Item label="所属产业" name="industryId" required extra={note('industryId')}>
                  <TreeSelect
                    treeData={tree}
                    treeDefaultExpandAll
                    showSearch={{ treeNodeFilterProp: 'title' }}
                    placeholder="请选择所属产业"
                    loading={catalogues.isPending}
                    notFoundContent={catalogues.isError ? '产业目录加载失败' : '没有匹配的产业'}
                    data-testid={tid('industryId')}
                  />
                </Form.Item>
              </Col>
              <Col {...HALF}>
                <Form.Item label="职业（工种）" name="occupationCode" required extra={note('occupationCode')}>
                  <Select
                    options={occupations}
                    showSearch={{ optionFilterProp: 'label' }}
                    placeholder="输入名称或编码搜索，例如 焊工"
                    loading={catalogues.isPending}
                    notFoundContent={catalogues.isError ? '职业目录加载失败' : '没有匹配的职业'}
                    data-testid={tid('occupationCode')}
                  />
                </Form.Item>
              </Col>
              <Col {...THIRD}>
                <Form.Item label="每队人数" name="teamSize" required extra={note('teamSize')} tooltip="个人赛填 1">
                  <InputNumber min={1} max={10} precision={0} suffix="人" style={{ width: '100%' }} data-testid={tid('teamSize')} />
                </Form.Item>
              </Col>
              <Col {...THIRD}>
                <Form.Item label="名额" name="capacity" required extra={note('capacity')}>
                  <InputNumber
                    min={1}
                    max={10000}
                    precision={0}
                    placeholder="最多可报名的人数"
                    suffix={(teamSize ?? 1) > 1 ? '队' : '人'}
                    style={{ width: '100%' }}
                    data-testid={tid('capacity')}
                  />
                </Form.Item>
              </Col>
              <Col {...THIRD}>
                <Form.Item label="所在区县" name="county" extra={note('county')}>
                  <Select
                    allowClear
                    placeholder="市级赛项可不选"
                    options={COUNTIES.map((c) => ({ value: c, label: c }))}
                    data-testid={tid('county')}
                  />
                </Form.Item>
              </Col>
              <Col xs={24}>
                <Form.Item label="比赛地点" name="venue" required extra={note('venue')}>
                  <Input placeholder="例如 达州技师学院实训楼" maxLength={60} data-testid={tid('venue')} />
                </Form.Item>
              </Col>
            </Row>
          </Section>

          <Section title="赛制与阶段" id="format">
            <Form.Item label="赛制" name="format" required extra={note('format')}>
              <Radio.Group
                options={(['rounds', 'arena'] as const).map((f) => ({ value: f, label: FORMAT_LABELS[f] }))}
                optionType="button"
                data-testid={tid('format')}
              />
            </Form.Item>
            {format === 'arena' ? (
              <Form.Item label="首任擂主" name="arenaFirstHolder" required extra={note('arenaFirstHolder')}>
                <Radio.Group
                  options={(['qualifying_top', 'last_champion'] as const).map((v) => ({
                    value: v,
                    label: ARENA_FIRST_HOLDER_LABELS[v],
                  }))}
                  data-testid={tid('arenaFirstHolder')}
                />
              </Form.Item>
            ) : (
              <Form.Item label="比赛轮次" name="rounds" required extra={note('rounds')}>
                <Checkbox.Group options={ROUNDS.map((r) => ({ value: r, label: ROUND_LABELS[r] }))} data-testid={tid('rounds')} />
              </Form.Item>
            )}
            <Typography.Text strong className="dz-subheading">
              比赛阶段与权重
            </Typography.Text>
            <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
              总成绩按各阶段权重折算，权重为百分比，合计应为 100。
            </Typography.Paragraph>
            {note('stages')}
            <Form.List name="stages">
              {(fields, { add, remove }, { errors }) => (
                <>
                  {fields.map((field) => (
                    <Row gutter={12} key={field.key} align="top" className="dz-list-row" data-testid={`stage-row-${field.name}`}>
                      <Col xs={24} sm={12}>
                        <Form.Item label="阶段名称" required name={[field.name, 'name']}>
                          <Input placeholder="例如 理论" maxLength={20} data-testid={tid('stages', field.name, 'name')} />
                        </Form.Item>
                      </Col>
                      <Col xs={16} sm={8}>
                        <Form.Item label="权重" required name={[field.name, 'weight']}>
                          <InputNumber
                            min={1}
                            max={100}
                            precision={0}
                            suffix="%"
                            style={{ width: '100%' }}
                            data-testid={tid('stages', field.name, 'weight')}
                          />
                        </Form.Item>
                      </Col>
                      <Col xs={8} sm={4} className="dz-list-remove">
                        <RemoveButton
                          onClick={() => remove(field.name)}
                          label={`删除第 ${field.name + 1} 个阶段`}
                          testId={`remove-stage-${field.name}`}
                        />
                      </Col>
                    </Row>
                  ))}
                  <ListErrors errors={errors} />
                  <Flex justify="space-between" align="center" wrap gap={8}>
                    <StagesWeightTotal form={form} />
                    <Button
                      icon={<PlusOutlined />}
                      onClick={() => add({ name: '', weight: null })}
                      disabled={fields.length >= 5}
                      data-testid="add-stage"
                    >
                      添加阶段
                    </Button>
                  </Flex>
                </>
              )}
            </Form.List>
          </Section>

          <Section title="日程" id="schedule">
            <Row gutter={16}>
              <Col {...HALF}>
                <Form.Item label="报名截止时间" name="registrationClosesAt" required extra={note('registrationClosesAt')}>
                  {datePicker(tid('registrationClosesAt'), '请选择报名截止时间')}
                </Form.Item>
              </Col>
              <Col {...HALF}>
                <Form.Item label="比赛开始时间" name="startsAt" required extra={note('startsAt')}>
                  {datePicker(tid('startsAt'), '请选择比赛开始时间')}
                </Form.Item>
              </Col>
            </Row>
            <Typography.Text strong className="dz-subheading">
              日程安排
            </Typography.Text>
            <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
              开幕式、理论考试、实操比赛、闭幕式等，时间均为北京时间。
            </Typography.Paragraph>
            {note('schedule')}
            <Form.List name="schedule">
              {(fields, { add, remove }, { errors }) => (
                <>
                  {fields.map((field) => (
                    <Row gutter={12} key={field.key} className="dz-list-row" data-testid={`schedule-row-${field.name}`}>
                      <Col xs={24} md={12}>
                        <Form.Item label="日程名称" required name={[field.name, 'title']}>
                          <Input placeholder="例如 实操比赛" maxLength={40} data-testid={tid('schedule', field.name, 'title')} />
                        </Form.Item>
                      </Col>
                      <Col xs={24} md={12}>
                        <Form.Item label="地点（选填）" name={[field.name, 'venue']}>
                          <Input maxLength={60} data-testid={tid('schedule', field.name, 'venue')} />
                        </Form.Item>
                      </Col>
                      <Col xs={24} sm={12} md={10}>
                        <Form.Item label="开始时间" required name={[field.name, 'startsAt']}>
                          {datePicker(tid('schedule', field.name, 'startsAt'), '开始时间')}
                        </Form.Item>
                      </Col>
                      <Col xs={24} sm={12} md={10}>
                        <Form.Item label="结束时间" required name={[field.name, 'endsAt']}>
                          {datePicker(tid('schedule', field.name, 'endsAt'), '结束时间')}
                        </Form.Item>
                      </Col>
                      <Col xs={24} md={4} className="dz-list-remove">
                        <RemoveButton
                          onClick={() => remove(field.name)}
                          label={`删除第 ${field.name + 1} 项日程`}
                          testId={`remove-schedule-${field.name}`}
                        />
                      </Col>
                    </Row>
                  ))}
                  <ListErrors errors={errors} />
                  <Button
                    icon={<PlusOutlined />}
                    onClick={() => add({ title: '', venue: '' })}
                    disabled={fields.length >= 20}
                    data-testid="add-schedule"
                  >
                    添加日程
                  </Button>
                </>
              )}
            </Form.List>
          </Section>

          <Section title="参赛条件" id="eligibility">
            {note('eligibility')}
            <Row gutter={16}>
              <Col xs={12} md={6}>
                <Form.Item label="最低年龄" name={['eligibility', 'ageMin']}>
                  <InputNumber min={14} max={80} precision={0} suffix="周岁" placeholder="不限" style={{ width: '100%' }} data-testid={tid('eligibility', 'ageMin')} />
                </Form.Item>
              </Col>
              <Col xs={12} md={6}>
                <Form.Item label="最高年龄" name={['eligibility', 'ageMax']}>
                  <InputNumber min={14} max={80} precision={0} suffix="周岁" placeholder="不限" style={{ width: '100%' }} data-testid={tid('eligibility', 'ageMax')} />
                </Form.Item>
              </Col>
              <Col xs={12} md={6}>
                <Form.Item label="最低职业技能等级" name={['eligibility', 'skillLevelMin']}>
                  <Select
                    allowClear
                    placeholder="不限"
                    options={SKILL_LEVELS.map((l) => ({ value: l, label: SKILL_LEVEL_LABELS[l] }))}
                    data-testid={tid('eligibility', 'skillLevelMin')}
                  />
                </Form.Item>
              </Col>
              <Col xs={12} md={6}>
                <Form.Item label="最高职业技能等级" name={['eligibility', 'skillLevelMax']}>
                  <Select
                    allowClear
                    placeholder="不限"
                    options={SKILL_LEVELS.map((l) => ({ value: l, label: SKILL_LEVEL_LABELS[l] }))}
                    data-testid={tid('eligibility', 'skillLevelMax')}
                  />
                </Form.Item>
              </Col>
              <Col {...HALF}>
                <Form.Item label="限定区县" name={['eligibility', 'counties']} tooltip="不选表示全市均可报名">
                  <Select
                    mode="multiple"
                    allowClear
                    placeholder="不限区县"
                    options={COUNTIES.map((c) => ({ value: c, label: c }))}
                    data-testid={tid('eligibility', 'counties')}
                  />
                </Form.Item>
              </Col>
              <Col {...HALF}>
                <Form.Item label="限定职业（工种）" name={['eligibility', 'occupationCodes']} tooltip="不选表示不限职业">
                  <Select
                    mode="multiple"
                    allowClear
                    placeholder="不限职业"
                    options={occupations}
                    showSearch={{ optionFilterProp: 'label' }}
                    data-testid={tid('eligibility', 'occupationCodes')}
                  />
                </Form.Item>
              </Col>
              <Col xs={24}>
                <Form.Item
                  label="须为达州市内单位职工"
                  name={['eligibility', 'requireDazhouEmployer']}
                  valuePropName="checked"
                  layout="horizontal"
                >
                  <Switch checkedChildren="是" unCheckedChildren="否" data-testid={tid('eligibility', 'requireDazhouEmployer')} />
                </Form.Item>
              </Col>
            </Row>
            <EligibilityPreview form={form} occupationName={occupationName} />
          </Section>

          <Section title="奖项设置" id="awards">
            {note('awardsPlan')}
            <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
              按比例设奖以有效参赛人数为基数，各等次比例合计不超过 100%。
            </Typography.Paragraph>
            <Form.List name={['awardsPlan', 'tiers']}>
              {(fields, { add, remove }, { errors }) => (
                <>
                  {fields.map((field) => {
                    const mode = tiers?.[field.name]?.mode ?? 'ratio';
                    return (
                      <Row gutter={12} key={field.key} className="dz-list-row" data-testid={`tier-row-${field.name}`}>
                        <Col xs={24} sm={12} md={6}>
                          <Form.Item label="奖项名称" required name={[field.name, 'name']}>
                            <Input placeholder="例如 一等奖" maxLength={20} data-testid={tid('awardsPlan', 'tiers', field.name, 'name')} />
                          </Form.Item>
                        </Col>
                        <Col xs={12} sm={12} md={5}>
                          <Form.Item label="设奖方式" required name={[field.name, 'mode']}>
                            <Select
                              options={(['ratio', 'count'] as const).map((m) => ({ value: m, label: AWARD_MODE_LABELS[m] }))}
                              data-testid={tid('awardsPlan', 'tiers', field.name, 'mode')}
                            />
                          </Form.Item>
                        </Col>
                        <Col xs={12} sm={8} md={5}>
                          <Form.Item label={mode === 'ratio' ? '比例' : '名额'} required name={[field.name, 'value']}>
                            <InputNumber
                              min={1}
                              max={mode === 'ratio' ? 100 : 10000}
                              precision={0}
                              suffix={mode === 'ratio' ? '%' : '名'}
                              style={{ width: '100%' }}
                              data-testid={tid('awardsPlan', 'tiers', field.name, 'value')}
                            />
                          </Form.Item>
                        </Col>
                        <Col xs={12} sm={8} md={5}>
                          <Form.Item label="最低总分" name={[field.name, 'minScore']} tooltip="低于此分不授予该奖项；0 表示不限">
                            <InputNumber min={0} max={100} suffix="分" style={{ width: '100%' }} data-testid={tid('awardsPlan', 'tiers', field.name, 'minScore')} />
                          </Form.Item>
                        </Col>
                        <Col xs={12} sm={8} md={3} className="dz-list-remove">
                          <RemoveButton
                            onClick={() => remove(field.name)}
                            label={`删除第 ${field.name + 1} 个奖项`}
                            testId={`remove-tier-${field.name}`}
                          />
                        </Col>
                      </Row>
                    );
                  })}
                  <ListErrors errors={errors} />
                  <Button
                    icon={<PlusOutlined />}
                    onClick={() => add({ name: '', mode: 'count', value: null, minScore: 0 })}
                    disabled={fields.length >= 6}
                    style={{ marginBottom: 16 }}
                    data-testid="add-tier"
                  >
                    添加奖项等次
                  </Button>
                </>
              )}
            </Form.List>
            <Row gutter={16}>
              <Col {...HALF}>
                <Form.Item label="荣誉称号" name={['awardsPlan', 'titles']} tooltip="可输入后回车添加，最多 5 个">
                  <Select
                    mode="tags"
                    placeholder="例如 技能达人"
                    options={['技能达人', '擂主', '技术能手'].map((t) => ({ value: t, label: t }))}
                    data-testid={tid('awardsPlan', 'titles')}
                  />
                </Form.Item>
              </Col>
              <Col xs={12} md={6}>
                <Form.Item label="“巴渠工匠”推荐名额" name={['awardsPlan', 'craftsmanNominations']}>
                  <InputNumber min={0} max={50} precision={0} suffix="名" style={{ width: '100%' }} data-testid={tid('awardsPlan', 'craftsmanNominations')} />
                </Form.Item>
              </Col>
              <Col xs={12} md={6}>
                <Form.Item label="推荐晋升技能等级" name={['awardsPlan', 'upgradeRecommendation']} valuePropName="checked" tooltip="获奖选手按八级工序列晋升一级">
                  <Switch checkedChildren="推荐" unCheckedChildren="不推荐" data-testid={tid('awardsPlan', 'upgradeRecommendation')} />
                </Form.Item>
              </Col>
            </Row>
            <Row gutter={16}>
              <Col {...HALF}>
                <Form.Item
                  label="按比例设奖的名额取整"
                  name={['awardsPlan', 'rounding']}
                  tooltip="有效参赛人数 × 比例不是整数时如何取整；向下取整时获奖人数不超过比例"
                >
                  <Select
                    options={AWARD_ROUNDINGS.map((r) => ({ value: r, label: AWARD_ROUNDING_LABELS[r] }))}
                    data-testid={tid('awardsPlan', 'rounding')}
                  />
                </Form.Item>
              </Col>
              <Col {...HALF}>
                <Form.Item
                  label="等次分界处并列"
                  name={['awardsPlan', 'boundaryTies']}
                  tooltip="总分及并列处理规则均相同的选手跨越两个等次时：均获较高等次（该等次超出的名额从下一等次扣减），或均降入下一等次（各等次不超出名额）"
                >
                  <Select
                    options={BOUNDARY_TIE_RULES.map((r) => ({ value: r, label: BOUNDARY_TIE_LABELS[r] }))}
                    data-testid={tid('awardsPlan', 'boundaryTies')}
                  />
                </Form.Item>
              </Col>
            </Row>
          </Section>

          <Section title="经费预算" id="budget" extra={<BudgetTotal form={form} />}>
            {note('budget')}
            <Form.List name="budget">
              {(fields, { add, remove }, { errors }) => (
                <>
                  {fields.map((field) => (
                    <Row gutter={12} key={field.key} className="dz-list-row" data-testid={`budget-row-${field.name}`}>
                      <Col xs={24} sm={12}>
                        <Form.Item label="预算项目" required name={[field.name, 'item']}>
                          <Input placeholder="例如 场地租赁" maxLength={40} data-testid={tid('budget', field.name, 'item')} />
                        </Form.Item>
                      </Col>
                      <Col xs={16} sm={8}>
                        <Form.Item label="金额" required name={[field.name, 'amountYuan']}>
                          <InputNumber<string>
                            stringMode
                            min="0"
                            max="10000000"
                            precision={2}
                            suffix="元"
                            style={{ width: '100%' }}
                            data-testid={tid('budget', field.name, 'amountYuan')}
                          />
                        </Form.Item>
                      </Col>
                      <Col xs={8} sm={4} className="dz-list-remove">
                        <RemoveButton
                          onClick={() => remove(field.name)}
                          label={`删除第 ${field.name + 1} 项预算`}
                          testId={`remove-budget-${field.name}`}
                        />
                      </Col>
                    </Row>
                  ))}
                  <ListErrors errors={errors} />
                  <Button
                    icon={<PlusOutlined />}
                    onClick={() => add({ item: '', amountYuan: null })}
                    disabled={fields.length >= 50}
                    data-testid="add-budget"
                  >
                    添加预算项目
                  </Button>
                </>
              )}
            </Form.List>
          </Section>

          <Section title="协办单位" id="co-organizers">
            <Form.Item name="coOrganizerIds" extra={note('coOrganizerIds')} style={{ marginBottom: 0 }}>
              <Select
                mode="multiple"
                allowClear
                placeholder="选择协办单位（选填，最多 10 个）"
                options={coOrganizerOptions}
                showSearch={{ optionFilterProp: 'label' }}
                loading={coOrganizers.isPending}
                maxCount={10}
                data-testid={tid('coOrganizerIds')}
                aria-label="协办单位"
              />
            </Form.Item>
          </Section>

          <Section title="说明" id="description">
            <Form.Item name="description" extra={note('description')} style={{ marginBottom: 0 }}>
              <Input.TextArea
                rows={6}
                maxLength={2000}
                showCount
                placeholder="赛项简介、比赛内容、技术规范、报名方式等"
                data-testid={tid('description')}
                aria-label="赛项说明"
              />
            </Form.Item>
          </Section>

          <div className="dz-form-actions">
            <Flex gap={8} justify="flex-end" wrap>
              <Button onClick={() => void navigate(detail ? `/proposals/${detail.id}` : '/proposals')} data-testid="cancel">
                取消
              </Button>
              <Button type="primary" htmlType="submit" icon={<SaveOutlined />} loading={save.isPending} data-testid="save-draft">
                保存草稿
              </Button>
            </Flex>
          </div>
        </Flex>
      </Form>
    </>
  );
}

/** `/proposals/new` and `/proposals/:id/edit`: a department organiser's 申报表. */
export function ProposalFormPage() {
  const { id } = useParams();
  const user = useCurrentUser();
  const proposal = useProposal(id);
  // The form edits the version it was opened with: a refetch in the background must not wipe
  // what is being typed. Only 刷新 (after a conflict) moves it to the latest version.
  const [opened, setOpened] = useState<ProposalDetail | null>(null);
  const [reloading, setReloading] = useState(false);
  useDocumentTitle(id ? '修改申报' : '新建申报');
  useEffect(() => {
    if (proposal.data && (opened === null || opened.id !== proposal.data.id)) setOpened(proposal.data);
  }, [proposal.data, opened]);
  const reload = async () => {
    setReloading(true);
    try {
      const { data } = await proposal.refetch();
      if (data) setOpened(data);
    } finally {
      setReloading(false);
    }
  };

  const back = (
    <Link to={id ? `/proposals/${id}` : '/proposals'} className="dz-back-link">
      <ArrowLeftOutlined /> {id ? '返回申报详情' : '返回申报列表'}
    </Link>
  );

  if (!id) {
    if (!user?.roles.includes('department_organizer')) return <ForbiddenPage />;
    return (
      <>
        {back}
        <Typography.Title level={2} style={{ marginTop: 8 }}>
          新建申报
        </Typography.Title>
        <Typography.Paragraph type="secondary">
          填写赛项方案并保存为草稿；草稿可以反复修改，确认无误后在申报详情页提交市人社局审核。
        </Typography.Paragraph>
        <ProposalEditor />
      </>
    );
  }

  if (proposal.isPending || (proposal.data && !opened)) return <Skeleton active paragraph={{ rows: 12 }} />;
  if (!opened) {
    return (
      <Result
        status={proposal.error instanceof ApiError && proposal.error.status === 404 ? '404' : 'error'}
        title="申报加载失败"
        subTitle={errorMessage(proposal.error)}
        extra={<Link to="/proposals">返回申报列表</Link>}
      />
    );
  }
  const detail = opened;
  if (!canEditDraft(detail, user)) {
    return (
      <Result
        status="warning"
        title="这份申报当前不能修改"
        subTitle="只有申报部门可以修改草稿或被退回的申报。"
        extra={<Link to={`/proposals/${detail.id}`}>查看申报详情</Link>}
        data-testid="not-editable"
      />
    );
  }
  return (
    <>
      {back}
      <Flex align="center" gap={12} wrap style={{ margin: '8px 0 16px' }}>
        <Typography.Title level={2} style={{ margin: 0 }}>
          修改申报
        </Typography.Title>
        <StatusTag status={detail.status} />
      </Flex>
      {/* A new version (after 刷新) remounts the form with its values. */}
      <ProposalEditor
        key={`${detail.id}:${detail.version}`}
        detail={detail}
        onReload={() => void reload()}
        reloading={reloading}
      />
    </>
  );
}
