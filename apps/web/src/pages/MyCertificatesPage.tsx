import { CERTIFICATE_KIND_NAMES, type MyCertificates } from '@dz/contracts';
import { DownloadOutlined, ReloadOutlined, SafetyCertificateOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Empty, Flex, Skeleton, Tag, Typography } from 'antd';
import { Link } from 'react-router';
import { errorMessage } from '../lib/api';
import { useDownload } from '../lib/download';
import { awardText, certificateFileName, CERTIFICATE_KIND_COLORS, useMyCertificates, verifyPath } from '../lib/certificates';
import { formatDate } from '../lib/format';
import { useDocumentTitle } from '../lib/use-document-title';

type MyCertificate = MyCertificates['items'][number];

function CertificateCard({ cert }: { cert: MyCertificate }) {
  const { busy, download } = useDownload();
  const downloading = busy !== null;
  const onDownload = () => download(cert.id, `/api/certificates/${cert.id}/file`, certificateFileName(cert));
  return (
    <Card size="small" data-testid="my-certificate" data-number={cert.number} data-revoked={cert.revoked ? 'true' : 'false'}>
      <Flex justify="space-between" align="flex-start" gap={8}>
        <Link to={`/events/${cert.eventId}`} className="dz-entry-title">
          {cert.eventTitle}
        </Link>
        <Tag color={CERTIFICATE_KIND_COLORS[cert.kind]} style={{ marginInlineEnd: 0 }}>
          {CERTIFICATE_KIND_NAMES[cert.kind]}
        </Tag>
      </Flex>
      {cert.revoked && (
        <Alert
          type="error"
          showIcon
          style={{ margin: '8px 0' }}
          title="此证书已撤销"
          description={`${cert.revoked.reason}（${formatDate(cert.revoked.at)}）`}
          data-testid="my-certificate-revoked"
        />
      )}
      <dl className="dz-facts">
        <div className="dz-fact">
          <dt>证书编号</dt>
          <dd className="dz-mono" data-testid="my-certificate-number">
            {cert.number}
          </dd>
        </div>
        <div className="dz-fact">
          <dt>获证人</dt>
          <dd>{cert.personName}</dd>
        </div>
        <div className="dz-fact">
          <dt>奖项 / 称号</dt>
          <dd>{awardText(cert)}</dd>
        </div>
        <div className="dz-fact">
          <dt>发证日期</dt>
          <dd>{formatDate(cert.issuedAt)}</dd>
        </div>
      </dl>
      <Flex gap={8} wrap style={{ marginTop: 8 }}>
        <Button type="primary" icon={<DownloadOutlined />} onClick={onDownload} loading={downloading} disabled={cert.revoked !== null} data-testid="my-certificate-download">
          下载 PDF 证书
        </Button>
        <Link to={verifyPath(cert.number)} data-testid="my-certificate-verify">
          <SafetyCertificateOutlined /> 查验真伪
        </Link>
      </Flex>
    </Card>
  );
}

/**
 * `/me/certificates` 我的证书: a contestant's certificates (获奖证书, 擂主证书, 参赛证明) with the PDF
 * and the public page that verifies each one; phone first.
 */
export function MyCertificatesPage() {
  useDocumentTitle('我的证书');
  const certificates = useMyCertificates();
  return (
    <div className="dz-my-entries">
      <Flex justify="space-between" align="center" style={{ marginBottom: 12 }}>
        <Typography.Title level={3} style={{ margin: 0 }}>
          我的证书
        </Typography.Title>
        <Button icon={<ReloadOutlined />} onClick={() => void certificates.refetch()} loading={certificates.isFetching}>
          刷新
        </Button>
      </Flex>
      {certificates.isPending ? (
        <Card>
          <Skeleton active paragraph={{ rows: 4 }} />
        </Card>
      ) : certificates.isError ? (
        <Alert
          type="error"
          showIcon
          title="证书加载失败"
          description={errorMessage(certificates.error)}
          action={
            <Button size="small" onClick={() => void certificates.refetch()}>
              重试
            </Button>
          }
        />
      ) : certificates.data.items.length === 0 ? (
        <Card>
          <Empty description="暂无证书。赛项成绩确定后，市人社局统一颁发证书，届时可在此下载。" data-testid="my-certificates-empty">
            <Link to="/me/entries">查看我的报名</Link>
          </Empty>
        </Card>
      ) : (
        <Flex vertical gap={12} data-testid="my-certificates">
          {certificates.data.items.map((cert) => (
            <CertificateCard key={cert.id} cert={cert} />
          ))}
        </Flex>
      )}
    </div>
  );
}
