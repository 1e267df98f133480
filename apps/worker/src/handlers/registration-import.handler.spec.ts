import type { EligibilityRules } from '@dz/contracts';
import {
  PiiCipher,
  type AuditRepository,
  type CatalogueRepository,
  type NewEntry,
  type RegistrationEvent,
  type RegistrationImportEntity,
  type RegistrationRepository,
  type TransactionRunner,
} from '@dz/persistence';
import { Logger } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { importRow, importWorkbook } from '../../../../test/factories/registration-import.factory';
import type { JobContext } from '../jobs/on-job.decorator';
import type { SocketEmitter } from '../jobs/socket-emitter';
import { RegistrationImportHandler } from './registration-import.handler';

const IMPORT_ID = '00000000-0000-4000-8000-0000000000a1';
const RULES: EligibilityRules = { ageMin: 18, ageMax: 60, skillLevelMin: null, skillLevelMax: null, counties: [], requireDazhouEmployer: false, occupationCodes: [] };
const EVENT: RegistrationEvent = {
  id: '00000000-0000-4000-8000-0000000000e1',
  title: '焊工赛',
  status: 'published',
  teamSize: 1,
  capacity: 100,
  eligibility: RULES,
  registrationClosesAt: new Date(Date.now() + 86_400_000),
  startsAt: new Date('2027-04-20T01:00:00Z'),
  organizerOrgId: '00000000-0000-4000-8000-0000000000f1',
};

function importRecord(patch: Partial<RegistrationImportEntity> = {}): RegistrationImportEntity {
  return {
    id: IMPORT_ID,
    eventId: EVENT.id,
    createdBy: '00000000-0000-4000-8000-0000000000u1',
    filename: 'a.xlsx',
    fileSha256: 'x',
    fileSize: 1,
    mode: 'valid_rows',
    status: 'queued',
    totalRows: 0,
    processedRows: 0,
    imported: 0,
    duplicates: 0,
    errorCount: 0,
    errors: [],
    message: null,
    createdAt: new Date(),
    startedAt: null,
    finishedAt: null,
    ...patch,
  };
}

/** Fakes of the repositories: an import row that updates apply to, and admit that admits all. */
function setup(record: RegistrationImportEntity, file: Buffer, admit?: (entries: readonly NewEntry[]) => unknown[]) {
  const state = { ...record };
  const admitted: NewEntry[] = [];
  const registrations = {
    findImport: jest.fn(async () => ({ ...state })),
    eventFor: jest.fn(async () => EVENT),
    importFile: jest.fn(async () => file),
    updateImport: jest.fn(async (_id: string, patch: Partial<RegistrationImportEntity>) => void Object.assign(state, patch)),
    advanceImport: jest.fn(async (_id: string, expected: Pick<RegistrationImportEntity, 'status' | 'processedRows'>, patch: Partial<RegistrationImportEntity>) => {
      if (state.status !== expected.status || state.processedRows !== expected.processedRows) return false;
      Object.assign(state, patch);
      return true;
    }),
    lockEvent: jest.fn(async () => ({ id: EVENT.id, capacity: 100, status: 'published', organizerOrgId: EVENT.organizerOrgId, startsAt: EVENT.startsAt })),
    admit: jest.fn(async (_seats: unknown, entries: readonly NewEntry[]) => {
      admitted.push(...entries);
      return admit ? admit(entries) : entries.map(() => ({ ok: true, entry: {} }));
    }),
  };
  const catalogues = { occupations: jest.fn(async () => [{ code: '6-18-02-04', name: '焊工' }]) };
  const audit = { append: jest.fn(async () => undefined) };
  const transactions = { run: jest.fn(async (work: (tx: unknown) => Promise<unknown>) => work({ manager: {} })) };
  const sockets = { toRoom: jest.fn() };
  const handler = new RegistrationImportHandler(
    registrations as unknown as RegistrationRepository,
    catalogues as unknown as CatalogueRepository,
    audit as unknown as AuditRepository,
    transactions as unknown as TransactionRunner,
    new PiiCipher({ encryptionKey: randomBytes(32), hmacKey: randomBytes(32) }),
    sockets as unknown as SocketEmitter,
  );
  return { handler, state, admitted, registrations, audit, sockets };
}

const context = (attemptsMade = 0, maxAttempts = 3): JobContext => ({ id: 'j1', attemptsMade, maxAttempts, correlationId: 'job:j1', progress: () => Promise.resolve() });

describe(RegistrationImportHandler.name, () => {
  beforeAll(() => Logger.overrideLogger(false));
  it('should admit the good rows, count the bad ones and record the end with its audit', async () => {
    const file = await importWorkbook([importRow(1), importRow(2, { 手机号: '1' }), importRow(3)]);
    const { handler, state, admitted, audit, sockets } = setup(importRecord(), file);
    await handler.handle({ importId: IMPORT_ID }, context());
    expect(state).toMatchObject({ status: 'done', totalRows: 3, processedRows: 3, imported: 2, duplicates: 0, errorCount: 1, errors: [{ row: 3, message: '手机号：请输入 11 位手机号' }] });
    expect(admitted.map((e) => e.members[0].name)).toEqual(['选手0001', '选手0003']);
    expect(audit.append).toHaveBeenCalledWith(expect.objectContaining({ action: 'registration.import_finished', entityId: IMPORT_ID }), expect.anything());
    expect(sockets.toRoom).toHaveBeenLastCalledWith(expect.stringContaining('event:'), 'import.progress', expect.objectContaining({ status: 'done', imported: 2 }));
  });

  it('should count people who already hold an entry as duplicates, not errors', async () => {
    const file = await importWorkbook([importRow(1), importRow(2)]);
    const { handler, state } = setup(importRecord(), file, (entries) => entries.map(() => ({ ok: false, duplicateMembers: [0] })));
    await handler.handle({ importId: IMPORT_ID }, context());
    expect(state).toMatchObject({ status: 'done', imported: 0, duplicates: 2, errorCount: 0 });
  });

  it('should resume a valid_rows import after the rows already committed', async () => {
    const rows = Array.from({ length: 450 }, (_, i) => importRow(i));
    const file = await importWorkbook(rows);
    const { handler, state, admitted } = setup(importRecord({ status: 'running', processedRows: 200, imported: 200, totalRows: 450, startedAt: new Date() }), file);
    await handler.handle({ importId: IMPORT_ID }, context(1));
    expect(admitted).toHaveLength(250);
    expect(admitted[0].members[0].name).toBe('选手0200');
    expect(state).toMatchObject({ status: 'done', processedRows: 450, imported: 450 });
  });

  it('should leave an unexpected failure to BullMQ while attempts remain, and end the import as failed on the last', async () => {
    const file = await importWorkbook([importRow(1)]);
    const first = setup(importRecord(), file);
    first.registrations.lockEvent.mockRejectedValue(new Error('connection reset'));
    await expect(first.handler.handle({ importId: IMPORT_ID }, context(0, 3))).rejects.toThrow('connection reset');
    expect(first.state.status).toBe('running');

    const last = setup(importRecord(), file);
    last.registrations.lockEvent.mockRejectedValue(new Error('connection reset'));
    await expect(last.handler.handle({ importId: IMPORT_ID }, context(2, 3))).resolves.toBeUndefined();
    expect(last.state).toMatchObject({ status: 'failed', message: expect.stringMatching(/^导入时发生系统错误/) });
  });

  it('should end as failed, without retrying, when the file cannot be read', async () => {
    const { handler, state } = setup(importRecord(), Buffer.from('PK not really a zip'));
    await handler.handle({ importId: IMPORT_ID }, context());
    expect(state).toMatchObject({ status: 'failed', message: expect.stringMatching(/^无法读取文件内容/) });
  });

  it('should do nothing for an import already finished', async () => {
    const { handler, registrations } = setup(importRecord({ status: 'done' }), Buffer.alloc(0));
    await handler.handle({ importId: IMPORT_ID }, context());
    expect(registrations.updateImport).not.toHaveBeenCalled();
    expect(registrations.advanceImport).not.toHaveBeenCalled();
  });
});
