import {
  CERTIFICATE_BACKGROUND_MAX_BYTES,
  CERTIFICATE_KIND_NAMES,
  CertificateTemplateView,
  SERIES,
  SERIES_LABELS,
  type CertificateTemplateList,
  type Series,
} from '@dz/contracts';
import { DeleteOutlined, PictureOutlined, ReloadOutlined, SaveOutlined, UploadOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Checkbox, Empty, Flex, Form, Input, Skeleton, Tabs, Tag, Typography, Upload } from 'antd';
import { useRef, useState, type ComponentRef } from 'react';
import { ApiError, apiRequest, errorMessage } from '../lib/api';
import {
  backgroundProblem,
  CERTIFICATE_TEMPLATES_KEY,
  insertAt,
  placeholderToken,
  templateFormData,
  templatesOf,
  useCertificateTemplates,
} from '../lib/certificates';
import { formatDateTime } from '../lib/format';
import { useDocumentTitle } from '../lib/use-document-title';

type Field = 'title' | 'body' | 'signatureLine' | 'background';
type TextAreaRef = ComponentRef<typeof Input.TextArea>;

/** One template's form: its text, the placeholders to insert, its background, saved with its version. */
function TemplateEditor({ template, placeholders }: { template: CertificateTemplateView; placeholders: readonly string[] }) {
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [title, setTitle] = useState(template.title);
  const [body, setBody] = useState(template.body);
  const [signatureLine, setSignatureLine] = useState(template.signatureLine);
  const [background, setBackground] = useState<File | null>(null);
  const [removeBackground, setRemoveBackground] = useState(false);
  const [errors, setErrors] = useState<Partial<Record<Field, string>>>({});
  const [problem, setProblem] = useState<string | null>(null);
  // Someone else saved first (409): the text here is kept so it can be copied before reloading.
  const [stale, setStale] = useState(false);
  const bodyRef = useRef<TextAreaRef>(null);
  // Where the caret was in the body when it lost focus to a tag: [start, end).
  const selection = useRef<[number, number]>([template.body.length, template.body.length]);

  const save = useMutation({
    mutationFn: (form: FormData) =>
      apiRequest(`/api/certificate-templates/${template.series}/${template.kind}`, CertificateTemplateView, { method: 'PUT', body: form }),
    onSuccess: (saved) => {
      queryClient.setQueryData<CertificateTemplateList>(CERTIFICATE_TEMPLATES_KEY, (list) =>
        list ? { ...list, items: list.items.map((t) => (t.series === saved.series && t.kind === saved.kind ? saved : t)) } : list,
      );
      void message.success(`「${SERIES_LABELS[saved.series]} · ${CERTIFICATE_KIND_NAMES[saved.kind]}」模板已保存`);
    },
    onError: (e) => {
      if (e instanceof ApiError && e.status === 409) {
        setStale(true);
        setProblem(errorMessage(e));
        return;
      }
      if (e instanceof ApiError && e.body.issues) {
        const next: Partial<Record<Field, string>> = {};
        for (const issue of e.body.issues) next[issue.path.split('.')[0] as Field] ??= issue.message;
        setErrors(next);
      }
      setProblem(errorMessage(e));
    },
  });

  const dirty = title !== template.title || body !== template.body || signatureLine !== template.signatureLine || background !== null || removeBackground;

  const insert = (placeholder: string) => {
    const [start, end] = selection.current;
    const next = insertAt(body, placeholderToken(placeholder), start, end);
    setBody(next.text);
    setErrors((e) => ({ ...e, body: undefined }));
    selection.current = [next.caret, next.caret];
    // Put the caret back after the token once the new text is rendered.
    requestAnimationFrame(() => {
      const area = bodyRef.current?.resizableTextArea?.textArea;
      if (!area) return;
      area.focus();
      area.setSelectionRange(next.caret, next.caret);
    });
  };

  const onSave = () => {
    setProblem(null);
    const parsed = templateFormData({ title, body, signatureLine, version: template.version, removeBackground }, background);
    if (!parsed.ok) {
      setErrors(parsed.errors);
      return;
    }
    setErrors({});
    save.mutate(parsed.body, {
      onSuccess: () => {
        setBackground(null);
        setRemoveBackground(false);
      },
    });
  };

  const rememberSelection = (area: HTMLTextAreaElement) => {
    selection.current = [area.selectionStart, area.selectionEnd];
  };

  return (
    <Form layout="vertical" data-testid="template-editor" data-series={template.series} data-kind={template.kind} data-version={template.version}>
      {problem && (
        <Alert
          type="error"
          showIcon
          title={problem}
          style={{ marginBottom: 12 }}
          action={
            stale ? (
              <Button size="small" onClick={() => void queryClient.resetQueries({ queryKey: CERTIFICATE_TEMPLATES_KEY })} data-testid="template-reload">
                重新加载
              </Button>
            ) : undefined
          }
          data-testid="template-error"
        />
      )}
      <Form.Item label="标题" required validateStatus={errors.title ? 'error' : undefined} help={errors.title}>
        <Input
          value={title}
          maxLength={20}
          showCount
          onChange={(e) => {
            setTitle(e.target.value);
            setErrors((x) => ({ ...x, title: undefined }));
          }}
          data-testid="template-title"
        />
      </Form.Item>
      <Form.Item label="正文" required validateStatus={errors.body ? 'error' : undefined} help={errors.body} extra="点击下方占位符插入到光标处；生成证书时替换为每人的实际内容。">
        <Input.TextArea
          ref={bodyRef}
          rows={5}
          maxLength={400}
          showCount
          value={body}
          onChange={(e) => {
            setBody(e.target.value);
            rememberSelection(e.target);
            setErrors((x) => ({ ...x, body: undefined }));
          }}
          onSelect={(e) => rememberSelection(e.currentTarget)}
          onBlur={(e) => rememberSelection(e.currentTarget)}
          data-testid="template-body"
        />
      </Form.Item>
      <Flex wrap gap={6} style={{ marginTop: -8, marginBottom: 16 }} data-testid="template-placeholders">
        {placeholders.map((p) => (
          <Tag
            key={p}
            color="blue"
            role="button"
            tabIndex={0}
            style={{ cursor: 'pointer', marginInlineEnd: 0 }}
            // Keep the caret in the body: a mouse-down on the tag would otherwise blur it first.
            onMouseDown={(e) => e.preventDefault()}
            onClick={() => insert(p)}
            onKeyDown={(e) => {
              if (e.key === 'Enter' || e.key === ' ') {
                e.preventDefault();
                insert(p);
              }
            }}
            data-testid="template-placeholder"
          >
            {placeholderToken(p)}
          </Tag>
        ))}
      </Flex>
      <Form.Item label="落款" required validateStatus={errors.signatureLine ? 'error' : undefined} help={errors.signatureLine}>
        <Input
          value={signatureLine}
          maxLength={40}
          showCount
          onChange={(e) => {
            setSignatureLine(e.target.value);
            setErrors((x) => ({ ...x, signatureLine: undefined }));
          }}
          data-testid="template-signature"
        />
      </Form.Item>
      <Form.Item
        label="背景图"
        validateStatus={errors.background ? 'error' : undefined}
        help={errors.background}
        extra={`PNG 或 JPEG，不超过 ${Math.round(CERTIFICATE_BACKGROUND_MAX_BYTES / 1024 / 1024)} MB，建议横版 A4 比例（297 × 210）。`}
      >
        <Flex vertical gap={8}>
          <Flex gap={8} align="center" wrap>
            {template.hasBackground && !removeBackground && !background ? (
              <Tag icon={<PictureOutlined />} color="green" data-testid="template-background-state">
                已设置背景图
              </Tag>
            ) : (
              <Tag data-testid="template-background-state">{background ? '将使用新背景图' : removeBackground ? '保存后移除背景图' : '未设置背景图（使用默认样式）'}</Tag>
            )}
            {template.hasBackground && !background && (
              <Checkbox checked={removeBackground} onChange={(e) => setRemoveBackground(e.target.checked)} data-testid="template-remove-background">
                <DeleteOutlined /> 移除背景图
              </Checkbox>
            )}
          </Flex>
          <Upload
            accept="image/png,image/jpeg"
            maxCount={1}
            fileList={background ? [{ uid: 'bg', name: background.name, size: background.size, status: 'done' }] : []}
            beforeUpload={(file) => {
              const fileProblem = backgroundProblem(file);
              setErrors((x) => ({ ...x, background: fileProblem ?? undefined }));
              if (!fileProblem) {
                setBackground(file);
                setRemoveBackground(false);
              }
              // Sent with the form on 保存, not on its own.
              return false;
            }}
            onRemove={() => setBackground(null)}
          >
            <Button icon={<UploadOutlined />} data-testid="template-background">
              {template.hasBackground ? '更换背景图' : '上传背景图'}
            </Button>
          </Upload>
        </Flex>
      </Form.Item>
      <Flex gap={8} align="center" wrap>
        <Button type="primary" icon={<SaveOutlined />} onClick={onSave} loading={save.isPending} disabled={!dirty} data-testid="template-save">
          保存
        </Button>
        <Typography.Text type="secondary" style={{ fontSize: 13 }}>
          第 {template.version} 版{template.updatedAt ? ` · ${formatDateTime(template.updatedAt)}` : ''}
          {template.updatedByName ? ` · ${template.updatedByName}` : ''}
          {template.updatedAt === null && '（系统默认）'}
        </Typography.Text>
      </Flex>
    </Form>
  );
}

/**
 * `/certificate-templates` 证书模板 (bureau): per series and kind, the certificate's title, body
 * with placeholders, signature line and background image. Saving sends the version read, so two
 * officers editing at once never overwrite each other silently (409).
 */
export function CertificateTemplatesPage() {
  useDocumentTitle('证书模板');
  const templates = useCertificateTemplates();
  const queryClient = useQueryClient();
  const [series, setSeries] = useState<Series>(SERIES[0]);

  return (
    <div data-testid="certificate-templates">
      <Flex justify="space-between" align="center" wrap gap={8} style={{ marginBottom: 12 }}>
        <div>
          <Typography.Title level={3} style={{ margin: 0 }}>
            证书模板
          </Typography.Title>
          <Typography.Text type="secondary">各赛事品牌的获奖证书、擂主证书和参赛证明的版式文字。修改只影响此后生成的证书，已颁发的证书不变。</Typography.Text>
        </div>
        <Button
          icon={<ReloadOutlined />}
          onClick={() => void queryClient.resetQueries({ queryKey: CERTIFICATE_TEMPLATES_KEY })}
          loading={templates.isFetching}
          data-testid="templates-reload"
        >
          重新加载
        </Button>
      </Flex>
      {templates.isPending ? (
        <Card>
          <Skeleton active paragraph={{ rows: 10 }} />
        </Card>
      ) : templates.isError ? (
        <Alert
          type="error"
          showIcon
          title="证书模板加载失败"
          description={errorMessage(templates.error)}
          action={
            <Button size="small" onClick={() => void templates.refetch()}>
              重试
            </Button>
          }
        />
      ) : (
        <Card styles={{ body: { paddingTop: 4 } }}>
          <Tabs
            activeKey={series}
            onChange={(key) => setSeries(key as Series)}
            items={SERIES.map((s) => {
              const items = templatesOf(templates.data.items, s);
              return {
                key: s,
                label: SERIES_LABELS[s],
                children:
                  items.length === 0 ? (
                    <Empty description="暂无模板" />
                  ) : (
                    <Tabs
                      tabPlacement="start"
                      className="dz-template-kinds"
                      items={items.map((t) => ({
                        key: t.kind,
                        label: CERTIFICATE_KIND_NAMES[t.kind],
                        // Keyed by version: a save or a reload shows the stored text afresh.
                        children: <TemplateEditor key={`${t.series}-${t.kind}-${t.version}`} template={t} placeholders={templates.data.placeholders} />,
                      }))}
                    />
                  ),
              };
            })}
            data-testid="template-series"
          />
        </Card>
      )}
    </div>
  );
}
