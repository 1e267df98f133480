import { type PublicResultRow } from '@dz/contracts';
import { ArrowLeftOutlined, FilePdfOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Flex, Result, Skeleton, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { Link, useParams } from 'react-router';
import { ApiError, errorMessage } from '../lib/api';
import { apartText, formatTotal, noticePeriodText, splitRows, usePublicResults } from '../lib/results';
import { useDocumentTitle } from '../lib/use-document-title';

/**
 * `/results/events/:id` 成绩公示: the noticed (or final) results for anyone, names masked by the
 * server (张*三), with the notice period or 成绩已确定 and the PDF notice.
 */
export function PublicResultsPage() {
  const { id } = useParams();
  const results = usePublicResults(id);
  useDocumentTitle(results.data ? `成绩公示：${results.data.title}` : '成绩公示');

  if (results.isPending) {
    return (
      <Card>
        <Skeleton active paragraph={{ rows: 8 }} />
      </Card>
    );
  }
  if (results.isError) {
    const notFound = results.error instanceof ApiError && results.error.status === 404;
    return notFound ? (
      <Result status="404" title="该赛项的成绩尚未公示" subTitle={errorMessage(results.error)} extra={<Link to={`/events/${id}`}>返回赛项</Link>} data-testid="results-not-found" />
    ) : (
      <Alert
        type="error"
        showIcon
        title="成绩加载失败"
        description={errorMessage(results.error)}
        action={
          <Button size="small" onClick={() => void results.refetch()}>
            重试
          </Button>
        }
      />
    );
  }

  const r = results.data;
  const { ranked, apart } = splitRows(r.rows);
  // On a phone the first columns are what people look for: place, name, total, award.
  const columns: TableColumnsType<PublicResultRow> = [
    { title: '名次', dataIndex: 'rank', fixed: 'left', width: 56, render: (n: number | null) => <strong>{n ?? '—'}</strong> },
    { title: '姓名', dataIndex: 'name', render: (n: string) => <span data-testid="public-result-name">{n}</span> },
    { title: '总分', dataIndex: 'total', render: (t: number) => <strong className="dz-mono">{formatTotal(t)}</strong> },
    { title: '奖项', dataIndex: 'award', render: (a: string | null) => (a ? <Tag color="gold">{a}</Tag> : '—') },
    { title: '编号', dataIndex: 'number', render: (n: number) => <span className="dz-mono">{n}</span> },
    { title: '单位', dataIndex: 'employer', render: (e: string | null) => e ?? '—' },
    ...r.stages.map((s) => ({
      title: `${s.name}（${s.weight}%）`,
      key: `stage-${s.name}`,
      render: (_: unknown, row: PublicResultRow) => <span className="dz-mono">{row.stageTotals[s.name] === undefined ? '—' : formatTotal(row.stageTotals[s.name])}</span>,
    })),
    { title: '称号', dataIndex: 'titles', render: (t: string[]) => (t.length > 0 ? t.map((x) => <Tag key={x} color="volcano">{x}</Tag>) : '—') },
  ];

  return (
    <article className="dz-public-event" data-testid="public-results">
      <Link to={`/events/${r.eventId}`} className="dz-back-link">
        <ArrowLeftOutlined /> 赛项详情
      </Link>
      <header className="dz-public-header">
        <Typography.Title level={2} className="dz-public-title" style={{ marginTop: 4 }}>
          {r.title}
        </Typography.Title>
        <Flex gap={12} align="center" wrap>
          {r.final ? (
            <Tag color="green" data-testid="public-results-state">
              成绩已确定
            </Tag>
          ) : (
            <Tag color="blue" data-testid="public-results-state">
              成绩公示中
            </Tag>
          )}
          <Typography.Text type="secondary" data-testid="public-results-period">
            公示期：{noticePeriodText(r.notice)} · 第 {r.version} 版
          </Typography.Text>
          <a href={`/api/public/events/${r.eventId}/results/notice.pdf`} data-testid="public-results-pdf">
            <FilePdfOutlined /> 下载公示名单（PDF）
          </a>
        </Flex>
        {!r.final && (
          <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }}>
            公示期内，参赛选手对本人成绩有异议的，可登录后在“我的报名”中提出申诉。
          </Typography.Paragraph>
        )}
      </header>
      <Card size="small" styles={{ body: { padding: 0 } }}>
        <Table
          rowKey={(row) => String(row.number)}
          size="small"
          pagination={false}
          dataSource={ranked}
          columns={columns}
          scroll={{ x: 'max-content' }}
          onRow={() => ({ 'data-testid': 'public-result-row' }) as object}
          locale={{ emptyText: '没有有效成绩' }}
        />
      </Card>
      {r.arena && (
        <Card size="small" style={{ marginTop: 12 }}>
          擂台赛共 {r.arena.bouts} 场；擂主：{r.arena.champion ?? '—'}
          {r.arena.longestDefence && `；最长守擂：${r.arena.longestDefence.name}（${r.arena.longestDefence.defences} 次）`}
        </Card>
      )}
      {apart.length > 0 && (
        <Card size="small" title="不参加排名" style={{ marginTop: 12 }} data-testid="public-results-apart">
          <ul className="dz-value-list">
            {apart.map((row) => (
              <li key={row.number}>
                {row.number} 号 {row.name}：{apartText({ standing: row.standing, disqualifiedReason: null })}
              </li>
            ))}
          </ul>
        </Card>
      )}
    </article>
  );
}
