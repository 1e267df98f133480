import { PublicEventList } from '@dz/contracts';
import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, Col, Empty, Row, Skeleton, Typography } from 'antd';
import { EventCard } from '../components/EventCard';
import { apiRequest, errorMessage } from '../lib/api';
import { useDocumentTitle } from '../lib/use-document-title';

const GRID = { xs: 24, md: 12, xl: 8 } as const;

export function HomePage() {
  useDocumentTitle();
  const events = useQuery({
    queryKey: ['events', 'public'],
    queryFn: ({ signal }) =>
      apiRequest('/api/events/public', PublicEventList, { query: { limit: 50 }, signal }),
  });

  return (
    <>
      <Typography.Title level={2} style={{ marginTop: 0 }}>
        赛项公告
      </Typography.Title>
      <Typography.Paragraph type="secondary">
        达州技能大赛与技能达人擂台赛已发布的赛项，请在报名截止前完成报名。
      </Typography.Paragraph>
      {events.isPending ? (
        <Row gutter={[16, 16]} aria-busy="true">
          {[0, 1, 2].map((i) => (
            <Col key={i} {...GRID}>
              <Card>
                <Skeleton active paragraph={{ rows: 5 }} />
              </Card>
            </Col>
          ))}
        </Row>
      ) : events.isError ? (
        <Alert
          type="error"
          showIcon
          title="赛项加载失败"
          description={errorMessage(events.error)}
          action={
            <Button size="small" onClick={() => void events.refetch()} loading={events.isFetching}>
              重试
            </Button>
          }
        />
      ) : events.data.items.length === 0 ? (
        <Card>
          <Empty description="暂无已发布的赛项" />
        </Card>
      ) : (
        <Row gutter={[16, 16]}>
          {events.data.items.map((event) => (
            <Col key={event.id} {...GRID}>
              <EventCard event={event} />
            </Col>
          ))}
        </Row>
      )}
    </>
  );
}
