import {
  AGGREGATION_METHODS,
  ASPECT_KINDS,
  MarkingSchemeView,
  SCHEME_IMPORT_MAX_BYTES,
  SCHEME_SHEET_COLUMNS,
  SchemeImportPreview,
  SchemeStageList,
  type AggregationMethod,
  type AspectKind,
  type FieldIssue,
  type ManagedEvent,
} from '@dz/contracts';
import { AGGREGATION_METHOD_LABELS, ASPECT_KIND_LABELS, formatHundredths, sectionMax } from '@dz/domain';
import { DeleteOutlined, FileExcelOutlined, LockOutlined, PlusOutlined, ReloadOutlined, SaveOutlined, UploadOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Col, Empty, Flex, Input, Row, Select, Skeleton, Statistic, Table, Tag, Tooltip, Typography, Upload, type TableColumnsType } from 'antd';
import { useEffect, useMemo, useState, type HTMLAttributes } from 'react';
import { ApiError, apiDownload, apiRequest, errorMessage } from '../../lib/api';
import { formatDateTime } from '../../lib/format';
import {
  addAspect,
  addSection,
  draftFromScheme,
  draftSignature,
  draftToBody,
  draftTotals,
  emptyDraft,
  placeIssues,
  removeNode,
  updateAspect,
  updateSection,
  type AspectDraft,
  type PlacedProblem,
  type SchemeDraft,
  type SectionDraft,
} from '../../lib/scheme-editor';

type StageItem = SchemeStageList['items'][number];

const eventSchemesKey = (eventId: string) => ['judging', eventId, 'schemes'] as const;

const METHOD_OPTIONS = AGGREGATION_METHODS.map((m) => ({ value: m, label: AGGREGATION_METHOD_LABELS[m] }));
const KIND_OPTIONS = ASPECT_KINDS.map((k) => ({ value: k, label: ASPECT_KIND_LABELS[k] }));
const KIND_COLORS: Record<AspectKind, string> = { measurement: 'blue', judgement: 'purple', deduction: 'red' };

/** Shared by the section and aspect editors: the draft's setters and where its problems sit. */
interface EditorContext {
  readOnly: boolean;
  problemsOf: (nodeId: string) => PlacedProblem[];
  change: (edit: (draft: SchemeDraft) => SchemeDraft) => void;
}

function FieldProblems({ problems, field }: { problems: PlacedProblem[]; field: PlacedProblem['field'] }) {
  const mine = problems.filter((p) => p.field === field);
  if (mine.length === 0) return null;
  return (
    <Typography.Text type="danger" style={{ display: 'block', fontSize: 12 }} data-testid="field-problem">
      {mine.map((p) => p.message).join('；')}
    </Typography.Text>
  );
}

/** The sum of a section's scored maxima over the marks that parse, for the section's header. */
function sectionSubtotal(section: SectionDraft): string {
  const body = draftToBody({ method: 'mean', sections: [section] }, undefined);
  return body.ok ? formatHundredths(sectionMax(body.body.sections[0])) : '—';
}

function AspectTable({ section, ctx }: { section: SectionDraft; ctx: EditorContext }) {
  const columns: TableColumnsType<AspectDraft> = [
    {
      key: 'key',
      title: '编号',
      width: 110,
      render: (_, a) => (
        <>
          <Input
            value={a.key}
            readOnly={ctx.readOnly}
            variant={ctx.readOnly ? 'borderless' : 'outlined'}
            status={ctx.problemsOf(a.id).some((p) => p.field === 'key') ? 'error' : undefined}
            onChange={(e) => ctx.change((d) => updateAspect(d, a.id, { key: e.target.value }))}
            aria-label="评分项编号"
            data-testid="aspect-key"
          />
          <FieldProblems problems={ctx.problemsOf(a.id)} field="key" />
        </>
      ),
    },
    {
      key: 'title',
      title: '评分项名称',
      render: (_, a) => (
        <>
          <Input
            value={a.title}
            placeholder="如：焊缝宽度"
            readOnly={ctx.readOnly}
            variant={ctx.readOnly ? 'borderless' : 'outlined'}
            status={ctx.problemsOf(a.id).some((p) => p.field === 'title') ? 'error' : undefined}
            onChange={(e) => ctx.change((d) => updateAspect(d, a.id, { title: e.target.value }))}
            aria-label="评分项名称"
            data-testid="aspect-title"
          />
          <FieldProblems problems={ctx.problemsOf(a.id)} field="title" />
        </>
      ),
    },
    {
      key: 'kind',
      title: '类型',
      width: 110,
      render: (_, a) =>
        ctx.readOnly ? (
          <Tag color={KIND_COLORS[a.kind]}>{ASPECT_KIND_LABELS[a.kind]}</Tag>
        ) : (
          <Select<AspectKind>
            value={a.kind}
            options={KIND_OPTIONS}
            style={{ width: '100%' }}
            onChange={(kind) => ctx.change((d) => updateAspect(d, a.id, { kind }))}
            aria-label="评分项类型"
            data-testid="aspect-kind"
          />
        ),
    },
    {
      key: 'marks',
      title: (
        <Tooltip title="测量、评价项填满分；扣分项填最多扣多少分。最多两位小数。">
          <span>分值（分）</span>
        </Tooltip>
      ),
      width: 140,
      render: (_, a) => (
        <>
          <Input
            value={a.marks}
            inputMode="decimal"
            placeholder="如 12.5"
            suffix="分"
            readOnly={ctx.readOnly}
            variant={ctx.readOnly ? 'borderless' : 'outlined'}
            status={ctx.problemsOf(a.id).some((p) => p.field === 'marks') ? 'error' : undefined}
            onChange={(e) => ctx.change((d) => updateAspect(d, a.id, { marks: e.target.value }))}
            aria-label="分值"
            data-testid="aspect-marks"
          />
          <FieldProblems problems={ctx.problemsOf(a.id)} field="marks" />
        </>
      ),
    },
  ];
  if (!ctx.readOnly) {
    columns.push({
      key: 'remove',
      title: '',
      width: 48,
      render: (_, a) => (
        <Tooltip title="删除评分项">
          <Button type="text" danger icon={<DeleteOutlined />} onClick={() => ctx.change((d) => removeNode(d, a.id))} aria-label="删除评分项" data-testid="remove-aspect" />
        </Tooltip>
      ),
    });
  }
  return (
    <Table<AspectDraft>
      rowKey="id"
      size="small"
      columns={columns}
      dataSource={section.aspects}
      pagination={false}
      locale={{ emptyText: '本部分还没有评分项' }}
      onRow={(a) => ({ 'data-testid': 'aspect-row', 'data-key': a.key }) as HTMLAttributes<HTMLElement>}
    />
  );
}

function SectionEditor({ section, depth, ctx }: { section: SectionDraft; depth: number; ctx: EditorContext }) {
  const problems = ctx.problemsOf(section.id);
  return (
    <Card
      size="small"
      type="inner"
      style={{ marginLeft: depth * 24, borderLeft: `3px solid ${depth === 0 ? '#1677ff' : '#91caff'}` }}
      data-testid="scheme-section"
      data-key={section.key}
      title={
        <Flex gap={8} align="center" wrap>
          <Typography.Text type="secondary">{depth === 0 ? '评分部分' : '子部分'}</Typography.Text>
          <Input
            value={section.key}
            readOnly={ctx.readOnly}
            variant={ctx.readOnly ? 'borderless' : 'outlined'}
            style={{ width: 90 }}
            status={problems.some((p) => p.field === 'key') ? 'error' : undefined}
            onChange={(e) => ctx.change((d) => updateSection(d, section.id, { key: e.target.value }))}
            aria-label="部分编号"
            data-testid="section-key"
          />
          <Input
            value={section.title}
            placeholder="部分名称，如：焊缝质量"
            readOnly={ctx.readOnly}
            variant={ctx.readOnly ? 'borderless' : 'outlined'}
            style={{ width: 260 }}
            status={problems.some((p) => p.field === 'title') ? 'error' : undefined}
            onChange={(e) => ctx.change((d) => updateSection(d, section.id, { title: e.target.value }))}
            aria-label="部分名称"
            data-testid="section-title"
          />
          <Typography.Text type="secondary" data-testid="section-subtotal">
            小计 {sectionSubtotal(section)} 分
          </Typography.Text>
        </Flex>
      }
      extra={
        ctx.readOnly ? null : (
          <Flex gap={4}>
            <Button size="small" icon={<PlusOutlined />} onClick={() => ctx.change((d) => addAspect(d, section.id))} data-testid="add-aspect">
              添加评分项
            </Button>
            <Button size="small" icon={<PlusOutlined />} onClick={() => ctx.change((d) => addSection(d, section.id))} data-testid="add-subsection">
              添加子部分
            </Button>
            <Tooltip title="删除本部分及其中的全部评分项和子部分">
              <Button size="small" danger icon={<DeleteOutlined />} onClick={() => ctx.change((d) => removeNode(d, section.id))} aria-label="删除部分" data-testid="remove-section" />
            </Tooltip>
          </Flex>
        )
      }
    >
      {problems.length > 0 && (
        <>
          <FieldProblems problems={problems} field="key" />
          <FieldProblems problems={problems} field="title" />
          <FieldProblems problems={problems} field={null} />
        </>
      )}
      <AspectTable section={section} ctx={ctx} />
      {section.sections.length > 0 && (
        <Flex vertical gap={8} style={{ marginTop: 8 }}>
          {section.sections.map((child) => (
            <SectionEditor key={child.id} section={child} depth={depth + 1} ctx={ctx} />
          ))}
        </Flex>
      )}
    </Card>
  );
}

interface ImportNotice {
  filename: string;
  rows: number;
  notes: string[];
}

/**
 * 评分表: the marking scheme of each stage of the event — a tree of sections and aspects with
 * the method that combines the judges' marks. Saved with the version it was loaded at (a 409
 * says someone else saved first); an Excel file can be imported as an unsaved preview, and the
 * template holds the stage's saved scheme. Once a stage has marks its scheme is read-only.
 */
export function SchemeTab({ event }: { event: ManagedEvent }) {
  const { message, modal } = App.useApp();
  const queryClient = useQueryClient();
  const stages = useQuery({
    queryKey: eventSchemesKey(event.id),
    queryFn: ({ signal }) => apiRequest(`/api/events/${event.id}/schemes`, SchemeStageList, { signal }),
    refetchOnWindowFocus: false,
  });
  const [stage, setStage] = useState<string | null>(null);
  const [loadedFor, setLoadedFor] = useState<string | null>(null);
  const [draft, setDraft] = useState<SchemeDraft>(emptyDraft);
  const [version, setVersion] = useState<number | undefined>(undefined);
  const [baseSignature, setBaseSignature] = useState(() => draftSignature(emptyDraft()));
  const [problems, setProblems] = useState<PlacedProblem[]>([]);
  const [saveError, setSaveError] = useState<string | null>(null);
  const [conflict, setConflict] = useState<string | null>(null);
  const [importNotice, setImportNotice] = useState<ImportNotice | null>(null);
  const [importError, setImportError] = useState<{ message: string; issues: FieldIssue[] } | null>(null);
  const [downloading, setDownloading] = useState(false);

  const items = stages.data?.items ?? [];
  const current: StageItem | undefined = items.find((i) => i.stage === stage) ?? items[0];
  const readOnly = Boolean(current?.lockedReason);
  const dirty = draftSignature(draft) !== baseSignature;
  const stagePath = current ? `/api/events/${event.id}/schemes/${encodeURIComponent(current.stage)}` : '';

  const load = (item: StageItem) => {
    const next = item.scheme ? draftFromScheme(item.scheme) : emptyDraft();
    setDraft(next);
    setBaseSignature(draftSignature(next));
    setVersion(item.scheme?.version);
    setLoadedFor(item.stage);
    setProblems([]);
    setSaveError(null);
    setConflict(null);
    setImportNotice(null);
    setImportError(null);
  };

  // The first stage once the list arrives; a stage's saved scheme when it is picked.
  useEffect(() => {
    if (current && loadedFor !== current.stage) load(current);
  }, [current?.stage, loadedFor]);

  const reload = async () => {
    const fresh = await stages.refetch();
    const item = fresh.data?.items.find((i) => i.stage === current?.stage);
    if (item) load(item);
  };

  const pickStage = (next: string) => {
    if (next === current?.stage) return;
    const go = () => setStage(next);
    if (!dirty) return go();
    modal.confirm({ title: '放弃未保存的修改？', content: `「${current?.stage}」阶段的评分表有未保存的修改，切换阶段后将丢失。`, okText: '放弃并切换', cancelText: '继续编辑', onOk: go });
  };

  const save = useMutation({
    mutationFn: (body: unknown) => apiRequest(stagePath, MarkingSchemeView, { method: 'PUT', body }),
  });

  const onSave = () => {
    setSaveError(null);
    setConflict(null);
    const built = draftToBody(draft, version);
    if (!built.ok) {
      setProblems(built.problems);
      setSaveError('有分值填写有误，请按提示修改后再保存');
      return;
    }
    save.mutate(built.body, {
      onSuccess: (view) => {
        const saved = draftFromScheme(view);
        setDraft(saved);
        setBaseSignature(draftSignature(saved));
        setVersion(view.version);
        setProblems([]);
        setImportNotice(null);
        queryClient.setQueryData<SchemeStageList>(eventSchemesKey(event.id), (old) =>
          old ? { ...old, items: old.items.map((i) => (i.stage === view.stage ? { ...i, scheme: view } : i)) } : old,
        );
        void message.success(`评分表已保存（第 ${view.version} 版）`);
      },
      onError: (error) => {
        if (error instanceof ApiError && error.status === 409) {
          // Someone saved first, or the stage has been marked since: the list says which.
          void stages.refetch().then((fresh) => {
            const item = fresh.data?.items.find((i) => i.stage === current?.stage);
            // Frozen: show the scheme as saved, read-only, with the reason above it.
            if (item?.lockedReason) load(item);
            else setConflict(error.message);
          });
          return;
        }
        if (error instanceof ApiError && error.body.issues && error.body.issues.length > 0) {
          setProblems(placeIssues(draft, error.body.issues));
        }
        setSaveError(errorMessage(error));
      },
    });
  };

  const importFile = useMutation({
    mutationFn: (body: FormData) => apiRequest(`${stagePath}/import`, SchemeImportPreview, { method: 'POST', body }),
  });

  const onImport = (file: File) => {
    setImportError(null);
    if (!/\.xlsx$/i.test(file.name)) {
      setImportError({ message: '请选择 Excel 文件（.xlsx）', issues: [] });
      return;
    }
    if (file.size > SCHEME_IMPORT_MAX_BYTES) {
      setImportError({ message: `评分表文件不能超过 ${SCHEME_IMPORT_MAX_BYTES / 1024 / 1024} MB`, issues: [] });
      return;
    }
    const body = new FormData();
    body.append('file', file, file.name);
    importFile.mutate(body, {
      onSuccess: (preview) => {
        setDraft(draftFromScheme(preview.scheme));
        setProblems([]);
        setSaveError(null);
        setImportNotice({ filename: preview.filename, rows: preview.rows, notes: preview.notes.map((n) => n.message) });
      },
      onError: (error) =>
        setImportError({ message: errorMessage(error), issues: error instanceof ApiError ? (error.body.issues ?? []).filter((i) => i.path !== 'file') : [] }),
    });
  };

  const onTemplate = () => {
    if (!current) return;
    setDownloading(true);
    apiDownload(`${stagePath}/template.xlsx`, `评分表-${current.stage}.xlsx`)
      .catch((error: unknown) => void message.error(errorMessage(error)))
      .finally(() => setDownloading(false));
  };

  const totals = useMemo(() => draftTotals(draft), [draft]);
  const byNode = useMemo(() => {
    const map = new Map<string, PlacedProblem[]>();
    for (const p of problems) if (p.nodeId) map.set(p.nodeId, [...(map.get(p.nodeId) ?? []), p]);
    return map;
  }, [problems]);
  const ctx: EditorContext = {
    readOnly,
    problemsOf: (id) => byNode.get(id) ?? [],
    change: (edit) => setDraft((d) => edit(d)),
  };

  if (stages.isPending) return <Skeleton active paragraph={{ rows: 8 }} />;
  if (stages.isError) {
    return <Alert type="error" showIcon title="评分表加载失败" description={errorMessage(stages.error)} action={<Button onClick={() => void stages.refetch()}>重试</Button>} />;
  }
  if (!current) return <Empty description="赛项没有设置比赛阶段" />;

  return (
    <Flex vertical gap={12} data-testid="scheme-tab">
      <Card size="small">
        <Flex justify="space-between" align="center" wrap gap={12}>
          <Flex gap={16} align="center" wrap>
            <label>
              <Typography.Text strong>比赛阶段 </Typography.Text>
              <Select<string>
                value={current.stage}
                onChange={pickStage}
                style={{ width: 230 }}
                options={items.map((i) => ({ value: i.stage, label: `${i.stage}（权重 ${i.weight}%）${i.scheme ? '' : ' · 未设置'}` }))}
                aria-label="比赛阶段"
                data-testid="scheme-stage"
              />
            </label>
            <label>
              <Typography.Text strong>汇总方式 </Typography.Text>
              <Select<AggregationMethod>
                value={draft.method}
                onChange={(method) => setDraft((d) => ({ ...d, method }))}
                disabled={readOnly}
                style={{ width: 300 }}
                options={METHOD_OPTIONS}
                aria-label="汇总方式"
                data-testid="scheme-method"
              />
            </label>
          </Flex>
          <Flex gap={8} wrap>
            <Button icon={<FileExcelOutlined />} onClick={onTemplate} loading={downloading} data-testid="scheme-template">
              下载模板
            </Button>
            {!readOnly && (
              <Upload accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" showUploadList={false} beforeUpload={(file) => {
                  onImport(file);
                  // Sent here, not by the Upload itself.
                  return false;
                }}>
                <Button icon={<UploadOutlined />} loading={importFile.isPending} data-testid="scheme-import">
                  导入 Excel
                </Button>
              </Upload>
            )}
            <Button icon={<ReloadOutlined />} onClick={() => void reload()} disabled={stages.isFetching} data-testid="scheme-reload">
              {dirty ? '放弃修改' : '重新加载'}
            </Button>
            {!readOnly && (
              <Button type="primary" icon={<SaveOutlined />} onClick={onSave} loading={save.isPending} disabled={!dirty && version !== undefined} data-testid="scheme-save">
                保存评分表
              </Button>
            )}
          </Flex>
        </Flex>
        <Typography.Paragraph type="secondary" style={{ margin: '8px 0 0' }} data-testid="scheme-status">
          {current.scheme
            ? `第 ${current.scheme.version} 版，最后保存于 ${formatDateTime(current.scheme.updatedAt)}`
            : '该阶段尚未设置评分表'}
          {dirty && !readOnly && <Tag color="orange" style={{ marginLeft: 8 }}>有未保存的修改</Tag>}
        </Typography.Paragraph>
      </Card>

      {current.lockedReason && (
        <Alert type="warning" showIcon icon={<LockOutlined />} title={current.lockedReason} description="评分表仅供查看。" data-testid="scheme-locked" />
      )}
      {conflict && (
        <Alert
          type="error"
          showIcon
          title={conflict}
          description="重新加载会显示他人保存的版本，您在此处的修改将被放弃。"
          action={<Button onClick={() => void reload()} data-testid="scheme-conflict-reload">重新加载</Button>}
          data-testid="scheme-conflict"
        />
      )}
      {importNotice && (
        <Alert
          type="info"
          showIcon
          title={`已从「${importNotice.filename}」载入 ${importNotice.rows} 行，尚未保存`}
          description={
            <>
              请核对后点击「保存评分表」；点击「放弃修改」恢复为已保存的版本。
              {importNotice.notes.map((n) => (
                <div key={n}>{n}</div>
              ))}
            </>
          }
          closable
          onClose={() => setImportNotice(null)}
          data-testid="scheme-import-notice"
        />
      )}
      {importError && (
        <Alert
          type="error"
          showIcon
          title={`导入失败：${importError.issues.length > 0 ? importError.message.split('：')[0] : importError.message}`}
          description={
            importError.issues.length > 0 ? (
              <ul style={{ margin: 0, paddingLeft: 20 }}>
                {importError.issues.slice(0, 20).map((i) => (
                  <li key={`${i.path}|${i.message}`}>{i.message}</li>
                ))}
                {importError.issues.length > 20 && <li>……共 {importError.issues.length} 处</li>}
              </ul>
            ) : undefined
          }
          closable
          onClose={() => setImportError(null)}
          data-testid="scheme-import-error"
        />
      )}

      <Row gutter={[12, 12]}>
        <Col xs={24} xl={17}>
          <Flex vertical gap={8} data-testid="scheme-editor">
            {draft.sections.length === 0 ? (
              <Card size="small">
                <Empty description={readOnly ? '没有评分部分' : '还没有评分部分：先添加一个评分部分，再在其中添加评分项；也可以下载模板填写后导入'} />
              </Card>
            ) : (
              draft.sections.map((s) => <SectionEditor key={s.id} section={s} depth={0} ctx={ctx} />)
            )}
            {!readOnly && (
              <Button type="dashed" icon={<PlusOutlined />} onClick={() => setDraft((d) => addSection(d, null))} data-testid="add-section">
                添加评分部分
              </Button>
            )}
          </Flex>
        </Col>
        <Col xs={24} xl={7}>
          <Flex vertical gap={12} style={{ position: 'sticky', top: 12 }}>
            <Card size="small" title="合计">
              <Row gutter={12}>
                <Col span={12}>
                  <Statistic title="总分" value={formatHundredths(totals.total)} suffix="分" data-testid="scheme-total" />
                </Col>
                <Col span={12}>
                  <Statistic title="扣分项上限合计" value={formatHundredths(totals.deductions)} suffix="分" data-testid="scheme-deductions" />
                </Col>
              </Row>
              <Typography.Paragraph type="secondary" style={{ margin: '8px 0 0', fontSize: 12 }}>
                共 {totals.aspects} 个评分项；总分为测量、评价项满分之和，扣分项从其所在部分扣除。
                {totals.unparsed > 0 && <Typography.Text type="danger"> {totals.unparsed} 项分值未填或有误，未计入。</Typography.Text>}
              </Typography.Paragraph>
            </Card>
            {!readOnly && (
              <Card size="small" title="检查结果" data-testid="scheme-problems">
                {saveError || problems.length > 0 ? (
                  <>
                    {saveError && <Alert type="error" showIcon title={saveError} style={{ marginBottom: problems.length > 0 ? 8 : 0 }} data-testid="scheme-save-error" />}
                    <ul style={{ margin: 0, paddingLeft: 20 }}>
                      {problems.map((p, i) => (
                        <li key={i} data-testid="scheme-problem">
                          <Typography.Text strong>{p.where}</Typography.Text>：{p.message}
                        </li>
                      ))}
                    </ul>
                  </>
                ) : (
                  <Typography.Text type="secondary">保存时由服务器检查：编号不重复、每个部分至少有一个评分项、分值最多两位小数等。</Typography.Text>
                )}
              </Card>
            )}
            <Card size="small" title="Excel 模板的列">
              <Flex wrap gap={4}>
                {SCHEME_SHEET_COLUMNS.map((c) => (
                  <Tag key={c} style={{ marginInlineEnd: 0 }}>
                    {c}
                  </Tag>
                ))}
              </Flex>
              <Typography.Paragraph type="secondary" style={{ margin: '8px 0 0', fontSize: 12 }}>
                模板中是该阶段已保存的评分表（未设置时为示例）；导入后先预览，确认无误再保存。
              </Typography.Paragraph>
            </Card>
          </Flex>
        </Col>
      </Row>
    </Flex>
  );
}
