import { CopyOutlined } from '@ant-design/icons';
import { Alert, App, Button, Modal, Typography } from 'antd';

async function copyText(text: string): Promise<void> {
  if (navigator.clipboard?.writeText) {
    await navigator.clipboard.writeText(text);
    return;
  }
  // Plain HTTP on a LAN address has no Clipboard API; the old way still works there.
  const area = document.createElement('textarea');
  area.value = text;
  area.setAttribute('readonly', '');
  area.style.position = 'fixed';
  area.style.opacity = '0';
  document.body.append(area);
  area.select();
  const ok = document.execCommand('copy');
  area.remove();
  if (!ok) throw new Error('copy failed');
}

/**
 * The recovery codes, shown once right after the second factor is set up. It cannot be closed
 * by accident: only 我已妥善保存 continues.
 */
export function RecoveryCodesModal({ codes, onDone }: { codes: readonly string[] | null; onDone: () => void }) {
  const { message } = App.useApp();
  const onCopy = () =>
    copyText(codes?.join('\n') ?? '').then(
      () => void message.success('恢复码已复制'),
      () => void message.error('复制失败，请手动抄写恢复码'),
    );

  return (
    <Modal
      open={codes !== null}
      title="保存恢复码"
      closable={false}
      mask={{ closable: false }}
      keyboard={false}
      centered
      footer={[
        <Button key="copy" icon={<CopyOutlined />} onClick={() => void onCopy()}>
          复制
        </Button>,
        <Button key="done" type="primary" onClick={onDone} data-testid="recovery-codes-saved">
          我已妥善保存
        </Button>,
      ]}
    >
      <Alert
        type="warning"
        showIcon
        title="恢复码只显示这一次"
        description="手机丢失或无法使用身份验证器时，可用恢复码登录，每个恢复码只能使用一次。请抄写或保存到安全的地方，不要发给他人。"
        style={{ marginBottom: 16 }}
      />
      <ol className="dz-recovery-codes" data-testid="recovery-codes">
        {codes?.map((code) => (
          <li key={code}>
            <Typography.Text code>{code}</Typography.Text>
          </li>
        ))}
      </ol>
    </Modal>
  );
}
