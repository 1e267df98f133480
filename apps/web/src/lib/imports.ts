import { IMPORT_MAX_BYTES, ImportView, type ImportProgress, type ImportStatus } from '@dz/contracts';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { apiRequest } from './api';
import { createSocket } from './socket';

/** How often the import is polled while it runs, as a fallback to the socket pushes. */
export const IMPORT_POLL_MS = 1500;

export const importKey = (id: string) => ['imports', id] as const;

export const IMPORT_STATUS_LABELS: Record<ImportStatus, string> = {
  queued: '排队中',
  running: '导入中',
  done: '已完成',
  failed: '失败',
};

export const IMPORT_STATUS_COLORS: Record<ImportStatus, string> = {
  queued: 'default',
  running: 'processing',
  done: 'success',
  failed: 'error',
};

/** A file's check before it is sent: an .xlsx within the size limit; `null` when fine. */
export function uploadProblem(file: { name: string; size: number }): string | null {
  if (!/\.xlsx$/i.test(file.name)) return '请上传 Excel 文件（.xlsx），可先下载导入模板';
  if (file.size > IMPORT_MAX_BYTES) return `文件不能超过 ${Math.round(IMPORT_MAX_BYTES / 1024 / 1024)} MB`;
  return null;
}

export function importFinished(status: ImportStatus): boolean {
  return status === 'done' || status === 'failed';
}

/** Percent of rows processed, 0–100; 100 once finished (a file without rows included). */
export function importPercent(view: Pick<ImportView, 'status' | 'totalRows' | 'processedRows'>): number {
  if (importFinished(view.status)) return 100;
  if (view.totalRows <= 0) return 0;
  return Math.min(99, Math.floor((view.processedRows / view.totalRows) * 100));
}

/**
 * Merges a socket push into the import as last known. Pushes may arrive out of order (socket and
 * poll race), so counts never go backwards and a finished import stays finished.
 */
export function mergeProgress(current: ImportView, push: ImportProgress): ImportView {
  if (push.id !== current.id) return current;
  if (importFinished(current.status) && !importFinished(push.status)) return current;
  if (push.processedRows < current.processedRows && !importFinished(push.status)) return current;
  return { ...current, ...push };
}

/**
 * One import as it runs: the socket's `import.progress` pushes (to the uploader's user room)
 * update it at once, and it is polled every 1.5 s until done or failed, in case the socket is
 * down or a push was missed.
 */
export function useImportProgress(id: string | null) {
  const queryClient = useQueryClient();
  const query = useQuery({
    queryKey: importKey(id ?? ''),
    queryFn: ({ signal }) => apiRequest(`/api/imports/${id}`, ImportView, { signal }),
    enabled: id !== null,
    refetchInterval: (q) => (q.state.data && importFinished(q.state.data.status) ? false : IMPORT_POLL_MS),
  });
  const finished = query.data ? importFinished(query.data.status) : false;

  useEffect(() => {
    if (id === null || finished) return;
    const socket = createSocket();
    socket.on('import.progress', (push) => {
      queryClient.setQueryData<ImportView>(importKey(id), (current) => (current ? mergeProgress(current, push) : current));
    });
    socket.connect();
    return () => {
      socket.off('import.progress');
      socket.disconnect();
    };
  }, [id, finished, queryClient]);

  return query;
}
