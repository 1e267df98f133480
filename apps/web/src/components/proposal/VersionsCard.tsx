import { VersionDiff, type ProposalDetail } from '@dz/contracts';
import { DiffOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, Empty, Flex, Select, Table, Typography, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { apiRequest, errorMessage } from '../../lib/api';
import { formatDateTime } from '../../lib/format';
import { PROPOSALS_KEY } from '../../lib/proposals';
import { renderDiffSide, type FieldLookups } from './FieldValue';

type Change = VersionDiff['changes'][number];

/** The submitted versions of a proposal and, for two of them, what changed field by field. */
export function VersionsCard({ detail, lookups }: { detail: ProposalDetail; lookups: FieldLookups }) {
  const versions = [...detail.versions].sort((a, b) => a.number - b.number);
  const latest = versions.at(-1)?.number;
  const previous = versions.at(-2)?.number;
  const [from, setFrom] = useState<number | undefined>(previous);
  const [to, setTo] = useState<number | undefined>(latest);
  const [pair, setPair] = useState<{ from: number; to: number } | null>(null);

  const diff = useQuery({
    queryKey: [...PROPOSALS_KEY, 'diff', detail.id, pair?.from, pair?.to],
    queryFn: ({ signal }) =>
      apiRequest(`/api/proposals/${detail.id}/diff`, VersionDiff, { query: { from: pair?.from, to: pair?.to }, signal }),
    enabled: pair !== null,
    staleTime: Infinity,
  });

  const options = versions.map((v) => ({ value: v.number, label: `第 ${v.number} 版（${formatDateTime(v.submittedAt)}）` }));
  const columns: TableColumnsType<Change> = [
    { key: 'label', title: '填写项', width: 120, render: (_, c) => <strong>{c.label}</strong> },
    {
      key: 'before',
      title: `修改前（第 ${pair?.from ?? ''} 版）`,
      render: (_, c) => renderDiffSide(c.field, c.before, c.after, 'before', lookups),
    },
    {
      key: 'after',
      title: `修改后（第 ${pair?.to ?? ''} 版）`,
      render: (_, c) => renderDiffSide(c.field, c.after, c.before, 'after', lookups),
    },
  ];

  const compare = () => {
    if (from === undefined || to === undefined || from === to) return;
    setPair(from < to ? { from, to } : { from: to, to: from });
  };

  return (
    <Card title="申报版本" size="small" data-testid="versions">
      {versions.length === 0 ? (
        <Typography.Text type="secondary">提交审核后，每次提交的内容会留存为一个版本。</Typography.Text>
      ) : (
        <ul className="dz-value-list" data-testid="version-list">
          {versions.map((v) => (
            <li key={v.number}>
              第 {v.number} 版 · {formatDateTime(v.submittedAt)} 提交
            </li>
          ))}
        </ul>
      )}
      {versions.length >= 2 ? (
        <>
          <Flex gap={8} wrap align="center" style={{ marginTop: 12 }}>
            <Select<number>
              value={from}
              onChange={setFrom}
              options={options}
              style={{ minWidth: 200, flex: 1 }}
              aria-label="比较的旧版本"
              data-testid="diff-from"
            />
            <Typography.Text type="secondary">与</Typography.Text>
            <Select<number>
              value={to}
              onChange={setTo}
              options={options}
              style={{ minWidth: 200, flex: 1 }}
              aria-label="比较的新版本"
              data-testid="diff-to"
            />
            <Button icon={<DiffOutlined />} onClick={compare} disabled={from === undefined || to === undefined || from === to} data-testid="diff-compare">
              比较版本
            </Button>
          </Flex>
          {from !== undefined && from === to && (
            <Typography.Text type="secondary">请选择两个不同的版本。</Typography.Text>
          )}
        </>
      ) : (
        versions.length === 1 && (
          <Typography.Text type="secondary">再次提交后即可比较两个版本的差异。</Typography.Text>
        )
      )}
      {pair && (
        <div style={{ marginTop: 12 }} data-testid="diff">
          {diff.isError ? (
            <Alert type="error" showIcon title="版本比较失败" description={errorMessage(diff.error)} />
          ) : diff.data && diff.data.changes.length === 0 ? (
            <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="两个版本的内容相同" />
          ) : (
            <Table<Change>
              rowKey="field"
              size="small"
              bordered
              columns={columns}
              dataSource={diff.data?.changes ?? []}
              loading={diff.isPending}
              pagination={false}
              scroll={{ x: 560 }}
              data-testid="diff-table"
            />
          )}
        </div>
      )}
    </Card>
  );
}
