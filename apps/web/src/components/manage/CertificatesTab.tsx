import {
  CERTIFICATE_BATCH_STATUS_LABELS,
  CERTIFICATE_KIND_NAMES,
  CERTIFICATE_KIND_VALUES,
  CertificateBatchView,
  CertificateView,
  type CertificateKind,
  type ManagedEvent,
} from '@dz/contracts';
import { DownloadOutlined, FileZipOutlined, SafetyCertificateOutlined, StopOutlined } from '@ant-design/icons';
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
  Progress,
  Row,
  Select,
  Skeleton,
  Statistic,
  Table,
  Tag,
  Typography,
  type ButtonProps,
  type TableColumnsType,
} from 'antd';
import { useEffect, useState } from 'react';
import { Link } from 'react-router';
import { apiRequest, errorMessage } from '../../lib/api';
import { useDownload } from '../../lib/download';
import { useRoles } from '../../lib/auth';
import {
  activeBatch,
  awardText,
  BATCH_STATUS_COLORS,
  batchFinished,
  batchPercent,
  certificateBatchKey,
  certificateFileName,
  CERTIFICATE_KIND_COLORS,
  eventCertificatesPrefix,
  kindCounts,
  revokeBody,
  useCertificateBatch,
  useEventCertificates,
  verifyPath,
  type CertificateListState,
} from '../../lib/certificates';
import { formatDate, formatDateTime } from '../../lib/format';

/** 撤销 with a reason (bureau only): the certificate stays, and its verification page says revoked. */
function RevokeModal({ target, onClose }: { target: CertificateView | null; onClose: () => void }) {
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const revoke = useMutation({
    mutationFn: ({ id, body }: { id: string; body: unknown }) => apiRequest(`/api/certificates/${id}/revocation`, CertificateView, { method: 'POST', body }),
  });
  const close = () => {
    setReason('');
    setError(null);
    setProblem(null);
    onClose();
  };
  return (
    <Modal
      open={target !== null}
      title={target ? `撤销证书：${target.number}（${target.personName}）` : '撤销证书'}
      okText="确认撤销"
      cancelText="取消"
      okButtonProps={{ danger: true, loading: revoke.isPending, 'data-testid': 'revoke-submit' } as ButtonProps}
      onCancel={close}
      onOk={() => {
        if (!target) return;
        const parsed = revokeBody(reason);
        if (!parsed.ok) {
          setError(parsed.errors.reason ?? Object.values(parsed.errors)[0]);
          return;
        }
        revoke.mutate(
          { id: target.id, body: parsed.body },
          {
            onSuccess: () => {
              void message.success('证书已撤销');
              void queryClient.invalidateQueries({ queryKey: eventCertificatesPrefix(target.eventId) });
              close();
            },
            onError: (e) => setProblem(errorMessage(e)),
          },
        );
      }}
      destroyOnHidden
    >
      <Typography.Paragraph type="secondary">
        撤销后证书编号保留，扫码查验将显示“证书已撤销”及撤销原因；撤销不可恢复，同一人同一奖项也不会重新发证。
      </Typography.Paragraph>
      {problem && <Alert type="error" showIcon title={problem} style={{ marginBottom: 12 }} data-testid="revoke-error" />}
      <Form layout="vertical">
        <Form.Item label="撤销原因" required validateStatus={error ? 'error' : undefined} help={error}>
          <Input.TextArea
            rows={3}
            maxLength={500}
            showCount
            value={reason}
            onChange={(e) => {
              setReason(e.target.value);
              setError(null);
            }}
            placeholder="如：经复核成绩更正，原奖项不再成立"
            data-testid="revoke-reason"
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** The batch being issued: a progress bar fed by the socket pushes and polling. */
function BatchProgressCard({ batch }: { batch: CertificateBatchView }) {
  const finished = batchFinished(batch.status);
  return (
    <Card
      size="small"
      title={finished ? '证书生成结果' : '正在生成证书'}
      data-testid="certificates-progress"
      data-status={batch.status}
      extra={<Tag color={BATCH_STATUS_COLORS[batch.status]}>{CERTIFICATE_BATCH_STATUS_LABELS[batch.status]}</Tag>}
    >
      <Progress
        percent={batchPercent(batch)}
        status={batch.status === 'failed' ? 'exception' : batch.status === 'done' ? 'success' : 'active'}
        // The number stays readable when done or failed (Ant Design would show only an icon).
        format={(percent) => `${percent ?? 0}%`}
        data-testid="certificates-progress-bar"
      />
      <Typography.Paragraph type="secondary" style={{ margin: '4px 0 0' }} data-testid="certificates-progress-text">
        已生成 {batch.issued} / {batch.total} 份 · 分块 {batch.chunksDone} / {batch.chunks} · 依据第 {batch.resultsVersion} 版成绩
      </Typography.Paragraph>
      {batch.status === 'failed' && batch.message && <Alert type="error" showIcon title="证书生成失败" description={batch.message} style={{ marginTop: 12 }} />}
      {batch.status === 'done' && batch.total === 0 && <Alert type="info" showIcon title="没有需要新生成的证书" style={{ marginTop: 12 }} />}
    </Card>
  );
}

/**
 * 证书: an event's certificates once its results are final. The bureau issues them in one batch
 * (live progress), revokes one with a reason; the bureau and the event's department list them,
 * download one PDF or all as a ZIP (with 成绩表.xlsx).
 */
export function CertificatesTab({ event }: { event: ManagedEvent }) {
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const isBureau = useRoles()?.includes('bureau_admin') ?? false;
  const [list, setList] = useState<CertificateListState>({ page: 1, pageSize: 50 });
  const [search, setSearch] = useState('');
  const certificates = useEventCertificates(event.id, list, { pollWhileIssuing: !isBureau });
  const [startedId, setStartedId] = useState<string | null>(null);
  const listed = certificates.data ? activeBatch(certificates.data.batches) : null;
  // The bureau follows the batch started here, else one still running (started elsewhere, or
  // before a reload). A batch's own address is the bureau's: the department sees the one in the
  // list, which is polled while it runs.
  const followedId = isBureau ? (startedId ?? listed?.id ?? null) : null;
  const batch = useCertificateBatch(followedId, event.id);
  const shownBatch = isBureau ? batch.data : (listed ?? undefined);
  const [revoking, setRevoking] = useState<CertificateView | null>(null);
  const { busy: downloading, download } = useDownload();

  const finished = batch.data ? batchFinished(batch.data.status) : false;
  // Once the batch is over, the counts, the history and the list have changed.
  useEffect(() => {
    if (!finished) return;
    void queryClient.invalidateQueries({ queryKey: eventCertificatesPrefix(event.id) });
  }, [finished, event.id, queryClient]);

  const issue = useMutation({
    mutationFn: () => apiRequest(`/api/events/${event.id}/certificates/batches`, CertificateBatchView, { method: 'POST' }),
    onSuccess: (view) => {
      queryClient.setQueryData(certificateBatchKey(view.id), view);
      setStartedId(view.id);
      void message.success('已开始生成证书，可在下方查看进度');
      void queryClient.invalidateQueries({ queryKey: eventCertificatesPrefix(event.id) });
    },
    onError: (e) => void message.error(errorMessage(e)),
  });

  if (certificates.isPending) return <Skeleton active paragraph={{ rows: 8 }} />;
  if (certificates.isError) {
    return (
      <Alert
        type="error"
        showIcon
        title="证书加载失败"
        description={errorMessage(certificates.error)}
        action={<Button onClick={() => void certificates.refetch()}>重试</Button>}
        data-testid="certificates-error"
      />
    );
  }

  const data = certificates.data;
  const running = shownBatch !== undefined && !batchFinished(shownBatch.status);
  const remaining = Math.max(0, data.planned - data.issued);
  // Every planned certificate exists: nothing to issue until the final results call for more.
  const complete = data.issuable && data.planned > 0 && remaining === 0;

  const columns: TableColumnsType<CertificateView> = [
    {
      title: '证书编号 / 发证日期',
      dataIndex: 'number',
      width: 170,
      render: (n: string, c) => (
        <Flex vertical>
          <span className="dz-mono" style={{ whiteSpace: 'nowrap' }} data-testid="certificate-number">
            {n}
          </span>
          <span className="dz-muted">{formatDate(c.issuedAt)}</span>
        </Flex>
      ),
    },
    { title: '类型', dataIndex: 'kind', width: 96, render: (k: CertificateKind) => <Tag color={CERTIFICATE_KIND_COLORS[k]}>{CERTIFICATE_KIND_NAMES[k]}</Tag> },
    { title: '姓名', dataIndex: 'personName', width: 90, render: (n: string) => <span data-testid="certificate-name">{n}</span> },
    { title: '身份证号', dataIndex: 'idNumberMasked', width: 176, render: (n: string) => <span className="dz-mono" style={{ whiteSpace: 'nowrap' }}>{n}</span> },
    { title: '奖项 / 称号', key: 'award', width: 130, render: (_, c) => awardText(c) },
    {
      title: '状态',
      key: 'state',
      render: (_, c) =>
        c.revoked ? (
          <Flex vertical gap={2}>
            <Tag color="red" style={{ width: 'fit-content' }} data-testid="certificate-revoked-tag">
              已撤销
            </Tag>
            <Typography.Text type="secondary" style={{ fontSize: 12 }} data-testid="certificate-revoked-reason">
              {c.revoked.reason}（{formatDate(c.revoked.at)}
              {c.revoked.byName ? ` · ${c.revoked.byName}` : ''}）
            </Typography.Text>
          </Flex>
        ) : (
          <Tag color="green">有效</Tag>
        ),
    },
    {
      title: '操作',
      key: 'actions',
      fixed: 'right',
      width: isBureau ? 196 : 140,
      render: (_, c) => (
        <Flex gap={4} align="center">
          <Button
            size="small"
            icon={<DownloadOutlined />}
            loading={downloading === c.id}
            onClick={() => download(c.id, `/api/certificates/${c.id}/file`, certificateFileName(c))}
            data-testid="certificate-download"
          >
            PDF
          </Button>
          <Link to={verifyPath(c.number)} target="_blank" style={{ padding: '0 6px', lineHeight: '24px' }} data-testid="certificate-verify">
            <SafetyCertificateOutlined /> 查验
          </Link>
          {isBureau && !c.revoked && (
            <Button size="small" danger type="text" icon={<StopOutlined />} onClick={() => setRevoking(c)} data-testid="certificate-revoke">
              撤销
            </Button>
          )}
        </Flex>
      ),
    },
  ];

  const batchColumns: TableColumnsType<CertificateBatchView> = [
    { title: '开始时间', dataIndex: 'createdAt', render: (at: string, b) => `${formatDateTime(at)}${b.createdByName ? ` · ${b.createdByName}` : ''}` },
    { title: '成绩版本', dataIndex: 'resultsVersion', render: (v: number) => `第 ${v} 版` },
    { title: '状态', dataIndex: 'status', render: (s: CertificateBatchView['status']) => <Tag color={BATCH_STATUS_COLORS[s]}>{CERTIFICATE_BATCH_STATUS_LABELS[s]}</Tag> },
    { title: '已生成 / 应生成', key: 'count', render: (_, b) => `${b.issued} / ${b.total}` },
    { title: '完成时间', dataIndex: 'finishedAt', render: (at: string | null) => (at ? formatDateTime(at) : '—') },
    { title: '说明', dataIndex: 'message', render: (m: string | null) => m ?? '—' },
  ];

  return (
    <Flex vertical gap={12} data-testid="certificates-tab">
      {!data.issuable && (
        <Alert type="info" showIcon title="暂不能发证" description={data.notIssuableReason ?? '成绩确定后才能生成证书'} data-testid="certificates-not-issuable" />
      )}
      <Card size="small" title="证书概况">
        <Row gutter={[12, 12]}>
          <Col xs={8} md={4}>
            <Statistic title="应发" value={data.planned} data-testid="certificates-planned" />
          </Col>
          <Col xs={8} md={4}>
            <Statistic title="已发" value={data.issued} data-testid="certificates-issued" />
          </Col>
          <Col xs={8} md={4}>
            <Statistic
              title="已撤销"
              value={data.revoked}
              styles={{ content: { color: data.revoked > 0 ? '#cf1322' : undefined } }}
              data-testid="certificates-revoked"
            />
          </Col>
          <Col xs={24} md={12}>
            <Typography.Text type="secondary">按类型（已发）</Typography.Text>
            <Flex gap={8} wrap style={{ marginTop: 8 }} data-testid="certificates-by-kind">
              {kindCounts(data.byKind).map(({ kind, count }) => (
                <Tag key={kind} color={CERTIFICATE_KIND_COLORS[kind]} data-kind={kind}>
                  {CERTIFICATE_KIND_NAMES[kind]} {count}
                </Tag>
              ))}
            </Flex>
          </Col>
        </Row>
        <Flex gap={8} wrap align="center" style={{ marginTop: 16 }}>
          {isBureau && (
            <Popconfirm
              title="一键生成证书"
              description={`将依据最终成绩为尚未发证的人员生成证书（约 ${remaining} 份），已发的证书不会重复生成。`}
              okText="开始生成"
              cancelText="取消"
              disabled={!data.issuable || running || complete}
              onConfirm={() => issue.mutate()}
            >
              <Button
                type="primary"
                icon={<SafetyCertificateOutlined />}
                disabled={!data.issuable || running || complete}
                loading={issue.isPending}
                data-testid="certificates-issue"
              >
                一键生成证书
              </Button>
            </Popconfirm>
          )}
          <Button
            icon={<FileZipOutlined />}
            disabled={data.issued === 0}
            loading={downloading === 'zip'}
            onClick={() => download('zip', `/api/events/${event.id}/certificates.zip`, `${event.title}-证书.zip`)}
            data-testid="certificates-zip"
          >
            下载全部（ZIP）
          </Button>
          {isBureau && running && <Typography.Text type="secondary">证书正在生成，请稍候。</Typography.Text>}
          {isBureau && !running && complete && (
            <Typography.Text type="secondary" data-testid="certificates-complete">
              本赛项的 {data.planned} 张证书均已生成。
            </Typography.Text>
          )}
          {!isBureau && <Typography.Text type="secondary">证书由市人社局统一生成和撤销。</Typography.Text>}
        </Flex>
      </Card>

      {shownBatch && <BatchProgressCard batch={shownBatch} />}
      {batch.isError && <Alert type="warning" showIcon title="生成进度暂时无法获取" description={errorMessage(batch.error)} />}

      <Card size="small" title="证书列表" styles={{ body: { padding: 0 } }}>
        <Flex gap={8} wrap style={{ padding: 12 }}>
          <Select<CertificateKind>
            placeholder="全部类型"
            allowClear
            style={{ width: 160 }}
            value={list.kind}
            onChange={(kind) => setList((s) => ({ ...s, page: 1, kind: kind ?? undefined }))}
            options={CERTIFICATE_KIND_VALUES.map((k) => ({ value: k, label: CERTIFICATE_KIND_NAMES[k] }))}
            aria-label="证书类型"
            data-testid="certificates-kind"
          />
          <Input.Search
            placeholder="证书编号或姓名"
            allowClear
            maxLength={50}
            style={{ maxWidth: 320 }}
            value={search}
            onChange={(e) => setSearch(e.target.value)}
            onSearch={(q) => setList((s) => ({ ...s, page: 1, q: q.trim() || undefined }))}
            data-testid="certificates-search"
          />
        </Flex>
        <Table<CertificateView>
          rowKey="id"
          size="small"
          columns={columns}
          dataSource={data.items}
          loading={certificates.isFetching && certificates.isPlaceholderData}
          scroll={{ x: 1020 }}
          onRow={(c) => ({ 'data-testid': 'certificate-row', 'data-number': c.number, 'data-revoked': c.revoked ? 'true' : 'false' }) as object}
          pagination={{
            current: data.page,
            pageSize: data.pageSize,
            total: data.total,
            showSizeChanger: true,
            pageSizeOptions: [20, 50, 100, 200],
            showTotal: (total) => `共 ${total} 份`,
            onChange: (page, pageSize) => setList((s) => ({ ...s, page, pageSize })),
          }}
          locale={{ emptyText: list.q || list.kind ? '没有符合条件的证书' : '尚未生成证书' }}
          data-testid="certificates-table"
        />
      </Card>

      {data.batches.length > 0 && (
        <Card size="small" title="生成记录" styles={{ body: { padding: 0 } }}>
          <Table<CertificateBatchView>
            rowKey="id"
            size="small"
            columns={batchColumns}
            dataSource={data.batches}
            pagination={false}
            scroll={{ x: 760 }}
            data-testid="certificates-batches"
          />
        </Card>
      )}

      <RevokeModal target={revoking} onClose={() => setRevoking(null)} />
    </Flex>
  );
}
