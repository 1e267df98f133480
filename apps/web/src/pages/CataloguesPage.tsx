import {
  COMPETITION_LEVEL_LABELS,
  COMPETITION_LEVELS,
  CreateIndustryBody,
  CreateOccupationBody,
  Industry,
  Occupation,
  SERIES,
  SERIES_LABELS,
  UpdateIndustryBody,
  UpdateOccupationBody,
} from '@dz/contracts';
import { descendantsOf } from '@dz/domain';
import { DeleteOutlined, EditOutlined, PlusOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  Descriptions,
  Empty,
  Flex,
  Form,
  Input,
  InputNumber,
  Modal,
  Popconfirm,
  Space,
  Spin,
  Table,
  Tabs,
  Tag,
  Tree,
  TreeSelect,
  Typography,
  type TableColumnsType,
} from 'antd';
import { useMemo, useState, type ReactNode } from 'react';
import { apiRequest, apiSend, errorMessage } from '../lib/api';
import { CATALOGUES_KEY, industryTree, useCatalogues, type IndustryNode } from '../lib/catalogues';
import { clearErrorsOnChange, showApiError, showFieldIssues, zodIssues } from '../lib/form';
import { useDocumentTitle } from '../lib/use-document-title';

/** What the industry dialog edits: a new node (with its parent fixed) or an existing one. */
interface TreeNode {
  key: string;
  title: ReactNode;
  children?: TreeNode[];
}

type IndustryDialog = { mode: 'create'; parentId: string | null } | { mode: 'edit'; industry: Industry };

interface IndustryForm {
  name?: string;
  parentId?: string | null;
  sort?: number | null;
}
const INDUSTRY_FIELDS = ['name', 'parentId', 'sort'] as const;

/** Removes `excluded` and its whole branch from a TreeSelect tree (a node cannot move under itself). */
function withoutBranch(nodes: IndustryNode[], excluded: ReadonlySet<string>): IndustryNode[] {
  return nodes
    .filter((n) => !excluded.has(n.value))
    .map((n) => (n.children ? { ...n, children: withoutBranch(n.children, excluded) } : n));
}

function IndustryModal({
  dialog,
  industries,
  onClose,
}: {
  dialog: IndustryDialog | null;
  industries: readonly Industry[];
  onClose: () => void;
}) {
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<IndustryForm>();
  const [formError, setFormError] = useState<string | null>(null);
  const save = useMutation({
    mutationFn: (body: CreateIndustryBody | UpdateIndustryBody) =>
      dialog?.mode === 'edit'
        ? apiRequest(`/api/catalogues/industries/${dialog.industry.id}`, Industry, { method: 'PATCH', body })
        : apiRequest('/api/catalogues/industries', Industry, { method: 'POST', body }),
  });
  const parentOptions = useMemo(() => {
    if (dialog?.mode !== 'edit') return [];
    const branch = new Set([dialog.industry.id, ...descendantsOf(industries, dialog.industry.id)]);
    return withoutBranch(industryTree(industries), branch);
  }, [dialog, industries]);
  const parentName =
    dialog?.mode === 'create' && dialog.parentId !== null ? industries.find((i) => i.id === dialog.parentId)?.name : undefined;

  const close = () => {
    form.resetFields();
    setFormError(null);
    onClose();
  };

  const onFinish = (values: IndustryForm) => {
    setFormError(null);
    const schema = dialog?.mode === 'edit' ? UpdateIndustryBody : CreateIndustryBody;
    const parsed = schema.safeParse({
      name: values.name ?? '',
      parentId: dialog?.mode === 'create' ? dialog.parentId : (values.parentId ?? null),
      ...(dialog?.mode === 'edit' ? { sort: values.sort ?? undefined } : {}),
    });
    if (!parsed.success) {
      const rest = showFieldIssues(form, INDUSTRY_FIELDS, zodIssues(parsed.error));
      if (rest.length > 0) setFormError(rest.join('；'));
      return;
    }
    save.mutate(parsed.data, {
      onSuccess: (industry) => {
        void message.success(dialog?.mode === 'edit' ? `已保存「${industry.name}」` : `已新增产业「${industry.name}」`);
        void queryClient.invalidateQueries({ queryKey: CATALOGUES_KEY });
        close();
      },
      onError: (error) => setFormError(showApiError(form, INDUSTRY_FIELDS, error)),
    });
  };

  const title =
    dialog?.mode === 'edit' ? `编辑产业「${dialog.industry.name}」` : parentName ? `在「${parentName}」下新增产业` : '新增顶层产业';

  return (
    <Modal
      open={dialog !== null}
      title={title}
      okText="保存"
      okButtonProps={{ loading: save.isPending }}
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
        disabled={save.isPending}
        initialValues={
          dialog?.mode === 'edit'
            ? { name: dialog.industry.name, parentId: dialog.industry.parentId, sort: dialog.industry.sort }
            : undefined
        }
        preserve={false}
        noValidate
      >
        <Form.Item label="产业名称" name="name">
          <Input placeholder="例如 装备制造" maxLength={30} showCount />
        </Form.Item>
        {dialog?.mode === 'edit' && (
          <>
            <Form.Item label="上级产业" name="parentId" extra="不选则为顶层产业；不能移到自己或下级产业之下">
              <TreeSelect
                allowClear
                placeholder="顶层产业"
                treeData={parentOptions}
                treeDefaultExpandAll
                showSearch
                treeNodeFilterProp="title"
                data-testid="industry-parent"
              />
            </Form.Item>
            <Form.Item label="排序" name="sort" extra="数字小的排在前面">
              <InputNumber min={0} max={9999} precision={0} style={{ width: 160 }} />
            </Form.Item>
          </>
        )}
      </Form>
    </Modal>
  );
}

function IndustryTreeCard({ industries }: { industries: readonly Industry[] }) {
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [dialog, setDialog] = useState<IndustryDialog | null>(null);
  const remove = useMutation({
    mutationFn: (industry: Industry) =>
      apiSend(`/api/catalogues/industries/${industry.id}`, { method: 'DELETE' }).then(() => industry),
    onSuccess: (industry) => {
      void message.success(`已删除「${industry.name}」`);
      void queryClient.invalidateQueries({ queryKey: CATALOGUES_KEY });
    },
    onError: (error) => void message.error(errorMessage(error)),
  });
  const byId = useMemo(() => new Map(industries.map((i) => [i.id, i])), [industries]);
  const tree = useMemo(() => industryTree(industries), [industries]);
  // Everything stays open except what the bureau folds, so a node just added is in sight.
  const [folded, setFolded] = useState<ReadonlySet<string>>(new Set());
  const expandedKeys = useMemo(
    () => [...new Set(industries.map((i) => i.parentId).filter((id): id is string => id !== null && !folded.has(id)))],
    [industries, folded],
  );

  const titleOf = (node: IndustryNode) => {
    const industry = byId.get(node.value);
    if (!industry) return node.title;
    return (
      <Flex align="center" gap={8} wrap className="dz-industry-node" data-testid={`industry-${industry.name}`}>
        <span>{industry.name}</span>
        <Space size={0}>
          <Button
            type="link"
            size="small"
            icon={<PlusOutlined />}
            aria-label={`在「${industry.name}」下新增`}
            onClick={(e) => {
              e.stopPropagation();
              setDialog({ mode: 'create', parentId: industry.id });
            }}
          >
            下级
          </Button>
          <Button
            type="link"
            size="small"
            icon={<EditOutlined />}
            aria-label={`编辑「${industry.name}」`}
            onClick={(e) => {
              e.stopPropagation();
              setDialog({ mode: 'edit', industry });
            }}
          >
            编辑
          </Button>
          <Popconfirm
            title={`删除「${industry.name}」？`}
            description="有下级产业或已有赛项的产业不能删除"
            okText="删除"
            cancelText="取消"
            okButtonProps={{ danger: true }}
            onConfirm={() => remove.mutateAsync(industry).catch(() => undefined)}
          >
            <Button
              type="link"
              size="small"
              danger
              icon={<DeleteOutlined />}
              aria-label={`删除「${industry.name}」`}
              onClick={(e) => e.stopPropagation()}
            >
              删除
            </Button>
          </Popconfirm>
        </Space>
      </Flex>
    );
  };

  const render = (nodes: IndustryNode[]): TreeNode[] =>
    nodes.map((n) => ({ key: n.value, title: titleOf(n), children: n.children ? render(n.children) : undefined }));

  return (
    <>
      <Flex justify="space-between" align="center" wrap gap={8} style={{ marginBottom: 12 }}>
        <Typography.Text type="secondary">"3+3+N" 产业布局：申报赛项时从这里选择所属产业。</Typography.Text>
        <Button icon={<PlusOutlined />} onClick={() => setDialog({ mode: 'create', parentId: null })} data-testid="add-top-industry">
          新增顶层产业
        </Button>
      </Flex>
      {tree.length === 0 ? (
        <Empty description="暂无产业" />
      ) : (
        <Tree
          blockNode
          selectable={false}
          expandedKeys={expandedKeys}
          onExpand={(_, { node, expanded }) => {
            const next = new Set(folded);
            if (expanded) next.delete(String(node.key));
            else next.add(String(node.key));
            setFolded(next);
          }}
          treeData={render(tree)}
          data-testid="industry-tree"
        />
      )}
      <IndustryModal dialog={dialog} industries={industries} onClose={() => setDialog(null)} />
    </>
  );
}

type OccupationDialog = { mode: 'create' } | { mode: 'edit'; occupation: Occupation };
interface OccupationForm {
  code?: string;
  name?: string;
}
const OCCUPATION_FIELDS = ['code', 'name'] as const;

function OccupationModal({ dialog, onClose }: { dialog: OccupationDialog | null; onClose: () => void }) {
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<OccupationForm>();
  const [formError, setFormError] = useState<string | null>(null);
  const save = useMutation({
    mutationFn: (body: CreateOccupationBody) =>
      dialog?.mode === 'edit'
        ? apiRequest(`/api/catalogues/occupations/${dialog.occupation.code}`, Occupation, {
            method: 'PATCH',
            body: { name: body.name } satisfies UpdateOccupationBody,
          })
        : apiRequest('/api/catalogues/occupations', Occupation, { method: 'POST', body }),
  });

  const close = () => {
    form.resetFields();
    setFormError(null);
    onClose();
  };

  const onFinish = (values: OccupationForm) => {
    setFormError(null);
    const parsed = CreateOccupationBody.safeParse({
      code: dialog?.mode === 'edit' ? dialog.occupation.code : (values.code ?? '').trim(),
      name: values.name ?? '',
    });
    if (!parsed.success) {
      showFieldIssues(form, OCCUPATION_FIELDS, zodIssues(parsed.error));
      return;
    }
    save.mutate(parsed.data, {
      onSuccess: (occupation) => {
        void message.success(dialog?.mode === 'edit' ? `已保存「${occupation.name}」` : `已新增职业「${occupation.name}」`);
        void queryClient.invalidateQueries({ queryKey: CATALOGUES_KEY });
        close();
      },
      onError: (error) => setFormError(showApiError(form, OCCUPATION_FIELDS, error)),
    });
  };

  return (
    <Modal
      open={dialog !== null}
      title={dialog?.mode === 'edit' ? `编辑职业 ${dialog.occupation.code}` : '新增职业'}
      okText="保存"
      okButtonProps={{ loading: save.isPending }}
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
        disabled={save.isPending}
        initialValues={dialog?.mode === 'edit' ? dialog.occupation : undefined}
        preserve={false}
        noValidate
      >
        <Form.Item
          label="职业编码"
          name="code"
          extra="《中华人民共和国职业分类大典》中的编码，如 6-18-02-04；保存后不能修改"
        >
          <Input placeholder="6-18-02-04" maxLength={10} disabled={dialog?.mode === 'edit'} className="dz-mono" />
        </Form.Item>
        <Form.Item label="职业名称" name="name">
          <Input placeholder="例如 焊工" maxLength={30} showCount />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function OccupationsCard({ occupations }: { occupations: readonly Occupation[] }) {
  const [search, setSearch] = useState('');
  const [dialog, setDialog] = useState<OccupationDialog | null>(null);
  const rows = useMemo(() => {
    const needle = search.trim();
    return [...occupations]
      .filter((o) => needle === '' || o.name.includes(needle) || o.code.includes(needle))
      .sort((a, b) => a.code.localeCompare(b.code));
  }, [occupations, search]);
  const columns: TableColumnsType<Occupation> = [
    { key: 'code', title: '职业编码', dataIndex: 'code', width: 160, render: (code: string) => <span className="dz-mono">{code}</span> },
    { key: 'name', title: '职业名称', dataIndex: 'name' },
    {
      key: 'actions',
      title: '操作',
      width: 100,
      render: (_: unknown, occupation) => (
        <Button type="link" size="small" icon={<EditOutlined />} onClick={() => setDialog({ mode: 'edit', occupation })}>
          改名
        </Button>
      ),
    },
  ];
  return (
    <>
      <Flex justify="space-between" align="center" wrap gap={8} style={{ marginBottom: 12 }}>
        <Input.Search
          placeholder="按名称或编码查找"
          allowClear
          style={{ maxWidth: 280 }}
          onChange={(e) => setSearch(e.target.value)}
          data-testid="occupation-search"
        />
        <Button icon={<PlusOutlined />} onClick={() => setDialog({ mode: 'create' })} data-testid="add-occupation">
          新增职业
        </Button>
      </Flex>
      <Table<Occupation>
        rowKey="code"
        size="small"
        columns={columns}
        dataSource={rows}
        pagination={{ pageSize: 20, hideOnSinglePage: true, showTotal: (total) => `共 ${total} 个职业` }}
        locale={{ emptyText: search ? '没有匹配的职业' : '暂无职业' }}
        data-testid="occupations-table"
      />
      <OccupationModal dialog={dialog} onClose={() => setDialog(null)} />
    </>
  );
}

/** The fixed lists of the seed policy: shown for reference, changed only with the policy. */
function FixedListsCard() {
  return (
    <Descriptions column={1} bordered size="small">
      <Descriptions.Item label="赛事品牌">
        <Space wrap>
          {SERIES.map((s) => (
            <Tag key={s} color="blue">
              {SERIES_LABELS[s]}
            </Tag>
          ))}
        </Space>
        <Typography.Paragraph type="secondary" style={{ margin: '8px 0 0' }}>
          达州技能大赛按年份分届，每届由多个赛项组成；届次在申报赛项时填写。
        </Typography.Paragraph>
      </Descriptions.Item>
      <Descriptions.Item label="竞赛级别">
        <Space wrap>
          {COMPETITION_LEVELS.map((l) => (
            <Tag key={l}>{COMPETITION_LEVEL_LABELS[l]}</Tag>
          ))}
        </Space>
      </Descriptions.Item>
    </Descriptions>
  );
}

export function CataloguesPage() {
  useDocumentTitle('目录管理');
  const catalogues = useCatalogues();
  return (
    <>
      <Typography.Title level={2}>目录管理</Typography.Title>
      {catalogues.isError && (
        <Alert type="error" showIcon title="目录加载失败" description={errorMessage(catalogues.error)} style={{ marginBottom: 16 }} />
      )}
      {catalogues.isPending && !catalogues.isError ? (
        <div style={{ padding: 48, textAlign: 'center' }}>
          <Spin size="large" />
        </div>
      ) : (
        catalogues.data && (
          <Card>
            <Tabs
              items={[
                { key: 'industries', label: `产业目录（${catalogues.data.industries.length}）`, children: <IndustryTreeCard industries={catalogues.data.industries} /> },
                { key: 'occupations', label: `职业目录（${catalogues.data.occupations.length}）`, children: <OccupationsCard occupations={catalogues.data.occupations} /> },
                { key: 'fixed', label: '品牌与级别', children: <FixedListsCard /> },
              ]}
            />
          </Card>
        )
      )}
    </>
  );
}
