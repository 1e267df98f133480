import { PUBLIC_EVENT_STATUSES, PublicEventList } from '@dz/contracts';
import { DEMO_EVENTS, DEMO_STATISTICS_OPTIONS, planStatisticsDemo } from '@dz/persistence';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../../scripts/lib/ports';
import { runNode, type RunningProcess } from '../setup/processes';

/**
 * `npm start` as a newcomer runs it: no DATABASE_URL, no REDIS_URL. The real start script
 * brings up embedded PostgreSQL, redis-server, the API and the worker, and serves the home page
 * with the demo events; a second start reuses the data and seeds nothing.
 */
describe('npm start', () => {
  jest.setTimeout(180_000);
  const dataDir = mkdtempSync(join(tmpdir(), 'dz-start-'));
  let running: RunningProcess | undefined;

  const environment = (port: number): NodeJS.ProcessEnv => {
    const env: NodeJS.ProcessEnv = { ...process.env, DZ_DATA_DIR: dataDir, PORT: String(port), LOG_LEVEL: 'warn' };
    delete env.DATABASE_URL;
    delete env.REDIS_URL;
    return env;
  };

  afterEach(async () => {
    await running?.stop('SIGINT');
    running = undefined;
  });

  afterAll(() => {
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('should serve the home page and the demo events, and stop everything on Ctrl-C', async () => {
    const port = await freePort();
    running = runNode('dist/scripts/start.js', environment(port));
    await running.waitFor(/is running \(ready in/, 150_000);
    expect(running.output()).toMatch(/demo data seeded/);
    expect(running.output()).toContain('bureau');

    const home = await fetch(`http://127.0.0.1:${port}/`);
    expect(home.status).toBe(200);
    expect(await home.text()).toContain('<html lang="zh-CN">');
    const list = PublicEventList.parse(await (await fetch(`http://127.0.0.1:${port}/api/events/public`)).json());
    expect(list.items.map((e) => e.title)).toEqual(expect.arrayContaining(DEMO_EVENTS.filter((e) => e.status === 'published').map((e) => e.title)));

    const code = await running.stop('SIGINT');
    expect(code).toBe(0);
    expect(running.output()).toMatch(/PostgreSQL stopped/);
    await expect(fetch(`http://127.0.0.1:${port}/api/health`)).rejects.toThrow();
  });

  it('should keep the data across a restart and seed nothing the second time', async () => {
    const port = await freePort();
    running = runNode('dist/scripts/start.js', environment(port));
    await running.waitFor(/is running \(ready in/, 150_000);
    expect(running.output()).toMatch(/demo data already present/);
    expect(running.output()).not.toMatch(/Initialising an embedded PostgreSQL cluster/);
    const list = PublicEventList.parse(await (await fetch(`http://127.0.0.1:${port}/api/events/public`)).json());
    // The demo events and the past editions seeded for the statistics, each once.
    const isPublic = (status: string) => (PUBLIC_EVENT_STATUSES as readonly string[]).includes(status);
    const past = planStatisticsDemo(DEMO_STATISTICS_OPTIONS).events;
    expect(list.items).toHaveLength(DEMO_EVENTS.filter((e) => isPublic(e.status)).length + past.filter((e) => isPublic(e.status)).length);
  });
});
