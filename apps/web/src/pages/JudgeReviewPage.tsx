import { CorrectionView, MAX_STAGE_SECONDS, SignoffView, StageTimeBody, StageTimeView, type MarkBoard, type MarkRow } from '@dz/contracts';
import { formatHundredths } from '@dz/domain';
import { ArrowLeftOutlined, CheckCircleOutlined, ReloadOutlined, SafetyCertificateOutlined, WarningOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Empty, Flex, Input, InputNumber, Modal, Popconfirm, Skeleton, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { CorrectionModal, type CorrectionTarget } from '../components/judging/CorrectionModal';
import { AppealsCard } from '../components/results/AppealsCard';
import { apiRequest, errorMessage } from '../lib/api';
import { formatDateTime, formatDuration } from '../lib/format';
import {
  ASPECT_KIND_LABELS,
  boardTotal,
  formatMark,
  maxLabel,
  originalOf,
  pendingCorrections,
  useChainVerification,
  useJudgeSheet,
  useMarkBoard,
  useMarkHistory,
} from '../lib/judging';
import { useDocumentTitle } from '../lib/use-document-title';

type BoardEntry = MarkBoard['entries'][number];

/** The chief judge's sign-off, corrections and chain check all change the board and the history. */
function useInvalidateJudging(eventId: string) {
  const queryClient = useQueryClient();
  return () => void queryClient.invalidateQueries({ queryKey: ['judging', eventId] });
}

function RejectModal({ correction, eventId, onClose }: { correction: MarkRow | null; eventId: string; onClose: () => void }) {
  const { message } = App.useApp();
  const invalidate = useInvalidateJudging(eventId);
  const [reason, setReason] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const reject = useMutation({
    mutationFn: (id: string) => apiRequest(`/api/corrections/${id}/reject`, CorrectionView, { method: 'POST', body: { reason } }),
  });
  const close = () => {
    setReason('');
    setProblem(null);
    onClose();
  };
  return (
    <Modal
      open={correction !== null}
      title="驳回更正"
      okText="驳回"
      okButtonProps={{ danger: true, size: 'large', loading: reject.isPending }}
      cancelButtonProps={{ size: 'large' }}
      cancelText="取消"
      onCancel={close}
      onOk={() => {
        if (!correction) return;
        if (reason.trim().length < 2) {
          setProblem('请填写驳回理由');
          return;
        }
        reject.mutate(correction.id, {
          onSuccess: () => {
            void message.success('已驳回更正');
            invalidate();
            close();
          },
          onError: (error) => setProblem(errorMessage(error)),
        });
      }}
      destroyOnHidden
    >
      {problem && <Alert type="error" showIcon title={problem} style={{ marginBottom: 12 }} />}
      <Input.TextArea rows={3} maxLength={200} showCount value={reason} onChange={(e) => setReason(e.target.value)} placeholder="驳回理由" data-testid="reject-reason" />
    </Modal>
  );
}

/** Pending corrections (更正申请) for the chief to approve or reject, old value → new with the reason. */
function CorrectionsCard({ eventId, board }: { eventId: string; board: MarkBoard }) {
  const { message } = App.useApp();
  const invalidate = useInvalidateJudging(eventId);
  const history = useMarkHistory(eventId);
  const [rejecting, setRejecting] = useState<MarkRow | null>(null);
  const approve = useMutation({
    mutationFn: (id: string) => apiRequest(`/api/corrections/${id}/approve`, CorrectionView, { method: 'POST', body: {} }),
    onSuccess: () => {
      void message.success('已批准更正，总分已更新');
      invalidate();
    },
    onError: (error) => void message.error(errorMessage(error)),
  });
  const aspectOf = (key: string) => board.aspects.find((a) => a.key === key);
  const rows = history.data?.items ?? [];
  const pending = pendingCorrections(rows);
  return (
    <Card title="待处理的更正申请" data-testid="pending-corrections">
      {history.isPending ? (
        <Skeleton active paragraph={{ rows: 2 }} />
      ) : history.isError ? (
        <Alert type="error" showIcon title={errorMessage(history.error)} />
      ) : pending.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="没有待处理的更正" />
      ) : (
        <Flex vertical gap={12}>
          {pending.map((row) => {
            const aspect = aspectOf(row.aspectKey);
            const kind = aspect?.kind ?? 'measurement';
            const original = originalOf(row, rows);
            return (
              <Flex key={row.id} justify="space-between" align="center" gap={12} wrap className="dz-correction" data-testid="correction-row">
                <div>
                  <strong className="dz-judging-code">{row.judgingCode}</strong> · {aspect?.title ?? row.aspectKey}：
                  <span className="dz-mono">{original ? formatMark(kind, original.value) : '—'}</span> →{' '}
                  <strong className="dz-mono">{formatMark(kind, row.value)}</strong>
                  <div className="dz-muted">
                    理由：{row.reason} · {row.judgeName} · {formatDateTime(row.createdAt)}
                  </div>
                </div>
                <Flex gap={8}>
                  <Popconfirm title="批准后以更正后的分值计分，确定？" okText="批准" cancelText="取消" onConfirm={() => approve.mutate(row.id)}>
                    <Button type="primary" size="large" loading={approve.isPending && approve.variables === row.id} data-testid="correction-approve">
                      批准
                    </Button>
                  </Popconfirm>
                  <Button danger size="large" onClick={() => setRejecting(row)} data-testid="correction-reject">
                    驳回
                  </Button>
                </Flex>
              </Flex>
            );
          })}
        </Flex>
      )}
      <RejectModal correction={rejecting} eventId={eventId} onClose={() => setRejecting(null)} />
    </Card>
  );
}

/** The chief judge records how long an entry took on the stage (用时), for the tie-break. */
function TimeModal({ eventId, stage, entry, onClose }: { eventId: string; stage: string; entry: BoardEntry | null; onClose: () => void }) {
  const { message } = App.useApp();
  const invalidate = useInvalidateJudging(eventId);
  const [parts, setParts] = useState<{ h: number | null; m: number | null; s: number | null }>({ h: null, m: null, s: null });
  const [error, setError] = useState<string | null>(null);
  const record = useMutation({
    mutationFn: (body: StageTimeBody) => apiRequest(`/api/events/${eventId}/times`, StageTimeView, { method: 'POST', body }),
    onSuccess: (view) => {
      void message.success(`已记录 ${view.judgingCode} 用时 ${formatDuration(view.seconds)}`);
      invalidate();
      onClose();
    },
    onError: (e) => setError(errorMessage(e)),
  });
  const open = (next: BoardEntry | null) => {
    const t = next?.timeUsed ?? null;
    setParts(t === null ? { h: null, m: null, s: null } : { h: Math.floor(t / 3600), m: Math.floor((t % 3600) / 60), s: t % 60 });
    setError(null);
  };
  const submit = () => {
    if (!entry) return;
    const parsed = StageTimeBody.safeParse({ judgingCode: entry.judgingCode, stage, seconds: (parts.h ?? 0) * 3600 + (parts.m ?? 0) * 60 + (parts.s ?? 0) });
    if (!parsed.success) {
      setError(parsed.error.issues.map((i) => i.message).join('；'));
      return;
    }
    record.mutate(parsed.data);
  };
  const field = (key: 'h' | 'm' | 's', unit: string, max: number) => (
    <InputNumber
      min={0}
      max={max}
      precision={0}
      value={parts[key]}
      onChange={(v) => setParts((p) => ({ ...p, [key]: v }))}
      suffix={unit}
      style={{ width: 120 }}
      data-testid={`time-${key}`}
    />
  );
  return (
    <Modal
      open={entry !== null}
      title={`记录用时 · ${entry?.judgingCode ?? ''} · ${stage}`}
      okText="记录"
      cancelText="取消"
      onOk={submit}
      confirmLoading={record.isPending}
      onCancel={onClose}
      afterOpenChange={(visible) => visible && open(entry)}
      destroyOnHidden
    >
      <Typography.Paragraph type="secondary">用于并列处理“该阶段用时少者在前”；签字确认后不能再修改。</Typography.Paragraph>
      <Flex gap={8} wrap>
        {field('h', '时', Math.floor(MAX_STAGE_SECONDS / 3600))}
        {field('m', '分', 59)}
        {field('s', '秒', 59)}
      </Flex>
      {error && <Alert style={{ marginTop: 12 }} type="error" showIcon title={error} data-testid="time-error" />}
    </Modal>
  );
}

function ChainCard({ eventId }: { eventId: string }) {
  const chain = useChainVerification(eventId);
  return (
    <Card
      title="评分链核验"
      extra={
        <Button icon={<ReloadOutlined />} onClick={() => void chain.refetch()} loading={chain.isFetching} data-testid="chain-verify">
          重新核验
        </Button>
      }
    >
      {chain.isPending ? (
        <Skeleton active paragraph={{ rows: 1 }} />
      ) : chain.isError ? (
        <Alert type="error" showIcon title={errorMessage(chain.error)} />
      ) : chain.data.ok ? (
        <Alert type="success" showIcon icon={<SafetyCertificateOutlined />} title={`评分记录完整，已核验 ${chain.data.checked} 条`} data-testid="chain-result" data-ok="true" />
      ) : (
        <Alert
          type="error"
          showIcon
          title="评分记录校验未通过"
          description={chain.data.brokenAt ? `第 ${chain.data.brokenAt.seq} 条：${chain.data.brokenAt.reason}` : undefined}
          data-testid="chain-result"
          data-ok="false"
        />
      )}
    </Card>
  );
}

/**
 * `/judge/events/:id/review` 裁判长审核: every judge's marks side by side, sign-off, corrections, the
 * chain; during the notice period (成绩公示) also the event's appeals, which the chief decides, and
 * a correction of any judge's mark citing an upheld appeal.
 */
export function JudgeReviewPage() {
  const { id = '' } = useParams();
  const { message } = App.useApp();
  const board = useMarkBoard(id);
  // The sheet carries the event's status (the board does not).
  const sheet = useJudgeSheet(id);
  const eventStatus = sheet.data?.eventStatus;
  const underNotice = eventStatus === 'under_notice';
  const [correcting, setCorrecting] = useState<CorrectionTarget | null>(null);
  const [timing, setTiming] = useState<BoardEntry | null>(null);
  useDocumentTitle('裁判长审核');
  const invalidate = useInvalidateJudging(id);
  const signoff = useMutation({
    mutationFn: (judgingCode: string) =>
      apiRequest(`/api/events/${id}/signoffs`, SignoffView, { method: 'POST', body: { judgingCode, stage: board.data?.stage } }),
    onSuccess: (view) => {
      void message.success(`已签字确认 ${view.judgingCode ?? ''}`);
      invalidate();
    },
    onError: (error) => void message.error(errorMessage(error)),
  });

  if (board.isPending) {
    return (
      <Card>
        <Skeleton active paragraph={{ rows: 8 }} />
      </Card>
    );
  }
  if (board.isError) return <Alert type="error" showIcon title="评分汇总加载失败" description={errorMessage(board.error)} />;
  const data = board.data;
  const judgeName = (userId: string) => data.judges.find((j) => j.userId === userId)?.name ?? '裁判';

  const columns = [
    {
      title: '加密编号',
      key: 'code',
      fixed: 'left' as const,
      render: (_: unknown, entry: BoardEntry) => (
        <Flex vertical gap={4}>
          <span className="dz-judging-code">{entry.judgingCode}</span>
          {entry.flagged && (
            <Tag color="red" icon={<WarningOutlined />}>
              分差超限
            </Tag>
          )}
          {entry.pendingCorrections > 0 && <Tag color="orange">更正待处理 {entry.pendingCorrections}</Tag>}
        </Flex>
      ),
    },
    ...data.aspects.map((aspect) => ({
      title: (
        <div>
          <div>
            {aspect.key} {aspect.title}
          </div>
          <div className="dz-muted" style={{ fontWeight: 400, fontSize: 12 }}>
            {ASPECT_KIND_LABELS[aspect.kind]} · {maxLabel(aspect)}
          </div>
        </div>
      ),
      key: aspect.key,
      onCell: (entry: BoardEntry) => {
        const cell = entry.cells.find((c) => c.aspectKey === aspect.key);
        return { className: cell?.flagged ? 'dz-cell-flagged' : undefined, 'data-testid': `cell-${aspect.key}`, 'data-flagged': String(cell?.flagged ?? false) } as object;
      },
      render: (_: unknown, entry: BoardEntry) => {
        const cell = entry.cells.find((c) => c.aspectKey === aspect.key);
        if (!cell || cell.marks.length === 0) return <span className="dz-muted">未评</span>;
        return (
          <Flex vertical gap={2}>
            {cell.marks.map((m) => (
              <span key={m.markId}>
                <span className="dz-muted">{judgeName(m.judgeUserId)}</span> <strong className="dz-mono">{formatMark(aspect.kind, m.effective)}</strong>
                {m.corrected && <Tag color="purple">已更正</Tag>}
                {m.pending && <Tag color="orange">待批</Tag>}
                {underNotice && !m.pending && (
                  <Button
                    type="link"
                    size="small"
                    onClick={() => setCorrecting({ aspect, markId: m.markId, effective: m.effective, judgingCode: entry.judgingCode })}
                    data-testid="board-correct"
                  >
                    更正
                  </Button>
                )}
              </span>
            ))}
            <span className="dz-muted">
              {aspect.kind === 'judgement' && cell.spread !== null && `分差 ${formatHundredths(cell.spread).replace(/\.00$/, '')} · `}
              得分 {cell.combined === null ? '—' : formatHundredths(cell.combined)}
            </span>
          </Flex>
        );
      },
    })),
    {
      title: '合计',
      key: 'total',
      render: (_: unknown, entry: BoardEntry) => {
        const total = boardTotal(data.aspects, entry.cells);
        return (
          <strong className="dz-mark-value" data-testid="entry-total">
            {total === null ? '—' : formatHundredths(total)}
          </strong>
        );
      },
    },
    {
      title: '用时',
      key: 'time',
      render: (_: unknown, entry: BoardEntry) => (
        <Flex vertical gap={2}>
          <span className="dz-mono" data-testid="entry-time">
            {entry.timeUsed === null ? '—' : formatDuration(entry.timeUsed)}
          </span>
          {!entry.signedOff && (eventStatus === 'running' || eventStatus === 'scoring_closed') && (
            <Button type="link" size="small" style={{ padding: 0 }} onClick={() => setTiming(entry)} data-testid="record-time">
              {entry.timeUsed === null ? '记录用时' : '修改'}
            </Button>
          )}
        </Flex>
      ),
    },
    {
      title: '签字确认',
      key: 'signoff',
      render: (_: unknown, entry: BoardEntry) =>
        entry.signedOff ? (
          <Tag color="green" icon={<CheckCircleOutlined />} data-testid="signed-off">
            已签核
          </Tag>
        ) : (
          <Popconfirm
            title={`确认签字 ${entry.judgingCode} 的「${data.stage}」评分？签字后修改须走更正流程。`}
            okText="签字确认"
            cancelText="取消"
            onConfirm={() => signoff.mutate(entry.judgingCode)}
          >
            <Button type="primary" size="large" loading={signoff.isPending && signoff.variables === entry.judgingCode} data-testid="signoff">
              签字确认
            </Button>
          </Popconfirm>
        ),
    },
  ];

  return (
    <div className="dz-judge dz-review" data-testid="judge-review">
      <Flex justify="space-between" align="center" gap={12} wrap className="dz-judge-head">
        <div>
          <Typography.Title level={3} style={{ margin: 0 }}>
            裁判长审核
          </Typography.Title>
          <Typography.Text type="secondary">
            {data.stage} · {data.judges.length} 名裁判 · 评价项分差超过 1 分标红，须核查后方可签字
          </Typography.Text>
        </div>
        <Flex gap={8}>
          <Button size="large" icon={<ReloadOutlined />} onClick={invalidate} loading={board.isFetching}>
            刷新
          </Button>
          <Link to={`/judge/events/${id}`}>
            <Button size="large" icon={<ArrowLeftOutlined />}>
              返回评分
            </Button>
          </Link>
        </Flex>
      </Flex>
      <Flex vertical gap={16}>
        <Card title="评分汇总" styles={{ body: { padding: 0 } }}>
          <Table
            rowKey="judgingCode"
            dataSource={data.entries}
            columns={columns}
            pagination={false}
            scroll={{ x: 'max-content' }}
            data-testid="mark-board"
            onRow={(entry) => ({ 'data-code': entry.judgingCode, 'data-testid': 'board-row' }) as object}
            locale={{ emptyText: '暂无选手' }}
          />
        </Card>
        {(eventStatus === 'under_notice' || eventStatus === 'final') && (
          <AppealsCard eventId={id} canDecide={underNotice} decideNote="成绩确定后不再处理申诉。" />
        )}
        <CorrectionsCard eventId={id} board={data} />
        <ChainCard eventId={id} />
      </Flex>
      <CorrectionModal eventId={id} target={correcting} onClose={() => setCorrecting(null)} underNotice={underNotice} />
      <TimeModal eventId={id} stage={data.stage} entry={timing} onClose={() => setTiming(null)} />
    </div>
  );
}
