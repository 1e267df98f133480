import { createDataSource, DEMO_EVENTS, DEMO_ORGANISATIONS, DEMO_USERS, MIGRATIONS, seedDemoData, type DemoSecrets } from '@dz/persistence';
import type { DataSource } from 'typeorm';
import { createTestDatabase, type TestDatabase } from '../setup/database';

const TABLES = [
  'app_user',
  'appeal',
  'appeal_attachment',
  'arena_bout',
  'arena_mark',
  'arena_setting',
  'audit_log',
  'certificate',
  'certificate_batch',
  'certificate_batch_chunk',
  'certificate_key',
  'certificate_template',
  'competition_event',
  'draw',
  'entry',
  'entry_member',
  'event_attachment',
  'event_board',
  'event_transition',
  'event_version',
  'industry',
  'judge_assignment',
  'mark',
  'marking_scheme',
  'notification_outbox',
  'occupation',
  'organisation',
  'pii_access_log',
  'recovery_code',
  'registration_import',
  'registration_import_file',
  'result_notice',
  'result_version',
  'role_grant',
  'signoff',
  'stage_time',
  'standing',
  'standing_delta',
  'statistics_refresh_state',
  'user_notification',
  'user_session',
];

describe('migrations and demo seed', () => {
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

  const tables = async () =>
    (
      await dataSource.query<{ table_name: string }[]>(
        `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_name <> 'typeorm_migrations' ORDER BY 1`,
      )
    ).map((r) => r.table_name);

  it('should have applied every migration to the template', async () => {
    const applied = await dataSource.query<{ name: string }[]>(`SELECT name FROM typeorm_migrations ORDER BY id`);
    expect(applied.map((r) => r.name)).toEqual(MIGRATIONS.map((m) => m.name));
    expect(await tables()).toEqual(TABLES);
  });

  it('should revert every migration with down() and apply them again', async () => {
    for (let i = 0; i < MIGRATIONS.length; i += 1) await dataSource.undoLastMigration({ transaction: 'each' });
    expect(await tables()).toEqual([]);
    const reapplied = await dataSource.runMigrations({ transaction: 'each' });
    expect(reapplied).toHaveLength(MIGRATIONS.length);
    expect(await tables()).toEqual(TABLES);
  });

  it('should seed the demo data once: a second run inserts nothing', async () => {
    const secrets: DemoSecrets = { passwordHash: '$argon2id$test-hash', totpSecretEnc: 'v1.x', contestantIdEnc: 'v1.y', contestantIdHmac: 'ab12' };
    const first = await seedDemoData(dataSource, secrets);
    expect(first).toEqual({ organisations: DEMO_ORGANISATIONS.length, users: DEMO_USERS.length, grants: DEMO_USERS.length, events: DEMO_EVENTS.length, judging: 0, results: 0, arena: 0, statistics: 0 });
    const second = await seedDemoData(dataSource, secrets);
    expect(second).toEqual({ organisations: 0, users: 0, grants: 0, events: 0, judging: 0, results: 0, arena: 0, statistics: 0 });
    const [{ n }] = await dataSource.query(`SELECT count(*)::int AS n FROM audit_log WHERE action = 'seed.demo_applied'`);
    expect(n).toBe(1);
  });

  it('should hold the nine counties, the bureau and the departments', async () => {
    const rows = await dataSource.query<{ kind: string; n: number }[]>(`SELECT kind, count(*)::int AS n FROM organisation GROUP BY kind`);
    const byKind = Object.fromEntries(rows.map((r) => [r.kind, r.n]));
    expect(byKind).toMatchObject({ bureau: 1, county: 9 });
    expect(byKind.department).toBeGreaterThanOrEqual(6);
  });

  it('should refuse a second live grant of the same role in the same organisation', async () => {
    const [user] = await dataSource.query(`SELECT id FROM app_user WHERE username = 'judge'`);
    await expect(dataSource.query(`INSERT INTO role_grant (user_id, role) VALUES ($1, 'judge')`, [user.id])).rejects.toThrow(/uq_role_grant_live/);
  });
});
