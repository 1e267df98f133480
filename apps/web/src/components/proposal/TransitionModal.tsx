import {
  ErrorCode,
  EVENT_FIELD_LABELS,
  EVENT_STATUS_LABELS,
  ProposalDetail,
  TransitionBody,
  type AllowedAction,
  type EventStatus,
} from '@dz/contracts';
import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { useMutation } from '@tanstack/react-query';
import { Alert, Button, Col, Form, Input, Modal, Row, Select, Typography, type ButtonProps } from 'antd';
import { useState } from 'react';
import { ApiError, apiRequest, errorMessage } from '../../lib/api';
import { placeIssues, zodFormIssues, type FieldPath } from '../../lib/proposal-form';
import type { EventFieldName } from '../../lib/proposals';

interface TransitionForm {
  reason?: string;
  comments?: { field?: EventFieldName; comment?: string }[];
}

const FIELD_OPTIONS = (Object.keys(EVENT_FIELD_LABELS) as EventFieldName[]).map((f) => ({ value: f, label: EVENT_FIELD_LABELS[f] }));

const REASON_LABELS: Partial<Record<EventStatus, string>> = {
  returned: '退回原因',
  rejected: '不予批准的原因',
  cancelled: '取消原因',
};
const reasonLabelOf = (to: EventStatus) => REASON_LABELS[to] ?? '原因';

/** How the page hears of a refusal that means "the proposal changed under you": reload it. */
export type TransitionOutcome =
  | { kind: 'done'; detail: ProposalDetail; label: string }
  | { kind: 'stale'; message: string }
  | { kind: 'refused'; message: string };

/**
 * Confirms one action of `allowedActions`, asking for a reason when the server requires one, and,
 * for 退回修改, for comments on particular fields. Sends the version the page showed, so an action
 * someone else took first loses with 409 instead of being applied twice.
 */
export function TransitionModal({
  detail,
  action,
  onClose,
  onOutcome,
}: {
  detail: ProposalDetail;
  action: AllowedAction | null;
  onClose: () => void;
  onOutcome: (outcome: TransitionOutcome) => void;
}) {
  const [form] = Form.useForm<TransitionForm>();
  const [problem, setProblem] = useState<string | null>(null);
  const transition = useMutation({
    mutationFn: (body: TransitionBody) =>
      apiRequest(`/api/proposals/${detail.id}/transitions`, ProposalDetail, { method: 'POST', body }),
  });
  const returning = action?.to === 'returned';

  const showIssues = (issues: Parameters<typeof placeIssues>[0]) => {
    const registered = form.getFieldsError().map((f) => f.name as FieldPath);
    const placed = placeIssues(issues, registered);
    form.setFields(registered.map((name) => ({ name: name as never, errors: placed.fields.get(JSON.stringify(name))?.errors ?? [] })));
    setProblem(placed.rest.length > 0 ? placed.rest.join('；') : null);
  };

  const close = () => {
    form.resetFields();
    setProblem(null);
    onClose();
  };

  const onFinish = (values: TransitionForm) => {
    if (!action) return;
    setProblem(null);
    const reason = values.reason?.trim() ?? '';
    const candidate = {
      to: action.to,
      version: detail.version,
      reason: reason || undefined,
      comments: (values.comments ?? []).map((c) => ({ field: c?.field, comment: c?.comment ?? '' })),
    };
    const parsed = TransitionBody.safeParse(candidate);
    // Plain words first: where both say something about a field, the first message wins.
    const issues: { path: readonly PropertyKey[]; message: string }[] = [];
    if (action.reasonRequired && !reason) issues.push({ path: ['reason'], message: `请填写${reasonLabelOf(action.to)}` });
    for (const [i, c] of candidate.comments.entries()) {
      if (!c.field) issues.push({ path: ['comments', i, 'field'], message: '请选择意见针对的填写项' });
    }
    if (!parsed.success) issues.push(...zodFormIssues(parsed.error));
    if (!parsed.success || issues.length > 0) {
      const key = (i: { path: readonly PropertyKey[] }) => JSON.stringify(i.path);
      showIssues(issues.filter((issue, n) => issues.findIndex((other) => key(other) === key(issue)) === n));
      return;
    }
    transition.mutate(parsed.data, {
      onSuccess: (reply) => {
        onOutcome({ kind: 'done', detail: reply, label: action.label });
        close();
      },
      onError: (error) => {
        if (error instanceof ApiError && (error.code === ErrorCode.Conflict || error.code === ErrorCode.InvalidTransition)) {
          onOutcome({ kind: 'stale', message: error.message });
          close();
        } else if (error instanceof ApiError && error.status === 403) {
          onOutcome({ kind: 'refused', message: error.message });
          close();
        } else if (error instanceof ApiError && error.body.issues?.length) {
          showIssues(error.body.issues);
        } else {
          setProblem(errorMessage(error));
        }
      },
    });
  };

  const reasonLabel = action ? reasonLabelOf(action.to) : '原因';
  return (
    <Modal
      open={action !== null}
      title={action ? `${action.label}：${detail.draft.title}` : ''}
      okText="确定"
      okButtonProps={
        {
          loading: transition.isPending,
          danger: action?.to === 'rejected' || action?.to === 'cancelled',
          'data-testid': 'transition-ok',
        } as ButtonProps
      }
      onOk={() => form.submit()}
      onCancel={close}
      destroyOnHidden
      width={returning ? 640 : 520}
    >
      <div data-testid="transition-modal" data-to={action?.to}>
      {action && (
        <Typography.Paragraph>
          确定要<strong>{action.label}</strong>吗？操作后状态将变为「{EVENT_STATUS_LABELS[action.to]}」，并记录在处理记录中。
        </Typography.Paragraph>
      )}
      {problem && <Alert type="error" showIcon title={problem} style={{ marginBottom: 16 }} data-testid="transition-error" />}
      <Form form={form} layout="vertical" onFinish={onFinish} disabled={transition.isPending} noValidate preserve={false}>
        {action?.reasonRequired || returning ? (
          <Form.Item label={reasonLabel} name="reason" required={action?.reasonRequired}>
            <Input.TextArea
              rows={3}
              maxLength={500}
              showCount
              placeholder={action?.reasonRequired ? `请填写${reasonLabel}，申报部门可以看到` : '选填'}
              data-testid="reason-input"
            />
          </Form.Item>
        ) : null}
        {returning && (
          <>
            <Typography.Text strong>逐项意见</Typography.Text>
            <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
              针对具体填写项提出修改意见，申报部门修改时会在该项旁边看到。
            </Typography.Paragraph>
            <Form.List name="comments">
              {(fields, { add, remove }) => (
                <>
                  {fields.map((field) => (
                    <Row gutter={8} key={field.key} className="dz-list-row" data-testid={`comment-row-${field.name}`}>
                      <Col xs={24} sm={8}>
                        <Form.Item name={[field.name, 'field']} label="填写项">
                          <Select
                            placeholder="选择填写项"
                            options={FIELD_OPTIONS}
                            showSearch={{ optionFilterProp: 'label' }}
                            data-testid="comment-field-select"
                          />
                        </Form.Item>
                      </Col>
                      <Col xs={20} sm={14}>
                        <Form.Item name={[field.name, 'comment']} label="意见">
                          <Input.TextArea rows={2} maxLength={500} placeholder="例如 名额过多，建议不超过 60 人" data-testid="comment-text" />
                        </Form.Item>
                      </Col>
                      <Col xs={4} sm={2} className="dz-list-remove">
                        <Button
                          type="text"
                          danger
                          icon={<MinusCircleOutlined />}
                          onClick={() => remove(field.name)}
                          aria-label={`删除第 ${field.name + 1} 条意见`}
                          data-testid={`remove-comment-${field.name}`}
                        />
                      </Col>
                    </Row>
                  ))}
                  <Button icon={<PlusOutlined />} onClick={() => add({ comment: '' })} disabled={fields.length >= 30} data-testid="comment-add">
                    添加逐项意见
                  </Button>
                </>
              )}
            </Form.List>
          </>
        )}
      </Form>
      </div>
    </Modal>
  );
}
