import { ArenaState, type ArenaSetupBody, type ManagedEvent } from '@dz/contracts';
import { ARENA_OUTCOME_LABELS, ARENA_TIE_RULE_LABELS } from '@dz/domain';
import { DesktopOutlined } from '@ant-design/icons';
import { useMutation } from '@tanstack/react-query';
import { Alert, App, Button, Card, Descriptions, Flex, Progress, Radio, Select, Table, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { apiRequest, errorMessage } from '../../lib/api';
import { useArena } from '../../lib/arena';
import { formatScore } from '../../lib/standings';
import { CONNECTION_LABELS } from '../boards/BoardBits';

const FIRST_HOLDER_LABELS = { qualifying_top: '资格赛第一名', last_champion: '上届冠军' } as const;

/** The setup form: stage, tie rule, the first holder (as the proposal chose), the challenger order. */
function SetupCard({ event, state }: { event: ManagedEvent; state: ArenaState }) {
  const { message } = App.useApp();
  const options = state.setupOptions;
  const rule = options?.firstHolderRule ?? 'last_champion';
  const [stage, setStage] = useState<string | undefined>(state.stage ?? options?.stages.at(-1));
  const [tieRule, setTieRule] = useState<ArenaSetupBody['tieRule']>(state.tieRule ?? 'holder_keeps');
  const [champion, setChampion] = useState<string | undefined>(state.firstHolder?.judgingCode);
  const [qualifying, setQualifying] = useState<string | undefined>(options?.stages[0]);
  const [orderMode, setOrderMode] = useState<'drawn' | 'set'>(state.orderMode ?? 'drawn');
  const [order, setOrder] = useState<string[]>(state.orderMode === 'set' ? state.order.map((c) => c.judgingCode) : []);
  const save = useMutation({
    mutationFn: (body: ArenaSetupBody) => apiRequest(`/api/events/${event.id}/arena`, ArenaState, { method: 'PUT', body }),
    onSuccess: () => void message.success('擂台赛设置已保存'),
  });
  const entrants = options?.entrants ?? [];
  const label = (code: string) => {
    const e = entrants.find((x) => x.judgingCode === code);
    return e ? `${code} ${e.name ?? ''}` : code;
  };
  const submit = () => {
    if (!stage) return;
    const firstHolder: ArenaSetupBody['firstHolder'] =
      rule === 'last_champion' ? { mode: 'last_champion', judgingCode: champion ?? '' } : { mode: 'qualifying_top', stage: qualifying ?? '' };
    save.mutate({ stage, tieRule, firstHolder, order: orderMode === 'drawn' ? { mode: 'drawn' } : { mode: 'set', judgingCodes: order } });
  };
  return (
    <Card size="small" title="擂台赛设置" data-testid="arena-setup">
      <Flex vertical gap={12}>
        <Flex gap={12} align="center" wrap>
          <span>每场评分阶段</span>
          <Select style={{ width: 160 }} value={stage} onChange={setStage} options={(options?.stages ?? []).map((s) => ({ value: s, label: s }))} data-testid="arena-stage" />
          <span>平分规则</span>
          <Radio.Group value={tieRule} onChange={(e) => setTieRule(e.target.value)} data-testid="arena-tie-rule">
            <Radio value="holder_keeps">{ARENA_TIE_RULE_LABELS.holder_keeps}</Radio>
            <Radio value="challenger_wins">{ARENA_TIE_RULE_LABELS.challenger_wins}</Radio>
          </Radio.Group>
        </Flex>
        <Flex gap={12} align="center" wrap>
          <span>首任擂主（申报时确定为{FIRST_HOLDER_LABELS[rule]}）</span>
          {rule === 'last_champion' ? (
            <Select
              style={{ width: 260 }}
              placeholder="选择上届冠军"
              value={champion}
              onChange={setChampion}
              options={entrants.map((e) => ({ value: e.judgingCode, label: label(e.judgingCode) }))}
              data-testid="arena-champion-select"
            />
          ) : (
            <Select style={{ width: 160 }} value={qualifying} onChange={setQualifying} options={(options?.stages ?? []).map((s) => ({ value: s, label: `${s}第一名` }))} />
          )}
        </Flex>
        <Flex gap={12} align="center" wrap>
          <span>攻擂顺序</span>
          <Radio.Group value={orderMode} onChange={(e) => setOrderMode(e.target.value)} data-testid="arena-order-mode">
            <Radio value="drawn">抽签决定（记录随机种子）</Radio>
            <Radio value="set">指定顺序</Radio>
          </Radio.Group>
          {orderMode === 'set' && (
            <Select
              mode="multiple"
              style={{ minWidth: 420 }}
              placeholder="按上场先后选择攻擂者"
              value={order}
              onChange={setOrder}
              options={entrants.filter((e) => e.judgingCode !== champion).map((e) => ({ value: e.judgingCode, label: label(e.judgingCode) }))}
              data-testid="arena-order-select"
            />
          )}
        </Flex>
        {save.isError && <Alert type="error" showIcon title={errorMessage(save.error)} data-testid="arena-setup-error" />}
        <Button type="primary" onClick={submit} loading={save.isPending} disabled={state.bouts.length > 0} data-testid="arena-setup-save">
          保存设置
        </Button>
      </Flex>
    </Card>
  );
}

/**
 * The organiser's 擂台赛 tab: setup before the first bout, then the bouts one by one (open the
 * next, follow its marks live, decide it when every mark is in) and the holder's run so far.
 */
export function ArenaTab({ event }: { event: ManagedEvent }) {
  const { message } = App.useApp();
  const arena = useArena(event.id, 'staff');
  const [error, setError] = useState<string | null>(null);
  useEffect(() => setError(null), [arena.state?.seq]);
  const act = useMutation({
    mutationFn: (path: string) => apiRequest(`/api/events/${event.id}/arena/${path}`, ArenaState, { method: 'POST' }),
    onSuccess: (_s, path) => void message.success(path === 'bouts' ? '已开始下一场' : '本场结果已判定'),
    onError: (e) => setError(errorMessage(e)),
  });
  const state = arena.state;
  if (event.format !== 'arena') return <Alert type="info" showIcon title="该赛项的赛制为轮次赛，不适用擂台赛。" />;
  if (arena.error) return <Alert type="error" showIcon title={arena.error} />;
  if (!state) return <Typography.Text type="secondary">正在加载…</Typography.Text>;
  const open = state.bouts.find((b) => b.status === 'open') ?? null;
  return (
    <Flex vertical gap={12} data-testid="arena-tab" data-seq={state.seq}>
      <Flex justify="space-between" align="center">
        <Typography.Text type="secondary">{CONNECTION_LABELS[arena.connection]}</Typography.Text>
        <a href={`/screen/events/${event.id}`} target="_blank" rel="noreferrer" data-testid="arena-open-screen">
          <DesktopOutlined /> 打开大屏
        </a>
      </Flex>
      {event.status !== 'running' && <Alert type="info" showIcon title="赛项开始比赛后才能开始各场擂台赛。" />}
      {state.bouts.length === 0 && <SetupCard event={event} state={state} />}
      {state.configured && (
        <Card size="small" title="擂台" data-testid="arena-control">
          <Descriptions size="small" column={3}>
            <Descriptions.Item label="当前擂主">
              <span data-testid="arena-staff-holder">{state.holder ? `${state.holder.judgingCode} ${state.holder.label}` : '—'}</span>
            </Descriptions.Item>
            <Descriptions.Item label="已守擂">{state.holderDefences} 场</Descriptions.Item>
            <Descriptions.Item label="攻擂顺序">
              {state.orderMode === 'drawn' ? '抽签' : '指定'} · {state.order.map((c) => c.judgingCode).join(' → ')}
            </Descriptions.Item>
            {state.orderSeed && (
              <Descriptions.Item label="抽签种子" span={3}>
                <Typography.Text code copyable>
                  {state.orderSeed}
                </Typography.Text>
              </Descriptions.Item>
            )}
          </Descriptions>
          {open ? (
            <Flex align="center" gap={16} wrap data-testid="arena-open-bout" data-bout={open.number}>
              <Typography.Text strong>
                第 {open.number} 场：{open.holder.judgingCode} {open.holder.label}（擂主）{formatScore(open.holderScore)} : {formatScore(open.challengerScore)}{' '}
                {open.challenger.judgingCode} {open.challenger.label}（攻擂者）
              </Typography.Text>
              <Progress style={{ width: 200 }} percent={open.marksExpected ? Math.round((open.marksIn / open.marksExpected) * 100) : 0} format={() => `${open.marksIn}/${open.marksExpected}`} />
              <Button type="primary" onClick={() => act.mutate(`bouts/${open.number}/close`)} loading={act.isPending} data-testid="arena-close-bout">
                判定本场结果
              </Button>
            </Flex>
          ) : state.finished ? (
            <Alert type="success" showIcon title={`擂台赛已结束，冠军：${state.champion?.judgingCode ?? ''} ${state.champion?.label ?? ''}`} data-testid="arena-finished" />
          ) : (
            <Button type="primary" onClick={() => act.mutate('bouts')} loading={act.isPending} disabled={event.status !== 'running'} data-testid="arena-open-next">
              开始第 {state.bouts.length + 1} 场
            </Button>
          )}
          {error && <Alert style={{ marginTop: 8 }} type="error" showIcon title={error} data-testid="arena-error" />}
        </Card>
      )}
      {state.bouts.length > 0 && (
        <Table
          size="small"
          rowKey="number"
          pagination={false}
          dataSource={state.bouts}
          data-testid="arena-bouts"
          columns={[
            { title: '场次', dataIndex: 'number', render: (n: number) => `第 ${n} 场` },
            { title: '擂主', render: (_, b) => `${b.holder.judgingCode} ${b.holder.label}` },
            { title: '攻擂者', render: (_, b) => `${b.challenger.judgingCode} ${b.challenger.label}` },
            { title: '比分', render: (_, b) => `${formatScore(b.holderScore)} : ${formatScore(b.challengerScore)}` },
            { title: '评分进度', render: (_, b) => `${b.marksIn}/${b.marksExpected}` },
            {
              title: '结果',
              render: (_, b) =>
                b.outcome ? <Tag color={b.outcome === 'taken' ? 'blue' : 'gold'}>{ARENA_OUTCOME_LABELS[b.outcome]}</Tag> : <Tag color="processing">进行中</Tag>,
            },
          ]}
        />
      )}
    </Flex>
  );
}
