import { EVENT_STATUS_LABELS, type AllowedAction, type EventStatus } from '@dz/contracts';
import { ArrowLeftOutlined, EditOutlined, ReloadOutlined, TeamOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Col, Flex, Result, Row, Skeleton, Typography } from 'antd';
import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { AttachmentCard } from '../components/proposal/AttachmentCard';
import { DraftView } from '../components/proposal/DraftView';
import { HistoryTimeline } from '../components/proposal/HistoryTimeline';
import { TransitionModal, type TransitionOutcome } from '../components/proposal/TransitionModal';
import { useFieldLookups } from '../components/proposal/use-field-lookups';
import { VersionsCard } from '../components/proposal/VersionsCard';
import { StatusTag } from '../components/StatusTag';
import { ApiError, errorMessage } from '../lib/api';
import { useCurrentUser } from '../lib/auth';
import { formatDateTime } from '../lib/format';
import { NOTIFICATIONS_KEY } from '../lib/notifications';
import { canEditDraft, isOwnDepartment, latestReviewComments, PROPOSALS_KEY, proposalKey, useProposal } from '../lib/proposals';
import { useDocumentTitle } from '../lib/use-document-title';

/** Actions that end or set back a proposal look dangerous; the main way forward is primary. */
const DANGER: ReadonlySet<EventStatus> = new Set(['rejected', 'cancelled']);
const PRIMARY: ReadonlySet<EventStatus> = new Set(['submitted', 'approved', 'published']);
/** From publication on, an event has registrations, a draw and a competition day to run. */
const RUNNING: ReadonlySet<EventStatus> = new Set([
  'published',
  'registration_closed',
  'running',
  'scoring_closed',
  'under_notice',
  'final',
  'archived',
]);

/** `/proposals/:id`: the proposal, read-only, with what may be done with it next. */
export function ProposalDetailPage() {
  const { id } = useParams();
  const navigate = useNavigate();
  const user = useCurrentUser();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const proposal = useProposal(id);
  const detail = proposal.data;
  const lookups = useFieldLookups({
    industryId: detail?.draft.industryId,
    industryName: detail?.industryName,
    occupationCode: detail?.draft.occupationCode,
    occupationName: detail?.occupationName,
  });
  const [action, setAction] = useState<AllowedAction | null>(null);
  const [notice, setNotice] = useState<{ type: 'warning' | 'error'; text: string } | null>(null);
  useDocumentTitle(detail ? detail.draft.title : '申报详情');

  if (proposal.isPending) return <Skeleton active paragraph={{ rows: 14 }} />;
  if (!detail) {
    const notFound = proposal.error instanceof ApiError && proposal.error.status === 404;
    return (
      <Result
        status={notFound ? '404' : 'error'}
        title={notFound ? '申报不存在或无权查看' : '申报加载失败'}
        subTitle={errorMessage(proposal.error)}
        extra={
          <Flex gap={8} justify="center">
            {!notFound && <Button onClick={() => void proposal.refetch()}>重试</Button>}
            <Link to="/proposals">返回申报列表</Link>
          </Flex>
        }
      />
    );
  }

  const editable = canEditDraft(detail, user);
  const review = latestReviewComments(detail.history);
  const returnedNow = detail.status === 'returned';

  const onOutcome = (outcome: TransitionOutcome) => {
    if (outcome.kind === 'done') {
      queryClient.setQueryData(proposalKey(outcome.detail.id), outcome.detail);
      setNotice(null);
      void message.success(`已${outcome.label}，当前状态：${EVENT_STATUS_LABELS[outcome.detail.status]}`);
    } else {
      setNotice({ type: outcome.kind === 'stale' ? 'warning' : 'error', text: outcome.message });
      if (outcome.kind === 'stale') void message.warning(outcome.message);
    }
    // Whatever happened, show the proposal as it now is, and the lists and bells that mention it.
    void queryClient.invalidateQueries({ queryKey: proposalKey(detail.id) });
    void queryClient.invalidateQueries({ queryKey: [...PROPOSALS_KEY, 'list'] });
    void queryClient.invalidateQueries({ queryKey: NOTIFICATIONS_KEY });
  };

  const actions = (
    <Flex gap={8} wrap data-testid="actions">
      {editable && (
        <Button icon={<EditOutlined />} onClick={() => void navigate(`/proposals/${detail.id}/edit`)} data-testid="edit-proposal">
          编辑
        </Button>
      )}
      {RUNNING.has(detail.status) && (isOwnDepartment(detail, user) || (user?.roles.includes('bureau_admin') ?? false)) && (
        <Button
          type="primary"
          ghost
          icon={<TeamOutlined />}
          onClick={() => void navigate(`/manage/events/${detail.id}`)}
          data-testid="manage-event"
        >
          报名与赛务
        </Button>
      )}
      {detail.allowedActions.map((a) => (
        <Button
          key={a.to}
          type={PRIMARY.has(a.to) ? 'primary' : 'default'}
          danger={DANGER.has(a.to)}
          onClick={() => setAction(a)}
          data-testid={`action-${a.to}`}
        >
          {a.label}
        </Button>
      ))}
      <Button icon={<ReloadOutlined />} onClick={() => void proposal.refetch()} loading={proposal.isFetching} aria-label="刷新">
        刷新
      </Button>
    </Flex>
  );

  return (
    <>
      <Link to="/proposals" className="dz-back-link">
        <ArrowLeftOutlined /> 返回申报列表
      </Link>
      <Flex justify="space-between" align="flex-start" wrap gap={12} style={{ margin: '8px 0 16px' }}>
        <div style={{ minWidth: 0 }}>
          <Flex align="center" gap={12} wrap>
            <Typography.Title level={2} style={{ margin: 0 }} data-testid="proposal-title">
              {detail.draft.title}
            </Typography.Title>
            <StatusTag status={detail.status} />
          </Flex>
          <Typography.Text type="secondary">
            {detail.organizerName} · 更新于 {formatDateTime(detail.updatedAt)}
          </Typography.Text>
        </div>
        {actions}
      </Flex>

      {notice && (
        <Alert
          type={notice.type}
          showIcon
          title={notice.text}
          description={notice.type === 'warning' ? '页面已刷新为最新状态，请确认后再操作。' : undefined}
          closable={{ onClose: () => setNotice(null) }}
          style={{ marginBottom: 16 }}
          data-testid="transition-notice"
        />
      )}
      {returnedNow && review && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 16 }}
          title={`已退回修改（${review.record.actorName}，${formatDateTime(review.record.at)}）`}
          description={
            <>
              {review.record.reason && <div data-testid="returned-reason">退回原因：{review.record.reason}</div>}
              <div>
                逐项意见已用黄色标注在对应填写项旁。
                {isOwnDepartment(detail, user) && '请点击“编辑”按意见修改后重新提交。'}
              </div>
            </>
          }
          data-testid="returned-notice"
        />
      )}

      <Row gutter={[16, 16]}>
        <Col xs={24} lg={16}>
          <Flex vertical gap={16}>
            {/* With two versions or more the difference is what a reviewer looks at first. */}
            {detail.versions.length >= 2 && <VersionsCard detail={detail} lookups={lookups} />}
            <DraftView
              draft={detail.draft}
              lookups={lookups}
              comments={review?.byField}
              commentTitle={returnedNow ? '审核意见' : '上次退回意见'}
            />
          </Flex>
        </Col>
        <Col xs={24} lg={8}>
          <Flex vertical gap={16}>
            <AttachmentCard detail={detail} canUpload={editable} />
            {detail.versions.length < 2 && <VersionsCard detail={detail} lookups={lookups} />}
            <Card title="处理记录" size="small">
              <HistoryTimeline history={detail.history} />
            </Card>
          </Flex>
        </Col>
      </Row>

      <TransitionModal detail={detail} action={action} onClose={() => setAction(null)} onOutcome={onOutcome} />
    </>
  );
}
