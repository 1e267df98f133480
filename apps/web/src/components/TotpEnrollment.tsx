import { Flex, Skeleton, Typography } from 'antd';
import { useEffect, useState } from 'react';

/** `ABCD EFGH …`: easier to type into an app by hand; copying still gives the bare secret. */
function grouped(secret: string): string {
  return secret.replace(/(.{4})(?=.)/g, '$1 ');
}

/**
 * The first-time second-factor setup: how to add the account to an authenticator app, the
 * otpauth:// URI as a QR code, and the secret for typing it in by hand.
 */
export function TotpEnrollment({ secret, otpauthUri }: { secret: string; otpauthUri: string }) {
  const [qr, setQr] = useState<{ uri: string; dataUrl: string | null } | null>(null);

  useEffect(() => {
    let live = true;
    // qrcode is only needed by the few who set up a second factor: loaded on demand.
    import('qrcode')
      .then((QRCode) => QRCode.toDataURL(otpauthUri, { width: 200, margin: 1, errorCorrectionLevel: 'M' }))
      .then(
      (dataUrl) => live && setQr({ uri: otpauthUri, dataUrl }),
      () => live && setQr({ uri: otpauthUri, dataUrl: null }),
    );
    return () => {
      live = false;
    };
  }, [otpauthUri]);

  const ready = qr?.uri === otpauthUri;
  return (
    <div data-testid="totp-enrollment">
      <Typography.Paragraph type="secondary">
        为保护账号安全，工作人员账号须开启二次验证。请按以下步骤完成设置：
      </Typography.Paragraph>
      <ol className="dz-steps-list">
        <li>在手机上安装身份验证器应用（如腾讯身份验证器、Microsoft Authenticator 或 Google Authenticator）。</li>
        <li>在应用中扫描下方二维码；无法扫描时，选择“手动输入密钥”并输入下方密钥。</li>
        <li>输入应用中显示的 6 位动态验证码，完成设置。</li>
      </ol>
      <Flex vertical align="center" gap={8} style={{ margin: '8px 0 16px' }}>
        {!ready ? (
          <Skeleton.Node active style={{ width: 200, height: 200 }} />
        ) : qr.dataUrl ? (
          <img src={qr.dataUrl} alt="动态验证码二维码" width={200} height={200} className="dz-qr" />
        ) : (
          <Typography.Text type="warning">二维码生成失败，请手动输入密钥</Typography.Text>
        )}
        <Typography.Text type="secondary">密钥</Typography.Text>
        <Typography.Text
          code
          copyable={{ text: secret, tooltips: ['复制密钥', '已复制'] }}
          className="dz-secret"
          data-testid="totp-secret"
        >
          {grouped(secret)}
        </Typography.Text>
        {/* On the phone that holds the authenticator there is nothing to scan: open the app instead. */}
        <Typography.Link href={otpauthUri} className="dz-otpauth-link">
          身份验证器装在本机？点此直接添加
        </Typography.Link>
      </Flex>
    </div>
  );
}
