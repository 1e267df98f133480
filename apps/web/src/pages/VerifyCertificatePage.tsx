import {
  CERTIFICATE_KIND_NAMES,
  VERIFICATION_STATUS_LABELS,
  type CertificateContentView,
  type CertificateVerification,
  type VerificationStatus,
} from '@dz/contracts';
import {
  CheckCircleFilled,
  CloseCircleFilled,
  DownloadOutlined,
  KeyOutlined,
  QuestionCircleFilled,
  SafetyCertificateOutlined,
  SearchOutlined,
  WarningFilled,
} from '@ant-design/icons';
import { Alert, App, Button, Card, Collapse, Descriptions, Flex, Form, Input, Skeleton, Typography } from 'antd';
import { useState, type ReactNode } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { errorMessage } from '../lib/api';
import {
  fetchPublicKeyPem,
  fetchSignedRecord,
  normaliseNumber,
  OFFLINE_VERIFY_COMMAND,
  PUBLIC_KEY_FILE,
  saveTextFile,
  SIGNED_RECORD_FILE,
  signedRecordJson,
  useCertificateKeys,
  useCertificateVerification,
  verificationDetail,
  verifyPath,
  VERIFICATION_TONES,
} from '../lib/certificates';
import { formatDate } from '../lib/format';
import { formatDay } from '../lib/results';
import { useDocumentTitle } from '../lib/use-document-title';

const STATUS_ICONS: Record<VerificationStatus, ReactNode> = {
  valid: <CheckCircleFilled />,
  revoked: <CloseCircleFilled />,
  tampered: <WarningFilled />,
  unknown: <QuestionCircleFilled />,
  malformed: <QuestionCircleFilled />,
};

/** The number form: on `/verify`, and under a result to check another one. */
function NumberForm({ initial = '', compact = false }: { initial?: string; compact?: boolean }) {
  const navigate = useNavigate();
  const [value, setValue] = useState(initial);
  const [error, setError] = useState<string | null>(null);
  const submit = () => {
    const number = normaliseNumber(value);
    if (!number) {
      setError('请输入证书编号');
      return;
    }
    setError(null);
    void navigate(verifyPath(number));
  };
  return (
    <Form layout="vertical" onFinish={submit} data-testid="verify-form">
      <Form.Item label={compact ? '查验其他证书' : '证书编号'} validateStatus={error ? 'error' : undefined} help={error} style={{ marginBottom: 0 }}>
        <Flex gap={8}>
          <Input
            size={compact ? 'middle' : 'large'}
            value={value}
            onChange={(e) => {
              setValue(e.target.value);
              setError(null);
            }}
            placeholder="如 DZ2026A00012345"
            maxLength={40}
            autoComplete="off"
            spellCheck={false}
            className="dz-mono"
            aria-label="证书编号"
            data-testid="verify-number"
          />
          <Button type="primary" htmlType="submit" size={compact ? 'middle' : 'large'} icon={<SearchOutlined />} data-testid="verify-submit">
            查验
          </Button>
        </Flex>
      </Form.Item>
    </Form>
  );
}

function StatusBanner({ v }: { v: CertificateVerification }) {
  const tone = VERIFICATION_TONES[v.status];
  const detail = verificationDetail(v, VERIFICATION_STATUS_LABELS[v.status]);
  return (
    <section className={`dz-verify-status dz-verify-${tone.tone}`} data-testid="verify-status" data-status={v.status} aria-live="polite">
      <span className="dz-verify-icon" aria-hidden>
        {STATUS_ICONS[v.status]}
      </span>
      <div style={{ minWidth: 0 }}>
        <h1 className="dz-verify-label" data-testid="verify-label">
          {VERIFICATION_STATUS_LABELS[v.status]}
        </h1>
        {detail && (
          <p className="dz-verify-message" data-testid="verify-message">
            {detail}
          </p>
        )}
        {v.revoked && (
          <p className="dz-verify-message" data-testid="verify-revoked">
            撤销原因：{v.revoked.reason}
            <br />
            撤销日期：{formatDate(v.revoked.at)}
          </p>
        )}
        {!detail?.includes(v.number) && <p className="dz-verify-number dz-mono">证书编号 {v.number}</p>}
      </div>
    </section>
  );
}

function ContentCard({ content, keyId, tampered }: { content: CertificateContentView; keyId: string | null; tampered: boolean }) {
  return (
    <Card size="small" title="证书内容" data-testid="verify-content">
      {tampered && (
        <Alert
          type="error"
          showIcon
          style={{ marginBottom: 12 }}
          title="以下内容与数字签名不符，可能已被篡改，请勿采信"
          description="如有疑问，请联系达州市人力资源和社会保障局核实。"
        />
      )}
      <Descriptions
        size="small"
        bordered
        column={{ xs: 1, sm: 1, md: 2 }}
        styles={{ label: { width: '6.5em', whiteSpace: 'nowrap' } }}
        items={[
          { key: 'name', label: '姓名', children: <span data-testid="verify-name">{content.personName}</span> },
          { key: 'id', label: '身份证号', children: <span className="dz-mono" data-testid="verify-id">{content.idNumberMasked}</span> },
          { key: 'kind', label: '证书类型', children: CERTIFICATE_KIND_NAMES[content.kind] },
          { key: 'series', label: '赛事', children: content.series },
          { key: 'event', label: '赛项', children: <span data-testid="verify-event">{content.eventTitle}</span> },
          { key: 'occupation', label: '职业（工种）', children: content.occupationCode ? `${content.occupationName}（${content.occupationCode}）` : content.occupationName },
          { key: 'award', label: '奖项', children: <span data-testid="verify-award">{content.award ?? '—'}</span> },
          { key: 'titles', label: '称号', children: content.titles.length > 0 ? content.titles.join('、') : '—' },
          { key: 'rank', label: '名次', children: content.rank === null ? '—' : `第 ${content.rank} 名` },
          { key: 'date', label: '颁发日期', children: <span data-testid="verify-date">{formatDay(content.issuedOn)}</span> },
          { key: 'organiser', label: '主办单位', children: content.organiser },
          { key: 'issuer', label: '颁发单位', children: content.issuer },
          { key: 'number', label: '证书编号', children: <span className="dz-mono">{content.number}</span> },
          { key: 'key', label: '签名密钥', children: <span className="dz-mono" data-testid="verify-key-id">{keyId ?? content.keyId}</span> },
        ]}
      />
    </Card>
  );
}

/** 离线验证: the signed record and the public key, to check the signature without this site. */
function OfflineVerification({ number, keyId }: { number: string; keyId: string | null }) {
  const { message } = App.useApp();
  const [open, setOpen] = useState(false);
  const keys = useCertificateKeys(open);
  const [busy, setBusy] = useState<'record' | 'key' | null>(null);

  const saveRecord = () => {
    setBusy('record');
    fetchSignedRecord(number)
      .then((record) => {
        if (!record) throw new Error('no record');
        saveTextFile(SIGNED_RECORD_FILE, signedRecordJson(record), 'application/json');
      })
      .catch(() => void message.error('签名记录下载失败，请稍后重试'))
      .finally(() => setBusy(null));
  };
  const saveKey = () => {
    setBusy('key');
    fetchPublicKeyPem(keyId, keys.data)
      .then((pem) => {
        if (!pem) throw new Error('no key');
        saveTextFile(PUBLIC_KEY_FILE, pem, 'application/x-pem-file');
      })
      .catch(() => void message.error('公钥下载失败，请稍后重试'))
      .finally(() => setBusy(null));
  };

  return (
    <Collapse
      onChange={(k) => setOpen(k.length > 0)}
      data-testid="verify-offline"
      items={[
        {
          key: 'offline',
          label: (
            <span>
              <KeyOutlined /> 离线验证
            </span>
          ),
          children: (
            <Flex vertical gap={12}>
              <Typography.Paragraph style={{ margin: 0 }}>
                证书内容经达州市人力资源和社会保障局以 Ed25519 数字签名。下载签名记录和公钥后，无需访问本网站即可自行核验签名：
              </Typography.Paragraph>
              <Flex gap={8} wrap>
                <Button icon={<DownloadOutlined />} onClick={saveRecord} loading={busy === 'record'} data-testid="verify-download-record">
                  下载签名记录（{SIGNED_RECORD_FILE}）
                </Button>
                <Button icon={<DownloadOutlined />} onClick={saveKey} loading={busy === 'key'} data-testid="verify-download-key">
                  下载公钥（{PUBLIC_KEY_FILE}）
                </Button>
              </Flex>
              <div>
                <Typography.Text type="secondary">在本系统的源代码目录中运行：</Typography.Text>
                <Typography.Paragraph copyable={{ text: OFFLINE_VERIFY_COMMAND, tooltips: ['复制', '已复制'] }} className="dz-verify-command" data-testid="verify-command">
                  <code>{OFFLINE_VERIFY_COMMAND}</code>
                </Typography.Paragraph>
              </div>
              <Typography.Text type="secondary" style={{ fontSize: 13 }}>
                签名密钥编号：<span className="dz-mono">{keyId ?? '—'}</span>。全部历史公钥见 <a href="/api/public/certificates/keys">/api/public/certificates/keys</a>。
              </Typography.Text>
            </Flex>
          ),
        },
      ]}
    />
  );
}

/** `/verify`: type the number printed on a certificate. */
export function VerifyFormPage() {
  useDocumentTitle('证书查验');
  return (
    <article className="dz-verify" data-testid="verify-page">
      <Card>
        <Flex vertical gap={16}>
          <div>
            <Typography.Title level={2} style={{ margin: 0 }}>
              <SafetyCertificateOutlined /> 证书查验
            </Typography.Title>
            <Typography.Paragraph type="secondary" style={{ margin: '8px 0 0' }}>
              输入证书上印制的证书编号，或用手机扫描证书上的二维码，即可查验达州技能大赛、技能达人擂台赛证书的真伪。
            </Typography.Paragraph>
          </div>
          <NumberForm />
        </Flex>
      </Card>
    </article>
  );
}

/**
 * `/verify/:number`: what a phone opens from a certificate's QR code, no sign-in. A large status
 * (有效 green, 撤销 and 篡改 red, 查无 grey), the masked content, and the signed record with the
 * public key for anyone to check offline.
 */
export function VerifyCertificatePage() {
  const { number: raw } = useParams();
  const number = normaliseNumber(raw);
  const verification = useCertificateVerification(number);
  useDocumentTitle(number ? `证书查验：${number}` : '证书查验');
  if (!number) return <VerifyFormPage />;

  return (
    <article className="dz-verify" data-testid="verify-page">
      {verification.isPending ? (
        <Card>
          <Skeleton active paragraph={{ rows: 6 }} />
        </Card>
      ) : verification.isError ? (
        <Alert
          type="error"
          showIcon
          title="查验失败"
          description={errorMessage(verification.error)}
          action={
            <Button size="small" onClick={() => void verification.refetch()}>
              重试
            </Button>
          }
          data-testid="verify-error"
        />
      ) : (
        <Flex vertical gap={12}>
          <StatusBanner v={verification.data} />
          {verification.data.content && (
            <ContentCard content={verification.data.content} keyId={verification.data.keyId} tampered={verification.data.status === 'tampered'} />
          )}
          {verification.data.content && verification.data.signature && <OfflineVerification number={verification.data.number} keyId={verification.data.keyId} />}
        </Flex>
      )}
      <Card size="small" style={{ marginTop: 12 }}>
        <NumberForm key={number ?? ''} compact />
      </Card>
      <Typography.Paragraph type="secondary" style={{ marginTop: 12, fontSize: 13, textAlign: 'center' }}>
        身份证号等个人信息已按规定隐去部分内容。<Link to="/verify">证书查验首页</Link>
      </Typography.Paragraph>
    </article>
  );
}
