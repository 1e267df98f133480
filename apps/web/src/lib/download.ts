import { App } from 'antd';
import { useState } from 'react';
import { apiDownload, errorMessage } from './api';

/**
 * Downloads with the bearer token (apiDownload), one button's spinner at a time: `busy` is the
 * key of the download in flight, and a failure shows its Chinese message.
 */
export function useDownload() {
  const { message } = App.useApp();
  const [busy, setBusy] = useState<string | null>(null);
  const download = (key: string, path: string, name: string) => {
    setBusy(key);
    apiDownload(path, name)
      .catch((error: unknown) => void message.error(errorMessage(error)))
      .finally(() => setBusy(null));
  };
  return { busy, download };
}
