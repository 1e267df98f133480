import { ArenaMarkAck, ArenaSheet, ArenaState, type Ack, type ArenaMarkSubmit } from '@dz/contracts';
import { useMutation, useQuery } from '@tanstack/react-query';
import { Alert, App, Button, Card, Flex, Progress, Skeleton, Tag, Typography } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { useParams } from 'react-router';
import { MarkInput } from '../components/judging/MarkInput';
import { apiRequest, errorMessage } from '../lib/api';
import { useArena } from '../lib/arena';
import { formatMark, MARK_ACK_TIMEOUT_MS, maxLabel, parseMarkInput } from '../lib/judging';
import { createSocket, type AppSocket } from '../lib/socket';
import { useDocumentTitle } from '../lib/use-document-title';

type SheetAspectRow = ArenaSheet['aspects'][number];

/**
 * `/judge/events/:id/arena`: a judge's bout sheet (擂台赛): both contestants of the open bout by
 * judging code, the scheme's aspects in the judge's scope, each mark sent over the socket
 * (`arena.mark`) with an idempotency key and, when no ack comes, over HTTP with the same key.
 * The chief judge decides the bout once every mark is in.
 */
export function JudgeArenaPage() {
  const { id } = useParams();
  const { message } = App.useApp();
  const sheet = useQuery({ queryKey: ['arena', id, 'sheet'], queryFn: ({ signal }) => apiRequest(`/api/events/${id}/arena/sheet`, ArenaSheet, { signal }), enabled: !!id });
  const live = useArena(id, 'public');
  useDocumentTitle(sheet.data ? `擂台赛评分：${sheet.data.title}` : '擂台赛评分');
  const refetch = sheet.refetch;
  // Every change of the arena (a mark, a bout opened or decided) refreshes the sheet.
  useEffect(() => {
    if (live.state) void refetch();
  }, [live.state?.seq, refetch, live.state]);

  const socket = useRef<AppSocket | null>(null);
  useEffect(() => {
    const s = createSocket();
    socket.current = s;
    s.connect();
    return () => {
      s.disconnect();
      socket.current = null;
    };
  }, []);
  /** One key per (bout, code, aspect) until it is stored, so a resend is recognised. */
  const keys = useRef(new Map<string, string>());
  const [values, setValues] = useState<Record<string, number | null>>({});
  const [sending, setSending] = useState<string | null>(null);

  const send = async (body: ArenaMarkSubmit): Promise<ArenaMarkAck> => {
    const s = socket.current;
    if (s?.connected) {
      try {
        const ack = (await s.timeout(MARK_ACK_TIMEOUT_MS).emitWithAck('arena.mark', body)) as Ack<ArenaMarkAck>;
        if (ack.ok) return ack.data;
        throw new Error(ack.error.message);
      } catch (error) {
        if (!(error instanceof Error) || !/timed out|operation has timed out/i.test(error.message)) throw error;
      }
    }
    return apiRequest(`/api/events/${id}/arena/marks`, ArenaMarkAck, { method: 'POST', body });
  };

  const close = useMutation({
    mutationFn: (n: number) => apiRequest(`/api/events/${id}/arena/bouts/${n}/close`, ArenaState, { method: 'POST' }),
    onSuccess: () => {
      void message.success('本场结果已判定');
      void refetch();
    },
    onError: (e) => void message.error(errorMessage(e)),
  });

  if (sheet.isPending) return <Skeleton active />;
  if (sheet.isError) return <Alert type="error" showIcon title={errorMessage(sheet.error)} />;
  const data = sheet.data;
  const bout = data.bout;

  const submit = async (code: string, aspect: SheetAspectRow) => {
    if (!bout) return;
    const slot = `${bout.number}|${code}|${aspect.key}`;
    const parsed = parseMarkInput(aspect, values[slot]);
    if (!parsed.ok) {
      void message.error(`「${aspect.title}」${parsed.message}`);
      return;
    }
    const key = keys.current.get(slot) ?? crypto.randomUUID();
    keys.current.set(slot, key);
    setSending(slot);
    try {
      await send({ idempotencyKey: key, eventId: data.eventId, bout: bout.number, judgingCode: code, aspectKey: aspect.key, value: parsed.value });
      keys.current.delete(slot);
      void message.success(`已提交 ${code}「${aspect.title}」`);
      await refetch();
    } catch (error) {
      void message.error(errorMessage(error));
    } finally {
      setSending(null);
    }
  };

  return (
    <Flex vertical gap={16} data-testid="arena-sheet">
      <div>
        <Typography.Title level={2} style={{ margin: 0 }}>
          {data.title}
        </Typography.Title>
        <Typography.Text type="secondary">
          擂台赛评分 · {data.role === 'chief' ? '裁判长' : '裁判'}
          {data.stage ? ` · ${data.stage}评分表` : ''}
        </Typography.Text>
      </div>
      {!bout ? (
        <Alert type="info" showIcon title="当前没有进行中的场次，请等待组织方开始下一场。" data-testid="arena-sheet-idle" />
      ) : (
        <>
          <Flex align="center" gap={16} wrap data-testid="arena-sheet-bout" data-bout={bout.number}>
            <Typography.Title level={3} style={{ margin: 0 }}>
              第 {bout.number} 场
            </Typography.Title>
            <Progress style={{ width: 220 }} percent={bout.marksExpected ? Math.round((bout.marksIn / bout.marksExpected) * 100) : 0} format={() => `${bout.marksIn}/${bout.marksExpected}`} />
            {data.role === 'chief' && (
              <Button type="primary" size="large" disabled={bout.marksIn < bout.marksExpected} loading={close.isPending} onClick={() => close.mutate(bout.number)} data-testid="arena-sheet-close">
                判定本场结果
              </Button>
            )}
          </Flex>
          <Flex gap={16} wrap>
            {[
              { code: bout.holderCode, role: '擂主', color: 'gold' },
              { code: bout.challengerCode, role: '攻擂者', color: 'blue' },
            ].map((side) => (
              <Card key={side.code} style={{ flex: '1 1 420px' }} title={<Flex gap={8} align="center"><Tag color={side.color}>{side.role}</Tag>{side.code}</Flex>} data-testid="arena-side" data-code={side.code}>
                <Flex vertical gap={12}>
                  {data.aspects.map((aspect) => {
                    const slot = `${bout.number}|${side.code}|${aspect.key}`;
                    const stored = data.marks.find((m) => m.judgingCode === side.code && m.aspectKey === aspect.key);
                    return (
                      <Flex key={aspect.key} justify="space-between" align="center" gap={12} wrap>
                        <div>
                          <Typography.Text strong>
                            {aspect.key} {aspect.title}
                          </Typography.Text>
                          <br />
                          <Typography.Text type="secondary">{maxLabel(aspect)}</Typography.Text>
                        </div>
                        {stored ? (
                          <Tag color="success" data-testid={`arena-marked-${side.code}-${aspect.key}`}>
                            已提交 {formatMark(aspect.kind, stored.value)}
                          </Tag>
                        ) : (
                          <Flex gap={8} align="center">
                            <MarkInput
                              aspect={aspect}
                              value={values[slot] ?? null}
                              onChange={(v) => setValues((old) => ({ ...old, [slot]: v }))}
                              testId={`arena-input-${side.code}-${aspect.key}`}
                            />
                            <Button size="large" loading={sending === slot} onClick={() => void submit(side.code, aspect)} data-testid={`arena-submit-${side.code}-${aspect.key}`}>
                              提交
                            </Button>
                          </Flex>
                        )}
                      </Flex>
                    );
                  })}
                </Flex>
              </Card>
            ))}
          </Flex>
        </>
      )}
    </Flex>
  );
}
