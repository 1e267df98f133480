import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { databaseUrl, stackValue } from './stack-env';

export interface TestDatabase {
  name: string;
  /** As the owner (migrations, arranging and asserting). */
  url: string;
  /** As the application role dz_app, the way the api and worker connect. */
  appUrl: string;
  drop(): Promise<void>;
}

async function admin<T>(work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: stackValue('adminUrl') });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** A fresh database for one test file: a copy of the migrated template (about 0.1 s). */
export async function createTestDatabase(): Promise<TestDatabase> {
  const name = `t_${process.env.JEST_WORKER_ID ?? '0'}_${randomBytes(5).toString('hex')}`;
  await admin((client) => client.query(`CREATE DATABASE ${name} TEMPLATE ${stackValue('templateDb')}`));
  return {
    name,
    url: databaseUrl(stackValue('adminUrl'), name),
    appUrl: appRoleUrl(databaseUrl(stackValue('adminUrl'), name)),
    drop: () => admin((client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(() => undefined),
  };
}

/** A BullMQ key prefix of this test file's own, so files never share queues. */
export function testQueuePrefix(): string {
  return `t${process.env.JEST_WORKER_ID ?? '0'}${randomBytes(4).toString('hex')}`;
}

function appRoleUrl(url: string): string {
  const parsed = new URL(url);
  parsed.username = 'dz_app';
  parsed.password = encodeURIComponent(stackValue('appPassword'));
  return parsed.toString();
}
