import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { ValidateFunction } from 'ajv';
import Ajv2019 from 'ajv/dist/2019';
import addFormats from 'ajv-formats';
import { parse } from 'yaml';
import { ApiEnv, MigrateEnv, WorkerEnv } from '@dz/contracts';

/**
 * Static checks of the container setup in docker/: docker/compose.yaml against the published
 * Compose Specification (the schema Debian's docker-compose ships, see COMPOSE_SPEC_PATH), and against what it refers to:
 * the Dockerfile's stages, the entrypoint's commands, the sources of the compiled files those
 * run, the env schemas of libs/contracts/src/env.ts and the nginx config. No Docker needed.
 */

const ROOT = resolve(__dirname, '../..');
const DOCKER_DIR = join(ROOT, 'docker');
const read = (path: string) => readFileSync(join(ROOT, path), 'utf8');

type EnvValue = string | number | boolean | null;
interface Build {
  context?: string;
  dockerfile?: string;
  target?: string;
}
interface Service {
  image?: string;
  build?: string | Build;
  command?: string | string[];
  restart?: string;
  environment?: Record<string, EnvValue> | string[];
  env_file?: unknown;
  deploy?: { replicas?: number | string };
  depends_on?: string[] | Record<string, { condition: string }>;
  healthcheck?: { test?: string | string[]; disable?: boolean };
  ports?: (string | number | { target: number; published?: string | number })[];
  volumes?: (string | { type?: string; source?: string; target: string })[];
  container_name?: string;
}
interface ComposeFile {
  services: Record<string, Service>;
  [key: string]: unknown;
}

/** The services that run the app image, each with the env schema its process parses. */
const APP_ENV = { api: ApiEnv, worker: WorkerEnv, 'certificate-worker': WorkerEnv, migrate: MigrateEnv } as const;
type AppService = keyof typeof APP_ENV;
/** The entrypoint role each app service runs (the certificate worker is a worker on one queue). */
const ROLE_OF: Record<AppService, string> = { api: 'api', worker: 'worker', 'certificate-worker': 'worker', migrate: 'migrate' };
const APP_SERVICES = Object.keys(APP_ENV) as AppService[];

const loadCompose = (): ComposeFile =>
  // Compose resolves `<<` merge keys, which YAML 1.2 leaves off unless asked.
  parse(read('docker/compose.yaml'), { merge: true }) as ComposeFile;

/**
 * The published Compose Specification schema, as Debian's docker-compose package ships it (the
 * test setup installs the package; nothing fetched is committed here).
 */
const COMPOSE_SPEC_PATH = '/usr/lib/python3/dist-packages/compose/config/compose_spec.json';

function compileComposeSchema(): ValidateFunction {
  const schema = JSON.parse(readFileSync(COMPOSE_SPEC_PATH, 'utf8')) as { $schema: string };
  // That copy of the spec is written against JSON Schema draft 2019-09.
  expect(schema.$schema).toMatch(/json-schema\.org\/draft\/2019-09\/schema#?$/);
  const ajv = new Ajv2019({ allErrors: true, strict: false, logger: false });
  addFormats(ajv);
  // Compose durations are Go durations ("5s", "1m30s"), not ISO 8601 ("PT5S") as in ajv-formats.
  ajv.addFormat('duration', /^(\d+(\.\d+)?(ns|us|µs|ms|s|m|h))+$/);
  // Ajv knows that meta-schema under its https:// id (the file says http://), and the file
  // labels itself and its parts with the pre-2019 `id` keyword ("#/definitions/service"):
  // drop those labels, the rules are unchanged.
  const { $schema: _declared, ...body } = schema;
  return ajv.compile(stripLegacyIds(body) as object);
}

function stripLegacyIds(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(stripLegacyIds);
  if (node === null || typeof node !== 'object') return node;
  return Object.fromEntries(
    Object.entries(node)
      .filter(([key, value]) => !(key === 'id' && typeof value === 'string'))
      .map(([key, value]) => [key, stripLegacyIds(value)]),
  );
}

/** One readable line per schema violation, so a failing assertion shows all of them. */
function violations(validate: ValidateFunction, doc: unknown): string[] {
  if (validate(doc)) return [];
  return (validate.errors ?? []).map(
    (e) => `${e.instancePath || '/'} ${e.message ?? e.keyword} ${JSON.stringify(e.params)}`,
  );
}

/** `FROM <image> AS <name>` stage names, in order. */
function dockerfileStages(dockerfile: string): string[] {
  return [...dockerfile.matchAll(/^FROM\s+(?:--\S+\s+)*\S+\s+AS\s+([\w.-]+)\s*$/gim)].map((m) => m[1]);
}

/** The exec-form `CMD [...]` of the last stage that sets one: the image's default command. */
function dockerfileCmd(dockerfile: string): string[] {
  const cmds = [...dockerfile.matchAll(/^CMD\s+(\[.*\])\s*$/gm)];
  expect(cmds.length).toBeGreaterThan(0);
  return JSON.parse(cmds[cmds.length - 1][1]) as string[];
}

/** Arms of the entrypoint's `case`: each label (`a|b)` gives two) mapped to the arm's body. */
function caseArms(script: string): Map<string, string> {
  const arms = new Map<string, string>();
  for (const m of script.matchAll(/^[ \t]*([\w-]+(?:[ \t]*\|[ \t]*[\w-]+)*)\)([\s\S]*?);;/gm)) {
    for (const label of m[1].split('|')) arms.set(label.trim(), m[2]);
  }
  return arms;
}

/** The compiled files an entrypoint arm runs, as paths under dist/ without `.js`. */
const distScripts = (body: string): string[] =>
  [...body.matchAll(/\bdist\/([\w./-]+)\.js\b/g)].map((m) => m[1]);

function commandOf(service: Service, imageCmd: string[]): string[] {
  if (service.command === undefined) return imageCmd;
  return typeof service.command === 'string' ? service.command.trim().split(/\s+/) : service.command;
}

function environmentOf(service: Service): Record<string, string | undefined> {
  const env = service.environment ?? {};
  const entries = Array.isArray(env)
    ? env.map((line): [string, string | undefined] => {
        const eq = line.indexOf('=');
        return eq < 0 ? [line, undefined] : [line.slice(0, eq), line.slice(eq + 1)];
      })
    : Object.entries(env).map(([key, value]): [string, string | undefined] => [
        key,
        value === null ? undefined : String(value),
      ]);
  return Object.fromEntries(entries);
}

function dependsOn(service: Service): Record<string, string> {
  const deps = service.depends_on ?? {};
  if (Array.isArray(deps)) return Object.fromEntries(deps.map((name) => [name, 'service_started']));
  return Object.fromEntries(Object.entries(deps).map(([name, d]) => [name, d.condition]));
}

/** nginx config without comments, so a commented-out directive never satisfies a check. */
const nginxConfig = (): string =>
  read('docker/nginx.conf')
    .split('\n')
    .map((line) => line.replace(/#.*$/, ''))
    .join('\n');

/** The body of the first `<head> { ... }` block (no nested braces), or undefined. */
function block(config: string, head: RegExp): string | undefined {
  const m = new RegExp(`${head.source}\\s*\\{([^{}]*)\\}`).exec(config);
  return m?.[1];
}

describe('docker/compose.yaml', () => {
  const compose = loadCompose();
  const validate = compileComposeSchema();
  const dockerfile = read('docker/Dockerfile');
  const entrypoint = read('docker/entrypoint.sh');
  const arms = caseArms(entrypoint);
  const imageCmd = dockerfileCmd(dockerfile);

  it('conforms to the Compose Specification', () => {
    expect(violations(validate, compose)).toEqual([]);
  });

  it('passes `docker-compose config` (Debian docker-compose, no engine needed)', () => {
    const result = spawnSync('docker-compose', ['-f', join(ROOT, 'docker/compose.yaml'), 'config', '-q'], { encoding: 'utf8' });
    expect({ status: result.status, stderr: result.stderr }).toEqual({ status: 0, stderr: '' });
  });

  it.each<[string, (doc: ComposeFile) => void, string]>([
    [
      'ports given as a string',
      (doc) => {
        (doc.services.api as Record<string, unknown>).ports = 'x';
      },
      '/services/api/ports must be array',
    ],
    [
      'an unknown top-level key',
      (doc) => {
        doc.servcies = {};
      },
      '"additionalProperty":"servcies"',
    ],
    [
      'a misspelt depends_on condition',
      (doc) => {
        doc.services.api.depends_on = { migrate: { condition: 'service_completed' } };
      },
      '/services/api/depends_on',
    ],
  ])('the validator rejects %s', (_case, breakIt, expected) => {
    const broken = structuredClone(compose);
    breakIt(broken);
    const found = violations(validate, broken);
    expect(found).not.toEqual([]);
    expect(found.join('\n')).toContain(expected);
  });

  it('builds every app service from the runtime stage of docker/Dockerfile', () => {
    const stages = dockerfileStages(dockerfile);
    expect(new Set(stages).size).toBe(stages.length);
    const builds = Object.entries(compose.services).filter(([, s]) => s.build !== undefined);
    expect(builds.map(([name]) => name).sort()).toEqual([...APP_SERVICES].sort());
    for (const [name, service] of builds) {
      expect({ name, build: service.build }).toEqual({
        name,
        build: { context: '..', dockerfile: 'docker/Dockerfile', target: 'runtime' },
      });
      const build = service.build as Required<Build>;
      const context = resolve(DOCKER_DIR, build.context);
      expect(context).toBe(ROOT);
      expect(existsSync(join(context, build.dockerfile))).toBe(true);
      expect(stages).toContain(build.target);
    }
    // One image for all three, so the image is built once and the roles never drift apart.
    expect(new Set(builds.map(([, s]) => s.image)).size).toBe(1);
  });

  it('runs the entrypoint, as a non-root user, in the runtime stage', () => {
    const runtime = dockerfile
      .split(/^FROM\s+/m)
      .find((stage) => /^\S+\s+AS\s+runtime\s*$/i.test(stage.split('\n')[0]));
    expect(runtime).toBeDefined();
    expect(runtime).toMatch(/^COPY\s+(?:--\S+\s+)*docker\/entrypoint\.sh\s+\.\/docker\/entrypoint\.sh\s*$/m);
    expect(runtime).toMatch(/^ENTRYPOINT\s+\[.*"\/app\/docker\/entrypoint\.sh"\]\s*$/m);
    expect(runtime).toMatch(/^USER\s+(?!root\b|0\b)\S+\s*$/m);
    expect(runtime).toMatch(/npm ci --omit=dev|COPY --from=prod-deps/);
  });

  it.each(APP_SERVICES)('the %s command is handled by docker/entrypoint.sh', (name) => {
    const [role] = commandOf(compose.services[name], imageCmd);
    expect(role).toBe(ROLE_OF[name]);
    expect([...arms.keys()]).toContain(role);
  });

  it.each(APP_SERVICES)('the %s command runs files compiled from existing sources', (name) => {
    const [role] = commandOf(compose.services[name], imageCmd);
    const compiled = distScripts(arms.get(role) ?? '');
    expect(compiled.length).toBeGreaterThan(0);
    // swc compiles <path>.ts to dist/<path>.js (build:server in package.json).
    const missing = compiled.map((path) => `${path}.ts`).filter((source) => !existsSync(join(ROOT, source)));
    expect(missing).toEqual([]);
  });

  it.each(APP_SERVICES)('the %s environment sets only keys its env schema knows, validly', (name) => {
    const service = compose.services[name];
    const schema = APP_ENV[name];
    // An env_file would bypass this check.
    expect(service.env_file).toBeUndefined();
    const env = environmentOf(service);
    const known = Object.keys(schema.shape);
    expect(Object.keys(env).filter((key) => !known.includes(key))).toEqual([]);
    const parsed = schema.safeParse(env);
    expect(parsed.success ? [] : parsed.error.issues).toEqual([]);
  });

  it('starts the stack in order: storage healthy, then migrations, then api and worker', () => {
    const { postgres, redis, migrate, api, worker, proxy, 'certificate-worker': certificateWorker } = compose.services;
    expect(postgres.image).toBe('postgres:16');
    expect(postgres.healthcheck?.test).toEqual(expect.arrayContaining(['pg_isready']));
    const pgMounts = (postgres.volumes ?? []).map((v) => (typeof v === 'string' ? v : v.target));
    expect(pgMounts.some((mount) => mount.includes('/var/lib/postgresql/data'))).toBe(true);
    expect(redis.image).toBe('redis:7');
    expect(redis.healthcheck?.test).toBeDefined();

    expect(migrate.restart).toBe('no');
    expect(dependsOn(migrate)).toMatchObject({ postgres: 'service_healthy' });
    expect(commandOf(migrate, imageCmd)).toContain('--seed');
    for (const service of [api, worker, certificateWorker]) {
      expect(dependsOn(service)).toMatchObject({
        migrate: 'service_completed_successfully',
        redis: 'service_healthy',
      });
    }
    expect(dependsOn(proxy)).toMatchObject({ api: 'service_healthy' });
  });

  it('shares one file store between the api replicas and both workers (certificates are written by one, read by the other)', () => {
    const stores = (['api', 'worker', 'certificate-worker'] as const).map((name) => {
      const service = compose.services[name];
      const dir = environmentOf(service).UPLOAD_DIR;
      const mounts = (service.volumes ?? []).map((v) => (typeof v === 'string' ? v : `${v.source}:${v.target}`));
      return { dir, mounted: mounts.includes(`files:${dir}`) };
    });
    expect(stores).toEqual(stores.map(() => ({ dir: '/data/files', mounted: true })));
    expect(dockerfile).toMatch(/chown node:node \/data\/files/);
  });

  it('gives the api two replicas and its health check, and none to worker and migrate', () => {
    const { api, worker, migrate } = compose.services;
    expect(Number(api.deploy?.replicas)).toBe(2);
    // Replicas cannot share a host port or a container name.
    expect(api.ports).toBeUndefined();
    expect(api.container_name).toBeUndefined();
    // The api relies on the image's HEALTHCHECK, which the entrypoint answers via /api/health.
    expect(api.healthcheck?.disable).not.toBe(true);
    // Line continuations joined, the exec-form command of the (single-line) instruction.
    const healthcheck = /^HEALTHCHECK\s.*?\bCMD\s+(\[.*\])\s*$/m.exec(dockerfile.replace(/\\\n/g, ' '));
    expect(healthcheck).not.toBeNull();
    const probe = JSON.parse(healthcheck?.[1] ?? '[]') as string[];
    expect(probe[0]).toBe('/app/docker/entrypoint.sh');
    expect(arms.get(probe[1])).toContain('/api/health');
    expect(worker.healthcheck?.disable).toBe(true);
    expect(compose.services['certificate-worker'].healthcheck?.disable).toBe(true);
    expect(migrate.healthcheck?.disable).toBe(true);
  });

  it('puts nginx in front of the api on 8080, sticky, with WebSocket upgrade on /socket.io/', () => {
    const { proxy, api } = compose.services;
    expect(proxy.image).toBe('nginx:1.27');
    expect(proxy.ports?.map(String)).toContain('8080:8080');

    const mounts = (proxy.volumes ?? []).map((v) => (typeof v === 'string' ? v : `${v.source}:${v.target}`));
    const conf = mounts.map((m) => m.split(':')).find(([, target]) => target === '/etc/nginx/nginx.conf');
    expect(conf).toBeDefined();
    expect(resolve(DOCKER_DIR, conf?.[0] ?? '')).toBe(join(DOCKER_DIR, 'nginx.conf'));

    const config = nginxConfig();
    expect(config).toMatch(/\blisten\s+8080\s*;/);

    const upstreamName = /\bupstream\s+([\w-]+)\s*\{/.exec(config)?.[1];
    expect(upstreamName).toBeDefined();
    const upstream = block(config, new RegExp(`\\bupstream\\s+${upstreamName}`)) ?? '';
    // Socket.IO long-polling needs every request of a session on the same replica.
    expect(upstream).toMatch(/^\s*(ip_hash|hash\s+\$remote_addr(\s+consistent)?)\s*;/m);
    expect(upstream).toMatch(new RegExp(`\\bserver\\s+api:${environmentOf(api).PORT}\\b`));

    const socketIo = block(config, /\blocation\s+\/socket\.io\//) ?? '';
    expect(socketIo).toMatch(new RegExp(`\\bproxy_pass\\s+http://${upstreamName}\\s*;`));
    expect(socketIo).toMatch(/\bproxy_http_version\s+1\.1\s*;/);
    expect(socketIo).toMatch(/\bproxy_set_header\s+Upgrade\s+\$http_upgrade\s*;/);
    const connection = /\bproxy_set_header\s+Connection\s+("?upgrade"?|\$[\w]+)\s*;/i.exec(socketIo);
    expect(connection).not.toBeNull();
    const connectionValue = connection?.[1] ?? '';
    // Either literally "upgrade" or a variable mapped from $http_upgrade to upgrade.
    const mapped = new RegExp(
      `\\bmap\\s+\\$http_upgrade\\s+\\${connectionValue}\\s*\\{[^}]*\\bdefault\\s+upgrade\\s*;`,
    );
    expect(/^"?upgrade"?$/i.test(connectionValue) || mapped.test(config)).toBe(true);
  });
});
