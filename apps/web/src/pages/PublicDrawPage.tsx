import type { PublicDraw } from '@dz/contracts';
import { ArrowLeftOutlined, LinkOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Collapse, Empty, Flex, Skeleton, Tag, Typography } from 'antd';
import { Link, useParams } from 'react-router';
import { AssignmentsTable, FrozenEntries, HexValue, LocalCheck } from '../components/DrawViews';
import { errorMessage } from '../lib/api';
import { currentDraw, DRAW_STATUS_LABELS } from '../lib/draw-check';
import { formatDateTime } from '../lib/format';
import { useDrawHistory, usePublicEvent } from '../lib/registration';
import { useDocumentTitle } from '../lib/use-document-title';

function DrawFacts({ draw }: { draw: PublicDraw }) {
  return (
    <dl className="dz-facts">
      <div className="dz-fact">
        <dt>状态</dt>
        <dd>
          <Tag color={draw.status === 'drawn' ? 'success' : draw.status === 'committed' ? 'processing' : 'default'} data-testid="draw-status">
            {DRAW_STATUS_LABELS[draw.status]}
          </Tag>
          第 {draw.round} 轮{draw.twoStage ? ' · 两次加密' : ''}
        </dd>
      </div>
      <div className="dz-fact">
        <dt>承诺值</dt>
        <dd>
          <HexValue value={draw.seedCommitment} testId="draw-commitment" />
          <div className="dz-muted">公布于 {formatDateTime(draw.committedAt)}</div>
        </dd>
      </div>
      <div className="dz-fact">
        <dt>种子</dt>
        <dd>
          {draw.seed ? (
            <>
              <HexValue value={draw.seed} testId="draw-seed" />
              {draw.drawnAt && <div className="dz-muted">抽签于 {formatDateTime(draw.drawnAt)}</div>}
            </>
          ) : (
            <Typography.Text type="secondary">抽签后公布</Typography.Text>
          )}
        </dd>
      </div>
      <div className="dz-fact">
        <dt>编号种子承诺</dt>
        <dd>
          <HexValue value={draw.codeSeedCommitment} />
          {draw.codeSeed ? (
            <div>
              种子：<HexValue value={draw.codeSeed} />
            </div>
          ) : (
            <div className="dz-muted">评分用加密编号的种子在成绩公布时公开</div>
          )}
        </dd>
      </div>
      {draw.reason && (
        <div className="dz-fact">
          <dt>重新抽签原因</dt>
          <dd>{draw.reason}</dd>
        </div>
      )}
    </dl>
  );
}

/** `/events/:id/draw`: the draw of an event for anyone, with a re-check in the browser. */
export function PublicDrawPage() {
  const { id } = useParams();
  const event = usePublicEvent(id);
  const history = useDrawHistory(id);
  useDocumentTitle(event.data ? `抽签公示：${event.data.title}` : '抽签公示');
  const draw = currentDraw(history.data?.items ?? []);
  const older = (history.data?.items ?? []).filter((d) => d.id !== draw?.id).sort((a, b) => b.round - a.round);

  return (
    <article className="dz-public-event" data-testid="public-draw">
      <Link to={id ? `/events/${id}` : '/'} className="dz-back-link">
        <ArrowLeftOutlined /> 赛项详情
      </Link>
      <Typography.Title level={3} className="dz-public-title" style={{ marginTop: 8 }}>
        抽签公示{event.data ? `：${event.data.title}` : ''}
      </Typography.Title>
      <Typography.Paragraph type="secondary">
        抽签前先公布种子的承诺值（SHA-256），抽签后公布种子。任何人都可以核对种子与承诺值，并按公开的算法重新计算全部结果。
      </Typography.Paragraph>
      {history.isPending ? (
        <Card>
          <Skeleton active paragraph={{ rows: 8 }} />
        </Card>
      ) : history.isError ? (
        <Alert
          type="error"
          showIcon
          title="抽签信息加载失败"
          description={errorMessage(history.error)}
          action={
            <Button size="small" onClick={() => void history.refetch()}>
              重试
            </Button>
          }
        />
      ) : !draw ? (
        <Card>
          <Empty description="本赛项尚未抽签" />
        </Card>
      ) : (
        <Flex vertical gap={12}>
          <Card size="small" className="dz-public-section" title="抽签信息">
            <DrawFacts draw={draw} />
          </Card>
          <Card size="small" className="dz-public-section" title="复核">
            <LocalCheck draw={draw} />
            <Typography.Paragraph style={{ margin: '8px 0 0' }}>
              <a href={`/api/events/public/draws/${draw.id}/verify`} target="_blank" rel="noopener" data-testid="draw-verify-link">
                <LinkOutlined /> 服务器复核结果（JSON）
              </a>
            </Typography.Paragraph>
          </Card>
          {draw.status !== 'committed' && (
            <Card size="small" className="dz-public-section" title="工位分配" styles={{ body: { padding: 0 } }}>
              <AssignmentsTable draw={draw} />
            </Card>
          )}
          <Card size="small" className="dz-public-section" title={`参加抽签的报名（${draw.entries.length}）`} styles={{ body: { padding: 0 } }}>
            <FrozenEntries draw={draw} />
          </Card>
          <Card size="small" className="dz-public-section" title="抽签算法">
            <div className="dz-pre dz-algorithm" data-testid="draw-algorithm">
              {draw.algorithmDescription}
            </div>
            <Typography.Text type="secondary">算法标识：{draw.algorithm}</Typography.Text>
          </Card>
          {older.length > 0 && (
            <Collapse
              items={[
                {
                  key: 'older',
                  label: `历次抽签（${older.length}）`,
                  children: (
                    <Flex vertical gap={12}>
                      {older.map((d) => (
                        <Card key={d.id} size="small" title={`第 ${d.round} 轮`}>
                          <DrawFacts draw={d} />
                        </Card>
                      ))}
                    </Flex>
                  ),
                },
              ]}
            />
          )}
        </Flex>
      )}
    </article>
  );
}
