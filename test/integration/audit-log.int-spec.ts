import { AuditRepository, createDataSource } from '@dz/persistence';
import type { DataSource } from 'typeorm';
import { createTestDatabase, type TestDatabase } from '../setup/database';

describe('audit_log', () => {
  let database: TestDatabase;
  let dataSource: DataSource;
  let audit: AuditRepository;

  beforeAll(async () => {
    database = await createTestDatabase();
    dataSource = createDataSource({ url: database.url, poolSize: 2 });
    await dataSource.initialize();
    audit = new AuditRepository(dataSource);
  });

  afterAll(async () => {
    await dataSource.destroy();
    await database.drop();
  });

  it('should append records and read them back newest first', async () => {
    await audit.append({ actorUserId: null, action: 'test.first', entityType: 'thing', entityId: 'a1', detail: { n: 1 } });
    await audit.append({ actorUserId: null, action: 'test.second', entityType: 'thing', entityId: 'a1', detail: { n: 2 } });
    const records = await audit.listForEntity('thing', 'a1');
    expect(records.map((r) => r.action)).toEqual(['test.second', 'test.first']);
    expect(records[0].detail).toEqual({ n: 2 });
  });

  it('should reject UPDATE in the database itself', async () => {
    await expect(dataSource.query(`UPDATE audit_log SET action = 'rewritten'`)).rejects.toThrow(/append-only: UPDATE/);
    expect(await audit.countByAction('rewritten')).toBe(0);
  });

  it('should reject DELETE in the database itself', async () => {
    const before = await dataSource.query(`SELECT count(*)::int AS n FROM audit_log`);
    await expect(dataSource.query(`DELETE FROM audit_log`)).rejects.toThrow(/append-only: DELETE/);
    const after = await dataSource.query(`SELECT count(*)::int AS n FROM audit_log`);
    expect(after[0].n).toBe(before[0].n);
    expect(after[0].n).toBeGreaterThan(0);
  });

  it('should reject TRUNCATE in the database itself', async () => {
    await expect(dataSource.query(`TRUNCATE audit_log`)).rejects.toThrow(/append-only: TRUNCATE/);
  });

  it('should keep the change and its audit record together when a transaction fails', async () => {
    await expect(
      dataSource.transaction(async (manager) => {
        await audit.append({ actorUserId: null, action: 'test.rolled_back' }, { manager });
        throw new Error('the change failed');
      }),
    ).rejects.toThrow('the change failed');
    expect(await audit.countByAction('test.rolled_back')).toBe(0);
  });
});
