import { APPEAL_STATUS_LABELS, AppealView, MAX_APPEAL_FILES, type AppealView as Appeal, type EntryView } from '@dz/contracts';
import { FileProtectOutlined, TrophyOutlined, UploadOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Flex, Form, Input, Modal, Tag, Typography, Upload, type ButtonProps, type UploadFile } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import { apiRequest, errorMessage } from '../../lib/api';
import { formatDateTime } from '../../lib/format';
import { APPEAL_STATUS_COLORS, appealFormData, canAppeal, chinaToday, MY_APPEALS_KEY, noticePeriodText, PUBLISHED_STATUSES, usePublicResults } from '../../lib/results';
import { AppealAttachments } from './AppealsCard';

/** The 申诉 form: a reason and up to three files (JPG, PNG, PDF, each ≤ 5 MB), sent as multipart. */
function AppealModal({ entry, open, onClose }: { entry: EntryView; open: boolean; onClose: () => void }) {
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [reason, setReason] = useState('');
  const [files, setFiles] = useState<UploadFile[]>([]);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [problem, setProblem] = useState<string | null>(null);
  const send = useMutation({
    mutationFn: (form: FormData) => apiRequest(`/api/events/${entry.eventId}/appeals`, AppealView, { method: 'POST', body: form }),
  });
  const close = () => {
    setReason('');
    setFiles([]);
    setErrors({});
    setProblem(null);
    onClose();
  };
  const onOk = () => {
    const picked = files.map((f) => f.originFileObj).filter((f): f is NonNullable<typeof f> => f !== undefined);
    const parsed = appealFormData(entry.id, reason, picked);
    if (!parsed.ok) {
      setErrors(parsed.errors);
      return;
    }
    setErrors({});
    send.mutate(parsed.body, {
      onSuccess: () => {
        void message.success('申诉已提交，请等待书面答复');
        void queryClient.invalidateQueries({ queryKey: MY_APPEALS_KEY });
        close();
      },
      onError: (error) => setProblem(errorMessage(error)),
    });
  };
  return (
    <Modal
      open={open}
      title={`成绩申诉：${entry.eventTitle}`}
      okText="提交申诉"
      cancelText="取消"
      okButtonProps={{ loading: send.isPending, 'data-testid': 'appeal-submit' } as ButtonProps}
      onOk={onOk}
      onCancel={close}
      destroyOnHidden
      data-testid="appeal-modal"
    >
      <Typography.Paragraph type="secondary">
        对本人成绩有异议的，请在公示期内写明理由并附上依据。申诉由裁判长或市人社局复核，并以书面答复。
      </Typography.Paragraph>
      {problem && <Alert type="error" showIcon title={problem} style={{ marginBottom: 12 }} data-testid="appeal-error" />}
      <Form layout="vertical">
        <Form.Item label="申诉理由" required validateStatus={errors.reason ? 'error' : undefined} help={errors.reason}>
          <Input.TextArea
            rows={4}
            maxLength={1000}
            showCount
            value={reason}
            onChange={(e) => {
              setReason(e.target.value);
              setErrors(({ reason: _, ...rest }) => rest);
            }}
            placeholder="如：实操第一项测量有误，量具读数应为 9.5，请复核"
            data-testid="appeal-reason"
          />
        </Form.Item>
        <Form.Item
          label={`附件（选填，最多 ${MAX_APPEAL_FILES} 个；JPG、PNG 图片或 PDF，每个不超过 5 MB）`}
          validateStatus={errors.files ? 'error' : undefined}
          help={errors.files}
        >
          <Upload
            accept=".jpg,.jpeg,.png,.pdf,image/jpeg,image/png,application/pdf"
            multiple
            fileList={files}
            beforeUpload={() => false}
            onChange={({ fileList }) => {
              setFiles(fileList.slice(0, MAX_APPEAL_FILES));
              setErrors(({ files: _, ...rest }) => rest);
            }}
            data-testid="appeal-files"
          >
            <Button icon={<UploadOutlined />} disabled={files.length >= MAX_APPEAL_FILES}>
              选择文件
            </Button>
          </Upload>
        </Form.Item>
      </Form>
    </Modal>
  );
}

/**
 * On an entry's card: while its event is under notice, the period, a link to the public results
 * and, within the period, the 申诉 button; once final, the link only.
 */
export function EntryResults({ entry, eventStatus, appeals }: { entry: EntryView; eventStatus: string | undefined; appeals: readonly Appeal[] }) {
  const published = eventStatus !== undefined && PUBLISHED_STATUSES.includes(eventStatus) && entry.status === 'approved';
  const results = usePublicResults(entry.eventId, published);
  const [open, setOpen] = useState(false);
  if (!published || !results.data) return null;
  const r = results.data;
  // One open appeal per entry at a time (the API refuses a second one).
  const pending = appeals.some((a) => a.entryId === entry.id && a.status === 'open');
  const allowed = canAppeal(entry.status, eventStatus, r.notice, chinaToday()) && !pending;
  return (
    <Alert
      type={r.final ? 'success' : 'info'}
      showIcon
      icon={<TrophyOutlined />}
      style={{ marginTop: 8 }}
      data-testid="entry-results"
      title={r.final ? '成绩已确定' : `成绩公示中：${noticePeriodText(r.notice)}`}
      description={
        <Flex gap={12} wrap align="center">
          <Link to={`/results/events/${entry.eventId}`}>查看成绩</Link>
          {pending && <Typography.Text type="secondary">您的申诉正在处理中</Typography.Text>}
          {allowed && (
            <Button size="small" icon={<FileProtectOutlined />} onClick={() => setOpen(true)} data-testid="appeal-open">
              申诉
            </Button>
          )}
          <AppealModal entry={entry} open={open} onClose={() => setOpen(false)} />
        </Flex>
      }
    />
  );
}

/** The contestant's appeals with their status and the written answer. */
export function MyAppealsList({ appeals }: { appeals: readonly Appeal[] }) {
  if (appeals.length === 0) return null;
  return (
    <section data-testid="my-appeals" style={{ marginTop: 16 }}>
      <Typography.Title level={4}>我的申诉</Typography.Title>
      <Flex vertical gap={12}>
        {appeals.map((a) => (
          <Card key={a.id} size="small" data-testid="my-appeal" data-status={a.status}>
            <Flex justify="space-between" align="flex-start" gap={8}>
              <strong>{a.eventTitle}</strong>
              <Tag color={APPEAL_STATUS_COLORS[a.status]} style={{ marginInlineEnd: 0 }} data-testid="my-appeal-status">
                {APPEAL_STATUS_LABELS[a.status]}
              </Tag>
            </Flex>
            <dl className="dz-facts">
              <div className="dz-fact">
                <dt>申诉理由</dt>
                <dd style={{ whiteSpace: 'pre-wrap' }}>{a.reason}</dd>
              </div>
              <div className="dz-fact">
                <dt>附件</dt>
                <dd>
                  <AppealAttachments appeal={a} />
                </dd>
              </div>
              <div className="dz-fact">
                <dt>提交时间</dt>
                <dd>{formatDateTime(a.createdAt)}</dd>
              </div>
              <div className="dz-fact">
                <dt>书面答复</dt>
                <dd data-testid="my-appeal-answer" style={{ whiteSpace: 'pre-wrap' }}>
                  {a.answer ? `${a.answer}${a.decidedAt ? `（${formatDateTime(a.decidedAt)}）` : ''}` : '等待答复'}
                </dd>
              </div>
            </dl>
          </Card>
        ))}
      </Flex>
    </section>
  );
}
