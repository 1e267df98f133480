import { createDataSource, inlineStatement, MarkBatchStore } from '@dz/persistence';
import fc from 'fast-check';
import type { DataSource } from 'typeorm';
import { createTestDatabase, type TestDatabase } from '../setup/database';

/**
 * MarkBatchStore sends its statements with the parameters written in as literals (several
 * statements in one round trip). The text PostgreSQL reads must mean exactly what the bound
 * parameters meant, whatever a judge's client or a stored name holds.
 */
describe('MarkBatchStore', () => {
  let database: TestDatabase;
  let dataSource: DataSource;

  beforeAll(async () => {
    database = await createTestDatabase();
    dataSource = createDataSource({ url: database.url, poolSize: 2 });
    await dataSource.initialize();
  });

  afterAll(async () => {
    await dataSource.destroy();
    await database.drop();
  });

  const ECHO = `SELECT $1::text AS t, $2::text[] AS ta, $3::jsonb AS j, $4::jsonb[] AS ja, $5::int[] AS ia, $6::timestamptz AS ts, $7::uuid[] AS ua`;

  async function bothWays(params: unknown[]): Promise<[unknown, unknown]> {
    const bound: unknown[] = await dataSource.query(ECHO, params);
    const inlined: unknown[] = await dataSource.query(inlineStatement({ sql: ECHO, params }));
    return [bound[0], inlined[0]];
  }

  it('should read inlined parameters exactly as bound ones, for any text', async () => {
    // Quotes, backslashes, braces, commas, NUL-free control characters, CJK and emoji.
    const text = fc.string({ unit: 'grapheme', maxLength: 30 }).filter((s) => !s.includes('\u0000'));
    await fc.assert(
      fc.asyncProperty(
        text,
        fc.array(fc.option(text, { nil: null }), { maxLength: 5 }),
        fc.dictionary(text, fc.oneof(text, fc.integer(), fc.constant(null)), { maxKeys: 4 }),
        fc.array(fc.integer({ min: -2_000_000, max: 2_000_000 }), { maxLength: 5 }),
        async (t, ta, j, ia) => {
          const params = [t, ta, JSON.stringify(j), [JSON.stringify(j), JSON.stringify({ t })], ia, new Date(Date.UTC(2026, 10, 30, 8, 5, 3, 217)).toISOString(), ['6f1c0b7e-2f6b-4a55-9d59-0b8f9d1c2a3e']];
          const [bound, inlined] = await bothWays(params);
          expect(inlined).toEqual(bound);
          expect((inlined as { t: string }).t).toBe(t);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('should write NULL for null and undefined, and refuse a missing parameter', () => {
    expect(inlineStatement({ sql: 'SELECT $1, $2', params: [null, undefined] })).toBe('SELECT NULL, NULL');
    expect(() => inlineStatement({ sql: 'SELECT $2', params: ['x'] })).toThrow(RangeError);
    expect(inlineStatement({ sql: 'SELECT $1', params: ["it's"] })).toBe("SELECT 'it''s'");
  });

  it('should roll back an opened batch and give its connection back', async () => {
    const store = new MarkBatchStore(dataSource, 1);
    try {
      // No such event: the lock reads no row, so the batch reports no status.
      const first = await store.open('6f1c0b7e-2f6b-4a55-9d59-0b8f9d1c2a3e', []);
      expect(first.status).toBeNull();
      await first.rollback();
      await first.rollback();
      // One connection in the store's pool: a second batch opens only if the first gave it back.
      const second = await store.open('6f1c0b7e-2f6b-4a55-9d59-0b8f9d1c2a3e', []);
      await expect(second.commit([], [])).resolves.toEqual({ stored: [], delta: null });
      await expect(second.commit([], [])).rejects.toThrow(/already finished/);
      // A commit that fails before it reaches the server (a mark without its audit record)
      // still rolls back and gives the connection back: the next batch opens.
      const third = await store.open('6f1c0b7e-2f6b-4a55-9d59-0b8f9d1c2a3e', []);
      const mark = {
        eventId: '6f1c0b7e-2f6b-4a55-9d59-0b8f9d1c2a3e',
        entryId: '6f1c0b7e-2f6b-4a55-9d59-0b8f9d1c2a3f',
        stage: '实操',
        aspectKey: 'A1',
        judgeUserId: '6f1c0b7e-2f6b-4a55-9d59-0b8f9d1c2a40',
        value: 100,
        kind: 'original' as const,
        refersTo: null,
        reason: null,
        idempotencyKey: '6f1c0b7e-2f6b-4a55-9d59-0b8f9d1c2a41',
      };
      await expect(third.commit([mark], [])).rejects.toThrow(TypeError);
      const fourth = await store.open('6f1c0b7e-2f6b-4a55-9d59-0b8f9d1c2a3e', []);
      await fourth.rollback();
    } finally {
      await store.close();
    }
  });
});
