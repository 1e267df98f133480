import type { ImportView } from '@dz/contracts';
import { importPercent, mergeProgress, uploadProblem } from './imports';

const view = (overrides: Partial<ImportView> = {}): ImportView => ({
  id: '0f8fad5b-d9cb-469f-a165-70867728950e',
  eventId: '00000000-0000-4000-a000-000000000001',
  filename: '报名.xlsx',
  mode: 'valid_rows',
  status: 'running',
  totalRows: 200,
  processedRows: 50,
  imported: 48,
  duplicates: 1,
  errorCount: 1,
  message: null,
  createdAt: '2026-12-01T00:00:00.000Z',
  finishedAt: null,
  ...overrides,
});

describe('importPercent', () => {
  it('should give the share of rows processed, and 100 only once finished', () => {
    expect(importPercent(view())).toBe(25);
    expect(importPercent(view({ processedRows: 200 }))).toBe(99);
    expect(importPercent(view({ status: 'done', processedRows: 200 }))).toBe(100);
    expect(importPercent(view({ status: 'failed', totalRows: 0, processedRows: 0 }))).toBe(100);
    expect(importPercent(view({ status: 'queued', totalRows: 0, processedRows: 0 }))).toBe(0);
  });
});

describe('mergeProgress', () => {
  it('should take a newer push', () => {
    const next = mergeProgress(view(), { ...view({ processedRows: 120, imported: 110 }) });
    expect(next.processedRows).toBe(120);
    expect(next.imported).toBe(110);
    expect(next.filename).toBe('报名.xlsx');
  });

  it('should ignore an older push and never reopen a finished import', () => {
    expect(mergeProgress(view({ processedRows: 120 }), view({ processedRows: 50 })).processedRows).toBe(120);
    expect(mergeProgress(view({ status: 'done', processedRows: 200 }), view({ status: 'running', processedRows: 199 })).status).toBe('done');
  });

  it('should ignore a push about another import', () => {
    const other = view({ id: '00000000-0000-4000-8000-000000000099', processedRows: 199 });
    expect(mergeProgress(view(), other).processedRows).toBe(50);
  });
});

describe('uploadProblem', () => {
  it('should accept an .xlsx within the limit and refuse anything else in Chinese', () => {
    expect(uploadProblem({ name: '报名表.XLSX', size: 1024 })).toBeNull();
    expect(uploadProblem({ name: '报名表.xls', size: 1024 })).toContain('.xlsx');
    expect(uploadProblem({ name: '报名表.xlsx', size: 6 * 1024 * 1024 })).toContain('MB');
  });
});
