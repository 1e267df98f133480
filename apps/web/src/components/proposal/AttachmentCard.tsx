import { ProposalDetail } from '@dz/contracts';
import { DownloadOutlined, FilePdfOutlined, UploadOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Flex, Typography } from 'antd';
import { useRef, useState, type ChangeEvent } from 'react';
import { apiDownload, apiRequest, errorMessage } from '../../lib/api';
import { formatDateTime } from '../../lib/format';
import { proposalKey } from '../../lib/proposals';

/** The server's limit too (POST /api/proposals/:id/attachment). */
export const ATTACHMENT_MAX_BYTES = 10 * 1024 * 1024;

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/**
 * Why `file` cannot be the 方案附件, or `null`: a PDF (by type or name, and by its `%PDF-`
 * signature, so a renamed Word file is caught here rather than by the server) of at most 10 MB.
 */
export async function attachmentProblem(file: File): Promise<string | null> {
  // Some systems give a PDF no type at all; the name and the signature decide then.
  const looksPdf = file.name.toLowerCase().endsWith('.pdf') && (file.type === 'application/pdf' || file.type === '');
  if (!looksPdf) return '方案附件只能是 PDF 文件（.pdf）';
  if (file.size === 0) return '文件是空的，请重新选择';
  if (file.size > ATTACHMENT_MAX_BYTES) return `文件过大（${formatBytes(file.size)}），不能超过 10 MB`;
  const head = await file
    .slice(0, 5)
    .arrayBuffer()
    .then((b) => String.fromCharCode(...new Uint8Array(b)))
    .catch(() => '');
  return head === '%PDF-' ? null : '文件内容不是有效的 PDF，请另存为 PDF 后再上传';
}

/** 方案附件: the proposal's PDF, downloadable by whoever sees the proposal, replaceable by its department while editable. */
export function AttachmentCard({ detail, canUpload }: { detail: ProposalDetail; canUpload: boolean }) {
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const input = useRef<HTMLInputElement>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [downloading, setDownloading] = useState(false);
  const attachment = detail.attachment;

  const upload = useMutation({
    mutationFn: (file: File) => {
      const body = new FormData();
      // The server checks the declared type too: send it even when the system gave none.
      body.append('file', new File([file], file.name, { type: 'application/pdf' }), file.name);
      return apiRequest(`/api/proposals/${detail.id}/attachment`, ProposalDetail, { method: 'POST', body });
    },
    onSuccess: (reply) => {
      queryClient.setQueryData(proposalKey(reply.id), reply);
      void message.success('方案附件已上传');
    },
    onError: (error) => setProblem(errorMessage(error)),
  });

  const onPick = async (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    // Let the same file be picked again after a fix.
    event.target.value = '';
    if (!file) return;
    setProblem(null);
    const why = await attachmentProblem(file);
    if (why) {
      setProblem(why);
      return;
    }
    upload.mutate(file);
  };

  const download = async () => {
    if (!attachment) return;
    setDownloading(true);
    try {
      await apiDownload(`/api/proposals/${detail.id}/attachment`, attachment.filename);
    } catch (error) {
      void message.error(`下载失败：${errorMessage(error)}`);
    } finally {
      setDownloading(false);
    }
  };

  return (
    <Card title="方案附件" size="small" data-testid="attachment">
      {attachment ? (
        <Flex align="center" gap={8} wrap>
          <FilePdfOutlined style={{ fontSize: 24, color: '#cf1322' }} aria-hidden />
          <div style={{ flex: 1, minWidth: 0 }}>
            <Typography.Text ellipsis={{ tooltip: attachment.filename }} style={{ display: 'block' }} data-testid="attachment-name">
              {attachment.filename}
            </Typography.Text>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {formatBytes(attachment.sizeBytes)} · {formatDateTime(attachment.uploadedAt)} 上传
            </Typography.Text>
          </div>
          <Button icon={<DownloadOutlined />} onClick={() => void download()} loading={downloading} data-testid="attachment-download">
            下载
          </Button>
        </Flex>
      ) : (
        <Typography.Text type="secondary">尚未上传赛项实施方案（PDF）。</Typography.Text>
      )}
      {canUpload && (
        <div style={{ marginTop: 12 }}>
          <input
            ref={input}
            type="file"
            accept="application/pdf,.pdf"
            hidden
            onChange={(e) => void onPick(e)}
            data-testid="attachment-input"
          />
          <Button icon={<UploadOutlined />} onClick={() => input.current?.click()} loading={upload.isPending} data-testid="attachment-upload">
            {attachment ? '重新上传' : '上传 PDF'}
          </Button>
          <Typography.Text type="secondary" style={{ marginLeft: 8, fontSize: 12 }}>
            仅限 PDF，不超过 10 MB
          </Typography.Text>
        </div>
      )}
      {problem && (
        <Alert type="error" showIcon title={problem} style={{ marginTop: 12 }} closable={{ onClose: () => setProblem(null) }} data-testid="attachment-error" />
      )}
    </Card>
  );
}
