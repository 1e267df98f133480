import {
  AssignJudgeBody,
  AssignmentView,
  EVENT_STATUS_LABELS,
  JUDGE_ROLE_LABELS,
  RecusalOverrideBody,
  type JudgeCandidate,
  type JudgeRole,
  type ManagedEvent,
} from '@dz/contracts';
import { CrownOutlined, EditOutlined, PlusOutlined, ReloadOutlined, SafetyCertificateOutlined, WarningOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Drawer,
  Flex,
  Form,
  Input,
  Modal,
  Radio,
  Select,
  Table,
  Tag,
  Typography,
  type TableColumnsType,
} from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { apiRequest, errorMessage } from '../../lib/api';
import { useRoles } from '../../lib/auth';
import { clearErrorsOnChange, showApiError, showFieldIssues, zodIssues } from '../../lib/form';
import { formatDate } from '../../lib/format';
import {
  ASSIGNABLE_STATUSES,
  eventJudgesKey,
  recusalLines,
  schemeAspectList,
  scopeSummary,
  useEventJudges,
  useJudgeCandidates,
  useStageSchemes,
} from '../../lib/judges';
import { useProposal } from '../../lib/proposals';
import { useEventEntries } from '../../lib/registration';

interface AssignValues {
  judgeUserId?: string;
  role: JudgeRole;
  employer?: string;
  stations?: number[];
  aspectKeys?: string[];
}
const ASSIGN_FIELDS = ['judgeUserId', 'role', 'employer', 'stations', 'aspectKeys'] as const;

/** The recusal cell: the reasons by judging code, or the bureau's override with who and when. */
function RecusalCell({ a }: { a: AssignmentView }) {
  if (a.override) {
    return (
      <div data-testid="judge-override">
        <Tag color="success" icon={<SafetyCertificateOutlined />}>
          已批准不回避
        </Tag>
        <div className="dz-muted">
          理由：{a.override.reason}（{a.override.byName || '人社局'}，{formatDate(a.override.at)}）
        </div>
        {a.recusals.length > 0 && (
          <ul className="dz-muted" style={{ margin: '4px 0 0', paddingLeft: 18 }}>
            {recusalLines(a.recusals).map((line) => (
              <li key={line}>{line}</li>
            ))}
          </ul>
        )}
      </div>
    );
  }
  if (!a.recused) return <Typography.Text type="secondary">无</Typography.Text>;
  return (
    <div data-testid="judge-recusal">
      <Tag color="warning" icon={<WarningOutlined />}>
        须回避 {a.recusals.length} 名选手
      </Tag>
      <ul style={{ margin: '4px 0 0', paddingLeft: 18 }}>
        {recusalLines(a.recusals).map((line) => (
          <li key={line}>{line}</li>
        ))}
      </ul>
    </div>
  );
}

/** A candidate as the picker shows it: name, organisation, masked phone, already assigned. */
function candidateLabel(c: JudgeCandidate): string {
  const parts = [c.name, c.organisationName ?? '未登记单位', ...(c.phone ? [c.phone] : [])];
  return parts.join(' · ') + (c.assignedRole ? `（已安排为${JUDGE_ROLE_LABELS[c.assignedRole]}）` : '');
}

/** The add/edit drawer: the judge (searched among judge accounts), role, employer, scope. */
function AssignDrawer({
  event,
  editing,
  open,
  onClose,
}: {
  event: ManagedEvent;
  editing: AssignmentView | null;
  open: boolean;
  onClose: () => void;
}) {
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<AssignValues>();
  const [formError, setFormError] = useState<string | null>(null);
  const [q, setQ] = useState('');
  const [debounced, setDebounced] = useState('');
  useEffect(() => {
    const timer = setTimeout(() => setDebounced(q.trim()), 250);
    return () => clearTimeout(timer);
  }, [q]);
  const candidates = useJudgeCandidates(event.id, debounced, open && editing === null);
  const proposal = useProposal(open ? event.id : undefined);
  const stageNames = useMemo(() => proposal.data?.draft.stages.map((s) => s.name) ?? [], [proposal.data]);
  const schemes = useStageSchemes(event.id, open ? stageNames : []);
  const entries = useEventEntries(event.id, { status: 'approved' }, { current: 1, pageSize: 500 });
  const stations = [...new Set((entries.data?.items ?? []).map((e) => e.workstation).filter((w): w is number => w !== null))].sort((x, y) => x - y);
  const aspectOptions = schemes.flatMap((s, i) =>
    s.data
      ? [{ label: `${stageNames[i]}评分表`, options: schemeAspectList(s.data.sections).map((a) => ({ value: a.key, label: `${a.key} ${a.title}` })) }]
      : [],
  );
  const save = useMutation({
    mutationFn: (body: AssignJudgeBody) => apiRequest(`/api/events/${event.id}/judges`, AssignmentView, { method: 'POST', body }),
  });

  useEffect(() => {
    if (!open) return;
    setFormError(null);
    setQ('');
    form.setFieldsValue({
      judgeUserId: editing?.judgeUserId,
      role: editing?.role ?? 'judge',
      employer: editing?.employer ?? undefined,
      stations: editing?.stations ?? undefined,
      aspectKeys: editing?.aspectKeys ?? undefined,
    });
  }, [open, editing, form]);

  const onFinish = (values: AssignValues) => {
    setFormError(null);
    const parsed = AssignJudgeBody.safeParse({
      judgeUserId: values.judgeUserId ?? '',
      role: values.role,
      // The drawer edits stations and aspects; contestants picked one by one stay as they were.
      entryIds: editing?.entryIds ?? null,
      stations: values.stations?.length ? values.stations : null,
      aspectKeys: values.aspectKeys?.length ? values.aspectKeys : null,
      employer: values.employer?.trim() || null,
    });
    if (!parsed.success) {
      showFieldIssues(
        form,
        ASSIGN_FIELDS,
        zodIssues(parsed.error).map((i) => (i.path === 'judgeUserId' ? { ...i, message: '请选择裁判' } : i)),
      );
      return;
    }
    save.mutate(parsed.data, {
      onSuccess: (a) => {
        const recusal = a.recused ? `，须回避 ${a.recusals.length} 名选手` : '';
        void message.success(`已安排${a.judgeName}为${JUDGE_ROLE_LABELS[a.role]}${recusal}`);
        void queryClient.invalidateQueries({ queryKey: ['judging', event.id] });
        onClose();
      },
      onError: (error) => setFormError(showApiError(form, ASSIGN_FIELDS, error)),
    });
  };

  const options = editing
    ? [{ value: editing.judgeUserId, label: editing.judgeName }]
    : (candidates.data?.items ?? []).map((c) => ({ value: c.userId, label: candidateLabel(c), candidate: c }));

  return (
    <Drawer
      title={editing ? `调整裁判：${editing.judgeName}` : '添加裁判'}
      open={open}
      onClose={onClose}
      size="min(520px, 100vw)"
      destroyOnHidden
      footer={
        <Flex justify="flex-end" gap={8}>
          <Button onClick={onClose}>取消</Button>
          <Button type="primary" loading={save.isPending} onClick={() => form.submit()} data-testid="assign-submit">
            保存
          </Button>
        </Flex>
      }
      data-testid="assign-drawer"
    >
      {formError && <Alert type="error" showIcon title={formError} style={{ marginBottom: 16 }} data-testid="assign-problem" />}
      <Form form={form} layout="vertical" requiredMark={false} onFinish={onFinish} onValuesChange={clearErrorsOnChange(form)} disabled={save.isPending} noValidate>
        <Form.Item label="裁判" name="judgeUserId" extra={editing ? undefined : '按姓名、账号、手机号或单位搜索持有裁判角色的账号'}>
          <Select
            showSearch={{ filterOption: false, onSearch: setQ }}
            disabled={editing !== null}
            placeholder="搜索裁判"
            loading={candidates.isFetching}
            options={options}
            notFoundContent={candidates.isError ? errorMessage(candidates.error) : candidates.isPending ? '搜索中…' : '没有找到裁判账号'}
            onChange={(_, option) => {
              const c = (option as { candidate?: JudgeCandidate } | undefined)?.candidate;
              if (c?.organisationName && !form.getFieldValue('employer')) form.setFieldsValue({ employer: c.organisationName });
            }}
            data-testid="assign-judge"
          />
        </Form.Item>
        <Form.Item label="角色" name="role" extra="每个赛项只有一名裁判长，负责签核成绩和批准更正">
          <Radio.Group
            options={[
              { value: 'judge', label: '裁判' },
              { value: 'chief', label: '裁判长' },
            ]}
            data-testid="assign-role"
          />
        </Form.Item>
        <Form.Item label="工作单位（用于回避）" name="employer" extra="与选手同属一个单位或学校的裁判须回避该选手；不填则取裁判账号所属单位">
          <Input placeholder="如：达州职业技术学院" maxLength={60} data-testid="assign-employer" />
        </Form.Item>
        <Form.Item label="负责工位" name="stations" extra={stations.length === 0 ? '抽签后可按工位分配；不选表示全部选手' : '不选表示全部工位'}>
          <Select
            mode="multiple"
            allowClear
            placeholder="全部工位"
            options={stations.map((w) => ({ value: w, label: `${w} 号工位` }))}
            notFoundContent="尚未抽签，没有工位"
            data-testid="assign-stations"
          />
        </Form.Item>
        <Form.Item label="负责评分项" name="aspectKeys" extra={aspectOptions.length === 0 ? '评分表设置后可按评分项分配；不选表示全部评分项' : '不选表示全部评分项'}>
          <Select mode="multiple" allowClear placeholder="全部评分项" options={aspectOptions} notFoundContent="尚未设置评分表" data-testid="assign-aspects" />
        </Form.Item>
      </Form>
    </Drawer>
  );
}

/** The bureau lifts a judge's recusal, with a reason that stays on record. */
function OverrideModal({ event, target, onClose }: { event: ManagedEvent; target: AssignmentView | null; onClose: () => void }) {
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<{ reason?: string }>();
  const [problem, setProblem] = useState<string | null>(null);
  const override = useMutation({
    mutationFn: (body: RecusalOverrideBody) => apiRequest(`/api/events/${event.id}/judges/overrides`, AssignmentView, { method: 'POST', body }),
  });
  const submit = () => {
    if (!target) return;
    setProblem(null);
    const parsed = RecusalOverrideBody.safeParse({ judgeUserId: target.judgeUserId, reason: form.getFieldValue('reason') ?? '' });
    if (!parsed.success) {
      form.setFields([{ name: 'reason', errors: parsed.error.issues.map((i) => i.message) }]);
      return;
    }
    override.mutate(parsed.data, {
      onSuccess: (a) => {
        void message.success(`已批准${a.judgeName}不回避`);
        void queryClient.invalidateQueries({ queryKey: eventJudgesKey(event.id) });
        form.resetFields();
        onClose();
      },
      onError: (error) => setProblem(errorMessage(error)),
    });
  };
  return (
    <Modal
      open={target !== null}
      title={target ? `批准${target.judgeName}不回避` : ''}
      okText="批准不回避"
      okButtonProps={{ loading: override.isPending, danger: true, 'data-testid': 'override-submit' }}
      onOk={submit}
      onCancel={() => {
        form.resetFields();
        setProblem(null);
        onClose();
      }}
      destroyOnHidden
    >
      {target && (
        <>
          <Typography.Paragraph type="secondary">该裁判与以下选手存在回避情形。批准后可为其评分，理由、批准人和时间将记录在案。</Typography.Paragraph>
          <ul>
            {recusalLines(target.recusals).map((line) => (
              <li key={line}>{line}</li>
            ))}
          </ul>
        </>
      )}
      {problem && <Alert type="error" showIcon title={problem} style={{ marginBottom: 12 }} />}
      <Form form={form} layout="vertical" preserve={false} onValuesChange={clearErrorsOnChange(form)}>
        <Form.Item label="不回避的理由" name="reason">
          <Input.TextArea rows={3} maxLength={200} showCount placeholder="如：该工种全市仅此一名高级考评员，经局务会研究同意" data-testid="override-reason" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** 裁判安排: the event's judges and chief judge, their scope and recusals (回避). */
export function JudgesTab({ event }: { event: ManagedEvent }) {
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const roles = useRoles();
  const isBureau = roles?.includes('bureau_admin') ?? false;
  const judges = useEventJudges(event.id);
  const [drawer, setDrawer] = useState<{ open: boolean; editing: AssignmentView | null }>({ open: false, editing: null });
  const [overriding, setOverriding] = useState<AssignmentView | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const assignable = (ASSIGNABLE_STATUSES as readonly string[]).includes(event.status);
  const changeRole = useMutation({
    mutationFn: ({ a, role }: { a: AssignmentView; role: JudgeRole }) =>
      apiRequest(`/api/events/${event.id}/judges`, AssignmentView, {
        method: 'POST',
        body: { judgeUserId: a.judgeUserId, role, entryIds: a.entryIds, stations: a.stations, aspectKeys: a.aspectKeys, employer: a.employer } satisfies AssignJudgeBody,
      }),
  });
  const onChangeRole = (a: AssignmentView, role: JudgeRole) => {
    setProblem(null);
    changeRole.mutate(
      { a, role },
      {
        onSuccess: (saved) => {
          void message.success(`${saved.judgeName}已改为${JUDGE_ROLE_LABELS[saved.role]}`);
          void queryClient.invalidateQueries({ queryKey: eventJudgesKey(event.id) });
        },
        onError: (error) => setProblem(errorMessage(error)),
      },
    );
  };

  // The chief judge first, then the judges as the server lists them.
  const items = [...(judges.data?.items ?? [])].sort((a, b) => Number(b.role === 'chief') - Number(a.role === 'chief'));
  const chief = items.find((a) => a.role === 'chief');
  const recused = items.filter((a) => a.recused).length;

  const columns: TableColumnsType<AssignmentView> = [
    { key: 'name', title: '裁判', width: 130, render: (_, a) => <span data-testid="judge-name">{a.judgeName}</span> },
    {
      key: 'role',
      title: '角色',
      width: 90,
      render: (_, a) => (a.role === 'chief' ? <Tag color="gold" icon={<CrownOutlined />}>裁判长</Tag> : <Tag>裁判</Tag>),
    },
    { key: 'employer', title: '工作单位', width: 180, render: (_, a) => a.employer ?? <Typography.Text type="secondary">未登记</Typography.Text> },
    {
      key: 'scope',
      title: '评分范围',
      width: 200,
      render: (_, a) => {
        const s = scopeSummary(a);
        return (
          <div>
            <div>{s.who}</div>
            <div className="dz-muted">{s.what}</div>
          </div>
        );
      },
    },
    { key: 'recusal', title: '回避', render: (_, a) => <RecusalCell a={a} /> },
    {
      key: 'actions',
      title: '操作',
      width: 220,
      render: (_, a) => (
        <Flex gap={4} wrap>
          <Button size="small" icon={<EditOutlined />} disabled={!assignable} onClick={() => setDrawer({ open: true, editing: a })} data-testid="judge-edit">
            调整
          </Button>
          {a.role === 'judge' ? (
            <Button size="small" disabled={!assignable} loading={changeRole.isPending && changeRole.variables?.a.id === a.id} onClick={() => onChangeRole(a, 'chief')} data-testid="judge-make-chief">
              设为裁判长
            </Button>
          ) : (
            <Button size="small" disabled={!assignable} onClick={() => onChangeRole(a, 'judge')} data-testid="judge-make-judge">
              改为裁判
            </Button>
          )}
          {isBureau && a.recused && (
            <Button size="small" danger onClick={() => setOverriding(a)} data-testid="judge-override-open">
              批准不回避
            </Button>
          )}
        </Flex>
      ),
    },
  ];

  return (
    <Flex vertical gap={12}>
      {!assignable && (
        <Alert type="info" showIcon title={`当前状态（${EVENT_STATUS_LABELS[event.status]}）不能安排裁判：赛项批准后、评分结束前可以安排。`} data-testid="judges-not-now" />
      )}
      {judges.isError && <Alert type="error" showIcon title="裁判名单加载失败" description={errorMessage(judges.error)} />}
      {problem && <Alert type="error" showIcon title={problem} closable={{ onClose: () => setProblem(null) }} data-testid="judges-problem" />}
      {judges.data && !chief && items.length > 0 && <Alert type="warning" showIcon title="尚未指定裁判长：签核成绩和批准更正须由裁判长进行。" />}
      {recused > 0 && (
        <Alert
          type="warning"
          showIcon
          title={`${recused} 名裁判须回避部分选手：评分时将不能为这些选手打分${isBureau ? '；确有必要时可批准不回避' : '；确有必要时请市人社局批准不回避'}。`}
        />
      )}
      <Flex justify="space-between" align="center" wrap gap={8}>
        <Typography.Text type="secondary">
          共 {items.length} 名裁判{chief ? `，裁判长：${chief.judgeName}` : ''}。回避情形按选手评分加密编号列出。
        </Typography.Text>
        <Flex gap={8}>
          <Button icon={<ReloadOutlined />} onClick={() => void judges.refetch()} aria-label="刷新" />
          <Button type="primary" icon={<PlusOutlined />} disabled={!assignable} onClick={() => setDrawer({ open: true, editing: null })} data-testid="judge-add">
            添加裁判
          </Button>
        </Flex>
      </Flex>
      <Table<AssignmentView>
        rowKey="id"
        size="middle"
        columns={columns}
        dataSource={items}
        loading={judges.isPending}
        pagination={false}
        scroll={{ x: 900 }}
        locale={{ emptyText: '尚未安排裁判' }}
        data-testid="judges-table"
      />
      <AssignDrawer event={event} editing={drawer.editing} open={drawer.open} onClose={() => setDrawer((d) => ({ ...d, open: false }))} />
      <OverrideModal event={event} target={overriding} onClose={() => setOverriding(null)} />
    </Flex>
  );
}
