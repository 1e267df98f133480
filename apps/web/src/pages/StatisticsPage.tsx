import {
  COMPETITION_LEVEL_LABELS,
  COMPETITION_LEVELS,
  COUNTIES,
  SERIES,
  SERIES_LABELS,
  STATISTICS_TABLES,
  type StatisticsDashboard,
  type StatisticsQuery,
  type StatisticsTable,
} from '@dz/contracts';
import { STATISTICS_TABLE_TITLES } from '@dz/domain';
import { useMutation } from '@tanstack/react-query';
import { Alert, App, Button, Card, Col, Empty, Progress, Row, Select, Space, Spin, Statistic, Table, TreeSelect, Typography } from 'antd';
import { useMemo, useState, type ReactNode } from 'react';
import { Link } from 'react-router';
import { StatChart } from '../components/statistics/StatChart';
import { apiRequest, errorMessage } from '../lib/api';
import { useRoles } from '../lib/auth';
import { industryTree, useCatalogues } from '../lib/catalogues';
import { formatDateTime } from '../lib/format';
import { barOption, cellBars, contestantBars, downloadAnnualReport, downloadTable, useStatistics, yearOverYearOption } from '../lib/statistics';
import { useDocumentTitle } from '../lib/use-document-title';
import { StatisticsRefreshReply } from '@dz/contracts';

const { Title, Text } = Typography;

function ChartCard({ title, table, query, children, extra }: { title: string; table: StatisticsTable; query: StatisticsQuery; children: ReactNode; extra?: ReactNode }) {
  const { message } = App.useApp();
  return (
    <Card
      title={title}
      size="small"
      data-testid={`chart-${table}`}
      extra={
        <Space>
          {extra}
          <Button size="small" onClick={() => void downloadTable(table, query, STATISTICS_TABLE_TITLES[table]).catch((e: unknown) => message.error(errorMessage(e)))}>
            下载表格
          </Button>
        </Space>
      }
      style={{ height: '100%' }}
    >
      {children}
    </Card>
  );
}

function Figures({ d }: { d: StatisticsDashboard }) {
  const n = d.outcomes.nominations;
  return (
    <Row gutter={[16, 16]}>
      <Col xs={12} md={6} lg={3}>
        <Statistic title="申报赛项" value={d.events.totals.proposed} suffix="项" />
      </Col>
      <Col xs={12} md={6} lg={3}>
        <Statistic title="批准赛项" value={d.events.totals.approved} suffix="项" />
      </Col>
      <Col xs={12} md={6} lg={3}>
        <Statistic title="已举办" value={d.events.totals.held} suffix="项" />
      </Col>
      <Col xs={12} md={6} lg={3}>
        <Statistic title="申报至批准（中位数）" value={d.events.medianApprovalDays ?? '—'} suffix={d.events.medianApprovalDays === null ? undefined : '天'} />
      </Col>
      <Col xs={12} md={6} lg={3}>
        <div data-testid="stat-registered">
          <Statistic title="报名人数" value={d.contestants.totals.registered} suffix="人" />
        </div>
      </Col>
      <Col xs={12} md={6} lg={3}>
        <Statistic title="实到人数" value={d.contestants.totals.present} suffix="人" />
      </Col>
      <Col xs={12} md={6} lg={3}>
        <Statistic title="获奖人数" value={d.outcomes.awarded} suffix="人" />
      </Col>
      <Col xs={12} md={6} lg={3}>
        <Text type="secondary">“巴渠工匠”累计推荐</Text>
        <div data-testid="stat-craftsmen">
          <Text strong style={{ fontSize: 20 }}>
            {n.cumulative}
          </Text>
          <Text type="secondary"> / {n.target} 名</Text>
        </div>
        <Progress percent={Math.min(100, Math.round((n.cumulative / n.target) * 1000) / 10)} size="small" />
      </Col>
    </Row>
  );
}

/** 统计分析: the bureau's dashboard (a department sees its own events only). */
export function StatisticsPage() {
  useDocumentTitle('统计分析');
  const { message } = App.useApp();
  const roles = useRoles();
  const isBureau = roles?.includes('bureau_admin') ?? false;
  const [query, setQuery] = useState<StatisticsQuery>({});
  const statistics = useStatistics(query);
  const catalogues = useCatalogues();
  const tree = useMemo(() => industryTree(catalogues.data?.industries ?? []), [catalogues.data]);
  const [measure, setMeasure] = useState<'registered' | 'events' | 'awarded'>('registered');
  const refresh = useMutation({
    mutationFn: () => apiRequest('/api/statistics/refresh', StatisticsRefreshReply, { method: 'POST' }),
    onSuccess: () => message.success('已提交数据更新，稍后刷新页面即可看到最新统计'),
    onError: (e) => message.error(errorMessage(e)),
  });
  const d = statistics.data;
  const set = (patch: Partial<StatisticsQuery>) => setQuery((q) => ({ ...q, ...patch }));
  const reportYear = query.year ?? d?.options.years[0];

  return (
    <div style={{ display: 'grid', gap: 16 }}>
      <div style={{ display: 'flex', justifyContent: 'space-between', flexWrap: 'wrap', gap: 8, alignItems: 'center' }}>
        <div>
          <Title level={3} style={{ margin: 0 }}>
            统计分析
          </Title>
          <Text type="secondary">
            {d?.scope === 'department' ? '本部门主办赛项的统计' : '全市技能竞赛工作统计'}
            {d?.refreshedAt ? `，数据更新于 ${formatDateTime(d.refreshedAt)}` : ''}
          </Text>
        </div>
        <Space wrap>
          {isBureau && (
            <Button onClick={() => refresh.mutate()} loading={refresh.isPending}>
              更新数据
            </Button>
          )}
          <Button disabled={!reportYear} onClick={() => reportYear && void downloadAnnualReport(reportYear, 'xlsx').catch((e: unknown) => message.error(errorMessage(e)))}>
            {reportYear ? `${reportYear}年度统计表（Excel）` : '年度统计表'}
          </Button>
          <Button type="primary" disabled={!reportYear} onClick={() => reportYear && void downloadAnnualReport(reportYear, 'pdf').catch((e: unknown) => message.error(errorMessage(e)))}>
            {reportYear ? `${reportYear}年度统计表（PDF）` : '年度统计表'}
          </Button>
          <Link to="/open-data">开放数据</Link>
        </Space>
      </div>

      <Card size="small" data-testid="statistics-filters">
        <Space wrap>
          <Select
            data-testid="filter-year"
            placeholder="全部年度"
            allowClear
            style={{ width: 130 }}
            value={query.year}
            onChange={(year?: number) => set({ year })}
            options={(d?.options.years ?? []).map((y) => ({ value: y, label: `${y}年` }))}
          />
          <Select
            data-testid="filter-series"
            placeholder="全部赛事品牌"
            allowClear
            style={{ width: 170 }}
            value={query.series}
            onChange={(series?: StatisticsQuery['series']) => set({ series })}
            options={SERIES.map((s) => ({ value: s, label: SERIES_LABELS[s] }))}
          />
          <Select
            placeholder="全部竞赛级别"
            allowClear
            style={{ width: 170 }}
            value={query.level}
            onChange={(level?: StatisticsQuery['level']) => set({ level })}
            options={COMPETITION_LEVELS.map((l) => ({ value: l, label: COMPETITION_LEVEL_LABELS[l] }))}
          />
          {isBureau && (
            <Select
              data-testid="filter-department"
              placeholder="全部主办部门"
              allowClear
              style={{ width: 220 }}
              value={query.departmentId}
              onChange={(departmentId?: string) => set({ departmentId })}
              options={(d?.options.departments ?? []).map((o) => ({ value: o.id, label: o.name }))}
            />
          )}
          <TreeSelect
            data-testid="filter-industry"
            placeholder="全部产业（3+3+N）"
            allowClear
            treeDefaultExpandAll
            style={{ width: 220 }}
            value={query.industryId}
            onChange={(industryId?: string) => set({ industryId })}
            treeData={tree}
          />
          <Select
            data-testid="filter-county"
            placeholder="全部区县"
            allowClear
            style={{ width: 160 }}
            value={query.county}
            onChange={(county?: StatisticsQuery['county']) => set({ county })}
            options={COUNTIES.map((c) => ({ value: c, label: c }))}
          />
          <Button onClick={() => setQuery({})}>重置</Button>
        </Space>
      </Card>

      {statistics.error && <Alert type="error" showIcon message={errorMessage(statistics.error)} />}
      {!d && statistics.isLoading && (
        <div style={{ padding: 48, textAlign: 'center' }}>
          <Spin size="large" />
        </div>
      )}
      {d && (
        <Spin spinning={statistics.isFetching}>
          <div style={{ display: 'grid', gap: 16 }}>
            <Card size="small">
              <Figures d={d} />
            </Card>
            <Row gutter={[16, 16]}>
              <Col xs={24} lg={12}>
                <ChartCard title="参赛人员区县分布（九个区县）" table="contestants_by_county" query={query}>
                  <StatChart testId="chart-county" option={barOption(contestantBars(d.contestants.byCounty, { horizontal: true }))} height={360} />
                </ChartCard>
              </Col>
              <Col xs={24} lg={12}>
                <ChartCard title="各部门赛项申报与举办" table="events_by_department" query={query}>
                  <StatChart
                    option={barOption({
                      categories: d.events.byDepartment.map((r) => r.label.replace(/^达州市/, '')),
                      series: [
                        { name: '申报', values: d.events.byDepartment.map((r) => r.proposed) },
                        { name: '批准', values: d.events.byDepartment.map((r) => r.approved) },
                        { name: '未批准', values: d.events.byDepartment.map((r) => r.rejected) },
                        { name: '已举办', values: d.events.byDepartment.map((r) => r.held) },
                      ],
                    })}
                    height={360}
                  />
                </ChartCard>
              </Col>
              <Col xs={24} lg={12}>
                <ChartCard title="参赛人员产业分布（3+3+N）" table="contestants_by_industry" query={query}>
                  <StatChart option={barOption(contestantBars(d.contestants.byIndustry, { horizontal: true }))} />
                </ChartCard>
              </Col>
              <Col xs={24} lg={12}>
                <ChartCard title="参赛人员职业（工种）分布" table="contestants_by_occupation" query={query}>
                  <StatChart option={barOption(contestantBars(d.contestants.byOccupation, { horizontal: true }))} />
                </ChartCard>
              </Col>
              <Col xs={24} md={12} lg={8}>
                <ChartCard title="年龄结构" table="contestants_by_age" query={query}>
                  <StatChart option={barOption(contestantBars(d.contestants.byAgeBand))} />
                </ChartCard>
              </Col>
              <Col xs={24} md={12} lg={8}>
                <ChartCard title="性别结构" table="contestants_by_sex" query={query}>
                  <StatChart option={barOption(contestantBars(d.contestants.bySex))} />
                </ChartCard>
              </Col>
              <Col xs={24} md={12} lg={8}>
                <ChartCard title="单位类型（企业 / 院校）" table="contestants_by_employer_type" query={query}>
                  <StatChart option={barOption(contestantBars(d.contestants.byEmployerType))} />
                </ChartCard>
              </Col>
              <Col xs={24} md={12} lg={8}>
                <ChartCard title="赛前技能等级" table="contestants_by_skill_level" query={query}>
                  <StatChart option={barOption(contestantBars(d.contestants.bySkillLevel, { hideEmpty: true }))} />
                </ChartCard>
              </Col>
              <Col xs={24} md={12} lg={8}>
                <ChartCard title="赛项状态" table="events_by_status" query={query}>
                  <StatChart option={barOption(cellBars(d.events.byStatus, '赛项数'))} />
                </ChartCard>
              </Col>
              <Col xs={24} md={12} lg={8}>
                <ChartCard title="获奖情况（按奖项等次）" table="prizes_by_tier" query={query}>
                  <StatChart option={barOption(cellBars(d.outcomes.prizesByTier, '人数'))} />
                </ChartCard>
              </Col>
              <Col xs={24} md={12} lg={8}>
                <ChartCard title="荣誉称号" table="titles" query={query}>
                  <StatChart option={barOption(cellBars(d.outcomes.titles, '人数'))} />
                </ChartCard>
              </Col>
              <Col xs={24} md={12} lg={8}>
                <ChartCard title="技能等级晋升推荐（八级工）" table="upgrades" query={query}>
                  <StatChart option={barOption(cellBars(d.outcomes.upgrades, '人数', true))} />
                </ChartCard>
              </Col>
              <Col xs={24} md={12} lg={8}>
                <ChartCard title={`“巴渠工匠”推荐（目标 ${d.outcomes.nominations.target} 名）`} table="nominations_by_year" query={query}>
                  <StatChart option={barOption(cellBars(d.outcomes.nominations.byYear, '推荐人数'))} />
                </ChartCard>
              </Col>
              <Col xs={24} lg={12}>
                <ChartCard title="擂台赛擂主及守擂" table="arena_champions" query={query}>
                  {d.outcomes.arenaChampions.length === 0 ? (
                    <Empty description="暂无擂主" />
                  ) : (
                    <>
                      <StatChart option={barOption(cellBars(d.outcomes.defenceRuns, '擂主人数'))} height={180} />
                      <Table
                        size="small"
                        rowKey="eventId"
                        pagination={{ pageSize: 5, hideOnSinglePage: true }}
                        dataSource={d.outcomes.arenaChampions}
                        columns={[
                          { title: '年度', dataIndex: 'year', width: 70 },
                          { title: '赛项', dataIndex: 'eventTitle' },
                          { title: '擂主', dataIndex: 'champion', width: 80 },
                          { title: '守擂成功', dataIndex: 'defences', width: 90 },
                        ]}
                      />
                    </>
                  )}
                </ChartCard>
              </Col>
            </Row>
            <ChartCard
              title="同一赛事品牌历年对比"
              table="year_over_year"
              query={query}
              extra={
                <Select
                  size="small"
                  value={measure}
                  onChange={setMeasure}
                  style={{ width: 120 }}
                  options={[
                    { value: 'registered', label: '报名人数' },
                    { value: 'events', label: '举办赛项' },
                    { value: 'awarded', label: '获奖人数' },
                  ]}
                />
              }
            >
              <StatChart option={yearOverYearOption(d.yearOverYear, measure)} />
            </ChartCard>
          </div>
        </Spin>
      )}
      <Text type="secondary" style={{ fontSize: 12 }}>
        说明：人数按参赛人员计（团队赛每名队员计一人）；区县筛选对赛项指标按承办区县、对人员指标按人员所在区县；年龄按比赛首日周岁计；性别与年龄来自身份证号，早期记录无法识别的计为“未知”。共 {STATISTICS_TABLES.length} 张统计表可下载。
      </Text>
    </div>
  );
}
