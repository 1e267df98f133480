import {
  AppError,
  ErrorCode,
  EVENT_STATUS_LABELS,
  IMPORT_MAX_BYTES,
  type ImportList,
  type ImportMode,
  type ImportView,
} from '@dz/contracts';
import { AuditRepository, CatalogueRepository, ProposalRepository, RegistrationRepository, TransactionRunner, type RegistrationImportEntity } from '@dz/persistence';
import { Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { writeXlsx } from '../../common/xlsx/safe-xlsx';
import type { RequestMeta } from '../auth/auth.types';
import { actorOf, type Principal } from '../auth/principal';
import { JobQueue } from '../queue/job-queue';
import { buildTemplate, reportSheets } from './import-workbooks';
import { inspectXlsx, verifyInflation } from '../../common/xlsx/zip-guard';

export interface UploadedXlsx {
  originalname: string;
  size: number;
  buffer: Buffer;
}

export interface XlsxDownload {
  filename: string;
  write(stream: NodeJS.WritableStream): Promise<void>;
}

const MB = 1024 * 1024;

/** The message for a file over IMPORT_MAX_BYTES (also when multer stops reading it). */
export const IMPORT_TOO_LARGE = `文件不能超过 ${IMPORT_MAX_BYTES / MB} MB；请删去多余的内容或分成几个文件上传`;

/** Only these problems mean "not an .xlsx at all" (415); the rest are a broken or hostile .xlsx (400). */
const NOT_XLSX = new Set(['not_xlsx', 'legacy_or_encrypted']);

/**
 * 报名批量导入, the API half: the template, the upload (checked, stored with its audit record
 * in one transaction, then queued for the worker), the imports of an event and the error
 * report. The rows themselves are read and admitted by the worker (registration.import).
 */
@Injectable()
export class RegistrationImportService {
  constructor(
    private readonly registrations: RegistrationRepository,
    private readonly proposals: ProposalRepository,
    private readonly catalogues: CatalogueRepository,
    private readonly audit: AuditRepository,
    private readonly transactions: TransactionRunner,
    private readonly jobs: JobQueue,
  ) {}

  async template(eventId: string): Promise<{ filename: string; data: Buffer }> {
    const event = await this.proposals.find(eventId);
    if (!event) throw new AppError(ErrorCode.NotFound, '赛项不存在');
    const { title, occupationCode, teamSize, startsAt, eligibility } = event.draft;
    const occupations = await this.catalogues.occupations();
    const data = await buildTemplate(
      { title, occupationCode, teamSize, startsAt: new Date(startsAt), eligibility },
      Object.fromEntries(occupations.map((o) => [o.code, o.name])),
    );
    return { filename: `报名导入模板-${title}.xlsx`, data };
  }

  async upload(principal: Principal, eventId: string, file: UploadedXlsx | undefined, mode: ImportMode, meta: RequestMeta): Promise<ImportView> {
    const event = await this.registrations.eventFor(eventId);
    if (!event) throw new AppError(ErrorCode.NotFound, '赛项不存在');
    if (event.status !== 'published') {
      throw new AppError(ErrorCode.InvalidTransition, `赛项当前为「${EVENT_STATUS_LABELS[event.status]}」，不在报名期，不能导入报名`);
    }
    if (Date.now() >= event.registrationClosesAt.getTime()) throw new AppError(ErrorCode.InvalidTransition, '报名已截止，不能导入报名');
    if (!file) throw new AppError(ErrorCode.ValidationFailed, '请选择要上传的 Excel 文件', [{ path: 'file', message: '请选择要上传的 Excel 文件' }]);
    if (file.size > IMPORT_MAX_BYTES) throw new AppError(ErrorCode.PayloadTooLarge, IMPORT_TOO_LARGE);
    if (file.size === 0) throw new AppError(ErrorCode.ValidationFailed, '上传的文件是空的', [{ path: 'file', message: '上传的文件是空的' }]);
    await checkXlsx(file.buffer);

    // multer decodes the filename as latin1; browsers send UTF-8.
    const filename = Buffer.from(file.originalname, 'latin1').toString('utf8').slice(0, 120) || 'import.xlsx';
    const sha256 = createHash('sha256').update(file.buffer).digest('hex');
    const created = await this.transactions.run(async (tx) => {
      const row = await this.registrations.createImport(
        { eventId, createdBy: principal.user.id, filename, fileSha256: sha256, fileSize: file.size, mode, status: 'queued' },
        tx,
      );
      await this.registrations.saveImportFile(row.id, file.buffer, tx);
      await this.audit.append(
        {
          ...actorOf(principal),
          action: 'registration.import_uploaded',
          entityType: 'registration_import',
          entityId: row.id,
          detail: { eventId, filename, fileSize: file.size, sha256, mode },
          ...meta,
        },
        tx,
      );
      return row;
    });
    try {
      // The import's id as the job's: a second enqueue of the same import is a no-op.
      await this.jobs.enqueue('registration.import', { importId: created.id }, { jobId: created.id, attempts: 3 });
    } catch (error) {
      await this.registrations.updateImport(created.id, { status: 'failed', message: '后台任务队列暂时不可用，请稍后重新上传', finishedAt: new Date() });
      throw error;
    }
    return toView(created);
  }

  async list(eventId: string): Promise<ImportList> {
    return { items: (await this.registrations.importsOf(eventId)).map(toView) };
  }

  async one(id: string): Promise<ImportView> {
    return toView(await this.load(id));
  }

  /**
   * The bad rows as uploaded, with their row numbers and reasons (a finished import only). The
   * rows carry whole ID numbers and phones, as the uploader sent them, so they can be corrected:
   * each download is audited.
   */
  async report(principal: Principal, id: string, meta: RequestMeta): Promise<XlsxDownload> {
    const record = await this.load(id);
    if (record.status === 'queued' || record.status === 'running') throw new AppError(ErrorCode.Conflict, '导入尚未完成，完成后才能下载错误报告');
    if (record.errors.length === 0) throw new AppError(ErrorCode.NotFound, record.message ? `本次导入没有逐行的错误：${record.message}` : '本次导入没有错误行');
    const data = await this.registrations.importFile(id);
    if (!data) throw new AppError(ErrorCode.NotFound, '上传的文件已不存在');
    const sheets = await reportSheets(data, record.errors);
    await this.audit.append({
      ...actorOf(principal),
      action: 'registration.import_report_downloaded',
      entityType: 'registration_import',
      entityId: id,
      detail: { eventId: record.eventId, rows: record.errors.length },
      ...meta,
    });
    const base = record.filename.replace(/\.xlsx$/i, '');
    return { filename: `导入错误报告-${base}.xlsx`, write: (stream) => writeXlsx(stream, sheets) };
  }

  private async load(id: string): Promise<RegistrationImportEntity> {
    const record = await this.registrations.findImport(id);
    if (!record) throw new AppError(ErrorCode.NotFound, '导入记录不存在');
    return record;
  }
}

/** The zip guard: type by magic bytes, then the central directory, then a bounded inflation. */
async function checkXlsx(data: Buffer): Promise<void> {
  const inspection = inspectXlsx(data);
  if (!inspection.ok) {
    throw new AppError(NOT_XLSX.has(inspection.problem) ? ErrorCode.UnsupportedMediaType : ErrorCode.ValidationFailed, inspection.message, [
      { path: 'file', message: inspection.message },
    ]);
  }
  const mismatch = await verifyInflation(data, inspection.members);
  if (mismatch) throw new AppError(ErrorCode.ValidationFailed, mismatch.message, [{ path: 'file', message: mismatch.message }]);
}

function toView(record: RegistrationImportEntity): ImportView {
  return {
    id: record.id,
    eventId: record.eventId,
    filename: record.filename,
    mode: record.mode,
    status: record.status,
    totalRows: record.totalRows,
    processedRows: record.processedRows,
    imported: record.imported,
    duplicates: record.duplicates,
    errorCount: record.errorCount,
    message: record.message,
    createdAt: record.createdAt.toISOString(),
    finishedAt: record.finishedAt?.toISOString() ?? null,
  };
}
