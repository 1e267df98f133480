import { CorrectionBody, CorrectionView, type SheetAspect } from '@dz/contracts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Form, Input, Modal, Select, Typography, type ButtonProps } from 'antd';
import { useMemo, useState } from 'react';
import { apiRequest, errorMessage } from '../../lib/api';
import { formatMark, judgeSheetKey, markBoardKey, parseMarkInput } from '../../lib/judging';
import { newIdempotencyKey } from '../../lib/mark-queue';
import { resultsKey, upheldAppealsFor, useEventAppeals } from '../../lib/results';
import { MarkInput } from './MarkInput';

export interface CorrectionTarget {
  aspect: Pick<SheetAspect, 'key' | 'title' | 'kind' | 'maxMarks'>;
  /** The original mark (or a correction of it). */
  markId: string;
  /** Hundredths in effect now. */
  effective: number;
  judgingCode: string;
}

/**
 * 申请更正: a new value for a submitted mark, with a reason; it counts once the chief judge
 * approves it. The idempotency key is made when the dialog opens, so a double tap or a resend
 * after a timeout files one correction. During the notice period (`underNotice`) a correction
 * must cite an upheld appeal (申诉成立) about the same entry, picked from the event's appeals.
 */
export function CorrectionModal({
  eventId,
  target,
  onClose,
  underNotice = false,
}: {
  eventId: string;
  target: CorrectionTarget | null;
  onClose: () => void;
  underNotice?: boolean;
}) {
  return target ? <CorrectionForm key={target.markId} eventId={eventId} target={target} onClose={onClose} underNotice={underNotice} /> : null;
}

/** The upheld appeals about the target's entry, for the chief judge to cite (others cannot list appeals). */
function AppealSelect({ eventId, judgingCode, value, onChange }: { eventId: string; judgingCode: string; value: string | null; onChange: (id: string) => void }) {
  const appeals = useEventAppeals(eventId);
  const options = upheldAppealsFor(appeals.data?.items ?? [], judgingCode).map((a) => ({
    value: a.id,
    label: `${a.entryNumber} 号 ${a.contestantName}：${a.reason.length > 24 ? `${a.reason.slice(0, 24)}…` : a.reason}`,
  }));
  return (
    <>
      <Select
        value={value}
        onChange={onChange}
        options={options}
        loading={appeals.isPending}
        placeholder={options.length > 0 ? '选择依据的申诉' : '该选手没有成立的申诉'}
        notFoundContent="该选手没有成立的申诉"
        data-testid="correction-appeal"
      />
      {appeals.isError && <Typography.Text type="danger">{errorMessage(appeals.error)}</Typography.Text>}
    </>
  );
}

function CorrectionForm({ eventId, target, onClose, underNotice }: { eventId: string; target: CorrectionTarget; onClose: () => void; underNotice: boolean }) {
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const key = useMemo(() => newIdempotencyKey(), []);
  const [value, setValue] = useState<number | null>(null);
  const [reason, setReason] = useState('');
  const [appealId, setAppealId] = useState<string | null>(null);
  const [errors, setErrors] = useState<{ value?: string; reason?: string; appealId?: string }>({});
  const [problem, setProblem] = useState<string | null>(null);
  const propose = useMutation({
    mutationFn: (body: CorrectionBody) => apiRequest(`/api/events/${eventId}/corrections`, CorrectionView, { method: 'POST', body }),
  });

  const onOk = () => {
    const checked = parseMarkInput(target.aspect, value);
    const parsed = CorrectionBody.safeParse({
      markId: target.markId,
      value: checked.ok ? checked.value : value,
      reason,
      idempotencyKey: key,
      ...(underNotice && appealId ? { appealId } : {}),
    });
    const next: { value?: string; reason?: string; appealId?: string } = {};
    if (!checked.ok) next.value = checked.message;
    if (!parsed.success) for (const issue of parsed.error.issues) next[issue.path[0] === 'reason' ? 'reason' : 'value'] ??= issue.message;
    if (underNotice && !appealId) next.appealId = '请选择成立的申诉';
    setErrors(next);
    if (!parsed.success || !checked.ok || next.appealId) return;
    propose.mutate(parsed.data, {
      onSuccess: () => {
        void message.success('更正申请已提交，待裁判长批准');
        void queryClient.invalidateQueries({ queryKey: judgeSheetKey(eventId) });
        void queryClient.invalidateQueries({ queryKey: markBoardKey(eventId) });
        void queryClient.invalidateQueries({ queryKey: ['judging', eventId, 'history'] });
        if (underNotice) void queryClient.invalidateQueries({ queryKey: resultsKey(eventId) });
        onClose();
      },
      onError: (error) => setProblem(errorMessage(error)),
    });
  };

  return (
    <Modal
      open
      title={`申请更正：${target.judgingCode} · ${target.aspect.title}`}
      okText="提交更正申请"
      cancelText="取消"
      okButtonProps={{ size: 'large', loading: propose.isPending, 'data-testid': 'correction-submit' } as ButtonProps}
      cancelButtonProps={{ size: 'large' }}
      onOk={onOk}
      onCancel={onClose}
      destroyOnHidden
      data-testid="correction-modal"
    >
      <Typography.Paragraph>
        现行分值：<strong>{formatMark(target.aspect.kind, target.effective)}</strong>。更正须经裁判长批准后生效，原评分记录保留。
      </Typography.Paragraph>
      {problem && <Alert type="error" showIcon title={problem} style={{ marginBottom: 12 }} data-testid="correction-error" />}
      {underNotice && (
        <Alert type="info" showIcon style={{ marginBottom: 12 }} title="成绩公示期间，只能依据成立的申诉更正评分；批准后须重新计算并公示成绩。" />
      )}
      <Form layout="vertical">
        {underNotice && (
          <Form.Item label="依据的申诉" required validateStatus={errors.appealId ? 'error' : undefined} help={errors.appealId}>
            <AppealSelect
              eventId={eventId}
              judgingCode={target.judgingCode}
              value={appealId}
              onChange={(id) => {
                setAppealId(id);
                setErrors(({ appealId: _, ...rest }) => rest);
              }}
            />
          </Form.Item>
        )}
        <Form.Item label="更正后的分值" required validateStatus={errors.value ? 'error' : undefined} help={errors.value}>
          <MarkInput aspect={target.aspect} value={value} onChange={setValue} testId="correction-value" />
        </Form.Item>
        <Form.Item label="更正理由" required validateStatus={errors.reason ? 'error' : undefined} help={errors.reason}>
          <Input.TextArea
            rows={3}
            maxLength={200}
            showCount
            value={reason}
            onChange={(e) => setReason(e.target.value)}
            placeholder="如：复核量具读数后发现记录有误"
            data-testid="correction-reason"
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}
