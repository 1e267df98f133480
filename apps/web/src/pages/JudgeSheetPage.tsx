import { JUDGE_ROLE_LABELS, type JudgeSheet, type SheetAspect, type SheetMark } from '@dz/contracts';
import { formatHundredths } from '@dz/domain';
import { AuditOutlined, CloudOutlined, DisconnectOutlined, HistoryOutlined, ReloadOutlined, SendOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, Collapse, Empty, Flex, Skeleton, Tag, Typography } from 'antd';
import { useEffect, useRef, useState, useSyncExternalStore } from 'react';
import { Link, useParams } from 'react-router';
import { CorrectionModal, type CorrectionTarget } from '../components/judging/CorrectionModal';
import { MarkHistoryList } from '../components/judging/MarkHistoryList';
import { MarkInput } from '../components/judging/MarkInput';
import { errorMessage } from '../lib/api';
import { useCurrentUser } from '../lib/auth';
import { ASPECT_KIND_LABELS, formatMark, judgeSheetKey, maxLabel, parseMarkInput, sendMark, useJudgeSheet, useMarkHistory } from '../lib/judging';
import { defaultMarkStore, MARK_STATE_LABELS, MarkOutbox, type MarkState, type OutboxItem } from '../lib/mark-queue';
import { createSocket } from '../lib/socket';
import { useDocumentTitle } from '../lib/use-document-title';

const STATE_COLORS: Record<MarkState, string> = { queued: 'orange', saved: 'green', refused: 'red' };

const EMPTY: OutboxItem[] = [];

/**
 * The tablet's outbox and its connection: a socket (its reconnect flushes the queue), the
 * browser's `online` event and a slow timer as a last resort. Only this judge's marks are sent.
 */
function useMarkOutbox(judgeUserId: string | null) {
  const [outbox, setOutbox] = useState<MarkOutbox | null>(null);
  const [connection, setConnection] = useState({ socket: false, online: typeof navigator === 'undefined' || navigator.onLine });
  useEffect(() => {
    if (!judgeUserId) return;
    let cancelled = false;
    const socket = createSocket();
    const box = new MarkOutbox(defaultMarkStore(), (mark) => sendMark(socket, mark), judgeUserId);
    const flush = () => {
      if (!cancelled) void box.flush();
    };
    socket.on('connect', () => {
      setConnection((c) => ({ ...c, socket: true }));
      flush();
    });
    socket.on('disconnect', () => setConnection((c) => ({ ...c, socket: false })));
    const onOnline = () => {
      setConnection((c) => ({ ...c, online: true }));
      // The socket may still believe it is connected while its transport died offline; the
      // flush waits at most MARK_ACK_TIMEOUT_MS per mark and leaves the rest queued.
      flush();
    };
    const onOffline = () => setConnection((c) => ({ ...c, online: false }));
    window.addEventListener('online', onOnline);
    window.addEventListener('offline', onOffline);
    const timer = window.setInterval(flush, 15_000);
    void box.load().then(() => {
      if (cancelled) return;
      setOutbox(box);
      flush();
    });
    socket.connect();
    return () => {
      cancelled = true;
      window.clearInterval(timer);
      window.removeEventListener('online', onOnline);
      window.removeEventListener('offline', onOffline);
      socket.disconnect();
      setOutbox(null);
    };
  }, [judgeUserId]);
  const items = useSyncExternalStore(outbox?.subscribe ?? (() => () => undefined), outbox?.snapshot ?? (() => EMPTY));
  return { outbox, items, connection };
}

type EntryOf = JudgeSheet['entries'][number];

function MarkStateTag({ state, testId }: { state: MarkState; testId: string }) {
  return (
    <Tag color={STATE_COLORS[state]} data-testid={testId} data-state={state} className="dz-mark-state">
      {MARK_STATE_LABELS[state]}
    </Tag>
  );
}

/** One aspect of one contestant: its maximum, then the stored mark, the queued one, or the input. */
function AspectRow({
  aspect,
  entry,
  stored,
  latest,
  draft,
  draftError,
  onDraft,
  onSubmit,
  onCorrect,
}: {
  aspect: SheetAspect;
  entry: EntryOf;
  stored: SheetMark | undefined;
  latest: OutboxItem | undefined;
  draft: number | null;
  draftError: string | undefined;
  onDraft: (value: number | null) => void;
  onSubmit: () => void;
  onCorrect: () => void;
}) {
  const editable = aspect.assigned && !entry.recused && !entry.signedOff && !stored && latest?.state !== 'queued' && latest?.state !== 'saved';
  const testId = `aspect-${aspect.key}`;
  return (
    <div className="dz-aspect-row" data-testid={testId} data-kind={aspect.kind}>
      <div className="dz-aspect-head">
        <div>
          <span className="dz-mono dz-muted">{aspect.key}</span> <strong>{aspect.title}</strong>{' '}
          <Tag>{ASPECT_KIND_LABELS[aspect.kind]}</Tag>
        </div>
        <span className="dz-muted" data-testid={`${testId}-max`}>
          {maxLabel(aspect)}
        </span>
      </div>
      <div className="dz-aspect-body">
        {stored ? (
          <Flex align="center" gap={12} wrap>
            <span className="dz-mark-value" data-testid={`${testId}-value`}>
              {formatMark(aspect.kind, stored.effective)}
            </span>
            <MarkStateTag state="saved" testId={`${testId}-state`} />
            {stored.corrected && <Tag color="purple">已更正（原 {formatMark(aspect.kind, stored.submitted)}）</Tag>}
            {stored.pendingCorrection && (
              <Tag color="orange" data-testid={`${testId}-pending`}>
                更正待批准：{formatMark(aspect.kind, stored.pendingCorrection.value)}
              </Tag>
            )}
            {!stored.pendingCorrection && (
              <Button size="large" onClick={onCorrect} data-testid={`${testId}-correct`}>
                申请更正
              </Button>
            )}
          </Flex>
        ) : latest && latest.state !== 'refused' ? (
          <Flex align="center" gap={12}>
            <span className="dz-mark-value">{aspect.kind === 'judgement' ? `${latest.mark.value} 分` : latest.mark.value}</span>
            <MarkStateTag state={latest.state} testId={`${testId}-state`} />
          </Flex>
        ) : !aspect.assigned ? (
          <span className="dz-muted">不在您的评分范围</span>
        ) : (
          <Flex vertical gap={6}>
            <Flex align="center" gap={12} wrap>
              <MarkInput aspect={aspect} value={draft} onChange={onDraft} disabled={!editable} testId={`${testId}-input`} />
              <Button type="primary" size="large" icon={<SendOutlined />} disabled={!editable || draft === null} onClick={onSubmit} data-testid={`${testId}-submit`}>
                提交
              </Button>
              {latest?.state === 'refused' && <MarkStateTag state="refused" testId={`${testId}-state`} />}
            </Flex>
            {draftError && (
              <Typography.Text type="danger" data-testid={`${testId}-error`}>
                {draftError}
              </Typography.Text>
            )}
            {latest?.state === 'refused' && latest.reason && (
              <Typography.Text type="danger" data-testid={`${testId}-reason`}>
                未被接受：{latest.reason}
              </Typography.Text>
            )}
          </Flex>
        )}
      </div>
    </div>
  );
}

function EntryHistory({ eventId, entry, sheet }: { eventId: string; entry: EntryOf; sheet: JudgeSheet }) {
  const [open, setOpen] = useState(false);
  const history = useMarkHistory(eventId, entry.judgingCode, open);
  const aspectOf = (key: string) => sheet.aspects.find((a) => a.key === key);
  return (
    <Collapse
      ghost
      onChange={(keys) => setOpen(keys.length > 0)}
      items={[
        {
          key: 'history',
          label: (
            <span data-testid="history-toggle">
              <HistoryOutlined /> 评分记录（原始评分与更正）
            </span>
          ),
          children: history.isPending ? (
            <Skeleton active paragraph={{ rows: 2 }} />
          ) : history.isError ? (
            <Alert type="error" showIcon title={errorMessage(history.error)} />
          ) : (
            <MarkHistoryList
              rows={history.data.items.filter((r) => r.stage === sheet.stage)}
              kindOf={(key) => aspectOf(key)?.kind ?? 'measurement'}
              titleOf={(key) => aspectOf(key)?.title ?? key}
            />
          ),
        },
      ]}
    />
  );
}

/** `/judge/events/:id` 评分: the judge's tablet. Contestants by anonymous judging code only. */
export function JudgeSheetPage() {
  const { id = '' } = useParams();
  const user = useCurrentUser();
  const sheet = useJudgeSheet(id);
  useDocumentTitle(sheet.data ? `评分 · ${sheet.data.eventTitle}` : '评分');
  const queryClient = useQueryClient();
  const { outbox, items, connection } = useMarkOutbox(user?.id ?? null);
  const [drafts, setDrafts] = useState<Record<string, number | null>>({});
  const [draftErrors, setDraftErrors] = useState<Record<string, string>>({});
  const [correcting, setCorrecting] = useState<CorrectionTarget | null>(null);

  // A mark the server acknowledged: reload the sheet so it shows the stored value.
  const savedCount = items.filter((i) => i.state === 'saved').length;
  const lastSaved = useRef(0);
  useEffect(() => {
    if (savedCount > lastSaved.current) void queryClient.invalidateQueries({ queryKey: judgeSheetKey(id) });
    lastSaved.current = savedCount;
  }, [savedCount, id, queryClient]);

  if (sheet.isPending) {
    return (
      <Card>
        <Skeleton active paragraph={{ rows: 8 }} />
      </Card>
    );
  }
  if (sheet.isError) {
    return (
      <Alert
        type="error"
        showIcon
        title="评分表加载失败"
        description={errorMessage(sheet.error)}
        action={
          <Button size="large" onClick={() => void sheet.refetch()}>
            重试
          </Button>
        }
      />
    );
  }
  const data = sheet.data;
  const queued = items.filter((i) => i.state === 'queued' && i.mark.eventId === id).length;
  const keyOf = (code: string, aspectKey: string) => `${code}:${aspectKey}`;
  const latestOf = (code: string, aspectKey: string) =>
    items.findLast((i) => i.mark.eventId === id && i.mark.stage === data.stage && i.mark.judgingCode === code && i.mark.aspectKey === aspectKey);

  /** Checks the drafts, then queues them (each with a new idempotency key); false when one is wrong. */
  const submit = (entry: EntryOf, aspects: readonly SheetAspect[]): boolean => {
    if (!outbox) return false;
    const errors: Record<string, string> = {};
    const ready: { aspect: SheetAspect; value: number }[] = [];
    for (const aspect of aspects) {
      const parsed = parseMarkInput(aspect, drafts[keyOf(entry.judgingCode, aspect.key)]);
      if (parsed.ok) ready.push({ aspect, value: parsed.value });
      else errors[keyOf(entry.judgingCode, aspect.key)] = parsed.message;
    }
    setDraftErrors((prev) => {
      const next = { ...prev };
      for (const aspect of aspects) delete next[keyOf(entry.judgingCode, aspect.key)];
      return { ...next, ...errors };
    });
    if (Object.keys(errors).length > 0) return false;
    for (const { aspect, value } of ready) {
      void outbox.enqueue({ eventId: id, judgingCode: entry.judgingCode, stage: data.stage, aspectKey: aspect.key, value });
    }
    setDrafts((prev) => {
      const next = { ...prev };
      for (const { aspect } of ready) delete next[keyOf(entry.judgingCode, aspect.key)];
      return next;
    });
    return true;
  };

  return (
    <div className="dz-judge" data-testid="judge-sheet">
      <Flex justify="space-between" align="flex-start" gap={12} wrap className="dz-judge-head">
        <div>
          <Typography.Title level={3} style={{ margin: 0 }}>
            {data.eventTitle}
          </Typography.Title>
          <Typography.Text type="secondary">
            {data.stage} · {JUDGE_ROLE_LABELS[data.role]} · 选手以加密编号显示
          </Typography.Text>
        </div>
        <Flex gap={8} align="center" wrap>
          {connection.online && connection.socket ? (
            <Tag icon={<CloudOutlined />} color="green" data-testid="connection" data-state="online">
              实时连接
            </Tag>
          ) : (
            <Tag icon={<DisconnectOutlined />} color={connection.online ? 'orange' : 'red'} data-testid="connection" data-state="offline">
              {connection.online ? '连接中断，评分将暂存' : '离线，评分将暂存'}
            </Tag>
          )}
          <Tag color={queued > 0 ? 'orange' : 'default'} data-testid="queued-count">
            待发送 {queued} 条
          </Tag>
          <Button size="large" icon={<ReloadOutlined />} onClick={() => void sheet.refetch()} loading={sheet.isFetching}>
            刷新
          </Button>
          {data.role === 'chief' && (
            <Link to={`/judge/events/${id}/review`}>
              <Button size="large" type="primary" icon={<AuditOutlined />} data-testid="open-review">
                裁判长审核
              </Button>
            </Link>
          )}
        </Flex>
      </Flex>
      {data.entries.length === 0 ? (
        <Card>
          <Empty description="暂无分配给您的选手" />
        </Card>
      ) : (
        <Flex vertical gap={16}>
          {data.entries.map((entry) => {
            const marks = new Map(entry.marks.map((m) => [m.aspectKey, m]));
            const open = data.aspects.filter(
              (a) => a.assigned && !marks.has(a.key) && drafts[keyOf(entry.judgingCode, a.key)] !== undefined && drafts[keyOf(entry.judgingCode, a.key)] !== null,
            );
            const stored = data.aspects.filter((a) => marks.has(a.key)).length;
            return (
              <Card
                key={entry.judgingCode}
                className="dz-judge-entry"
                data-testid="judge-entry"
                data-code={entry.judgingCode}
                title={
                  <Flex align="center" gap={12} wrap>
                    <span className="dz-judging-code">{entry.judgingCode}</span>
                    <span className="dz-muted" style={{ fontSize: 14, fontWeight: 400 }}>
                      已保存 {stored}/{data.aspects.length} 项
                    </span>
                    {entry.signedOff && (
                      <Tag color="green" data-testid="entry-signed-off">
                        裁判长已签核
                      </Tag>
                    )}
                    {entry.recused && <Tag color="red">须回避</Tag>}
                  </Flex>
                }
                extra={
                  !entry.signedOff &&
                  !entry.recused && (
                    <Button
                      type="primary"
                      size="large"
                      icon={<SendOutlined />}
                      disabled={open.length === 0 || !outbox}
                      onClick={() => submit(entry, open)}
                      data-testid="entry-submit"
                    >
                      提交本选手评分{open.length > 0 ? `（${open.length} 项）` : ''}
                    </Button>
                  )
                }
              >
                {entry.recused ? (
                  <Alert type="warning" showIcon title="您须回避该选手" description={entry.recusalReasons.join('；')} />
                ) : (
                  <>
                    {data.aspects.map((aspect) => {
                      const k = keyOf(entry.judgingCode, aspect.key);
                      const mark = marks.get(aspect.key);
                      return (
                        <AspectRow
                          key={aspect.key}
                          aspect={aspect}
                          entry={entry}
                          stored={mark}
                          latest={latestOf(entry.judgingCode, aspect.key)}
                          draft={drafts[k] ?? null}
                          draftError={draftErrors[k]}
                          onDraft={(value) => {
                            setDrafts((prev) => ({ ...prev, [k]: value }));
                            setDraftErrors((prev) => {
                              const next = { ...prev };
                              delete next[k];
                              return next;
                            });
                          }}
                          onSubmit={() => submit(entry, [aspect])}
                          onCorrect={() =>
                            mark && setCorrecting({ aspect, markId: mark.markId, effective: mark.effective, judgingCode: entry.judgingCode })
                          }
                        />
                      );
                    })}
                    <EntryHistory eventId={id} entry={entry} sheet={data} />
                  </>
                )}
              </Card>
            );
          })}
        </Flex>
      )}
      <Typography.Paragraph type="secondary" style={{ marginTop: 16 }}>
        评分先保存在本机，联网后自动发送，重发不会重复计分。已提交的评分不能直接修改，须申请更正并经裁判长批准。满分合计{' '}
        {formatHundredths(data.aspects.filter((a) => a.kind !== 'deduction').reduce((s, a) => s + a.maxMarks, 0))} 分。
      </Typography.Paragraph>
      <CorrectionModal eventId={id} target={correcting} onClose={() => setCorrecting(null)} underNotice={data.eventStatus === 'under_notice'} />
    </div>
  );
}
