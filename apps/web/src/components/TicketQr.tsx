import { Skeleton, Typography } from 'antd';
import { useEffect, useState } from 'react';

/**
 * The QR code of a ticket (准考证), drawn in the browser from its payload: the check-in desk
 * scans it. `data-payload` carries the payload itself, for the desk's paste box and for tests.
 */
export function TicketQr({ payload, size = 180 }: { payload: string; size?: number }) {
  const [qr, setQr] = useState<{ payload: string; dataUrl: string | null } | null>(null);

  useEffect(() => {
    let live = true;
    // Loaded on demand: only a contestant with an approved entry needs it.
    import('qrcode')
      .then((QRCode) => QRCode.toDataURL(payload, { width: size, margin: 1, errorCorrectionLevel: 'M' }))
      .then(
        (dataUrl) => live && setQr({ payload, dataUrl }),
        () => live && setQr({ payload, dataUrl: null }),
      );
    return () => {
      live = false;
    };
  }, [payload, size]);

  const ready = qr?.payload === payload;
  return (
    <div className="dz-ticket-qr" data-testid="ticket-qr" data-payload={payload} data-ready={ready ? 'true' : 'false'}>
      {!ready ? (
        <Skeleton.Node active style={{ width: size, height: size }} />
      ) : qr.dataUrl ? (
        <img src={qr.dataUrl} alt="准考证二维码" width={size} height={size} className="dz-qr" />
      ) : (
        <Typography.Text type="warning">二维码生成失败，请下载 PDF 准考证</Typography.Text>
      )}
    </div>
  );
}
