import { AuditList, AuditQuery, type AuditRecord } from '@dz/contracts';
import { ReloadOutlined, SearchOutlined } from '@ant-design/icons';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, Col, DatePicker, Flex, Form, Input, Row, Table, Tag, Typography, type TableColumnsType } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { apiRequest, errorMessage } from '../lib/api';
import { clearErrorsOnChange, showFieldIssues, zodIssues } from '../lib/form';
import { formatDateTime } from '../lib/format';
import { auditResult, roleLabel } from '../lib/labels';
import { useDocumentTitle } from '../lib/use-document-title';

interface FilterForm {
  actorUserId?: string;
  entityType?: string;
  entityId?: string;
  action?: string;
  range?: [Dayjs | null, Dayjs | null] | null;
}
const FILTER_FIELDS = ['actorUserId', 'entityType', 'entityId', 'action', 'range'] as const;

type Filters = Pick<AuditQuery, 'actorUserId' | 'entityType' | 'entityId' | 'action' | 'from' | 'to'>;

const blank = (v: string | undefined) => (v?.trim() ? v.trim() : undefined);

const mono = (v: string | null) =>
  v ? (
    <Typography.Text
      className="dz-mono"
      ellipsis={{ tooltip: v }}
      copyable={{ text: v, tooltips: ['复制', '已复制'] }}
      style={{ maxWidth: '100%' }}
    >
      {v}
    </Typography.Text>
  ) : (
    <Typography.Text type="secondary">—</Typography.Text>
  );

const COLUMNS: TableColumnsType<AuditRecord> = [
  { key: 'at', title: '时间', width: 170, render: (_, r) => formatDateTime(r.at) },
  {
    key: 'actor',
    title: '操作人 ID',
    width: 170,
    render: (_, r) => (r.actorUserId ? mono(r.actorUserId) : <Typography.Text type="secondary">未登录</Typography.Text>),
  },
  {
    key: 'roles',
    title: '角色',
    width: 110,
    render: (_, r) =>
      r.actorRoles.length > 0 ? (
        <Flex wrap gap={4}>
          {r.actorRoles.map((role) => (
            <Tag key={role} style={{ marginInlineEnd: 0 }}>
              {roleLabel(role)}
            </Tag>
          ))}
        </Flex>
      ) : (
        <Typography.Text type="secondary">—</Typography.Text>
      ),
  },
  { key: 'action', title: '操作', width: 170, render: (_, r) => <span className="dz-mono">{r.action}</span> },
  {
    key: 'entity',
    title: '对象',
    // Takes the width the others leave.
    render: (_, r) =>
      r.entityType || r.entityId ? (
        <>
          <div className="dz-mono">{r.entityType ?? '—'}</div>
          {r.entityId && (
            <Typography.Text type="secondary" className="dz-mono" ellipsis={{ tooltip: r.entityId }} style={{ maxWidth: '100%' }}>
              {r.entityId}
            </Typography.Text>
          )}
        </>
      ) : (
        <Typography.Text type="secondary">—</Typography.Text>
      ),
  },
  {
    key: 'result',
    title: '结果',
    width: 72,
    render: (_, r) => {
      const { label, color } = auditResult(r.result);
      return <Tag color={color}>{label}</Tag>;
    },
  },
  { key: 'correlation', title: '请求 ID', width: 140, render: (_, r) => mono(r.correlationId) },
  { key: 'ip', title: 'IP', width: 120, render: (_, r) => <span className="dz-mono">{r.ip ?? '—'}</span> },
];

export function AuditPage() {
  useDocumentTitle('审计日志');
  const [form] = Form.useForm<FilterForm>();
  const [filters, setFilters] = useState<Filters>({});
  const [page, setPage] = useState({ current: 1, pageSize: 50 });

  const audit = useQuery({
    queryKey: ['audit', filters, page],
    queryFn: ({ signal }) =>
      apiRequest('/api/audit', AuditList, {
        query: { ...filters, limit: page.pageSize, offset: (page.current - 1) * page.pageSize },
        signal,
      }),
    placeholderData: keepPreviousData,
  });

  const onSearch = (values: FilterForm) => {
    const [start, end] = values.range ?? [];
    const candidate = {
      actorUserId: blank(values.actorUserId),
      entityType: blank(values.entityType),
      entityId: blank(values.entityId),
      action: blank(values.action),
      from: start ? start.second(0).millisecond(0).toISOString() : undefined,
      to: end ? end.second(59).millisecond(999).toISOString() : undefined,
    };
    const parsed = AuditQuery.safeParse(candidate);
    if (!parsed.success) {
      const issues = zodIssues(parsed.error).map((i) =>
        i.path === 'actorUserId' ? { ...i, message: '操作人 ID 应为完整的用户 ID（UUID）' } : i,
      );
      showFieldIssues(form, FILTER_FIELDS, issues, { from: 'range', to: 'range' });
      return;
    }
    setFilters(candidate);
    setPage((p) => ({ ...p, current: 1 }));
  };

  const onReset = () => {
    form.resetFields();
    setFilters({});
    setPage((p) => ({ ...p, current: 1 }));
  };

  return (
    <>
      <Flex justify="space-between" align="center" wrap gap={8} style={{ marginBottom: 8 }}>
        <Typography.Title level={2} style={{ margin: 0 }}>
          审计日志
        </Typography.Title>
        <Button icon={<ReloadOutlined />} onClick={() => void audit.refetch()} loading={audit.isFetching}>
          刷新
        </Button>
      </Flex>
      <Typography.Paragraph type="secondary">
        登录、账号管理、查看个人信息等操作的记录，只读。时间均为北京时间。
      </Typography.Paragraph>
      <Card style={{ marginBottom: 16 }}>
        <Form
          form={form}
          layout="vertical"
          onFinish={onSearch}
          onValuesChange={clearErrorsOnChange(form)}
          noValidate
          data-testid="audit-filters"
        >
          <Row gutter={16}>
            <Col xs={24} sm={12} lg={6}>
              <Form.Item label="操作人 ID" name="actorUserId">
                <Input placeholder="用户 ID" allowClear />
              </Form.Item>
            </Col>
            <Col xs={24} sm={12} lg={6}>
              <Form.Item label="对象类型" name="entityType">
                <Input placeholder="例如 user" allowClear />
              </Form.Item>
            </Col>
            <Col xs={24} sm={12} lg={6}>
              <Form.Item label="对象 ID" name="entityId">
                <Input placeholder="对象 ID" allowClear />
              </Form.Item>
            </Col>
            <Col xs={24} sm={12} lg={6}>
              <Form.Item label="操作" name="action">
                <Input placeholder="例如 auth.login" allowClear />
              </Form.Item>
            </Col>
            <Col xs={24} md={14} lg={12}>
              <Form.Item label="时间范围" name="range">
                <DatePicker.RangePicker
                  showTime={{ format: 'HH:mm' }}
                  format="YYYY-MM-DD HH:mm"
                  style={{ width: '100%' }}
                  allowEmpty={[true, true]}
                />
              </Form.Item>
            </Col>
            <Col xs={24} md={10} lg={12}>
              <Form.Item label=" " colon={false} className="dz-filter-actions">
                <Flex gap={8}>
                  <Button type="primary" htmlType="submit" icon={<SearchOutlined />}>
                    查询
                  </Button>
                  <Button onClick={onReset}>重置</Button>
                </Flex>
              </Form.Item>
            </Col>
          </Row>
        </Form>
      </Card>
      {audit.isError && (
        <Alert type="error" showIcon title="审计日志加载失败" description={errorMessage(audit.error)} style={{ marginBottom: 16 }} />
      )}
      <Card styles={{ body: { padding: 0 } }}>
        <Table<AuditRecord>
          rowKey="id"
          size="middle"
          columns={COLUMNS}
          dataSource={audit.data?.items ?? []}
          loading={audit.isPending || (audit.isFetching && audit.isPlaceholderData)}
          scroll={{ x: 1150 }}
          tableLayout="fixed"
          expandable={{
            expandedRowRender: (r) => (
              <pre className="dz-json" data-testid="audit-detail">
                {JSON.stringify(r.detail, null, 2)}
              </pre>
            ),
            rowExpandable: (r) => Object.keys(r.detail).length > 0,
          }}
          locale={{ emptyText: '没有符合条件的记录' }}
          pagination={{
            current: page.current,
            pageSize: page.pageSize,
            total: audit.data?.total ?? 0,
            showSizeChanger: true,
            pageSizeOptions: [50, 100, 200],
            showTotal: (total) => `共 ${total} 条`,
            onChange: (current, pageSize) => setPage({ current, pageSize }),
          }}
          data-testid="audit-table"
        />
      </Card>
    </>
  );
}
