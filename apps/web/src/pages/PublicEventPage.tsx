import { COMPETITION_LEVEL_LABELS, ENTRY_STATUS_LABELS, type PublicEventDetail } from '@dz/contracts';
import {
  ArrowLeftOutlined,
  CalendarOutlined,
  DesktopOutlined,
  EditOutlined,
  EnvironmentOutlined,
  FieldNumberOutlined,
  OrderedListOutlined,
  TeamOutlined,
  TrophyOutlined,
} from '@ant-design/icons';
import { Alert, Button, Card, Flex, Result, Skeleton, Tag, Timeline, Typography } from 'antd';
import type { ReactNode } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { capacityLabel, entryKindLabel, seriesLabel } from '../components/EventCard';
import { StatusTag } from '../components/StatusTag';
import { ApiError, errorMessage } from '../lib/api';
import { useCurrentUser } from '../lib/auth';
import { awardTierText, eligibilitySentences, FORMAT_LABELS, roundsText } from '../lib/event-text';
import { formatDateTime, formatDateTimeRange } from '../lib/format';
import { ENTRY_STATUS_COLORS, registrationOpen, useDrawHistory, useMyEntries, usePublicEvent } from '../lib/registration';
import { useDocumentTitle } from '../lib/use-document-title';

/** Statuses with results the public may see (成绩公示, 成绩确定). */
const RESULTS_STATUSES: readonly string[] = ['under_notice', 'final', 'archived'];
/** From the day of the competition on, the event has a live board. */
const BOARD_STATUSES: readonly string[] = ['running', 'scoring_closed', 'under_notice', 'final', 'archived'];

/** A label and its value as a definition list row: light and readable on a phone. */
function Fact({ label, children, testId }: { label: string; children: ReactNode; testId?: string }) {
  return (
    <div className="dz-fact" data-testid={testId}>
      <dt>{label}</dt>
      <dd>{children}</dd>
    </div>
  );
}

function Section({ title, icon, children, testId }: { title: string; icon?: ReactNode; children: ReactNode; testId: string }) {
  return (
    <Card size="small" className="dz-public-section" data-testid={testId}>
      <h3 className="dz-public-section-title">
        {icon}
        {title}
      </h3>
      {children}
    </Card>
  );
}

/**
 * 立即报名 while registration is open. Anyone may press it: the registration page sends a visitor
 * to sign in (or up) and back. A contestant who already entered sees their entry instead.
 */
function RegisterAction({ event }: { event: PublicEventDetail }) {
  const navigate = useNavigate();
  const user = useCurrentUser();
  const isContestant = user?.roles.includes('contestant') ?? false;
  const mine = useMyEntries(isContestant);
  const entry = mine.data?.items.find((e) => e.eventId === event.id && e.status !== 'withdrawn');
  if (event.status !== 'published') return null;
  // Staff accounts do not register; they run the event from 申报管理.
  if (user && !isContestant) return null;
  if (entry) {
    return (
      <Alert
        type={entry.status === 'rejected' ? 'warning' : 'success'}
        showIcon
        className="dz-register-cta"
        data-testid="event-my-entry"
        title={
          <span>
            您已报名本赛项：
            <Tag color={ENTRY_STATUS_COLORS[entry.status]} style={{ marginInlineStart: 4 }}>
              {ENTRY_STATUS_LABELS[entry.status]}
            </Tag>
          </span>
        }
        action={<Link to="/me/entries">查看我的报名</Link>}
      />
    );
  }
  const open = registrationOpen(event);
  return (
    <div className="dz-register-cta">
      <Button
        type="primary"
        size="large"
        block
        icon={<EditOutlined />}
        disabled={!open}
        onClick={() => void navigate(`/events/${event.id}/register`)}
        data-testid="register-button"
      >
        {open ? '立即报名' : '报名已截止'}
      </Button>
      {open && !user && (
        <Typography.Text type="secondary" className="dz-register-cta-hint">
          报名须先登录；还没有账号的参赛选手可用手机号注册
        </Typography.Text>
      )}
    </div>
  );
}

/** `/events/:id`: one published event for anyone, e.g. opened from a link shared on WeChat. */
export function PublicEventPage() {
  const { id } = useParams();
  const event = usePublicEvent(id);
  const draws = useDrawHistory(id);
  useDocumentTitle(event.data?.title ?? '赛项详情');

  if (event.isPending) {
    return (
      <Card>
        <Skeleton active paragraph={{ rows: 8 }} />
      </Card>
    );
  }
  if (event.isError) {
    const notFound = event.error instanceof ApiError && event.error.status === 404;
    return notFound ? (
      <Result status="404" title="赛项不存在或尚未发布" extra={<Link to="/">返回赛项公告</Link>} data-testid="event-not-found" />
    ) : (
      <Alert
        type="error"
        showIcon
        title="赛项加载失败"
        description={errorMessage(event.error)}
        action={
          <Button size="small" onClick={() => void event.refetch()} loading={event.isFetching}>
            重试
          </Button>
        }
      />
    );
  }

  const e = event.data;
  const place = [e.county, e.venue].filter(Boolean).join(' · ');
  const unit = e.teamSize > 1 ? '队' : '名';
  const eligibility = eligibilitySentences(e.eligibility, (code) => (code === e.occupationCode ? e.occupationName : undefined));
  const schedule = [...e.schedule].sort((a, b) => a.startsAt.localeCompare(b.startsAt));

  return (
    <article className="dz-public-event" data-testid="public-event">
      <Link to="/" className="dz-back-link">
        <ArrowLeftOutlined /> 赛项公告
      </Link>
      <header className="dz-public-header">
        <Flex wrap gap={6} style={{ marginBottom: 8 }}>
          <StatusTag status={e.status} testId="event-status" />
          {e.format === 'arena' && (
            <Tag color="volcano" icon={<TrophyOutlined />} style={{ marginInlineEnd: 0 }}>
              擂台赛
            </Tag>
          )}
          <Tag color="blue" style={{ marginInlineEnd: 0 }}>
            {entryKindLabel(e.teamSize)}
          </Tag>
        </Flex>
        <Typography.Text type="secondary" data-testid="event-series">
          {seriesLabel(e)}
          {e.level && ` · ${COMPETITION_LEVEL_LABELS[e.level]}`}
        </Typography.Text>
        <Typography.Title level={2} className="dz-public-title" style={{ marginTop: 4 }} data-testid="event-title">
          {e.title}
        </Typography.Title>
        <div className="dz-public-key-dates">
          <div>
            <span>报名截止</span>
            <strong data-testid="event-closes">{formatDateTime(e.registrationClosesAt)}</strong>
          </div>
          <div>
            <span>比赛开始</span>
            <strong data-testid="event-starts">{formatDateTime(e.startsAt)}</strong>
          </div>
        </div>
        <RegisterAction event={e} />
        {(draws.data?.items.length ?? 0) > 0 && (
          <Link to={`/events/${e.id}/draw`} className="dz-draw-link" data-testid="event-draw-link">
            <FieldNumberOutlined /> 抽签公示与复核
          </Link>
        )}
        {RESULTS_STATUSES.includes(e.status) && (
          <Link to={`/results/events/${e.id}`} className="dz-draw-link" data-testid="event-results-link">
            <OrderedListOutlined /> {e.status === 'under_notice' ? '成绩公示' : '比赛成绩'}
          </Link>
        )}
        {BOARD_STATUSES.includes(e.status) && (
          <Flex gap={16} wrap className="dz-board-links">
            <Link to={`/board/events/${e.id}`} className="dz-draw-link" data-testid="event-board-link">
              <TrophyOutlined /> 实时排名
            </Link>
            <a href={`/screen/events/${e.id}`} target="_blank" rel="noreferrer" className="dz-draw-link" data-testid="event-screen-link">
              <DesktopOutlined /> 大屏展示
            </a>
          </Flex>
        )}
      </header>

      <Flex vertical gap={12}>
        <Section title="赛项信息" icon={<EnvironmentOutlined />} testId="event-facts">
          <dl className="dz-facts">
            <Fact label="职业（工种）" testId="event-occupation">
              {e.occupationName} <span className="dz-mono dz-muted">{e.occupationCode}</span>
            </Fact>
            {e.industryName && <Fact label="所属产业">{e.industryName}</Fact>}
            <Fact label="主办单位">{e.organizerName}</Fact>
            {e.coOrganizerNames.length > 0 && <Fact label="协办单位">{e.coOrganizerNames.join('、')}</Fact>}
            <Fact label="比赛地点">{place || '—'}</Fact>
            <Fact label="名额">{capacityLabel(e)}</Fact>
            <Fact label="赛制">
              {e.format === 'arena' ? FORMAT_LABELS.arena : e.rounds.length > 0 ? roundsText(e.rounds) : FORMAT_LABELS.rounds}
            </Fact>
          </dl>
        </Section>

        {e.stages.length > 0 && (
          <Section title="比赛阶段与成绩构成" testId="event-stages">
            <ul className="dz-stages">
              {e.stages.map((s) => (
                <li key={s.name}>
                  <span className="dz-stage-name">{s.name}</span>
                  <span className="dz-stage-bar" aria-hidden>
                    <span style={{ width: `${Math.min(100, Math.max(0, s.weight))}%` }} />
                  </span>
                  <span className="dz-stage-weight">{s.weight}%</span>
                </li>
              ))}
            </ul>
          </Section>
        )}

        {schedule.length > 0 && (
          <Section title="日程安排" icon={<CalendarOutlined />} testId="event-schedule">
            <Timeline
              items={schedule.map((s, i) => ({
                key: `${s.startsAt}-${i}`,
                content: (
                  <>
                    <div className="dz-schedule-title">{s.title}</div>
                    <div className="dz-muted">{formatDateTimeRange(s.startsAt, s.endsAt)}</div>
                    {s.venue && <div className="dz-muted">{s.venue}</div>}
                  </>
                ),
              }))}
            />
          </Section>
        )}

        <Section title="参赛条件" icon={<TeamOutlined />} testId="event-eligibility">
          {eligibility.length > 0 ? (
            <ul className="dz-value-list">
              {eligibility.map((s) => (
                <li key={s}>{s}</li>
              ))}
            </ul>
          ) : (
            <Typography.Text>无特别限制，欢迎报名。</Typography.Text>
          )}
        </Section>

        {(e.awardTiers.length > 0 || e.titles.length > 0) && (
          <Section title="奖项设置" icon={<TrophyOutlined />} testId="event-awards">
            {e.awardTiers.length > 0 && (
              <ul className="dz-value-list">
                {e.awardTiers.map((t) => (
                  <li key={t.name}>{awardTierText(t, unit)}</li>
                ))}
              </ul>
            )}
            {e.titles.length > 0 && (
              <div style={{ marginTop: 8 }}>
                <span className="dz-muted">荣誉称号：</span>
                {e.titles.map((t) => (
                  <Tag key={t} color="gold">
                    {t}
                  </Tag>
                ))}
              </div>
            )}
          </Section>
        )}

        {e.description && (
          <Section title="赛项说明" testId="event-description">
            <div className="dz-pre">{e.description}</div>
          </Section>
        )}
      </Flex>
    </article>
  );
}
