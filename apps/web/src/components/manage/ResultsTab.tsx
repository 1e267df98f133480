import {
  RESULT_CAUSE_LABELS,
  ResultsJobView,
  ResultsOverview,
  type ManagedEvent,
  type ResultRow,
  type ResultVersionSummary,
  type TierOutcomeView,
} from '@dz/contracts';
import { CalculatorOutlined, CheckCircleOutlined, DownloadOutlined, FilePdfOutlined, ReloadOutlined, StopOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  DatePicker,
  Descriptions,
  Empty,
  Flex,
  Form,
  Input,
  Modal,
  Popconfirm,
  Progress,
  Select,
  Skeleton,
  Table,
  Tag,
  Typography,
  type ButtonProps,
  type TableColumnsType,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect, useState } from 'react';
import { apiRequest, errorMessage } from '../../lib/api';
import { useDownload } from '../../lib/download';
import { useRoles } from '../../lib/auth';
import { formatDateTime } from '../../lib/format';
import { entryPeopleText, managedEventKey, useEventEntries, usePublicEvent } from '../../lib/registration';
import {
  apartText,
  chinaToday,
  computeBlocker,
  computeCause,
  DISQUALIFIABLE_STATUSES,
  disqualifyBody,
  finaliseBlocker,
  formatTotal,
  hashPrefix,
  noticeBlocker,
  noticeBody,
  noticePeriodText,
  resultsJobKey,
  resultsKey,
  resultsOverviewKey,
  splitRows,
  stageNamesOf,
  upgradeText,
  useResultsJob,
  useResultsOverview,
} from '../../lib/results';
import { AppealsCard } from '../results/AppealsCard';
import { StatusTag } from '../StatusTag';

interface DisqualifyTarget {
  entryId: string;
  label: string;
}

/** 取消资格 with a reason (the API writes it with its audit record). */
function DisqualifyModal({ event, target, onClose }: { event: ManagedEvent; target: DisqualifyTarget | null; onClose: () => void }) {
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const save = useMutation({
    mutationFn: ({ entryId, body }: { entryId: string; body: unknown }) =>
      apiRequest(`/api/events/${event.id}/entries/${entryId}/disqualification`, ResultsOverview, { method: 'POST', body }),
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
      title={target ? `取消资格：${target.label}` : '取消资格'}
      okText="确认取消资格"
      cancelText="取消"
      okButtonProps={{ danger: true, loading: save.isPending, 'data-testid': 'disqualify-submit' } as ButtonProps}
      onCancel={close}
      onOk={() => {
        if (!target) return;
        const parsed = disqualifyBody(reason);
        if (!parsed.ok) {
          setError(parsed.errors.reason ?? Object.values(parsed.errors)[0]);
          return;
        }
        save.mutate(
          { entryId: target.entryId, body: parsed.body },
          {
            onSuccess: (overview) => {
              queryClient.setQueryData(resultsOverviewKey(event.id), overview);
              void message.success('已取消资格；请重新计算成绩');
              close();
            },
            onError: (e) => setProblem(errorMessage(e)),
          },
        );
      }}
      destroyOnHidden
    >
      <Typography.Paragraph type="secondary">取消资格的选手不参加排名和评奖，在成绩表中单列并注明理由。公示前可以恢复。</Typography.Paragraph>
      {problem && <Alert type="error" showIcon title={problem} style={{ marginBottom: 12 }} data-testid="disqualify-error" />}
      <Form layout="vertical">
        <Form.Item label="理由" required validateStatus={error ? 'error' : undefined} help={error}>
          <Input.TextArea rows={3} maxLength={200} showCount value={reason} onChange={(e) => {
              setReason(e.target.value);
              setError(null);
            }}
            placeholder="如：携带违禁工具进入赛场" data-testid="disqualify-reason" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** While the event runs (no results yet), 取消资格 picks an approved entry from the list. */
function DisqualifyPicker({ event, onPick }: { event: ManagedEvent; onPick: (t: DisqualifyTarget) => void }) {
  const entries = useEventEntries(event.id, { status: 'approved' }, { current: 1, pageSize: 500 });
  const [entryId, setEntryId] = useState<string | null>(null);
  const options = (entries.data?.items ?? []).map((e) => ({ value: e.id, label: `${e.number} 号 ${entryPeopleText(e)}` }));
  return (
    <Flex gap={8} wrap align="center">
      <Select
        showSearch={{ optionFilterProp: 'label' }}
        style={{ minWidth: 260 }}
        placeholder="选择选手"
        loading={entries.isPending}
        options={options}
        value={entryId}
        onChange={setEntryId}
        data-testid="disqualify-entry"
      />
      <Button
        danger
        icon={<StopOutlined />}
        disabled={!entryId}
        onClick={() => entryId && onPick({ entryId, label: options.find((o) => o.value === entryId)?.label ?? '' })}
      >
        取消资格
      </Button>
    </Flex>
  );
}

function TiersCard({ tiers }: { tiers: TierOutcomeView[] }) {
  if (tiers.length === 0) return null;
  return (
    <Card size="small" title="奖项名额" data-testid="results-tiers">
      <Table
        rowKey="name"
        size="small"
        pagination={false}
        dataSource={tiers}
        columns={[
          { title: '奖项', dataIndex: 'name' },
          { title: '设置', key: 'rule', render: (_, t) => `${t.mode === 'ratio' ? `有效人数的 ${t.value}%` : `${t.value} 名`}，最低 ${t.minScore} 分` },
          { title: '名额', dataIndex: 'allowed' },
          { title: '获奖', dataIndex: 'awarded', render: (n: number) => <strong data-testid="tier-awarded">{n}</strong> },
        ]}
      />
    </Card>
  );
}

/**
 * 成绩: the event's computed results (versions from the results job), the notice period
 * (成绩公示, set by the bureau), the final results, 取消资格, the exports and the appeals.
 */
export function ResultsTab({ event }: { event: ManagedEvent }) {
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const roles = useRoles() ?? [];
  const isBureau = roles.includes('bureau_admin');
  const overview = useResultsOverview(event.id);
  // The event's stages in order, with their weights (its public page carries them).
  const detail = usePublicEvent(event.id);
  const [jobId, setJobId] = useState<string | null>(null);
  const job = useResultsJob(event.id, jobId);
  const [disqualifying, setDisqualifying] = useState<DisqualifyTarget | null>(null);
  // The period picked, as China calendar days; a week from today until a notice says otherwise.
  const [range, setRange] = useState<[Dayjs | null, Dayjs | null] | null>(() => [dayjs(chinaToday()), dayjs(chinaToday()).add(7, 'day')]);
  const [noticeError, setNoticeError] = useState<string | null>(null);
  const { busy: downloading, download } = useDownload();

  const refreshAll = () => {
    void queryClient.invalidateQueries({ queryKey: resultsKey(event.id) });
    void queryClient.invalidateQueries({ queryKey: managedEventKey(event.id) });
  };

  // The job finished: show the new version (or say the inputs had not changed).
  const jobState = job.data?.state;
  useEffect(() => {
    if (!jobId || !job.data) return;
    if (job.data.state === 'completed') {
      void message.success(`成绩计算完成：第 ${job.data.version ?? '—'} 版`);
      void queryClient.invalidateQueries({ queryKey: resultsKey(event.id) });
    } else if (job.data.state === 'failed') {
      void message.error(`成绩计算失败：${job.data.error ?? ''}`);
    }
    // Once per finished job: the effect reads the job's data only when its state changes.
  }, [jobId, jobState]);

  // Once a notice exists the picker shows its period (to change it, or to publish a newer version).
  const noticedFrom = overview.data?.notice?.startsOn;
  const noticedTo = overview.data?.notice?.endsOn;
  useEffect(() => {
    if (noticedFrom && noticedTo) setRange([dayjs(noticedFrom), dayjs(noticedTo)]);
  }, [noticedFrom, noticedTo]);

  const compute = useMutation({
    mutationFn: (cause: string) => apiRequest(`/api/events/${event.id}/results/compute`, ResultsJobView, { method: 'POST', body: { cause } }),
    onSuccess: (queued) => {
      queryClient.setQueryData(resultsJobKey(event.id, queued.jobId), queued);
      setJobId(queued.jobId);
    },
    onError: (e) => void message.error(errorMessage(e)),
  });
  const notice = useMutation({
    mutationFn: (body: unknown) => apiRequest(`/api/events/${event.id}/results/notice`, ResultsOverview, { method: 'POST', body }),
    onSuccess: (next) => {
      queryClient.setQueryData(resultsOverviewKey(event.id), next);
      refreshAll();
      setNoticeError(null);
      void message.success(`第 ${next.notice?.version ?? ''} 版成绩已公示`);
    },
    onError: (e) => setNoticeError(errorMessage(e)),
  });
  const finalise = useMutation({
    mutationFn: (version: number) => apiRequest(`/api/events/${event.id}/results/final`, ResultsOverview, { method: 'POST', body: { version } }),
    onSuccess: (next) => {
      queryClient.setQueryData(resultsOverviewKey(event.id), next);
      refreshAll();
      void message.success('成绩已确定');
    },
    onError: (e) => void message.error(errorMessage(e)),
  });
  const lift = useMutation({
    mutationFn: (entryId: string) =>
      apiRequest(`/api/events/${event.id}/entries/${entryId}/disqualification`, ResultsOverview, { method: 'POST', body: { disqualified: false, reason: null } }),
    onSuccess: (next) => {
      queryClient.setQueryData(resultsOverviewKey(event.id), next);
      void message.success('已恢复资格；请重新计算成绩');
    },
    onError: (e) => void message.error(errorMessage(e)),
  });

  if (overview.isPending) return <Skeleton active paragraph={{ rows: 8 }} />;
  if (overview.isError) {
    return (
      <Alert
        type="error"
        showIcon
        title="成绩加载失败"
        description={errorMessage(overview.error)}
        action={<Button onClick={() => void overview.refetch()}>重试</Button>}
      />
    );
  }

  const data = overview.data;
  const latest = data.latest;
  const status = event.status;
  const canDisqualify = DISQUALIFIABLE_STATUSES.includes(status);
  const computeProblem = computeBlocker(status);
  const running = jobId !== null && job.data !== undefined && (job.data.state === 'waiting' || job.data.state === 'active');
  const noticeProblem = noticeBlocker(data, status);
  const finalProblem = finaliseBlocker(data, status, chinaToday());
  const cause = computeCause(data, status);
  const eventStages = detail.data?.stages ?? [];
  const stages = latest ? stageNamesOf(latest.rows, eventStages) : [];
  const weightOf = (name: string) => eventStages.find((s) => s.name === name)?.weight;
  const { ranked, apart } = latest ? splitRows(latest.rows) : { ranked: [], apart: [] };

  const downloads = (version: number) => (
    <Flex gap={4} wrap>
      <Button
        size="small"
        icon={<DownloadOutlined />}
        loading={downloading === `x${version}`}
        onClick={() => download(`x${version}`, `/api/events/${event.id}/results/versions/${version}/export.xlsx`, `${event.title}-成绩-第${version}版.xlsx`)}
        data-testid={`download-xlsx-${version}`}
      >
        Excel
      </Button>
      <Button
        size="small"
        icon={<FilePdfOutlined />}
        loading={downloading === `p${version}`}
        onClick={() => download(`p${version}`, `/api/events/${event.id}/results/versions/${version}/notice.pdf`, `${event.title}-成绩-第${version}版-公示名单.pdf`)}
        data-testid={`download-pdf-${version}`}
      >
        公示名单 PDF
      </Button>
    </Flex>
  );

  const versionColumns: TableColumnsType<ResultVersionSummary> = [
    { title: '版本', dataIndex: 'version', render: (v: number) => `第 ${v} 版` },
    { title: '原因', dataIndex: 'cause', render: (c: ResultVersionSummary['cause']) => RESULT_CAUSE_LABELS[c] },
    { title: '计算时间', dataIndex: 'createdAt', render: (at: string, v) => `${formatDateTime(at)}${v.createdByName ? ` · ${v.createdByName}` : ''}` },
    { title: '输入摘要', dataIndex: 'inputsHash', render: (h: string) => <span className="dz-mono" title={h}>{hashPrefix(h)}</span> },
    { title: '有效人数', dataIndex: 'validCount' },
    {
      title: '状态',
      key: 'state',
      render: (_, v) => (
        <Flex gap={4}>
          {data.final?.version === v.version && <Tag color="green">已确定</Tag>}
          {data.notice?.version === v.version && !data.final && <Tag color="blue">公示中</Tag>}
          {latest?.version === v.version && <Tag>最新</Tag>}
        </Flex>
      ),
    },
    { title: '下载', key: 'download', render: (_, v) => downloads(v.version) },
  ];

  const resultColumns: TableColumnsType<ResultRow> = [
    { title: '名次', dataIndex: 'rank', fixed: 'left', render: (r: number | null) => <strong data-testid="result-rank">{r ?? '—'}</strong> },
    {
      title: '编号',
      dataIndex: 'number',
      render: (n: number, r) => (
        <Flex vertical>
          <span className="dz-mono">{n}</span>
          {r.judgingCode && <span className="dz-muted dz-mono">{r.judgingCode}</span>}
        </Flex>
      ),
    },
    { title: '姓名', dataIndex: 'name', render: (n: string) => <span data-testid="result-name">{n}</span> },
    { title: '单位', dataIndex: 'employer', render: (e: string | null, r) => [e, r.county].filter(Boolean).join(' · ') || '—' },
    ...stages.map((stage) => ({
      title: weightOf(stage) === undefined ? stage : `${stage}（${weightOf(stage)}%）`,
      key: `stage-${stage}`,
      render: (_: unknown, r: ResultRow) => <span className="dz-mono">{r.stageTotals[stage] === undefined ? '—' : formatTotal(r.stageTotals[stage])}</span>,
    })),
    { title: '总分', dataIndex: 'total', render: (t: number) => <strong className="dz-mono" data-testid="result-total">{formatTotal(t)}</strong> },
    { title: '奖项', dataIndex: 'award', render: (a: string | null) => (a ? <Tag color="gold" data-testid="result-award">{a}</Tag> : '—') },
    { title: '称号', dataIndex: 'titles', render: (t: string[]) => (t.length > 0 ? t.map((x) => <Tag key={x} color="volcano">{x}</Tag>) : '—') },
    { title: '晋级推荐', key: 'upgrade', render: (_, r) => upgradeText(r) },
    { title: '巴渠工匠推荐', dataIndex: 'nominated', render: (n: boolean) => (n ? <Tag color="purple">推荐</Tag> : '—') },
    ...(canDisqualify
      ? [
          {
            title: '操作',
            key: 'action',
            render: (_: unknown, r: ResultRow) => (
              <Button size="small" danger type="text" icon={<StopOutlined />} onClick={() => setDisqualifying({ entryId: r.entryId, label: `${r.number} 号 ${r.name}` })} data-testid="result-disqualify">
                取消资格
              </Button>
            ),
          },
        ]
      : []),
  ];

  const apartColumns: TableColumnsType<ResultRow> = [
    { title: '编号', dataIndex: 'number', render: (n: number) => <span className="dz-mono">{n}</span> },
    { title: '姓名', dataIndex: 'name' },
    { title: '单位', dataIndex: 'employer', render: (e: string | null) => e ?? '—' },
    { title: '情况', key: 'why', render: (_, r) => <Tag color={r.standing === 'disqualified' ? 'red' : 'default'} data-testid="apart-reason">{apartText(r)}</Tag> },
    ...(canDisqualify
      ? [
          {
            title: '操作',
            key: 'action',
            render: (_: unknown, r: ResultRow) =>
              r.standing === 'disqualified' ? (
                <Popconfirm title={`恢复 ${r.name} 的参赛资格？`} okText="恢复资格" cancelText="取消" onConfirm={() => lift.mutate(r.entryId)}>
                  <Button size="small" loading={lift.isPending && lift.variables === r.entryId}>
                    恢复资格
                  </Button>
                </Popconfirm>
              ) : null,
          },
        ]
      : []),
  ];

  const pickedRange = range && range[0] && range[1] ? ([range[0].format('YYYY-MM-DD'), range[1].format('YYYY-MM-DD')] as const) : null;

  return (
    <Flex vertical gap={16} data-testid="results-tab">
      <Descriptions size="small" column={{ xs: 1, md: 2, lg: 3 }} bordered>
        <Descriptions.Item label="赛项状态">
          <StatusTag status={status} testId="results-event-status" />
        </Descriptions.Item>
        <Descriptions.Item label="最新版本">{latest ? `第 ${latest.version} 版（${formatDateTime(latest.createdAt)}）` : '尚未计算'}</Descriptions.Item>
        <Descriptions.Item label="成绩公示">
          <span data-testid="results-notice">{data.notice ? `第 ${data.notice.version} 版 · ${noticePeriodText(data.notice)}` : '未公示'}</span>
        </Descriptions.Item>
        <Descriptions.Item label="成绩确定">
          <span data-testid="results-final">{data.final ? `第 ${data.final.version} 版 · ${formatDateTime(data.final.at)}${data.final.byName ? ` · ${data.final.byName}` : ''}` : '未确定'}</span>
        </Descriptions.Item>
        <Descriptions.Item label="待处理申诉">{data.openAppeals}</Descriptions.Item>
      </Descriptions>

      {data.stale && (
        <Alert
          type="warning"
          showIcon
          data-testid="results-stale"
          title="评分或报名信息在最新一版计算后已有变化，成绩需要重新计算。"
          action={
            <Button type="primary" icon={<ReloadOutlined />} disabled={computeProblem !== null || running} loading={compute.isPending} onClick={() => compute.mutate(cause)}>
              重新计算
            </Button>
          }
        />
      )}

      <Card size="small" title="计算成绩">
        <Flex vertical gap={8}>
          <Flex gap={12} align="center" wrap>
            <Button
              type="primary"
              icon={<CalculatorOutlined />}
              disabled={computeProblem !== null || running}
              loading={compute.isPending}
              onClick={() => compute.mutate(cause)}
              data-testid="results-compute"
            >
              计算成绩
            </Button>
            <Typography.Text type="secondary">
              {computeProblem ?? '按评分、报名和奖项设置计算名次与奖项；输入未变化时不会产生新版本。'}
            </Typography.Text>
          </Flex>
          {jobId && job.data && (
            <Progress
              percent={Math.round(job.data.progress)}
              status={job.data.state === 'failed' ? 'exception' : job.data.state === 'completed' ? 'success' : 'active'}
              data-testid="results-progress"
              data-state={job.data.state}
            />
          )}
          {job.isError && <Alert type="error" showIcon title={errorMessage(job.error)} />}
        </Flex>
      </Card>

      {data.versions.length > 0 && (
        <Card size="small" title="版本记录">
          <Table rowKey="version" size="small" pagination={false} dataSource={[...data.versions].reverse()} columns={versionColumns} scroll={{ x: 'max-content' }} data-testid="results-versions" />
        </Card>
      )}

      {latest ? (
        <Card size="small" title={`第 ${latest.version} 版成绩（${RESULT_CAUSE_LABELS[latest.cause]}）`} extra={downloads(latest.version)}>
          <Table
            rowKey="entryId"
            size="small"
            pagination={false}
            dataSource={ranked}
            columns={resultColumns}
            scroll={{ x: 'max-content' }}
            onRow={(r) => ({ 'data-testid': 'result-row', 'data-entry-id': r.entryId }) as object}
            data-testid="results-table"
            locale={{ emptyText: '没有有效成绩' }}
          />
          {latest.arena && (
            <Typography.Paragraph style={{ marginTop: 12 }}>
              擂台赛共 {latest.arena.bouts} 场；擂主：{latest.arena.champion?.name ?? '—'}
              {latest.arena.longestDefence && `；最长守擂：${latest.arena.longestDefence.name}（${latest.arena.longestDefence.defences} 次）`}
            </Typography.Paragraph>
          )}
          {apart.length > 0 && (
            <>
              <Typography.Title level={5} style={{ marginTop: 16 }}>
                不参加排名
              </Typography.Title>
              <Table rowKey="entryId" size="small" pagination={false} dataSource={apart} columns={apartColumns} data-testid="results-apart" />
            </>
          )}
        </Card>
      ) : (
        <Card size="small">
          <Empty description={computeProblem ?? '尚未计算成绩'} />
        </Card>
      )}

      {canDisqualify && !latest && (
        <Card size="small" title="取消资格">
          <DisqualifyPicker event={event} onPick={setDisqualifying} />
        </Card>
      )}

      {latest && <TiersCard tiers={latest.tiers} />}

      {isBureau && (
        <Card size="small" title="公示与确定（市人社局）" data-testid="results-bureau">
          <Flex vertical gap={12}>
            <Flex gap={8} wrap align="center">
              <Typography.Text strong>公示期</Typography.Text>
              <DatePicker.RangePicker
                value={range ?? undefined}
                onChange={(v) => setRange(v ? [v[0], v[1]] : null)}
                format="YYYY年M月D日"
                style={{ width: 320 }}
                disabled={noticeProblem !== null}
                data-testid="notice-range"
              />
              <Button
                type="primary"
                disabled={noticeProblem !== null}
                loading={notice.isPending}
                onClick={() => {
                  if (!latest) return;
                  const parsed = noticeBody(latest.version, pickedRange);
                  if (!parsed.ok) {
                    setNoticeError(Object.values(parsed.errors)[0]);
                    return;
                  }
                  notice.mutate(parsed.body);
                }}
                data-testid="notice-submit"
              >
                {data.notice ? (latest && data.notice.version !== latest.version ? `公示第 ${latest.version} 版` : '修改公示期') : `公示第 ${latest?.version ?? ''} 版成绩`}
              </Button>
            </Flex>
            {noticeProblem && <Typography.Text type="secondary">{noticeProblem}</Typography.Text>}
            {noticeError && <Alert type="error" showIcon title={noticeError} data-testid="notice-error" />}
            <Flex gap={8} wrap align="center">
              <Popconfirm
                title={`确定第 ${data.notice?.version ?? ''} 版为最终成绩？确定后不再受理申诉、不再更改。`}
                okText="确定成绩"
                cancelText="取消"
                disabled={finalProblem !== null}
                onConfirm={() => data.notice && finalise.mutate(data.notice.version)}
              >
                <Button icon={<CheckCircleOutlined />} disabled={finalProblem !== null} loading={finalise.isPending} data-testid="results-finalise">
                  确定成绩
                </Button>
              </Popconfirm>
              {finalProblem && (
                <Typography.Text type="secondary" data-testid="finalise-blocker">
                  {finalProblem}
                </Typography.Text>
              )}
            </Flex>
          </Flex>
        </Card>
      )}

      {(status === 'under_notice' || status === 'final' || status === 'archived' || data.notice) && (
        <AppealsCard
          eventId={event.id}
          canDecide={isBureau && status === 'under_notice'}
          decideNote={isBureau ? undefined : '申诉由本赛项裁判长或市人社局处理。'}
        />
      )}

      <DisqualifyModal event={event} target={disqualifying} onClose={() => setDisqualifying(null)} />
    </Flex>
  );
}
