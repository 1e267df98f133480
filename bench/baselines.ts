import { PUBLIC_EVENT_STATUSES } from '@dz/contracts';
import * as argon2 from 'argon2';
import { createServer, type IncomingMessage, type RequestListener, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Pool } from 'pg';

// The bare side of each comparison: node:http and the plain driver, nothing else, in the same
// process as the Nest API so both share the machine's state at the time they run.

export interface BareServer {
  url: string;
  close(): Promise<void>;
}

/**
 * The SQL TypeORM builds for EventRepository.listPublic (same columns, filter, order and
 * limit), written by hand. run.ts checks that both sides answer with the same rows.
 */
const PUBLIC_EVENTS_SQL = `
  SELECT e.id AS id, e.title AS title, e.series AS series, e.edition AS edition,
         e.occupation_code AS "occupationCode", e.occupation_name AS "occupationName",
         o.name AS "organizerName", e.county AS county, e.venue AS venue, e.format AS format,
         e.team_size AS "teamSize", e.capacity AS capacity, e.status AS status,
         e.registration_closes_at AS "registrationClosesAt", e.starts_at AS "startsAt"
    FROM competition_event e
    INNER JOIN organisation o ON o.id = e.organizer_org_id
   WHERE e.status = ANY($1::text[])
   ORDER BY e.starts_at ASC, e.id ASC
   LIMIT $2`;

/** The API's default page size (PublicEventListQuery.limit). */
const DEFAULT_LIMIT = 50;

async function listen(handler: RequestListener): Promise<{ server: Server; url: string }> {
  const server = createServer(handler);
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return { server, url: `http://127.0.0.1:${port}` };
}

function close(server: Server): Promise<void> {
  server.closeAllConnections();
  return new Promise((resolve) => server.close(() => resolve()));
}

function send(response: ServerResponse, status: number, body: string): void {
  response.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body) });
  response.end(body);
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.once('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.once('error', reject);
  });
}

interface EventRow {
  registrationClosesAt: Date;
  startsAt: Date;
  [column: string]: unknown;
}

/** GET /api/events/public with a plain pg Pool (as many connections as the API's pool) and JSON.stringify. */
export async function startBareEventsServer(databaseUrl: string, poolSize: number): Promise<BareServer> {
  const pool = new Pool({ connectionString: databaseUrl, max: poolSize, application_name: 'dz-bench-baseline' });
  const statuses = [...PUBLIC_EVENT_STATUSES];
  const { server, url } = await listen((request, response) => {
    pool.query<EventRow>(PUBLIC_EVENTS_SQL, [statuses, DEFAULT_LIMIT]).then(
      ({ rows }) => {
        const items = rows.map((row) => ({
          ...row,
          registrationClosesAt: row.registrationClosesAt.toISOString(),
          startsAt: row.startsAt.toISOString(),
        }));
        send(response, 200, JSON.stringify({ items }));
      },
      (error: unknown) => send(response, 500, JSON.stringify({ message: String(error) })),
    );
  });
  return {
    url: `${url}/api/events/public`,
    close: async () => {
      await close(server);
      await pool.end();
    },
  };
}

/** Answers every request with the same JSON body (the framework-overhead floor). */
export async function startConstantServer(body: string): Promise<BareServer> {
  const { server, url } = await listen((_request, response) => send(response, 200, body));
  return { url: `${url}/api/health`, close: () => close(server) };
}

/**
 * POST /api/auth/login with only argon2.verify against the account's stored hash: no lookup,
 * no audit row, no framework. Answers 401 with the given body when the password is wrong.
 */
export async function startBareLoginServer(passwordHash: string, rejectBody: string): Promise<BareServer> {
  const { server, url } = await listen((request, response) => {
    readBody(request)
      .then((raw) => {
        const { password } = JSON.parse(raw) as { password: string };
        return argon2.verify(passwordHash, password);
      })
      .then(
        (valid) => send(response, valid ? 200 : 401, valid ? '{}' : rejectBody),
        (error: unknown) => send(response, 400, JSON.stringify({ message: String(error) })),
      );
  });
  return { url: `${url}/api/auth/login`, close: () => close(server) };
}

export interface LoopSummary {
  operationsPerSecond: number;
  operations: number;
  p50Ms: number;
  p99Ms: number;
}

/** argon2.verify back to back with `inFlight` calls outstanding, for `seconds`: no HTTP at all. */
export async function argon2VerifyLoop(passwordHash: string, password: string, inFlight: number, seconds: number): Promise<LoopSummary> {
  const latencies: number[] = [];
  const started = performance.now();
  const deadline = started + seconds * 1000;
  const lane = async () => {
    while (performance.now() < deadline) {
      const t0 = performance.now();
      await argon2.verify(passwordHash, password);
      latencies.push(performance.now() - t0);
    }
  };
  await Promise.all(Array.from({ length: inFlight }, lane));
  const elapsed = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const at = (q: number) => (latencies.length ? latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] : 0);
  return { operationsPerSecond: latencies.length / elapsed, operations: latencies.length, p50Ms: at(0.5), p99Ms: at(0.99) };
}
