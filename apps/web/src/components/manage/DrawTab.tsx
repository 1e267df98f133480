import { CodeMapping, DrawCommitBody, EVENT_STATUS_LABELS, PublicDraw, type ManagedEvent } from '@dz/contracts';
import { EyeInvisibleOutlined, LinkOutlined, PlayCircleOutlined, ReloadOutlined, SafetyCertificateOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  Collapse,
  Flex,
  Form,
  Input,
  Popconfirm,
  Skeleton,
  Switch,
  Table,
  Tag,
  Typography,
  type TableColumnsType,
} from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import { apiRequest, errorMessage } from '../../lib/api';
import { currentDraw, DRAW_STATUS_LABELS } from '../../lib/draw-check';
import { formatDateTime } from '../../lib/format';
import { eventDrawsKey, eventEntriesKey, useDrawHistory } from '../../lib/registration';
import { AssignmentsTable, FrozenEntries, HexValue, LocalCheck } from '../DrawViews';

type MappingRow = CodeMapping['items'][number];
const MAPPING_COLUMNS: TableColumnsType<MappingRow> = [
  { key: 'workstation', title: '工位号', width: 80, render: (_, r) => r.workstation },
  { key: 'checkin', title: '检录码', render: (_, r) => <span className="dz-mono">{r.checkinCode ?? '—'}</span> },
  { key: 'judging', title: '评分加密编号', render: (_, r) => <span className="dz-mono">{r.judgingCode}</span> },
];

/** The organiser's mapping of check-in codes to judging codes, fetched only when opened. */
function MappingPanel({ drawId }: { drawId: string }) {
  const [open, setOpen] = useState(false);
  const mapping = useQuery({
    queryKey: ['draws', drawId, 'mapping'],
    queryFn: ({ signal }) => apiRequest(`/api/draws/${drawId}/mapping`, CodeMapping, { signal }),
    enabled: open,
    staleTime: Infinity,
  });
  return (
    <Collapse
      onChange={(keys) => setOpen(keys.length > 0)}
      items={[
        {
          key: 'mapping',
          label: (
            <span>
              <EyeInvisibleOutlined /> 检录码与评分加密编号对照表（仅主办单位可见，成绩公布前不得外传）
            </span>
          ),
          children: mapping.isError ? (
            <Alert type="error" showIcon title={errorMessage(mapping.error)} />
          ) : (
            <Table<MappingRow>
              rowKey="entryId"
              size="small"
              columns={MAPPING_COLUMNS}
              dataSource={[...(mapping.data?.items ?? [])].sort((a, b) => a.workstation - b.workstation)}
              loading={mapping.isPending && open}
              pagination={false}
              data-testid="draw-mapping"
            />
          ),
        },
      ]}
    />
  );
}

/** 抽签: publish a commitment over the approved entries, run the draw, redo it with a reason. */
export function DrawTab({ event }: { event: ManagedEvent }) {
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const history = useDrawHistory(event.id);
  const [form] = Form.useForm<{ twoStage?: boolean; reason?: string }>();
  const [problem, setProblem] = useState<string | null>(null);
  const draws = [...(history.data?.items ?? [])].sort((a, b) => b.round - a.round);
  const draw = currentDraw(draws);
  const redo = draws.some((d) => d.status === 'drawn');
  // The server draws only between the close of registration and the start of the competition.
  const drawable = event.status === 'registration_closed';

  const refresh = () => {
    void queryClient.invalidateQueries({ queryKey: eventDrawsKey(event.id) });
    void queryClient.invalidateQueries({ queryKey: eventEntriesKey(event.id) });
  };
  const commit = useMutation({
    mutationFn: (body: DrawCommitBody) => apiRequest(`/api/events/${event.id}/draws`, PublicDraw, { method: 'POST', body }),
  });
  const run = useMutation({
    mutationFn: (id: string) => apiRequest(`/api/draws/${id}/run`, PublicDraw, { method: 'POST' }),
  });

  const onCommit = () => {
    setProblem(null);
    const values = form.getFieldsValue();
    const reason = values.reason?.trim() || undefined;
    if (redo && (!reason || reason.length < 2)) {
      form.setFields([{ name: 'reason', errors: ['重新抽签须填写原因'] }]);
      return;
    }
    const parsed = DrawCommitBody.safeParse({ twoStage: values.twoStage ?? false, reason });
    if (!parsed.success) {
      form.setFields([{ name: 'reason', errors: parsed.error.issues.map((i) => i.message) }]);
      return;
    }
    commit.mutate(parsed.data, {
      onSuccess: (d) => {
        void message.success(`已公布第 ${d.round} 轮抽签的承诺值，共 ${d.entries.length} 条报名参加抽签`);
        form.resetFields();
        refresh();
      },
      onError: (error) => setProblem(errorMessage(error)),
    });
  };

  const onRun = (id: string) => {
    setProblem(null);
    run.mutate(id, {
      onSuccess: (d) => {
        void message.success(`抽签完成：${d.assignments.length} 个工位已分配，种子已公布`);
        refresh();
      },
      onError: (error) => setProblem(errorMessage(error)),
    });
  };

  if (history.isPending) return <Skeleton active paragraph={{ rows: 8 }} />;

  return (
    <Flex vertical gap={12}>
      {history.isError && <Alert type="error" showIcon title="抽签记录加载失败" description={errorMessage(history.error)} />}
      {problem && <Alert type="error" showIcon title={problem} closable={{ onClose: () => setProblem(null) }} data-testid="draw-problem" />}
      {!drawable && (
        <Alert
          type="info"
          showIcon
          data-testid="draw-not-now"
          title={`报名截止后、比赛开始前才能抽签（当前状态：${EVENT_STATUS_LABELS[event.status]}）`}
          description={
            event.status === 'published' ? (
              <span>
                报名期结束后，请在<Link to={`/proposals/${event.id}`}>申报详情</Link>中截止报名，再回到这里抽签。
              </span>
            ) : undefined
          }
        />
      )}
      {draw && draw.status !== 'superseded' && (
        <Card
          size="small"
          title={
            <span>
              第 {draw.round} 轮抽签 <Tag color={draw.status === 'drawn' ? 'success' : 'processing'}>{DRAW_STATUS_LABELS[draw.status]}</Tag>
              {draw.twoStage && <Tag>两次加密</Tag>}
            </span>
          }
          extra={
            <Flex gap={8}>
              <Link to={`/events/${event.id}/draw`} target="_blank" data-testid="draw-public-link">
                <LinkOutlined /> 公示页面
              </Link>
              <Button size="small" icon={<ReloadOutlined />} onClick={refresh} aria-label="刷新" />
            </Flex>
          }
          data-testid="draw-current"
          data-status={draw.status}
        >
          <dl className="dz-facts">
            <div className="dz-fact">
              <dt>承诺值</dt>
              <dd>
                <HexValue value={draw.seedCommitment} testId="draw-commitment" />
                <div className="dz-muted">公布于 {formatDateTime(draw.committedAt)}</div>
              </dd>
            </div>
            {draw.seed && (
              <div className="dz-fact">
                <dt>种子</dt>
                <dd>
                  <HexValue value={draw.seed} testId="draw-seed" />
                  {draw.drawnAt && <div className="dz-muted">抽签于 {formatDateTime(draw.drawnAt)}</div>}
                </dd>
              </div>
            )}
            {draw.reason && (
              <div className="dz-fact">
                <dt>重新抽签原因</dt>
                <dd>{draw.reason}</dd>
              </div>
            )}
          </dl>
          {draw.status === 'committed' ? (
            <>
              <Alert
                type="info"
                showIcon
                style={{ margin: '12px 0' }}
                title={`承诺值已公布，参加抽签的 ${draw.entries.length} 条报名已锁定`}
                description="抽签结果由种子唯一确定：承诺值公布后结果即已固定，任何人无法更改。开始抽签后将公布种子和工位分配。"
              />
              <Popconfirm
                title="开始抽签？"
                description="将公布种子并按算法分配工位，结果不可撤回。"
                okText="开始抽签"
                cancelText="取消"
                onConfirm={() => onRun(draw.id)}
                disabled={!drawable}
              >
                <Button type="primary" icon={<PlayCircleOutlined />} loading={run.isPending} disabled={!drawable} data-testid="draw-run">
                  开始抽签
                </Button>
              </Popconfirm>
              <Typography.Title level={5} style={{ marginTop: 16 }}>
                参加抽签的报名（{draw.entries.length}）
              </Typography.Title>
              <FrozenEntries draw={draw} />
            </>
          ) : (
            <Flex vertical gap={12} style={{ marginTop: 12 }}>
              <LocalCheck draw={draw} />
              <AssignmentsTable draw={draw} />
              {draw.twoStage && <MappingPanel drawId={draw.id} />}
            </Flex>
          )}
        </Card>
      )}

      <Card
        size="small"
        title={
          <span>
            <SafetyCertificateOutlined /> {redo ? '重新抽签' : draw?.status === 'committed' ? '重新公布承诺' : '发起抽签'}
          </span>
        }
        data-testid="draw-commit"
      >
        <Typography.Paragraph type="secondary">
          以当前“已通过”的报名为抽签范围。系统先生成随机种子并公布其承诺值（SHA-256），抽签后再公布种子，供任何人复核。
          {redo && '重新抽签将作废上一轮结果，原因会在公示页面一并公开。'}
        </Typography.Paragraph>
        <Form form={form} layout="vertical" requiredMark={false} initialValues={{ twoStage: false }} disabled={commit.isPending}>
          <Form.Item
            label="两次加密"
            name="twoStage"
            valuePropName="checked"
            extra="开启后，选手检录时使用检录码，评分使用另一套加密编号，两者对照表仅主办单位可见。"
          >
            <Switch checkedChildren="开启" unCheckedChildren="关闭" data-testid="draw-two-stage" />
          </Form.Item>
          {(redo || draw?.status === 'committed') && (
            <Form.Item label={redo ? '重新抽签原因' : '原因（选填）'} name="reason">
              <Input.TextArea rows={2} maxLength={200} showCount placeholder="如：有选手退出，需重新分配工位" data-testid="draw-reason" />
            </Form.Item>
          )}
          <Button
            type={draw ? 'default' : 'primary'}
            onClick={onCommit}
            loading={commit.isPending}
            disabled={!drawable}
            data-testid="draw-commit-submit"
          >
            {redo ? '作废并重新抽签' : '生成种子并公布承诺值'}
          </Button>
        </Form>
      </Card>

      {draws.filter((d) => d.status === 'superseded').length > 0 && (
        <Card size="small" title="已作废的抽签">
          <ul className="dz-value-list">
            {draws
              .filter((d) => d.status === 'superseded')
              .map((d) => (
                <li key={d.id}>
                  第 {d.round} 轮，{formatDateTime(d.committedAt)} 公布承诺
                  {d.seed ? '，已抽签' : '，未抽签'}
                  {d.reason ? `（本轮重新抽签原因：${d.reason}）` : ''}
                </li>
              ))}
          </ul>
        </Card>
      )}
    </Flex>
  );
}
