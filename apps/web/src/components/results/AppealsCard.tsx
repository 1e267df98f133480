import { APPEAL_STATUS_LABELS, AppealView, type AppealView as Appeal } from '@dz/contracts';
import { PaperClipOutlined, ReloadOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Empty, Flex, Form, Input, Modal, Radio, Table, Tag, Typography, type ButtonProps, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { apiRequest, errorMessage } from '../../lib/api';
import { useDownload } from '../../lib/download';
import { formatDateTime } from '../../lib/format';
import { APPEAL_STATUS_COLORS, decisionBody, formatBytes, resultsKey, useEventAppeals } from '../../lib/results';

/** An appeal's files, each downloaded with the bearer token. */
export function AppealAttachments({ appeal }: { appeal: Appeal }) {
  const { busy, download } = useDownload();
  if (appeal.attachments.length === 0) return <span className="dz-muted">无</span>;
  return (
    <Flex vertical gap={2}>
      {appeal.attachments.map((file) => (
        <Button
          key={file.id}
          type="link"
          size="small"
          icon={<PaperClipOutlined />}
          loading={busy === file.id}
          style={{ padding: 0, height: 'auto' }}
          data-testid="appeal-attachment"
          onClick={() => download(file.id, `/api/appeals/${appeal.id}/attachments/${file.id}`, file.fileName)}
        >
          {file.fileName}（{formatBytes(file.sizeBytes)}）
        </Button>
      ))}
    </Flex>
  );
}

/** The decision on one appeal: 成立 / 不成立 with a written answer the contestant reads. */
function DecisionModal({ appeal, onClose }: { appeal: Appeal | null; onClose: () => void }) {
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [outcome, setOutcome] = useState<'upheld' | 'rejected' | null>(null);
  const [answer, setAnswer] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [problem, setProblem] = useState<string | null>(null);
  const decide = useMutation({
    mutationFn: ({ id, body }: { id: string; body: unknown }) => apiRequest(`/api/appeals/${id}/decision`, AppealView, { method: 'POST', body }),
  });
  const close = () => {
    setOutcome(null);
    setAnswer('');
    setErrors({});
    setProblem(null);
    onClose();
  };
  const onOk = () => {
    if (!appeal) return;
    const parsed = decisionBody(outcome, answer);
    if (!parsed.ok) {
      setErrors(parsed.errors);
      return;
    }
    setErrors({});
    decide.mutate(
      { id: appeal.id, body: parsed.body },
      {
        onSuccess: (view) => {
          void message.success(`已答复：${APPEAL_STATUS_LABELS[view.status]}`);
          void queryClient.invalidateQueries({ queryKey: resultsKey(appeal.eventId) });
          close();
        },
        onError: (error) => setProblem(errorMessage(error)),
      },
    );
  };
  return (
    <Modal
      open={appeal !== null}
      title={appeal ? `处理申诉：${appeal.entryNumber} 号 ${appeal.contestantName}` : '处理申诉'}
      okText="提交答复"
      cancelText="取消"
      okButtonProps={{ loading: decide.isPending, 'data-testid': 'decision-submit' } as ButtonProps}
      onOk={onOk}
      onCancel={close}
      destroyOnHidden
      data-testid="decision-modal"
    >
      {appeal && (
        <Typography.Paragraph>
          <Typography.Text type="secondary">申诉理由：</Typography.Text>
          {appeal.reason}
        </Typography.Paragraph>
      )}
      {problem && <Alert type="error" showIcon title={problem} style={{ marginBottom: 12 }} data-testid="decision-error" />}
      <Form layout="vertical">
        <Form.Item label="处理结果" required validateStatus={errors.outcome ? 'error' : undefined} help={errors.outcome}>
          <Radio.Group value={outcome} onChange={(e) => {
              setOutcome(e.target.value as 'upheld' | 'rejected');
              setErrors(({ outcome: _, ...rest }) => rest);
            }} data-testid="decision-outcome">
            <Radio.Button value="upheld">申诉成立</Radio.Button>
            <Radio.Button value="rejected">申诉不成立</Radio.Button>
          </Radio.Group>
        </Form.Item>
        <Form.Item
          label="书面答复"
          required
          validateStatus={errors.answer ? 'error' : undefined}
          help={errors.answer ?? (outcome === 'upheld' ? '申诉成立后，由裁判长依据本申诉更正评分，再重新计算并公示成绩。' : undefined)}
        >
          <Input.TextArea rows={4} maxLength={1000} showCount value={answer}
            onChange={(e) => {
              setAnswer(e.target.value);
              setErrors(({ answer: _, ...rest }) => rest);
            }} placeholder="答复将通知申诉人" data-testid="decision-answer" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/**
 * An event's appeals (申诉) with their files and answers; `canDecide` lets this person answer
 * open ones (the chief judge or the bureau, during the notice). `decideNote` says why not.
 */
export function AppealsCard({ eventId, canDecide, decideNote }: { eventId: string; canDecide: boolean; decideNote?: string }) {
  const appeals = useEventAppeals(eventId);
  const [deciding, setDeciding] = useState<Appeal | null>(null);
  const items = appeals.data?.items ?? [];
  const open = items.filter((a) => a.status === 'open').length;
  const columns: TableColumnsType<Appeal> = [
    {
      title: '选手',
      key: 'who',
      render: (_, a) => (
        <Flex vertical>
          <span>
            {a.entryNumber} 号 {a.contestantName}
          </span>
          {a.judgingCode && <span className="dz-muted dz-mono">{a.judgingCode}</span>}
        </Flex>
      ),
    },
    {
      title: '申诉理由',
      dataIndex: 'reason',
      render: (reason: string, a) => (
        <Flex vertical gap={2}>
          <span style={{ whiteSpace: 'pre-wrap' }}>{reason}</span>
          <span className="dz-muted">
            {formatDateTime(a.createdAt)}
            {a.filedAgainstVersion !== null && ` · 针对第 ${a.filedAgainstVersion} 版`}
          </span>
        </Flex>
      ),
    },
    { title: '附件', key: 'files', render: (_, a) => <AppealAttachments appeal={a} /> },
    {
      title: '状态',
      dataIndex: 'status',
      render: (status: Appeal['status']) => (
        <Tag color={APPEAL_STATUS_COLORS[status]} data-testid="appeal-status">
          {APPEAL_STATUS_LABELS[status]}
        </Tag>
      ),
    },
    {
      title: '答复',
      key: 'answer',
      render: (_, a) =>
        a.answer ? (
          <Flex vertical gap={2}>
            <span style={{ whiteSpace: 'pre-wrap' }}>{a.answer}</span>
            <span className="dz-muted">
              {a.decidedByName ?? ''} {a.decidedAt ? formatDateTime(a.decidedAt) : ''}
            </span>
          </Flex>
        ) : (
          <span className="dz-muted">—</span>
        ),
    },
    {
      title: '操作',
      key: 'action',
      render: (_, a) =>
        a.status === 'open' && canDecide ? (
          <Button type="primary" onClick={() => setDeciding(a)} data-testid="appeal-decide">
            处理
          </Button>
        ) : null,
    },
  ];
  return (
    <Card
      size="small"
      title={
        <span>
          成绩申诉{' '}
          {open > 0 && (
            <Tag color="orange" data-testid="appeals-open">
              待处理 {open}
            </Tag>
          )}
        </span>
      }
      extra={
        <Button size="small" icon={<ReloadOutlined />} onClick={() => void appeals.refetch()} loading={appeals.isFetching}>
          刷新
        </Button>
      }
      data-testid="appeals-card"
    >
      {!canDecide && decideNote && open > 0 && <Alert type="info" showIcon title={decideNote} style={{ marginBottom: 12 }} />}
      {appeals.isError ? (
        <Alert type="error" showIcon title="申诉加载失败" description={errorMessage(appeals.error)} />
      ) : (
        <Table
          rowKey="id"
          size="small"
          loading={appeals.isPending}
          dataSource={items}
          columns={columns}
          pagination={false}
          scroll={{ x: 'max-content' }}
          onRow={(a) => ({ 'data-testid': 'appeal-row', 'data-status': a.status }) as object}
          locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="暂无申诉" /> }}
        />
      )}
      <DecisionModal appeal={deciding} onClose={() => setDeciding(null)} />
    </Card>
  );
}
