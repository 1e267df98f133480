import {
  IMPORT_COLUMNS,
  IMPORT_MAX_BYTES,
  IMPORT_MAX_ROWS,
  IMPORT_MODE_LABELS,
  ImportUploadBody,
  ImportView,
  type ImportMode,
  type ManagedEvent,
} from '@dz/contracts';
import { DownloadOutlined, FileExcelOutlined, InboxOutlined, UploadOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  Descriptions,
  Flex,
  Progress,
  Radio,
  Row,
  Statistic,
  Table,
  Tag,
  Typography,
  Upload,
  type TableColumnsType,
} from 'antd';
import { useEffect, useState } from 'react';
import { apiRequest, errorMessage } from '../../lib/api';
import { useDownload } from '../../lib/download';
import { formatDateTime } from '../../lib/format';
import {
  IMPORT_STATUS_COLORS,
  IMPORT_STATUS_LABELS,
  importFinished,
  importKey,
  importPercent,
  uploadProblem,
  useImportProgress,
} from '../../lib/imports';
import { eventEntriesKey, eventImportsKey, useEventImports } from '../../lib/registration';

const MODES = Object.keys(IMPORT_MODE_LABELS) as ImportMode[];
const MODE_HINTS: Record<ImportMode, string> = {
  valid_rows: '有错误的行跳过，其余行照常导入',
  all_or_nothing: '任何一行有错误则整个文件都不导入',
};

function ImportResult({ view, onReport, reportBusy }: { view: ImportView; onReport: () => void; reportBusy: boolean }) {
  const finished = importFinished(view.status);
  return (
    <Card
      size="small"
      title={`${finished ? '导入结果' : '正在导入'}：${view.filename}`}
      data-testid="import-progress"
      data-status={view.status}
    >
      <Progress
        percent={importPercent(view)}
        status={view.status === 'failed' ? 'exception' : finished ? 'success' : 'active'}
        data-testid="import-progress-bar"
      />
      <Typography.Paragraph type="secondary" style={{ margin: '4px 0 12px' }}>
        {IMPORT_STATUS_LABELS[view.status]} · 已处理 {view.processedRows} / {view.totalRows || '—'} 行 ·{' '}
        {IMPORT_MODE_LABELS[view.mode]}
      </Typography.Paragraph>
      <Row gutter={[12, 12]}>
        <Col xs={8}>
          <Statistic title="已导入" value={view.imported} data-testid="import-imported" />
        </Col>
        <Col xs={8}>
          <Statistic title="重复跳过" value={view.duplicates} data-testid="import-duplicates" />
        </Col>
        <Col xs={8}>
          <Statistic
            title="错误行"
            value={view.errorCount}
            styles={{ content: { color: view.errorCount > 0 ? '#cf1322' : undefined } }}
            data-testid="import-errors"
          />
        </Col>
      </Row>
      {view.status === 'failed' && view.message && (
        <Alert type="error" showIcon title="导入失败" description={view.message} style={{ marginTop: 12 }} />
      )}
      {finished && view.errorCount > 0 && (
        <Alert
          type="warning"
          showIcon
          style={{ marginTop: 12 }}
          title={`${view.errorCount} 行有错误${view.mode === 'all_or_nothing' ? '，整个文件未导入' : '，已跳过'}`}
          description="错误报告保留原始各行，并在最后一列写明错误原因；修改后可重新上传，已导入的人员会自动跳过。"
          action={
            <Button size="small" icon={<DownloadOutlined />} onClick={onReport} loading={reportBusy} data-testid="import-report">
              下载错误报告
            </Button>
          }
        />
      )}
    </Card>
  );
}

/** 批量导入: an Excel file of entries, checked row by row in the background, with live progress. */
export function ImportTab({ event }: { event: ManagedEvent }) {
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [file, setFile] = useState<File | null>(null);
  const [mode, setMode] = useState<ImportMode>('valid_rows');
  const [problem, setProblem] = useState<string | null>(null);
  const [currentId, setCurrentId] = useState<string | null>(null);
  const { busy, download } = useDownload();
  const imports = useEventImports(event.id);
  const progress = useImportProgress(currentId);
  const upload = useMutation({
    mutationFn: (body: FormData) => apiRequest(`/api/events/${event.id}/imports`, ImportView, { method: 'POST', body }),
  });
  const finished = progress.data ? importFinished(progress.data.status) : false;

  // Once the import is over, the entries and the list of imports have changed.
  useEffect(() => {
    if (!finished) return;
    void queryClient.invalidateQueries({ queryKey: eventEntriesKey(event.id) });
    void queryClient.invalidateQueries({ queryKey: eventImportsKey(event.id) });
  }, [finished, event.id, queryClient]);

  const onStart = () => {
    setProblem(null);
    if (!file) {
      setProblem('请先选择要导入的 Excel 文件');
      return;
    }
    const fileProblem = uploadProblem(file);
    const parsed = ImportUploadBody.safeParse({ mode });
    if (fileProblem || !parsed.success) {
      setProblem(fileProblem ?? parsed.error?.issues[0]?.message ?? '请选择导入方式');
      return;
    }
    const body = new FormData();
    body.append('mode', parsed.data.mode);
    body.append('file', file, file.name);
    upload.mutate(body, {
      onSuccess: (view) => {
        queryClient.setQueryData(importKey(view.id), view);
        setCurrentId(view.id);
        setFile(null);
        void message.success('文件已上传，正在后台逐行检查');
        void queryClient.invalidateQueries({ queryKey: eventImportsKey(event.id) });
      },
      onError: (error) => setProblem(errorMessage(error)),
    });
  };

  const columns: TableColumnsType<ImportView> = [
    { key: 'filename', title: '文件', render: (_, v) => v.filename },
    { key: 'mode', title: '导入方式', width: 150, render: (_, v) => IMPORT_MODE_LABELS[v.mode] },
    {
      key: 'status',
      title: '状态',
      width: 90,
      render: (_, v) => <Tag color={IMPORT_STATUS_COLORS[v.status]}>{IMPORT_STATUS_LABELS[v.status]}</Tag>,
    },
    { key: 'rows', title: '总行数', width: 80, render: (_, v) => v.totalRows },
    { key: 'imported', title: '已导入', width: 80, render: (_, v) => v.imported },
    { key: 'duplicates', title: '重复', width: 70, render: (_, v) => v.duplicates },
    { key: 'errors', title: '错误', width: 70, render: (_, v) => v.errorCount },
    { key: 'createdAt', title: '上传时间', width: 170, render: (_, v) => formatDateTime(v.createdAt) },
    {
      key: 'report',
      title: '错误报告',
      width: 110,
      render: (_, v) =>
        v.errorCount > 0 && importFinished(v.status) ? (
          <Button
            type="link"
            size="small"
            icon={<DownloadOutlined />}
            loading={busy === v.id}
            onClick={() => download(v.id, `/api/imports/${v.id}/report`, `导入错误报告-${v.filename}`)}
          >
            下载
          </Button>
        ) : (
          '—'
        ),
    },
  ];

  return (
    <Flex vertical gap={12}>
      <Row gutter={[12, 12]}>
        <Col xs={24} lg={10}>
          <Card size="small" title="第一步：下载模板并填写" style={{ height: '100%' }}>
            <Descriptions
              column={1}
              size="small"
              items={[
                {
                  key: 'columns',
                  label: '模板各列',
                  children: (
                    <Flex wrap gap={4}>
                      {IMPORT_COLUMNS.map((c) => (
                        <Tag key={c} style={{ marginInlineEnd: 0 }}>
                          {c}
                        </Tag>
                      ))}
                    </Flex>
                  ),
                },
                { key: 'limits', label: '限制', children: `最多 ${IMPORT_MAX_ROWS} 行，文件不超过 ${Math.round(IMPORT_MAX_BYTES / 1024 / 1024)} MB` },
                {
                  key: 'team',
                  label: '团体赛',
                  children: event.teamSize > 1 ? `每队 ${event.teamSize} 行，团队名称相同，第一行为队长` : '个人赛无需填写团队名称',
                },
              ]}
            />
            <Button
              icon={<FileExcelOutlined />}
              onClick={() => download('template', `/api/events/${event.id}/imports/template`, '报名导入模板.xlsx')}
              loading={busy === 'template'}
              style={{ marginTop: 8 }}
              data-testid="import-template"
            >
              下载导入模板
            </Button>
          </Card>
        </Col>
        <Col xs={24} lg={14}>
          <Card size="small" title="第二步：上传文件" style={{ height: '100%' }}>
            <div data-testid="import-file">
              <Upload.Dragger
                accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
                multiple={false}
                maxCount={1}
                fileList={file ? [{ uid: 'file', name: file.name, size: file.size, status: 'done' }] : []}
                beforeUpload={(f) => {
                  setProblem(uploadProblem(f));
                  setFile(f);
                  // The file is sent with the mode on 开始导入, not on its own.
                  return false;
                }}
                onRemove={() => setFile(null)}
              >
                <p className="ant-upload-drag-icon">
                  <InboxOutlined />
                </p>
                <p className="ant-upload-text">点击或拖入 Excel 文件（.xlsx）</p>
              </Upload.Dragger>
            </div>
            <Radio.Group
              value={mode}
              onChange={(e) => setMode(e.target.value as ImportMode)}
              style={{ margin: '12px 0', display: 'flex', flexDirection: 'column', gap: 4 }}
              data-testid="import-mode"
            >
              {MODES.map((m) => (
                <Radio key={m} value={m}>
                  {IMPORT_MODE_LABELS[m]} <Typography.Text type="secondary">（{MODE_HINTS[m]}）</Typography.Text>
                </Radio>
              ))}
            </Radio.Group>
            {problem && <Alert type="error" showIcon title={problem} style={{ marginBottom: 12 }} data-testid="import-problem" />}
            <Button
              type="primary"
              icon={<UploadOutlined />}
              onClick={onStart}
              loading={upload.isPending}
              disabled={Boolean(currentId) && !finished}
              data-testid="import-start"
            >
              开始导入
            </Button>
          </Card>
        </Col>
      </Row>
      {progress.data && (
        <ImportResult
          view={progress.data}
          reportBusy={busy === progress.data.id}
          onReport={() =>
            progress.data &&
            download(progress.data.id, `/api/imports/${progress.data.id}/report`, `导入错误报告-${progress.data.filename}`)
          }
        />
      )}
      {progress.isError && <Alert type="warning" showIcon title="导入进度暂时无法获取" description={errorMessage(progress.error)} />}
      <Card size="small" title="导入记录" styles={{ body: { padding: 0 } }}>
        <Table<ImportView>
          rowKey="id"
          size="small"
          columns={columns}
          dataSource={imports.data?.items ?? []}
          loading={imports.isPending}
          scroll={{ x: 900 }}
          pagination={false}
          locale={{ emptyText: imports.isError ? errorMessage(imports.error) : '暂无导入记录' }}
          data-testid="import-history"
        />
      </Card>
    </Flex>
  );
}
