import {
  ATTENDANCE_LABELS,
  ATTENDANCES,
  CheckinBody,
  EVENT_STATUS_LABELS,
  CheckinReply,
  CloseCheckinReply,
  EntryList,
  EntryView,
  LateArrivalBody,
  type Attendance,
  type ManagedEvent,
} from '@dz/contracts';
import { CheckOutlined, ClockCircleOutlined, LoginOutlined, ScanOutlined, StopOutlined } from '@ant-design/icons';
import { useMutation, useQueries, useQueryClient } from '@tanstack/react-query';
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
  Statistic,
  Table,
  Tooltip,
  Typography,
  type InputRef,
  type TableColumnsType,
} from 'antd';
import { useRef, useState } from 'react';
import { apiRequest, errorMessage } from '../../lib/api';
import { formatDateTime, formatTime } from '../../lib/format';
import { entryPeopleText, eventEntriesKey, ticketFromScan, useEventEntries, type EntryFilters } from '../../lib/registration';
import { AttendanceTag, EntryPeople } from './EntryCells';
import { CameraScanButton } from './QrScanner';

/**
 * Approved entries per attendance, from the list's totals (one tiny page each). Several desks
 * check people in at once, so the counts also poll every few seconds, besides refreshing after
 * this desk's own check-ins.
 */
function useAttendanceTotals(eventId: string) {
  const results = useQueries({
    queries: ATTENDANCES.map((attendance) => ({
      refetchInterval: 5_000,
      queryKey: [...eventEntriesKey(eventId), 'attendance-total', attendance],
      queryFn: ({ signal }: { signal: AbortSignal }) =>
        apiRequest(`/api/events/${eventId}/entries`, EntryList, { query: { status: 'approved', attendance, limit: 1 }, signal }),
    })),
  });
  return Object.fromEntries(ATTENDANCES.map((a, i) => [a, results[i]?.data?.total])) as Record<Attendance, number | undefined>;
}

function LastCheckin({ reply }: { reply: CheckinReply }) {
  const e = reply.entry;
  return (
    <Alert
      type={reply.alreadyCheckedIn ? 'warning' : 'success'}
      showIcon
      data-testid="checkin-result"
      data-already={reply.alreadyCheckedIn ? 'true' : 'false'}
      title={
        reply.alreadyCheckedIn
          ? `${entryPeopleText(e)} 已于 ${e.checkedInAt ? formatTime(e.checkedInAt) : '此前'} 检录，请勿重复入场`
          : `检录成功：${entryPeopleText(e)}`
      }
      description={
        <Flex wrap gap={24} className="dz-checkin-facts">
          <span>
            报名序号 <strong className="dz-mono">{e.number}</strong>
          </span>
          <span>
            工位号 <strong className="dz-mono" data-testid="checkin-workstation">{e.workstation ?? '未抽签'}</strong>
          </span>
          {e.checkinCode && (
            <span>
              检录码 <strong className="dz-mono">{e.checkinCode}</strong>
            </span>
          )}
          <span>
            <AttendanceTag attendance={e.attendance} />
          </span>
        </Flex>
      }
    />
  );
}

/** 检录: scan or paste a ticket, or find a contestant; late arrivals with a reason; closing marks no-shows. */
export function CheckinTab({ event }: { event: ManagedEvent }) {
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const scanInput = useRef<InputRef>(null);
  const [scan, setScan] = useState('');
  const [scanError, setScanError] = useState<string | null>(null);
  const [last, setLast] = useState<CheckinReply | null>(null);
  const [filters, setFilters] = useState<EntryFilters>({});
  const [page, setPage] = useState({ current: 1, pageSize: 20 });
  const [late, setLate] = useState<EntryView | null>(null);
  const [lateForm] = Form.useForm<{ reason?: string }>();
  const [pendingRow, setPendingRow] = useState<string | null>(null);
  const entries = useEventEntries(event.id, { ...filters, status: 'approved' }, page);
  const totals = useAttendanceTotals(event.id);
  const started = Date.parse(event.startsAt) <= Date.now();
  // Check-in runs from the close of registration through the competition.
  const open = event.status === 'registration_closed' || event.status === 'running';

  const refresh = () => void queryClient.invalidateQueries({ queryKey: eventEntriesKey(event.id) });
  const checkin = useMutation({
    mutationFn: (body: CheckinBody) => apiRequest(`/api/events/${event.id}/checkins`, CheckinReply, { method: 'POST', body }),
    onSettled: refresh,
  });
  const lateArrival = useMutation({
    mutationFn: ({ id, body }: { id: string; body: LateArrivalBody }) =>
      apiRequest(`/api/entries/${id}/late`, EntryView, { method: 'POST', body }),
    onSettled: refresh,
  });
  const close = useMutation({
    mutationFn: () => apiRequest(`/api/events/${event.id}/checkins/close`, CloseCheckinReply, { method: 'POST' }),
    onSettled: refresh,
  });

  const send = (body: CheckinBody, rowId?: string) => {
    setScanError(null);
    setPendingRow(rowId ?? null);
    checkin.mutate(body, {
      onSuccess: (reply) => {
        setLast(reply);
        if (!rowId) setScan('');
        if (reply.alreadyCheckedIn) void message.warning('该选手已检录过');
        else void message.success(`${entryPeopleText(reply.entry)} 检录成功`);
      },
      onError: (error) => {
        if (rowId) void message.error(errorMessage(error));
        else setScanError(errorMessage(error));
      },
      onSettled: () => {
        setPendingRow(null);
        // A scanner gun types the next ticket straight into the box.
        if (!rowId) scanInput.current?.focus();
      },
    });
  };

  const onScan = (text: string) => {
    const ticket = ticketFromScan(text);
    const parsed = CheckinBody.safeParse({ ticket: ticket ?? text.trim() });
    if (!ticket || !parsed.success) {
      setScanError('不是有效的准考证二维码，请重新扫描，或按姓名查找选手');
      return;
    }
    send(parsed.data);
  };

  const onLate = () => {
    if (!late) return;
    const parsed = LateArrivalBody.safeParse({ reason: (lateForm.getFieldValue('reason') as string | undefined) ?? '' });
    if (!parsed.success) {
      lateForm.setFields([{ name: 'reason', errors: parsed.error.issues.map((i) => i.message) }]);
      return;
    }
    lateArrival.mutate(
      { id: late.id, body: parsed.data },
      {
        onSuccess: (entry) => {
          void message.success(`${entryPeopleText(entry)} 已登记迟到入场`);
          setLate(null);
          lateForm.resetFields();
        },
        onError: (error) => lateForm.setFields([{ name: 'reason', errors: [errorMessage(error)] }]),
      },
    );
  };

  const onClose = () =>
    close.mutate(undefined, {
      onSuccess: (reply) => void message.success(`已截止检录，${reply.noShows} 名未检录的选手记为缺考`),
      onError: (error) => void message.error(errorMessage(error)),
    });

  const columns: TableColumnsType<EntryView> = [
    { key: 'number', title: '序号', width: 70, render: (_, e) => <span className="dz-mono">{e.number}</span> },
    { key: 'people', title: '选手', render: (_, e) => <EntryPeople entry={e} /> },
    { key: 'workstation', title: '工位', width: 70, render: (_, e) => e.workstation ?? '—' },
    { key: 'code', title: '检录码', width: 90, render: (_, e) => <span className="dz-mono">{e.checkinCode ?? '—'}</span> },
    {
      key: 'attendance',
      title: '检录状态',
      width: 180,
      render: (_, e) => (
        <>
          <AttendanceTag attendance={e.attendance} />
          {e.checkedInAt && <div className="dz-muted">{formatDateTime(e.checkedInAt)}</div>}
        </>
      ),
    },
    {
      key: 'actions',
      title: '操作',
      width: 200,
      render: (_, e) =>
        !open ? (
          '—'
        ) : (
          <Flex gap={4} wrap>
            {e.attendance === 'pending' && (
              <Button
                size="small"
                type="primary"
                icon={<CheckOutlined />}
                loading={checkin.isPending && pendingRow === e.id}
                onClick={() => send({ entryId: e.id }, e.id)}
                data-testid="checkin-row"
              >
                检录
              </Button>
            )}
            {(e.attendance === 'no_show' || (e.attendance === 'pending' && started)) && (
              <Button size="small" icon={<ClockCircleOutlined />} onClick={() => setLate(e)} data-testid="checkin-late">
                迟到入场
              </Button>
            )}
          </Flex>
        ),
    },
  ];

  return (
    <Flex vertical gap={12}>
      {!open && (
        <Alert
          type="info"
          showIcon
          data-testid="checkin-not-now"
          title={`报名截止后才能检录（当前状态：${EVENT_STATUS_LABELS[event.status]}）`}
        />
      )}
      <Row gutter={[12, 12]}>
        {ATTENDANCES.map((a) => (
          <Col key={a} xs={12} sm={6}>
            <Card size="small">
              <Statistic title={ATTENDANCE_LABELS[a]} value={totals[a] ?? '—'} data-testid={`attendance-total-${a}`} />
            </Card>
          </Col>
        ))}
      </Row>
      <Card
        size="small"
        title={
          <span>
            <ScanOutlined /> 扫码检录
          </span>
        }
        extra={
          <Popconfirm
            title="截止检录？"
            description="截止后仍未检录的选手将记为缺考；之后到场的只能登记为迟到入场。"
            okText="截止检录"
            okButtonProps={{ danger: true }}
            cancelText="取消"
            onConfirm={onClose}
            disabled={!started || !open}
          >
            <Tooltip title={started ? undefined : `比赛开始（${formatDateTime(event.startsAt)}）后才能截止检录`}>
              <Button danger icon={<StopOutlined />} disabled={!started || !open} loading={close.isPending} data-testid="checkin-close">
                截止检录
              </Button>
            </Tooltip>
          </Popconfirm>
        }
      >
        <Flex gap={8} wrap>
          <Input
            ref={scanInput}
            autoFocus
            disabled={!open}
            value={scan}
            onChange={(e) => {
              setScan(e.target.value);
              setScanError(null);
            }}
            onPressEnter={() => onScan(scan)}
            placeholder="用扫码枪扫描准考证二维码，或粘贴二维码内容后按回车"
            prefix={<ScanOutlined />}
            style={{ flex: '1 1 320px' }}
            className="dz-mono"
            data-testid="checkin-scan"
            aria-label="准考证二维码内容"
          />
          <Button type="primary" icon={<LoginOutlined />} onClick={() => onScan(scan)} loading={checkin.isPending && pendingRow === null} disabled={!open} data-testid="checkin-submit">
            检录
          </Button>
          <CameraScanButton onScan={onScan} disabled={checkin.isPending || !open} />
        </Flex>
        {scanError && <Alert type="error" showIcon title={scanError} style={{ marginTop: 12 }} data-testid="checkin-error" />}
        {last && (
          <div style={{ marginTop: 12 }}>
            <LastCheckin reply={last} />
          </div>
        )}
      </Card>
      <Card size="small" title="按姓名查找" styles={{ body: { padding: 0 } }}>
        <Row gutter={[12, 12]} style={{ padding: 12 }}>
          <Col xs={24} sm={14}>
            <Input.Search
              placeholder="姓名、报名序号或工位号"
              allowClear
              maxLength={40}
              onSearch={(q) => {
                setFilters((f) => ({ ...f, q: q.trim() || undefined }));
                setPage((p) => ({ ...p, current: 1 }));
              }}
              data-testid="checkin-search"
            />
          </Col>
          <Col xs={24} sm={10}>
            <Select<Attendance>
              placeholder="全部检录状态"
              allowClear
              style={{ width: '100%' }}
              value={filters.attendance}
              onChange={(attendance) => {
                setFilters((f) => ({ ...f, attendance: attendance || undefined }));
                setPage((p) => ({ ...p, current: 1 }));
              }}
              options={ATTENDANCES.map((a) => ({ value: a, label: ATTENDANCE_LABELS[a] }))}
              aria-label="检录状态"
            />
          </Col>
        </Row>
        {entries.isError && <Alert type="error" showIcon title={errorMessage(entries.error)} style={{ margin: 12 }} />}
        <Table<EntryView>
          rowKey="id"
          size="middle"
          columns={columns}
          dataSource={entries.data?.items ?? []}
          loading={entries.isPending || (entries.isFetching && entries.isPlaceholderData)}
          scroll={{ x: 800 }}
          locale={{ emptyText: '没有已通过的报名' }}
          pagination={{
            current: page.current,
            pageSize: page.pageSize,
            total: entries.data?.total ?? 0,
            showTotal: (total) => `共 ${total} 条`,
            onChange: (current, pageSize) => setPage({ current, pageSize }),
          }}
          data-testid="checkin-table"
        />
      </Card>
      <Modal
        open={late !== null}
        title={`登记迟到入场：${late ? entryPeopleText(late) : ''}`}
        okText="登记入场"
        okButtonProps={{ loading: lateArrival.isPending }}
        onOk={onLate}
        onCancel={() => {
          setLate(null);
          lateForm.resetFields();
        }}
        destroyOnHidden
      >
        <Typography.Paragraph type="secondary">迟到入场的时间和理由将记入检录记录。</Typography.Paragraph>
        <Form form={lateForm} layout="vertical" preserve={false}>
          <Form.Item label="迟到理由" name="reason">
            <Input.TextArea rows={2} maxLength={200} showCount placeholder="如：交通拥堵，迟到 10 分钟" />
          </Form.Item>
        </Form>
      </Modal>
    </Flex>
  );
}
