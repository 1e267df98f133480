import {
  ATTENDANCE_LABELS,
  ENTRY_STATUS_LABELS,
  EntryView,
  PublicEventDetail,
  WithdrawBody,
  type AppealView,
  type EntryView as Entry,
} from '@dz/contracts';
import { DownloadOutlined, IdcardOutlined, LogoutOutlined, ReloadOutlined } from '@ant-design/icons';
import { useMutation, useQueries, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Empty, Flex, Form, Input, Modal, Skeleton, Tag, Typography } from 'antd';
import { useState, type ReactNode } from 'react';
import { Link, useLocation } from 'react-router';
import { EntryResults, MyAppealsList } from '../components/results/MyAppeals';
import { TicketQr } from '../components/TicketQr';
import { apiDownload, apiRequest, errorMessage } from '../lib/api';
import { useRoles } from '../lib/auth';
import { formatDateTime } from '../lib/format';
import {
  ATTENDANCE_COLORS,
  canWithdraw,
  ENTRY_STATUS_COLORS,
  entryStatusNote,
  MY_ENTRIES_KEY,
  publicEventKey,
  useMyEntries,
} from '../lib/registration';
import { useMyAppeals } from '../lib/results';
import { useDocumentTitle } from '../lib/use-document-title';

type EventInfo = Pick<PublicEventDetail, 'startsAt' | 'venue' | 'county' | 'status'>;

function Fact({ label, children, testId }: { label: string; children: ReactNode; testId?: string }) {
  return (
    <div className="dz-fact" data-testid={testId}>
      <dt>{label}</dt>
      <dd>{children}</dd>
    </div>
  );
}

/** The 准考证 on the page: the QR code the check-in desk scans, and what the desk reads out. */
function TicketCard({ entry, event }: { entry: Entry; event: EventInfo | undefined }) {
  const { message } = App.useApp();
  const [downloading, setDownloading] = useState(false);
  const onDownload = () => {
    setDownloading(true);
    apiDownload(`/api/entries/${entry.id}/ticket`, `准考证-${entry.eventTitle}-${entry.number}.pdf`)
      .catch((error: unknown) => void message.error(errorMessage(error)))
      .finally(() => setDownloading(false));
  };
  if (!entry.ticketPayload) return null;
  return (
    <section className="dz-ticket" data-testid="ticket" aria-label="准考证">
      <header className="dz-ticket-head">
        <IdcardOutlined /> 准考证
      </header>
      <div className="dz-ticket-body">
        <TicketQr payload={entry.ticketPayload} />
        <dl className="dz-facts dz-ticket-facts">
          <Fact label="姓名">{entry.teamName ? `${entry.teamName}（${entry.members[0]?.name ?? ''}）` : entry.members[0]?.name}</Fact>
          <Fact label="报名序号">
            <span className="dz-mono">{entry.number}</span>
          </Fact>
          {entry.workstation !== null && (
            <Fact label="工位号" testId="ticket-workstation">
              <strong className="dz-mono">{entry.workstation}</strong>
            </Fact>
          )}
          {entry.checkinCode && (
            <Fact label="检录码" testId="ticket-checkin-code">
              <strong className="dz-mono">{entry.checkinCode}</strong>
            </Fact>
          )}
          {event && <Fact label="比赛时间">{formatDateTime(event.startsAt)}</Fact>}
          {event && <Fact label="比赛地点">{[event.county, event.venue].filter(Boolean).join(' · ')}</Fact>}
        </dl>
      </div>
      <Typography.Paragraph type="secondary" style={{ margin: '8px 0 0', fontSize: 13 }}>
        检录时请出示此二维码和本人身份证。{entry.workstation === null && '工位号在抽签后公布。'}
      </Typography.Paragraph>
      {entry.ticketAvailable && (
        <Button icon={<DownloadOutlined />} onClick={onDownload} loading={downloading} block style={{ marginTop: 8 }} data-testid="ticket-download">
          下载 PDF 准考证
        </Button>
      )}
    </section>
  );
}

function EntryCard({
  entry,
  event,
  appeals,
  highlight,
  onWithdraw,
}: {
  entry: Entry;
  event: EventInfo | undefined;
  appeals: readonly AppealView[];
  highlight: boolean;
  onWithdraw: (entry: Entry) => void;
}) {
  const note = entryStatusNote(entry);
  const drawn = entry.workstation !== null;
  return (
    <Card
      size="small"
      className={highlight ? 'dz-entry-card dz-entry-card-new' : 'dz-entry-card'}
      data-testid="entry-card"
      data-entry-id={entry.id}
      data-status={entry.status}
    >
      <Flex justify="space-between" align="flex-start" gap={8}>
        <Link to={`/events/${entry.eventId}`} className="dz-entry-title">
          {entry.eventTitle}
        </Link>
        <Tag color={ENTRY_STATUS_COLORS[entry.status]} style={{ marginInlineEnd: 0 }} data-testid="entry-status">
          {ENTRY_STATUS_LABELS[entry.status]}
        </Tag>
      </Flex>
      {note && (
        <Alert
          type={entry.status === 'rejected' ? 'error' : entry.status === 'waitlisted' ? 'warning' : 'info'}
          showIcon
          title={note}
          style={{ margin: '8px 0' }}
          data-testid="entry-note"
        />
      )}
      <dl className="dz-facts">
        <Fact label="报名序号">
          <span className="dz-mono">{entry.number}</span>
        </Fact>
        {entry.teamName && <Fact label="团队">{entry.teamName}</Fact>}
        <Fact label={entry.members.length > 1 ? '成员' : '选手'}>{entry.members.map((m) => m.name).join('、')}</Fact>
        {entry.status === 'waitlisted' && entry.waitlistPosition !== null && (
          <Fact label="候补" testId="entry-waitlist">
            候补第 {entry.waitlistPosition} 位
          </Fact>
        )}
        {/* With a ticket on the card the ticket shows them. */}
        {drawn && !(entry.status === 'approved' && entry.ticketPayload) && (
          <Fact label="工位号">
            <span className="dz-mono">{entry.workstation}</span>
            {entry.checkinCode && <span className="dz-muted">（检录码 {entry.checkinCode}）</span>}
          </Fact>
        )}
        {entry.status === 'approved' && (
          <Fact label="检录">
            <Tag color={ATTENDANCE_COLORS[entry.attendance]} data-testid="entry-attendance">
              {ATTENDANCE_LABELS[entry.attendance]}
            </Tag>
            {entry.checkedInAt && <span className="dz-muted">{formatDateTime(entry.checkedInAt)}</span>}
          </Fact>
        )}
        <Fact label="报名时间">{formatDateTime(entry.createdAt)}</Fact>
      </dl>
      <EntryResults entry={entry} eventStatus={event?.status} appeals={appeals} />
      {entry.status === 'approved' && <TicketCard entry={entry} event={event} />}
      {canWithdraw(entry.status) && entry.attendance === 'pending' && (
        <Flex justify="flex-end" style={{ marginTop: 8 }}>
          <Button danger type="text" icon={<LogoutOutlined />} onClick={() => onWithdraw(entry)} data-testid="entry-withdraw">
            退出报名
          </Button>
        </Flex>
      )}
    </Card>
  );
}

function WithdrawModal({ entry, onClose }: { entry: Entry | null; onClose: () => void }) {
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<{ reason?: string }>();
  const [problem, setProblem] = useState<string | null>(null);
  const withdraw = useMutation({
    mutationFn: ({ id, body }: { id: string; body: WithdrawBody }) =>
      apiRequest(`/api/entries/${id}/withdraw`, EntryView, { method: 'POST', body }),
  });
  const close = () => {
    form.resetFields();
    setProblem(null);
    onClose();
  };
  const onOk = () => {
    if (!entry) return;
    const parsed = WithdrawBody.safeParse({ reason: form.getFieldValue('reason')?.trim() || undefined });
    if (!parsed.success) {
      form.setFields([{ name: 'reason', errors: parsed.error.issues.map((i) => i.message) }]);
      return;
    }
    withdraw.mutate(
      { id: entry.id, body: parsed.data },
      {
        onSuccess: () => {
          void message.success('已退出报名');
          void queryClient.invalidateQueries({ queryKey: MY_ENTRIES_KEY });
          close();
        },
        onError: (error) => setProblem(errorMessage(error)),
      },
    );
  };
  return (
    <Modal
      open={entry !== null}
      title="确认退出报名？"
      okText="确认退出"
      okButtonProps={{ danger: true, loading: withdraw.isPending }}
      cancelText="再想想"
      onOk={onOk}
      onCancel={close}
      destroyOnHidden
    >
      <Typography.Paragraph>
        退出「{entry?.eventTitle}」后名额将让给候补选手，<Typography.Text strong>无法恢复</Typography.Text>；如需参赛须在报名截止前重新报名。
      </Typography.Paragraph>
      {problem && <Alert type="error" showIcon title={problem} style={{ marginBottom: 12 }} />}
      <Form form={form} layout="vertical" preserve={false}>
        <Form.Item label="退出原因（选填）" name="reason">
          <Input.TextArea rows={2} maxLength={200} showCount placeholder="如：时间冲突" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/**
 * `/me/entries` 我的报名: a contestant's entries, tickets and what to do next; phone first. During
 * an event's notice period (成绩公示) the entry offers 申诉, and the appeals are listed with their answers.
 */
export function MyEntriesPage() {
  useDocumentTitle('我的报名');
  const isContestant = useRoles()?.includes('contestant') ?? false;
  const appeals = useMyAppeals(isContestant);
  const location = useLocation();
  const justRegistered = (location.state as { entryId?: unknown } | null)?.entryId;
  const entries = useMyEntries();
  const [withdrawing, setWithdrawing] = useState<Entry | null>(null);
  const eventIds = [...new Set((entries.data?.items ?? []).map((e) => e.eventId))];
  // Time and place for the ticket come from each event's public page (cached with it).
  const events = useQueries({
    queries: eventIds.map((id) => ({
      queryKey: publicEventKey(id),
      queryFn: ({ signal }: { signal: AbortSignal }) => apiRequest(`/api/events/public/${id}`, PublicEventDetail, { signal }),
      staleTime: 5 * 60_000,
      retry: false,
    })),
  });
  const eventOf = (id: string): EventInfo | undefined => events[eventIds.indexOf(id)]?.data;

  return (
    <div className="dz-my-entries">
      <Flex justify="space-between" align="center" style={{ marginBottom: 12 }}>
        <Typography.Title level={3} style={{ margin: 0 }}>
          我的报名
        </Typography.Title>
        <Button
          icon={<ReloadOutlined />}
          onClick={() => {
            void entries.refetch();
            if (isContestant) void appeals.refetch();
          }}
          loading={entries.isFetching}
        >
          刷新
        </Button>
      </Flex>
      {entries.isPending ? (
        <Card>
          <Skeleton active paragraph={{ rows: 6 }} />
        </Card>
      ) : entries.isError ? (
        <Alert
          type="error"
          showIcon
          title="报名记录加载失败"
          description={errorMessage(entries.error)}
          action={
            <Button size="small" onClick={() => void entries.refetch()}>
              重试
            </Button>
          }
        />
      ) : entries.data.items.length === 0 ? (
        <Card>
          <Empty description="您还没有报名任何赛项">
            <Link to="/">去看看正在报名的赛项</Link>
          </Empty>
        </Card>
      ) : (
        <Flex vertical gap={12} data-testid="my-entries">
          {entries.data.items.map((entry) => (
            <EntryCard
              key={entry.id}
              entry={entry}
              event={eventOf(entry.eventId)}
              appeals={appeals.data?.items ?? []}
              highlight={entry.id === justRegistered}
              onWithdraw={setWithdrawing}
            />
          ))}
        </Flex>
      )}
      {appeals.isError && <Alert type="error" showIcon style={{ marginTop: 12 }} title="申诉记录加载失败" description={errorMessage(appeals.error)} />}
      <MyAppealsList appeals={appeals.data?.items ?? []} />
      <WithdrawModal entry={withdrawing} onClose={() => setWithdrawing(null)} />
    </div>
  );
}
