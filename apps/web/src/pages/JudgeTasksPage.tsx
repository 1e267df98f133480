import { EVENT_STATUS_LABELS } from '@dz/contracts';
import { RightOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Empty, Flex, Skeleton, Tag, Typography } from 'antd';
import { Link } from 'react-router';
import { errorMessage } from '../lib/api';
import { useCurrentUser } from '../lib/auth';
import { useMyJudgingEvents } from '../lib/judging';
import { useDocumentTitle } from '../lib/use-document-title';

/** `/judge` 我的评分任务: the events this judge is assigned to that are being judged now. */
export function JudgeTasksPage() {
  useDocumentTitle('我的评分任务');
  const user = useCurrentUser();
  const tasks = useMyJudgingEvents(user !== null);
  return (
    <div className="dz-judge">
      <Typography.Title level={3}>我的评分任务</Typography.Title>
      {tasks.isPending ? (
        <Card>
          <Skeleton active paragraph={{ rows: 4 }} />
        </Card>
      ) : tasks.isError ? (
        <Alert type="error" showIcon title="评分任务加载失败" description={errorMessage(tasks.error)} />
      ) : tasks.data.length === 0 ? (
        <Card>
          <Empty description="目前没有正在进行的评分任务" />
        </Card>
      ) : (
        <Flex vertical gap={12} data-testid="judge-tasks">
          {tasks.data.map(({ event, sheet }) => (
            <Card key={event.id} data-testid="judge-task">
              <Flex justify="space-between" align="center" gap={12} wrap>
                <div>
                  <Typography.Title level={4} style={{ margin: 0 }}>
                    {event.title}
                  </Typography.Title>
                  <Typography.Text type="secondary">
                    {sheet.stage} · {sheet.role === 'chief' ? '裁判长' : '裁判'} · {sheet.entries.length} 名选手
                  </Typography.Text>{' '}
                  <Tag>{EVENT_STATUS_LABELS[event.status]}</Tag>
                </div>
                <Flex gap={8}>
                  {sheet.role === 'chief' && (
                    <Link to={`/judge/events/${event.id}/review`}>
                      <Button size="large">裁判长审核</Button>
                    </Link>
                  )}
                  <Link to={`/judge/events/${event.id}`}>
                    <Button type="primary" size="large" icon={<RightOutlined />} iconPlacement="end" data-testid="open-sheet">
                      进入评分
                    </Button>
                  </Link>
                </Flex>
              </Flex>
            </Card>
          ))}
        </Flex>
      )}
    </div>
  );
}
