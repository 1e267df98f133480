import { SERIES, SERIES_LABELS, SMALL_CELL_LABEL, type PublicStatCell, type StatisticsQuery, type SuppressedCount } from '@dz/contracts';
import { Alert, Card, Col, Row, Select, Space, Spin, Statistic, Table, Typography } from 'antd';
import { useState } from 'react';
import { StatChart } from '../components/statistics/StatChart';
import { errorMessage } from '../lib/api';
import { formatDateTime } from '../lib/format';
import { barOption, publicBars, usePublicStatistics } from '../lib/statistics';
import { useDocumentTitle } from '../lib/use-document-title';

const { Title, Text, Paragraph } = Typography;

const show = (count: SuppressedCount) => (count === SMALL_CELL_LABEL ? '少于5' : count);

function CellsCard({ title, cells, unit = '人', horizontal = false, testId }: { title: string; cells: PublicStatCell[]; unit?: string; horizontal?: boolean; testId?: string }) {
  return (
    <Card title={title} size="small" data-testid={testId} style={{ height: '100%' }}>
      <StatChart option={barOption(publicBars(cells, unit === '人' ? '人数' : '数量', horizontal))} height={220} />
      <Table
        size="small"
        rowKey="key"
        pagination={false}
        dataSource={cells}
        columns={[
          { title: '类别', dataIndex: 'label' },
          { title: unit === '人' ? '人数' : '数量', dataIndex: 'count', align: 'right', render: (c: SuppressedCount) => <span data-count={String(c)}>{c}</span> },
        ]}
      />
    </Card>
  );
}

/** 开放数据: aggregated figures only, small cells shown as "<5"; no sign-in. */
export function OpenDataPage() {
  useDocumentTitle('开放数据');
  const [query, setQuery] = useState<Pick<StatisticsQuery, 'year' | 'series'>>({});
  const statistics = usePublicStatistics(query);
  const d = statistics.data;
  return (
    <div style={{ display: 'grid', gap: 16 }}>
      <div>
        <Title level={3} style={{ margin: 0 }}>
          技能竞赛开放数据
        </Title>
        <Paragraph type="secondary" style={{ marginBottom: 0 }}>
          仅发布汇总数据。为保护个人信息，人数少于 5 人的统计格显示为“&lt;5”（必要时相邻一格一并隐藏），无法识别到个人。
          {d?.refreshedAt ? ` 数据更新于 ${formatDateTime(d.refreshedAt)}。` : ''}
        </Paragraph>
      </div>
      <Space wrap>
        <Select
          data-testid="open-year"
          placeholder="全部年度"
          allowClear
          style={{ width: 130 }}
          value={query.year}
          onChange={(year?: number) => setQuery((q) => ({ ...q, year }))}
          options={(d?.years ?? []).map((y) => ({ value: y, label: `${y}年` }))}
        />
        <Select
          placeholder="全部赛事品牌"
          allowClear
          style={{ width: 170 }}
          value={query.series}
          onChange={(series?: StatisticsQuery['series']) => setQuery((q) => ({ ...q, series }))}
          options={SERIES.map((s) => ({ value: s, label: SERIES_LABELS[s] }))}
        />
      </Space>
      {statistics.error && <Alert type="error" showIcon message={errorMessage(statistics.error)} />}
      {!d && statistics.isLoading && <Spin size="large" />}
      {d && (
        <Spin spinning={statistics.isFetching}>
          <div style={{ display: 'grid', gap: 16 }}>
            <Card size="small">
              <Row gutter={16}>
                <Col xs={12} md={6}>
                  <Statistic title="举办赛项" value={show(d.events.held)} suffix="项" />
                </Col>
                <Col xs={12} md={6}>
                  <div data-testid="open-registered">
                    <Statistic title="参赛报名" value={show(d.contestants.registered)} suffix="人" />
                  </div>
                </Col>
                <Col xs={12} md={6}>
                  <Statistic title="获奖人数" value={show(d.outcomes.awarded)} suffix="人" />
                </Col>
                <Col xs={12} md={6}>
                  <Statistic title={`“巴渠工匠”累计推荐（目标 ${d.outcomes.nominations.target} 名）`} value={show(d.outcomes.nominations.cumulative)} suffix="人" />
                </Col>
              </Row>
            </Card>
            <Row gutter={[16, 16]}>
              <Col xs={24} lg={12}>
                <CellsCard title="参赛人员区县分布" cells={d.contestants.byCounty} horizontal testId="open-county" />
              </Col>
              <Col xs={24} lg={12}>
                <CellsCard title="参赛人员产业分布" cells={d.contestants.byIndustry} horizontal />
              </Col>
              <Col xs={24} md={12} lg={8}>
                <CellsCard title="年龄结构" cells={d.contestants.byAgeBand} />
              </Col>
              <Col xs={24} md={12} lg={8}>
                <CellsCard title="性别结构" cells={d.contestants.bySex} />
              </Col>
              <Col xs={24} md={12} lg={8}>
                <CellsCard title="单位类型" cells={d.contestants.byEmployerType} />
              </Col>
              <Col xs={24} md={12} lg={8}>
                <CellsCard title="赛前技能等级" cells={d.contestants.bySkillLevel} />
              </Col>
              <Col xs={24} md={12} lg={8}>
                <CellsCard title="获奖情况" cells={d.outcomes.prizesByTier} />
              </Col>
              <Col xs={24} md={12} lg={8}>
                <CellsCard title="技能等级晋升推荐" cells={d.outcomes.upgrades} horizontal />
              </Col>
              <Col xs={24} md={12} lg={8}>
                <CellsCard title="赛事品牌" cells={d.events.bySeries} unit="项" />
              </Col>
            </Row>
          </div>
        </Spin>
      )}
      <Text type="secondary" style={{ fontSize: 12 }}>
        数据来源：达州市人力资源和社会保障局技能竞赛管理系统。
      </Text>
    </div>
  );
}
