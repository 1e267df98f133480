import {
  COUNTIES,
  CreateOrganisationBody,
  Organisation,
  ORGANISATION_KINDS,
  type OrganisationKind,
} from '@dz/contracts';
import { PlusOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Flex, Form, Input, Modal, Select, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { apiRequest, errorMessage } from '../lib/api';
import { useRoles } from '../lib/auth';
import { clearErrorsOnChange, showApiError, showFieldIssues, zodIssues } from '../lib/form';
import { ORGANISATION_KIND_LABELS } from '../lib/labels';
import { ORGANISATIONS_KEY, useOrganisations } from '../lib/organisations';
import { useDocumentTitle } from '../lib/use-document-title';

const CREATE_KINDS = CreateOrganisationBody.shape.kind.options;
const KIND_COLORS: Record<OrganisationKind, string> = {
  bureau: 'blue',
  department: 'cyan',
  co_organizer: 'geekblue',
  employer: 'orange',
  school: 'green',
  county: 'purple',
};

interface CreateForm {
  kind?: (typeof CREATE_KINDS)[number];
  name?: string;
  county?: string;
}
const FIELDS = ['kind', 'name', 'county'] as const;

function CreateOrganisationModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<CreateForm>();
  const [formError, setFormError] = useState<string | null>(null);
  const create = useMutation({
    mutationFn: (body: CreateOrganisationBody) =>
      apiRequest('/api/organisations', Organisation, { method: 'POST', body }),
  });

  const close = () => {
    form.resetFields();
    setFormError(null);
    onClose();
  };

  const onFinish = (values: CreateForm) => {
    setFormError(null);
    const parsed = CreateOrganisationBody.safeParse({
      kind: values.kind,
      name: values.name ?? '',
      county: values.county ?? null,
    });
    if (!parsed.success) {
      showFieldIssues(
        form,
        FIELDS,
        zodIssues(parsed.error).map((i) => (i.path === 'kind' ? { ...i, message: '请选择单位类型' } : i)),
      );
      return;
    }
    create.mutate(parsed.data, {
      onSuccess: (org) => {
        void message.success(`已新增单位「${org.name}」`);
        void queryClient.invalidateQueries({ queryKey: ORGANISATIONS_KEY });
        close();
      },
      onError: (error) => setFormError(showApiError(form, FIELDS, error)),
    });
  };

  return (
    <Modal
      open={open}
      title="新增单位"
      okText="新增"
      okButtonProps={{ loading: create.isPending }}
      onOk={() => form.submit()}
      onCancel={close}
      destroyOnHidden
    >
      {formError && <Alert type="error" showIcon title={formError} style={{ marginBottom: 16 }} />}
      <Form
        form={form}
        layout="vertical"
        requiredMark={false}
        onFinish={onFinish}
        onValuesChange={clearErrorsOnChange(form)}
        disabled={create.isPending}
        noValidate
      >
        <Form.Item label="单位类型" name="kind">
          <Select
            placeholder="请选择单位类型"
            options={CREATE_KINDS.map((kind) => ({ value: kind, label: ORGANISATION_KIND_LABELS[kind] }))}
          />
        </Form.Item>
        <Form.Item label="单位名称" name="name">
          <Input placeholder="例如 达州市交通运输局" maxLength={64} />
        </Form.Item>
        <Form.Item label="所在区县（选填）" name="county">
          <Select placeholder="市级单位可不选" allowClear options={COUNTIES.map((c) => ({ value: c, label: c }))} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

const COLUMNS: TableColumnsType<Organisation> = [
  { key: 'name', title: '单位名称', dataIndex: 'name' },
  {
    key: 'kind',
    title: '类型',
    dataIndex: 'kind',
    width: 140,
    render: (kind: OrganisationKind) => <Tag color={KIND_COLORS[kind]}>{ORGANISATION_KIND_LABELS[kind]}</Tag>,
  },
  { key: 'county', title: '区县', dataIndex: 'county', width: 140, render: (v: string | null) => v ?? '市级' },
  {
    key: 'code',
    title: '单位代码',
    dataIndex: 'code',
    width: 200,
    render: (v: string | null) => <span className="dz-mono">{v ?? '—'}</span>,
  },
];

export function OrganisationsPage() {
  useDocumentTitle('单位管理');
  const roles = useRoles();
  const canCreate = roles?.includes('bureau_admin') ?? false;
  const [kind, setKind] = useState<OrganisationKind | undefined>(undefined);
  const [creating, setCreating] = useState(false);
  const organisations = useOrganisations(kind);

  return (
    <>
      <Flex justify="space-between" align="center" wrap gap={8} style={{ marginBottom: 16 }}>
        <Typography.Title level={2} style={{ margin: 0 }}>
          单位管理
        </Typography.Title>
        {canCreate && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="create-organisation">
            新增单位
          </Button>
        )}
      </Flex>
      {!canCreate && (
        <Typography.Paragraph type="secondary">单位由市人社局管理员维护，如需新增或更正请联系市人社局。</Typography.Paragraph>
      )}
      <Card styles={{ body: { paddingBottom: 8 } }}>
        <Flex wrap gap={8} style={{ marginBottom: 16 }}>
          <Select<OrganisationKind>
            placeholder="全部类型"
            allowClear
            style={{ width: 180 }}
            value={kind}
            onChange={setKind}
            options={ORGANISATION_KINDS.map((k) => ({ value: k, label: ORGANISATION_KIND_LABELS[k] }))}
          />
        </Flex>
        {organisations.isError && (
          <Alert
            type="error"
            showIcon
            title="单位加载失败"
            description={errorMessage(organisations.error)}
            style={{ marginBottom: 16 }}
          />
        )}
        <Table<Organisation>
          rowKey="id"
          size="middle"
          columns={COLUMNS}
          dataSource={organisations.data?.items ?? []}
          loading={organisations.isPending && !organisations.isError}
          scroll={{ x: 640 }}
          pagination={{ pageSize: 20, hideOnSinglePage: true, showTotal: (total) => `共 ${total} 个单位` }}
          locale={{ emptyText: '暂无单位' }}
          data-testid="organisations-table"
        />
      </Card>
      {canCreate && <CreateOrganisationModal open={creating} onClose={() => setCreating(false)} />}
    </>
  );
}
