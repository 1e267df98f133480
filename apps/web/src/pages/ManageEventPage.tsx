import { ArrowLeftOutlined, LinkOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Flex, Result, Skeleton, Tabs, Typography } from 'antd';
import { Link, useParams, useSearchParams } from 'react-router';
import { capacityLabel, entryKindLabel } from '../components/EventCard';
import { ArenaTab } from '../components/manage/ArenaTab';
import { CertificatesTab } from '../components/manage/CertificatesTab';
import { CheckinTab } from '../components/manage/CheckinTab';
import { DrawTab } from '../components/manage/DrawTab';
import { ImportTab } from '../components/manage/ImportTab';
import { JudgesTab } from '../components/manage/JudgesTab';
import { ResultsTab } from '../components/manage/ResultsTab';
import { ReviewTab } from '../components/manage/ReviewTab';
import { SchemeTab } from '../components/manage/SchemeTab';
import { StandingsTab } from '../components/manage/StandingsTab';
import { StatusTag } from '../components/StatusTag';
import { ApiError, errorMessage } from '../lib/api';
import { useRoles } from '../lib/auth';
import { showCertificatesTab } from '../lib/certificates';
import { formatDateTime } from '../lib/format';
import { useManagedEvent } from '../lib/registration';
import { useDocumentTitle } from '../lib/use-document-title';

const TABS = ['review', 'import', 'draw', 'checkin', 'scheme', 'judges', 'standings', 'arena', 'results', 'certificates'] as const;
type Tab = (typeof TABS)[number];

/**
 * `/manage/events/:id` 赛务管理: an event's registrations, bulk import, draw, check-in, judging set-up, standings, results (成绩) and certificates (证书), for
 * the organisers of the owning department and the bureau. The tab is in the address (`?tab=`),
 * so a reload or a shared link opens the same one.
 */
export function ManageEventPage() {
  const { id } = useParams();
  const [params, setParams] = useSearchParams();
  const event = useManagedEvent(id);
  const isBureau = useRoles()?.includes('bureau_admin') ?? false;
  useDocumentTitle(event.data ? `赛务管理：${event.data.title}` : '赛务管理');
  const tab: Tab = (TABS as readonly string[]).includes(params.get('tab') ?? '') ? (params.get('tab') as Tab) : 'review';

  if (event.isPending) return <Skeleton active paragraph={{ rows: 12 }} />;
  if (event.isError) {
    const status = event.error instanceof ApiError ? event.error.status : 0;
    return (
      <Result
        status={status === 404 ? '404' : status === 403 ? '403' : 'error'}
        title={status === 404 ? '赛项不存在' : status === 403 ? '无权管理此赛项' : '赛项加载失败'}
        subTitle={errorMessage(event.error)}
        extra={
          <Flex gap={8} justify="center">
            {status >= 500 && <Button onClick={() => void event.refetch()}>重试</Button>}
            <Link to="/proposals">返回申报管理</Link>
          </Flex>
        }
      />
    );
  }

  const e = event.data;
  return (
    <>
      <Link to={`/proposals/${e.id}`} className="dz-back-link">
        <ArrowLeftOutlined /> 返回申报详情
      </Link>
      <Flex justify="space-between" align="flex-start" wrap gap={12} style={{ margin: '8px 0 12px' }}>
        <div style={{ minWidth: 0 }}>
          <Flex align="center" gap={12} wrap>
            <Typography.Title level={2} style={{ margin: 0 }} data-testid="manage-title">
              {e.title}
            </Typography.Title>
            <StatusTag status={e.status} />
          </Flex>
          <Typography.Text type="secondary">
            {e.organizerName} · {entryKindLabel(e.teamSize)} · 名额 {capacityLabel(e)} · 报名截止 {formatDateTime(e.registrationClosesAt)} · 比赛开始{' '}
            {formatDateTime(e.startsAt)}
          </Typography.Text>
        </div>
        <Link to={`/events/${e.id}`} target="_blank">
          <LinkOutlined /> 公开页面
        </Link>
      </Flex>
      {e.status === 'published' && Date.parse(e.registrationClosesAt) > Date.now() && (
        <Alert type="info" showIcon style={{ marginBottom: 12 }} title="报名进行中：选手可自主报名，新报名会出现在“报名审核”中。" />
      )}
      <Card styles={{ body: { paddingTop: 4 } }}>
        <Tabs
          activeKey={tab}
          onChange={(key) => setParams({ tab: key }, { replace: true })}
          destroyOnHidden
          items={[
            { key: 'review', label: '报名审核', children: <ReviewTab event={e} /> },
            { key: 'import', label: '批量导入', children: <ImportTab event={e} /> },
            { key: 'draw', label: '抽签', children: <DrawTab event={e} /> },
            { key: 'checkin', label: '检录', children: <CheckinTab event={e} /> },
            { key: 'scheme', label: '评分表', children: <SchemeTab event={e} /> },
            { key: 'judges', label: '裁判安排', children: <JudgesTab event={e} /> },
            { key: 'standings', label: '实时排名', children: <StandingsTab event={e} /> },
            ...(e.format === 'arena' ? [{ key: 'arena', label: '擂台赛', children: <ArenaTab event={e} /> }] : []),
            { key: 'results', label: '成绩', children: <ResultsTab event={e} /> },
            ...(showCertificatesTab(e.status, isBureau) ? [{ key: 'certificates', label: '证书', children: <CertificatesTab event={e} /> }] : []),
          ]}
          data-testid="manage-tabs"
        />
      </Card>
    </>
  );
}
