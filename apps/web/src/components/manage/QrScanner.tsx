import { CameraOutlined } from '@ant-design/icons';
import { Alert, Button, Modal, Typography } from 'antd';
import { useEffect, useRef, useState } from 'react';

/** The part of the Shape Detection API used here (not yet in TypeScript's DOM library). */
interface DetectedBarcode {
  rawValue: string;
}
interface BarcodeDetectorLike {
  detect(source: HTMLVideoElement): Promise<DetectedBarcode[]>;
}
type BarcodeDetectorConstructor = new (options?: { formats?: string[] }) => BarcodeDetectorLike;

function barcodeDetector(): BarcodeDetectorConstructor | null {
  if (typeof window === 'undefined') return null;
  return (window as unknown as { BarcodeDetector?: BarcodeDetectorConstructor }).BarcodeDetector ?? null;
}

/** True where the browser can read QR codes from the camera itself (Chrome on Android, …). */
export function cameraScanSupported(): boolean {
  return barcodeDetector() !== null && typeof navigator !== 'undefined' && Boolean(navigator.mediaDevices?.getUserMedia);
}

/** How often a video frame is searched for a QR code. */
const SCAN_INTERVAL_MS = 300;

function ScannerModal({ open, onClose, onScan }: { open: boolean; onClose: () => void; onScan: (text: string) => void }) {
  const video = useRef<HTMLVideoElement>(null);
  const [problem, setProblem] = useState<string | null>(null);
  // The latest callback, without restarting the camera each time the parent renders.
  const handler = useRef(onScan);
  useEffect(() => {
    handler.current = onScan;
  }, [onScan]);

  useEffect(() => {
    if (!open) return;
    const Detector = barcodeDetector();
    if (!Detector) return;
    let stream: MediaStream | null = null;
    let timer: ReturnType<typeof setInterval> | null = null;
    let live = true;
    const detector = new Detector({ formats: ['qr_code'] });
    setProblem(null);
    navigator.mediaDevices
      .getUserMedia({ video: { facingMode: 'environment' }, audio: false })
      .then(async (s) => {
        if (!live) {
          s.getTracks().forEach((t) => t.stop());
          return;
        }
        stream = s;
        if (!video.current) return;
        video.current.srcObject = s;
        await video.current.play();
        timer = setInterval(() => {
          if (!video.current || video.current.readyState < 2) return;
          detector.detect(video.current).then(
            (codes) => {
              const text = codes[0]?.rawValue;
              if (text && live) {
                live = false;
                handler.current(text);
              }
            },
            () => undefined,
          );
        }, SCAN_INTERVAL_MS);
      })
      .catch(() => live && setProblem('无法打开摄像头，请检查浏览器的摄像头权限，或使用扫码枪、粘贴二维码内容'));
    return () => {
      live = false;
      if (timer) clearInterval(timer);
      stream?.getTracks().forEach((t) => t.stop());
    };
  }, [open]);

  return (
    <Modal open={open} title="扫描准考证二维码" footer={null} onCancel={onClose} destroyOnHidden>
      {problem ? (
        <Alert type="error" showIcon title={problem} />
      ) : (
        <>
          <video ref={video} className="dz-scanner-video" muted playsInline />
          <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }}>
            将准考证上的二维码对准取景框，识别后自动检录。
          </Typography.Paragraph>
        </>
      )}
    </Modal>
  );
}

/** A 扫码 button that opens the camera, where the browser can decode QR codes; nothing otherwise. */
export function CameraScanButton({ onScan, disabled }: { onScan: (text: string) => void; disabled?: boolean }) {
  const [open, setOpen] = useState(false);
  if (!cameraScanSupported()) return null;
  return (
    <>
      <Button icon={<CameraOutlined />} onClick={() => setOpen(true)} disabled={disabled} data-testid="checkin-camera">
        摄像头扫码
      </Button>
      <ScannerModal
        open={open}
        onClose={() => setOpen(false)}
        onScan={(text) => {
          setOpen(false);
          onScan(text);
        }}
      />
    </>
  );
}
