import { EVENT_STATUS_LABELS } from '@dz/contracts';
import { RightOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Empty, Flex, Skeleton, Tag, Typography } from 'antd';
import { Fragment } from 'react';
import { Link } from 'react-router';
import { AppealsCard } from '../components/results/AppealsCard';
import { errorMessage } from '../lib/api';
import { useCurrentUser } from '../lib/auth';
import { JUDGING_STATUSES, useMyJudgingEvents } from '../lib/judging';
import { useDocumentTitle } from '../lib/use-document-title';

/**
 * `/judge` 我的评分任务: the events this judge is assigned to (GET /judging/mine), those being
 * judged now first. For an event under notice (成绩公示) the chief judge also sees its appeals
 * (申诉) and answers them here.
 */
const isCurrent = (status: string) => (JUDGING_STATUSES as readonly string[]).includes(status);

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
      ) : tasks.data.items.length === 0 ? (
        <Card>
          <Empty description="目前没有安排给您的评分任务" />
        </Card>
      ) : (
        <Flex vertical gap={12} data-testid="judge-tasks">
          {[...tasks.data.items]
            .sort((a, b) => Number(isCurrent(b.status)) - Number(isCurrent(a.status)))
            .map((task) => {
              const marked = task.stages.filter((s) => s.hasScheme);
              return (
                <Fragment key={task.eventId}>
                  <Card data-testid="judge-task">
                    <Flex justify="space-between" align="center" gap={12} wrap>
                      <div>
                        <Typography.Title level={4} style={{ margin: 0 }}>
                          {task.title}
                        </Typography.Title>
                        <Typography.Text type="secondary">
                          {task.role === 'chief' ? '裁判长' : '裁判'} · {task.entries} 名选手 · 已签核 {task.signedOff} 名 ·{' '}
                          {task.stages.map((s) => `${s.name}${s.hasScheme ? '' : '（未设评分表）'}`).join('、')}
                        </Typography.Text>{' '}
                        <Tag color={isCurrent(task.status) ? 'processing' : undefined}>{EVENT_STATUS_LABELS[task.status]}</Tag>
                      </div>
                      <Flex gap={8}>
                        {task.role === 'chief' && marked.length > 0 && (
                          <Link to={`/judge/events/${task.eventId}/review`}>
                            <Button size="large">裁判长审核</Button>
                          </Link>
                        )}
                        {task.format === 'arena' && (
                          <Link to={`/judge/events/${task.eventId}/arena`}>
                            <Button size="large" data-testid="open-arena-sheet">
                              擂台赛评分
                            </Button>
                          </Link>
                        )}
                        {marked.length > 0 ? (
                          <Link to={`/judge/events/${task.eventId}`}>
                            <Button type="primary" size="large" icon={<RightOutlined />} iconPlacement="end" data-testid="open-sheet">
                              进入评分
                            </Button>
                          </Link>
                        ) : (
                          <Typography.Text type="secondary">评分表尚未设置</Typography.Text>
                        )}
                      </Flex>
                    </Flex>
                  </Card>
                  {task.role === 'chief' && task.status === 'under_notice' && <AppealsCard eventId={task.eventId} canDecide />}
                </Fragment>
              );
            })}
        </Flex>
      )}
    </div>
  );
}
