import type { PublicDraw } from '@dz/contracts';
import { CheckCircleOutlined, CloseCircleOutlined, SafetyOutlined } from '@ant-design/icons';
import { Alert, Button, Flex, Table, Typography, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { assignmentRows, checkDrawLocally, type LocalDrawCheck } from '../lib/draw-check';

/**
 * Pieces of a draw shared by the organiser's 抽签 tab and the public draw page: the seeds, the
 * frozen list, the assignments and the in-browser re-check.
 */

/** A long hex value, wrapped and copyable. */
export function HexValue({ value, testId }: { value: string; testId?: string }) {
  return (
    <Typography.Text code copyable={{ text: value, tooltips: ['复制', '已复制'] }} className="dz-hex" data-testid={testId}>
      {value}
    </Typography.Text>
  );
}

type FrozenRow = PublicDraw['entries'][number];
const FROZEN_COLUMNS: TableColumnsType<FrozenRow> = [
  { key: 'number', title: '报名序号', width: 96, render: (_, e) => <span className="dz-mono">{e.number}</span> },
  { key: 'name', title: '姓名', render: (_, e) => e.name },
];

/** The approved entries frozen when the commitment was published. */
export function FrozenEntries({ draw }: { draw: PublicDraw }) {
  return (
    <Table<FrozenRow>
      rowKey="entryId"
      size="small"
      columns={FROZEN_COLUMNS}
      dataSource={[...draw.entries].sort((a, b) => a.number - b.number)}
      pagination={draw.entries.length > 20 ? { pageSize: 20, showSizeChanger: false } : false}
      locale={{ emptyText: '没有参加抽签的报名' }}
      data-testid="draw-frozen"
    />
  );
}

type AssignmentRow = ReturnType<typeof assignmentRows>[number];

/** Workstations in order; check-in codes when the draw has them. */
export function AssignmentsTable({ draw }: { draw: PublicDraw }) {
  const rows = assignmentRows(draw);
  const showCheckin = rows.some((r) => r.checkinCode !== null);
  const showJudging = rows.some((r) => r.judgingCode !== null);
  const columns: TableColumnsType<AssignmentRow> = [
    { key: 'workstation', title: '工位号', width: 80, render: (_, r) => <strong className="dz-mono">{r.workstation}</strong> },
    { key: 'number', title: '报名序号', width: 96, render: (_, r) => <span className="dz-mono">{r.number ?? '—'}</span> },
    { key: 'name', title: '姓名', render: (_, r) => r.name },
    ...(showCheckin
      ? [{ key: 'checkin', title: '检录码', width: 100, render: (_: unknown, r: AssignmentRow) => <span className="dz-mono">{r.checkinCode}</span> }]
      : []),
    ...(showJudging
      ? [{ key: 'judging', title: '加密编号', width: 100, render: (_: unknown, r: AssignmentRow) => <span className="dz-mono">{r.judgingCode}</span> }]
      : []),
  ];
  return (
    <Table<AssignmentRow>
      rowKey="entryId"
      size="small"
      columns={columns}
      dataSource={rows}
      pagination={rows.length > 50 ? { pageSize: 50, showSizeChanger: false } : false}
      locale={{ emptyText: '尚未抽签' }}
      data-testid="draw-assignments"
    />
  );
}

const FIELD_LABELS: Record<string, string> = {
  workstation: '工位号',
  checkinCode: '检录码',
  judgingCode: '加密编号',
  entry: '参加抽签的报名',
};

/** 本地复核: re-runs the draw in this browser from the revealed seed and says whether it agrees. */
export function LocalCheck({ draw }: { draw: PublicDraw }) {
  const [result, setResult] = useState<{ drawId: string; check: LocalDrawCheck | null } | null>(null);
  const check = result?.drawId === draw.id ? result.check : undefined;
  const names = new Map(draw.entries.map((e) => [e.entryId, `${e.number} 号 ${e.name}`]));
  return (
    <Flex vertical gap={8} data-testid="draw-local-check">
      <div>
        <Button
          icon={<SafetyOutlined />}
          onClick={() => setResult({ drawId: draw.id, check: checkDrawLocally(draw) })}
          disabled={draw.seed === null}
          data-testid="draw-local-check-run"
        >
          本地复核
        </Button>
        <Typography.Text type="secondary" style={{ marginLeft: 8 }}>
          {draw.seed === null ? '种子在抽签后公布，届时可复核' : '在本浏览器中按公布的算法和种子重新计算，不经过服务器'}
        </Typography.Text>
      </div>
      {check === null && <Alert type="info" showIcon title="种子尚未公布，暂不能复核" />}
      {check && (
        <Alert
          type={check.matches ? 'success' : 'error'}
          showIcon
          icon={check.matches ? <CheckCircleOutlined /> : <CloseCircleOutlined />}
          data-testid="draw-local-result"
          data-matches={check.matches ? 'true' : 'false'}
          title={check.matches ? '一致：重新计算的结果与公布的抽签结果完全相同' : '不一致：重新计算的结果与公布的抽签结果不同'}
          description={
            <ul className="dz-value-list">
              <li>种子与承诺值：{check.commitmentOk ? '一致' : '不一致'}</li>
              {check.codeCommitmentOk !== null && <li>加密编号种子与承诺值：{check.codeCommitmentOk ? '一致' : '不一致'}</li>}
              <li>
                逐项比对 {draw.assignments.length} 条：{check.mismatches.length === 0 ? '全部一致' : `${check.mismatches.length} 处不同`}
              </li>
              {check.error && <li>{check.error}</li>}
              {check.mismatches.slice(0, 10).map((m) => (
                <li key={`${m.entryId}-${m.field}`}>
                  {names.get(m.entryId) ?? m.entryId}：{FIELD_LABELS[m.field]} 公布为 {m.stored ?? '无'}，重新计算为 {m.recomputed ?? '无'}
                </li>
              ))}
            </ul>
          }
        />
      )}
    </Flex>
  );
}
