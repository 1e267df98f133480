import { EVENT_STATUS_LABELS, EVENT_STATUSES, SERIES, SERIES_LABELS, type EventStatus, type ProposalSummary, type Series } from '@dz/contracts';
import { PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Col, Flex, Row, Select, Table, TreeSelect, Typography, type TableColumnsType } from 'antd';
import { useMemo, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { StatusTag } from '../components/StatusTag';
import { errorMessage } from '../lib/api';
import { useRoles } from '../lib/auth';
import { industryTree, useCatalogues } from '../lib/catalogues';
import { formatDateTime } from '../lib/format';
import { useOrganisations } from '../lib/organisations';
import { useProposalList, type ProposalFilters } from '../lib/proposals';
import { useDocumentTitle } from '../lib/use-document-title';

const COLUMNS: TableColumnsType<ProposalSummary> = [
  {
    key: 'title',
    title: '赛项名称',
    render: (_, p) => (
      <Link to={`/proposals/${p.id}`} data-testid="proposal-link" data-proposal-id={p.id}>
        {p.title}
      </Link>
    ),
  },
  { key: 'series', title: '赛事品牌', width: 140, render: (_, p) => SERIES_LABELS[p.series] },
  { key: 'organizer', title: '主办部门', width: 180, dataIndex: 'organizerName' },
  {
    key: 'occupation',
    title: '产业 / 职业',
    width: 200,
    render: (_, p) => (
      <>
        <div>{p.occupationName}</div>
        {p.industryName && <Typography.Text type="secondary">{p.industryName}</Typography.Text>}
      </>
    ),
  },
  { key: 'status', title: '状态', width: 100, render: (_, p) => <StatusTag status={p.status} testId="proposal-status" /> },
  { key: 'updatedAt', title: '更新时间', width: 170, render: (_, p) => formatDateTime(p.updatedAt) },
];

/** `/proposals` 申报管理: a department's own proposals, or all submitted ones for the bureau. */
export function ProposalsPage() {
  useDocumentTitle('申报管理');
  const navigate = useNavigate();
  const roles = useRoles();
  const isBureau = roles?.includes('bureau_admin') ?? false;
  const isDepartment = roles?.includes('department_organizer') ?? false;
  const [filters, setFilters] = useState<ProposalFilters>({});
  const [page, setPage] = useState({ current: 1, pageSize: 20 });
  const proposals = useProposalList(filters, page);
  const catalogues = useCatalogues();
  const departments = useOrganisations('department', isBureau);
  const tree = useMemo(() => industryTree(catalogues.data?.industries ?? []), [catalogues.data]);

  // The bureau never sees another department's drafts, so it gets no 草稿 filter.
  const statuses = EVENT_STATUSES.filter((s) => !(isBureau && !isDepartment && s === 'draft'));
  const filter = <K extends keyof ProposalFilters>(key: K) => (value: ProposalFilters[K] | undefined) => {
    setFilters((f) => ({ ...f, [key]: value }));
    setPage((p) => ({ ...p, current: 1 }));
  };

  return (
    <>
      <Flex justify="space-between" align="center" wrap gap={8} style={{ marginBottom: 8 }}>
        <Typography.Title level={2} style={{ margin: 0 }}>
          申报管理
        </Typography.Title>
        <Flex gap={8}>
          <Button icon={<ReloadOutlined />} onClick={() => void proposals.refetch()} loading={proposals.isFetching}>
            刷新
          </Button>
          {isDepartment && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => void navigate('/proposals/new')} data-testid="create-proposal">
              新建申报
            </Button>
          )}
        </Flex>
      </Flex>
      <Typography.Paragraph type="secondary">
        {isBureau
          ? '各行业主管部门提交的赛项申报，可审核、退回修改、批准或发布。'
          : '本部门的赛项申报：保存草稿、提交市人社局审核，被退回后按意见修改并重新提交。'}
      </Typography.Paragraph>
      <Card style={{ marginBottom: 16 }} styles={{ body: { padding: 16 } }}>
        <Row gutter={[12, 12]} data-testid="proposal-filters">
          <Col xs={24} sm={12} lg={6}>
            <Select<EventStatus>
              placeholder="全部状态"
              allowClear
              style={{ width: '100%' }}
              value={filters.status}
              onChange={filter('status')}
              options={statuses.map((s) => ({ value: s, label: EVENT_STATUS_LABELS[s] }))}
              data-testid="filter-status"
              aria-label="状态"
            />
          </Col>
          {isBureau && (
            <Col xs={24} sm={12} lg={6}>
              <Select<string>
                placeholder="全部主办部门"
                allowClear
                showSearch={{ optionFilterProp: 'label' }}
                style={{ width: '100%' }}
                value={filters.organizerOrgId}
                onChange={filter('organizerOrgId')}
                loading={departments.isPending}
                options={(departments.data?.items ?? []).map((o) => ({ value: o.id, label: o.name }))}
                data-testid="filter-organizer"
                aria-label="主办部门"
              />
            </Col>
          )}
          <Col xs={24} sm={12} lg={6}>
            <Select<Series>
              placeholder="全部赛事品牌"
              allowClear
              style={{ width: '100%' }}
              value={filters.series}
              onChange={filter('series')}
              options={SERIES.map((s) => ({ value: s, label: SERIES_LABELS[s] }))}
              data-testid="filter-series"
              aria-label="赛事品牌"
            />
          </Col>
          <Col xs={24} sm={12} lg={6}>
            <TreeSelect<string>
              placeholder="全部产业"
              allowClear
              treeDefaultExpandAll
              showSearch={{ treeNodeFilterProp: 'title' }}
              style={{ width: '100%' }}
              value={filters.industryId}
              onChange={filter('industryId')}
              treeData={tree}
              loading={catalogues.isPending}
              data-testid="filter-industry"
              aria-label="产业"
            />
          </Col>
        </Row>
      </Card>
      {proposals.isError && (
        <Alert type="error" showIcon title="申报列表加载失败" description={errorMessage(proposals.error)} style={{ marginBottom: 16 }} />
      )}
      <Card styles={{ body: { padding: 0 } }}>
        <Table<ProposalSummary>
          rowKey="id"
          size="middle"
          columns={COLUMNS}
          dataSource={proposals.data?.items ?? []}
          loading={proposals.isPending || (proposals.isFetching && proposals.isPlaceholderData)}
          scroll={{ x: 900 }}
          locale={{ emptyText: isDepartment ? '暂无申报，点击“新建申报”开始填写' : '暂无申报' }}
          pagination={{
            current: page.current,
            pageSize: page.pageSize,
            total: proposals.data?.total ?? 0,
            showSizeChanger: true,
            pageSizeOptions: [20, 50, 100],
            hideOnSinglePage: false,
            showTotal: (total) => `共 ${total} 项`,
            onChange: (current, pageSize) => setPage({ current, pageSize }),
          }}
          data-testid="proposals-table"
        />
      </Card>
    </>
  );
}
