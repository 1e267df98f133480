import {
  ATTENDANCE_LABELS,
  ATTENDANCES,
  ENTRY_STATUS_LABELS,
  ENTRY_STATUSES,
  EntryDecisionBody,
  EntryDecisionReply,
  type Attendance,
  type EntryStatus,
  type EntryView,
  type ManagedEvent,
} from '@dz/contracts';
import { CheckOutlined, CloseOutlined, ReloadOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  Flex,
  Form,
  Input,
  Modal,
  Popconfirm,
  Row,
  Select,
  Table,
  Tag,
  Typography,
  type TableColumnsType,
} from 'antd';
import { useState } from 'react';
import { apiRequest, errorMessage } from '../../lib/api';
import { formatDateTime } from '../../lib/format';
import { ENTRY_STATUS_COLORS, eventEntriesKey, useEventEntries, type EntryFilters } from '../../lib/registration';
import { AttendanceTag, EntryEmployers, EntryPeople, EntryStatusTag } from './EntryCells';

const COLUMNS: TableColumnsType<EntryView> = [
  { key: 'number', title: '序号', width: 70, render: (_, e) => <span className="dz-mono">{e.number}</span> },
  { key: 'people', title: '选手（身份证号 / 手机号）', width: 250, render: (_, e) => <EntryPeople entry={e} /> },
  { key: 'employer', title: '单位 / 区县 / 等级', width: 220, render: (_, e) => <EntryEmployers entry={e} /> },
  { key: 'status', title: '状态', width: 96, render: (_, e) => <EntryStatusTag status={e.status} reason={e.reason} /> },
  {
    key: 'note',
    title: '说明',
    width: 140,
    render: (_, e) =>
      e.status === 'waitlisted' && e.waitlistPosition !== null ? (
        `候补第 ${e.waitlistPosition} 位`
      ) : e.reason ? (
        <Typography.Text type="secondary">{e.reason}</Typography.Text>
      ) : (
        '—'
      ),
  },
  { key: 'attendance', title: '检录', width: 96, render: (_, e) => (e.status === 'approved' ? <AttendanceTag attendance={e.attendance} /> : '—') },
  { key: 'workstation', title: '工位', width: 70, render: (_, e) => e.workstation ?? '—' },
  { key: 'source', title: '来源', width: 90, render: (_, e) => (e.source === 'import' ? '批量导入' : '自主报名') },
  { key: 'createdAt', title: '报名时间', width: 170, render: (_, e) => formatDateTime(e.createdAt) },
];

interface Outcome {
  action: EntryDecisionBody['action'];
  reply: EntryDecisionReply;
  /** Entry numbers and names of the selection, to name the failures. */
  names: Map<string, string>;
}

/** 报名审核: the event's entries, filtered and searched, approved or refused in bulk. */
export function ReviewTab({ event }: { event: ManagedEvent }) {
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [filters, setFilters] = useState<EntryFilters>({});
  const [page, setPage] = useState({ current: 1, pageSize: 50 });
  const [selected, setSelected] = useState<EntryView[]>([]);
  const [rejecting, setRejecting] = useState(false);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [reasonForm] = Form.useForm<{ reason?: string }>();
  const entries = useEventEntries(event.id, filters, page);
  const decide = useMutation({
    mutationFn: (body: EntryDecisionBody) =>
      apiRequest(`/api/events/${event.id}/entries/decisions`, EntryDecisionReply, { method: 'POST', body }),
  });

  const filter = <K extends keyof EntryFilters>(key: K) => (value: EntryFilters[K] | undefined) => {
    setFilters((f) => ({ ...f, [key]: value || undefined }));
    setPage((p) => ({ ...p, current: 1 }));
    setSelected([]);
  };

  const send = (action: EntryDecisionBody['action'], reason?: string) => {
    setProblem(null);
    const parsed = EntryDecisionBody.safeParse({ entryIds: selected.map((e) => e.id), action, reason });
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      if (issue?.path[0] === 'reason') reasonForm.setFields([{ name: 'reason', errors: [issue.message] }]);
      else setProblem(issue?.message ?? '请检查所选报名');
      return;
    }
    const names = new Map(selected.map((e) => [e.id, `${e.number} 号 ${e.teamName ?? e.members[0]?.name ?? ''}`]));
    decide.mutate(parsed.data, {
      onSuccess: (reply) => {
        setOutcome({ action, reply, names });
        setSelected([]);
        setRejecting(false);
        reasonForm.resetFields();
        const verb = action === 'approve' ? '通过' : '不通过';
        if (reply.failed.length === 0) void message.success(`已${verb} ${reply.updated.length} 条报名`);
        else void message.warning(`已${verb} ${reply.updated.length} 条，${reply.failed.length} 条未能处理`);
      },
      onError: (error) => setProblem(errorMessage(error)),
      onSettled: () => void queryClient.invalidateQueries({ queryKey: eventEntriesKey(event.id) }),
    });
  };

  const counts = entries.data?.counts;
  const approved = counts?.approved ?? 0;
  const capacity = entries.data?.capacity ?? event.capacity;
  const unit = event.teamSize > 1 ? '队' : '人';

  return (
    <Flex vertical gap={12}>
      <Flex wrap gap={8} align="center" data-testid="entry-counts">
        <Tag color={approved >= capacity ? 'red' : 'blue'} className="dz-count-tag" data-testid="entry-capacity">
          已通过 {approved} / 名额 {capacity} {unit}
        </Tag>
        {ENTRY_STATUSES.map((s) => (
          <Tag key={s} color={ENTRY_STATUS_COLORS[s]} className="dz-count-tag" data-status={s}>
            {ENTRY_STATUS_LABELS[s]} {counts?.[s] ?? 0}
          </Tag>
        ))}
      </Flex>
      <Card size="small">
        <Row gutter={[12, 12]}>
          <Col xs={24} sm={8} lg={5}>
            <Select<EntryStatus>
              placeholder="全部状态"
              allowClear
              style={{ width: '100%' }}
              value={filters.status}
              onChange={filter('status')}
              options={ENTRY_STATUSES.map((s) => ({ value: s, label: ENTRY_STATUS_LABELS[s] }))}
              data-testid="entries-filter-status"
              aria-label="报名状态"
            />
          </Col>
          <Col xs={24} sm={8} lg={5}>
            <Select<Attendance>
              placeholder="全部检录状态"
              allowClear
              style={{ width: '100%' }}
              value={filters.attendance}
              onChange={filter('attendance')}
              options={ATTENDANCES.map((a) => ({ value: a, label: ATTENDANCE_LABELS[a] }))}
              data-testid="entries-filter-attendance"
              aria-label="检录状态"
            />
          </Col>
          <Col xs={24} sm={8} lg={8}>
            <Input.Search
              placeholder="姓名、报名序号、单位或工位号"
              allowClear
              maxLength={40}
              onSearch={(q) => filter('q')(q.trim())}
              data-testid="entries-search"
            />
          </Col>
          <Col xs={24} lg={6}>
            <Flex gap={8} justify="flex-end" wrap>
              <Popconfirm
                title={`通过所选 ${selected.length} 条报名？`}
                description="名额已满时，超出名额的报名将无法通过。"
                okText="通过"
                cancelText="取消"
                onConfirm={() => send('approve')}
                disabled={selected.length === 0}
              >
                <Button type="primary" icon={<CheckOutlined />} disabled={selected.length === 0} loading={decide.isPending && !rejecting} data-testid="entries-approve">
                  通过{selected.length > 0 ? `（${selected.length}）` : ''}
                </Button>
              </Popconfirm>
              <Button danger icon={<CloseOutlined />} disabled={selected.length === 0} onClick={() => setRejecting(true)} data-testid="entries-reject">
                不通过
              </Button>
              <Button icon={<ReloadOutlined />} onClick={() => void entries.refetch()} loading={entries.isFetching} aria-label="刷新" />
            </Flex>
          </Col>
        </Row>
      </Card>
      {problem && <Alert type="error" showIcon title={problem} closable={{ onClose: () => setProblem(null) }} />}
      {entries.isError && <Alert type="error" showIcon title="报名列表加载失败" description={errorMessage(entries.error)} />}
      {outcome && (
        <Alert
          type={outcome.reply.failed.length > 0 ? 'warning' : 'success'}
          showIcon
          closable={{ onClose: () => setOutcome(null) }}
          data-testid="decision-outcome"
          title={`已${outcome.action === 'approve' ? '通过' : '不通过'} ${outcome.reply.updated.length} 条${
            outcome.reply.promoted.length > 0 ? `，${outcome.reply.promoted.length} 条候补报名已递补` : ''
          }`}
          description={
            outcome.reply.failed.length > 0 ? (
              <ul className="dz-value-list" data-testid="decision-failed">
                {outcome.reply.failed.map((f) => (
                  <li key={f.id}>
                    {outcome.names.get(f.id) ?? f.id}：{f.message}
                  </li>
                ))}
              </ul>
            ) : undefined
          }
        />
      )}
      <Card styles={{ body: { padding: 0 } }}>
        <Table<EntryView>
          rowKey="id"
          size="middle"
          columns={COLUMNS}
          dataSource={entries.data?.items ?? []}
          loading={entries.isPending || (entries.isFetching && entries.isPlaceholderData)}
          scroll={{ x: 1300 }}
          rowSelection={{
            selectedRowKeys: selected.map((e) => e.id),
            onChange: (_, rows) => setSelected(rows),
            preserveSelectedRowKeys: true,
          }}
          locale={{ emptyText: '暂无报名' }}
          pagination={{
            current: page.current,
            pageSize: page.pageSize,
            total: entries.data?.total ?? 0,
            showSizeChanger: true,
            pageSizeOptions: [20, 50, 100, 200],
            showTotal: (total) => `共 ${total} 条`,
            onChange: (current, pageSize) => setPage({ current, pageSize }),
          }}
          data-testid="entries-table"
        />
      </Card>
      <Modal
        open={rejecting}
        title={`不通过所选 ${selected.length} 条报名`}
        okText="确认不通过"
        okButtonProps={{ danger: true, loading: decide.isPending }}
        onOk={() => send('reject', (reasonForm.getFieldValue('reason') as string | undefined)?.trim() ?? '')}
        onCancel={() => {
          setRejecting(false);
          reasonForm.resetFields();
        }}
        destroyOnHidden
      >
        <Typography.Paragraph type="secondary">理由将通知选手，并显示在其“我的报名”中。</Typography.Paragraph>
        <Form form={reasonForm} layout="vertical" preserve={false}>
          <Form.Item label="不通过理由" name="reason">
            <Input.TextArea rows={3} maxLength={200} showCount placeholder="如：不符合年龄要求" data-testid="reject-reason" />
          </Form.Item>
        </Form>
      </Modal>
    </Flex>
  );
}
