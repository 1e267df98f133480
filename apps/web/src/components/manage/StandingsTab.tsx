import {
  BOARD_MODE_LABELS,
  BOARD_MODES,
  BoardSettingsBody,
  BoardSettingsView,
  StandingsRebuildReply,
  type BoardMode,
  type ManagedEvent,
  type TieBreak,
} from '@dz/contracts';
import type { KeyedStaffRow } from '@dz/domain';
import { ArrowDownOutlined, ArrowUpOutlined, DeleteOutlined, DesktopOutlined, MobileOutlined, PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, DatePicker, Flex, Progress, Radio, Select, Space, Switch, Table, Tag, Typography, type TableColumnsType } from 'antd';
import type { Dayjs } from 'dayjs';
import { useEffect, useMemo, useState } from 'react';
import { apiRequest, errorMessage } from '../../lib/api';
import { chinaWallClockToIso, formatDateTime, isoToChinaWallClock } from '../../lib/format';
import { schemeAspectList, useStageSchemes } from '../../lib/judges';
import { formatScore, useLiveBoard, type BoardRow } from '../../lib/standings';
import { CONNECTION_LABELS, RankChange } from '../boards/BoardBits';

const boardKey = (eventId: string) => ['standings', eventId, 'board'] as const;

type Kind = TieBreak['kind'];
const KIND_LABELS: Record<Kind, string> = { stage: '阶段得分高者在前', aspect: '评分项得分高者在前', less_time: '该阶段用时少者在前', fewer_deductions: '扣分少者在前' };

/** One step of the tie-break chain as the editor holds it (possibly incomplete). */
interface Step {
  kind: Kind;
  stage?: string;
  aspectKey?: string;
}

function toSteps(chain: readonly TieBreak[]): Step[] {
  return chain.map((t) => ({ ...t }));
}

/** The board setting (公开方式, 封榜时间, 盲评, 并列处理) with its own save. */
function BoardSettingsCard({ event, stages }: { event: ManagedEvent; stages: string[] }) {
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const settings = useQuery({
    queryKey: boardKey(event.id),
    queryFn: ({ signal }) => apiRequest(`/api/events/${event.id}/board`, BoardSettingsView, { signal }),
  });
  const schemes = useStageSchemes(event.id, stages);
  const [mode, setMode] = useState<BoardMode>('live');
  const [freezeAt, setFreezeAt] = useState<Dayjs | null>(null);
  const [blind, setBlind] = useState(true);
  const [steps, setSteps] = useState<Step[]>([]);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    if (!settings.data) return;
    setMode(settings.data.publicMode);
    setFreezeAt(settings.data.freezeAt ? isoToChinaWallClock(settings.data.freezeAt) : null);
    setBlind(settings.data.blind);
    setSteps(toSteps(settings.data.tieBreaks));
  }, [settings.data]);

  const aspectsOf = (stage: string | undefined) => {
    const i = stage === undefined ? -1 : stages.indexOf(stage);
    const scheme = i >= 0 ? schemes[i]?.data : null;
    return scheme ? schemeAspectList(scheme.sections) : [];
  };

  const save = useMutation({
    mutationFn: (body: BoardSettingsBody) => apiRequest(`/api/events/${event.id}/board`, BoardSettingsView, { method: 'PUT', body }),
    onSuccess: (view) => {
      queryClient.setQueryData(boardKey(event.id), view);
      setError(null);
      void message.success('排名公开设置已保存');
    },
    onError: (e) => setError(errorMessage(e)),
  });

  const submit = () => {
    const parsed = BoardSettingsBody.safeParse({
      publicMode: mode,
      freezeAt: mode === 'freeze' && freezeAt ? chinaWallClockToIso(freezeAt) : null,
      blind,
      tieBreaks: steps,
    });
    if (!parsed.success) {
      setError(parsed.error.issues.map((i) => i.message).join('；'));
      return;
    }
    save.mutate(parsed.data);
  };

  const update = (i: number, step: Step) => setSteps((all) => all.map((s, j) => (j === i ? step : s)));
  const move = (i: number, by: number) =>
    setSteps((all) => {
      const next = [...all];
      const [s] = next.splice(i, 1);
      next.splice(i + by, 0, s);
      return next;
    });

  if (settings.isError) return <Alert type="error" showIcon title="排名公开设置加载失败" description={errorMessage(settings.error)} />;
  return (
    <Card size="small" title="排名公开设置" loading={settings.isPending} data-testid="board-settings">
      <Flex vertical gap={12}>
        <Flex gap={12} align="center" wrap>
          <Typography.Text strong>公开方式</Typography.Text>
          <Radio.Group value={mode} onChange={(e) => setMode(e.target.value as BoardMode)} data-testid="board-mode">
            {BOARD_MODES.map((m) => (
              <Radio.Button key={m} value={m}>
                {BOARD_MODE_LABELS[m]}
              </Radio.Button>
            ))}
          </Radio.Group>
          {mode === 'freeze' && (
            <DatePicker
              showTime={{ format: 'HH:mm' }}
              format="YYYY年M月D日 HH:mm"
              placeholder="封榜时间"
              value={freezeAt}
              onChange={setFreezeAt}
              data-testid="board-freeze-at"
            />
          )}
        </Flex>
        <Flex gap={12} align="center">
          <Typography.Text strong>盲评</Typography.Text>
          <Switch checked={blind} onChange={setBlind} data-testid="board-blind" />
          <Typography.Text type="secondary">开启后公开排名只显示加密编号，成绩公布后显示脱敏姓名</Typography.Text>
        </Flex>
        <div>
          <Typography.Text strong>并列处理（总分相同时依次比较）</Typography.Text>
          <Flex vertical gap={8} style={{ marginTop: 8 }} data-testid="tie-breaks">
            {steps.length === 0 && <Typography.Text type="secondary">未设置：总分相同者并列名次</Typography.Text>}
            {steps.map((step, i) => (
              <Space key={i} wrap data-testid="tie-break">
                <span>{i + 1}.</span>
                <Select<Kind>
                  style={{ width: 180 }}
                  value={step.kind}
                  options={(Object.keys(KIND_LABELS) as Kind[]).map((k) => ({ value: k, label: KIND_LABELS[k] }))}
                  onChange={(kind) => update(i, { kind, stage: kind === 'fewer_deductions' ? undefined : (step.stage ?? stages[0]) })}
                />
                {step.kind !== 'fewer_deductions' && (
                  <Select
                    style={{ width: 120 }}
                    placeholder="阶段"
                    value={step.stage}
                    options={stages.map((s) => ({ value: s, label: s }))}
                    onChange={(stage) => update(i, { ...step, stage, aspectKey: undefined })}
                  />
                )}
                {step.kind === 'aspect' && (
                  <Select
                    style={{ width: 200 }}
                    placeholder="评分项"
                    value={step.aspectKey}
                    options={aspectsOf(step.stage).map((a) => ({ value: a.key, label: `${a.key} ${a.title}` }))}
                    notFoundContent="该阶段尚无评分表"
                    onChange={(aspectKey) => update(i, { ...step, aspectKey })}
                  />
                )}
                <Button size="small" icon={<ArrowUpOutlined />} disabled={i === 0} onClick={() => move(i, -1)} aria-label="上移" />
                <Button size="small" icon={<ArrowDownOutlined />} disabled={i === steps.length - 1} onClick={() => move(i, 1)} aria-label="下移" />
                <Button size="small" danger icon={<DeleteOutlined />} onClick={() => setSteps((all) => all.filter((_, j) => j !== i))} aria-label="删除" />
              </Space>
            ))}
            <div>
              <Button
                size="small"
                icon={<PlusOutlined />}
                disabled={steps.length >= 5}
                onClick={() => setSteps((all) => [...all, stages.length > 0 ? { kind: 'stage', stage: stages[stages.length - 1] } : { kind: 'fewer_deductions' }])}
              >
                添加规则
              </Button>
            </div>
          </Flex>
        </div>
        {error && <Alert type="error" showIcon title={error} data-testid="board-settings-error" />}
        <Flex gap={12} align="center">
          <Button type="primary" onClick={submit} loading={save.isPending} data-testid="board-settings-save">
            保存设置
          </Button>
          {settings.data?.updatedAt && <Typography.Text type="secondary">上次保存：{formatDateTime(settings.data.updatedAt)}</Typography.Text>}
        </Flex>
      </Flex>
    </Card>
  );
}

/**
 * 实时排名 for the event's staff: the full board live (names, employers, codes, judges' progress,
 * sign-offs), the public board's setting, a rebuild, and links to the big screen and phone board.
 */
export function StandingsTab({ event }: { event: ManagedEvent }) {
  const { message } = App.useApp();
  const board = useLiveBoard(event.id, 'staff');
  const stages = useMemo(() => board.event?.stages.map((s) => s.name) ?? [], [board.event]);
  const rebuild = useMutation({
    mutationFn: () => apiRequest(`/api/events/${event.id}/standings/rebuild`, StandingsRebuildReply, { method: 'POST' }),
    onSuccess: () => void message.success('已开始重新计算，完成后排名自动更新'),
    onError: (e) => void message.error(errorMessage(e)),
  });

  const columns: TableColumnsType<BoardRow<KeyedStaffRow>> = [
    { title: '名次', key: 'rank', width: 72, render: (_, r) => <strong data-testid="staff-rank">{r.rank}</strong> },
    { title: '序号', key: 'number', width: 64, render: (_, r) => r.row.number },
    {
      title: '姓名',
      key: 'name',
      render: (_, r) => (
        <span data-testid="staff-name">
          {r.row.name}
          <RankChange change={r.change} />
        </span>
      ),
    },
    { title: '单位', key: 'employer', render: (_, r) => r.row.employer ?? '—' },
    { title: '加密编号', key: 'code', width: 96, render: (_, r) => <span className="dz-mono">{r.row.judgingCode ?? '—'}</span> },
    { title: '工位', key: 'ws', width: 64, render: (_, r) => r.row.workstation ?? '—' },
    ...stages.map((stage) => ({
      title: stage,
      key: `stage:${stage}`,
      align: 'right' as const,
      render: (_: unknown, r: BoardRow<KeyedStaffRow>) => (Object.hasOwn(r.row.stageTotals, stage) ? formatScore(r.row.stageTotals[stage]) : '—'),
    })),
    {
      title: '总分',
      key: 'total',
      align: 'right',
      render: (_, r) => (
        <strong data-testid="staff-total">{formatScore(r.row.total)}</strong>
      ),
    },
    {
      title: '评分进度',
      key: 'progress',
      width: 160,
      render: (_, r) => (
        <div data-testid="staff-progress">
          <Progress
            size="small"
            percent={r.row.marksExpected > 0 ? Math.round((100 * r.row.marksIn) / r.row.marksExpected) : 0}
            format={() => `${r.row.marksIn}/${r.row.marksExpected}`}
            status={r.row.marksExpected > 0 && r.row.marksIn >= r.row.marksExpected ? 'success' : 'normal'}
          />
        </div>
      ),
    },
    {
      title: '已签字确认',
      key: 'signed',
      render: (_, r) =>
        r.row.signedOff.length === 0 ? (
          <Typography.Text type="secondary">—</Typography.Text>
        ) : (
          r.row.signedOff.map((s) => (
            <Tag key={s} color="success">
              {s}
            </Tag>
          ))
        ),
    },
  ];

  return (
    <Flex vertical gap={16} data-testid="standings-tab">
      <Flex justify="space-between" align="center" wrap gap={12}>
        <Space wrap>
          <Tag color={board.connection === 'online' ? 'success' : 'default'} data-testid="connection" data-state={board.connection}>
            {CONNECTION_LABELS[board.connection]}
          </Tag>
          {board.at && <Typography.Text type="secondary">更新于 {formatDateTime(board.at)}</Typography.Text>}
        </Space>
        <Space wrap>
          <a href={`/screen/events/${event.id}`} target="_blank" rel="noreferrer" data-testid="open-screen">
            <DesktopOutlined /> 打开大屏
          </a>
          <a href={`/board/events/${event.id}`} target="_blank" rel="noreferrer" data-testid="open-phone">
            <MobileOutlined /> 手机排名
          </a>
          <Button icon={<ReloadOutlined />} onClick={() => rebuild.mutate()} loading={rebuild.isPending} data-testid="standings-rebuild">
            重新计算
          </Button>
        </Space>
      </Flex>
      {board.error && <Alert type="error" showIcon title={board.error} />}
      <Table
        rowKey={(r) => r.row.key}
        size="middle"
        columns={columns}
        dataSource={board.rows}
        loading={!board.loaded && !board.error}
        pagination={false}
        scroll={{ x: 1100 }}
        locale={{ emptyText: '暂无排名数据' }}
        onRow={(r) => ({ 'data-testid': 'staff-row', 'data-key': r.row.key, 'data-code': r.row.judgingCode ?? '' }) as React.HTMLAttributes<HTMLElement>}
        data-testid="standings-table"
      />
      <BoardSettingsCard event={event} stages={stages} />
    </Flex>
  );
}
