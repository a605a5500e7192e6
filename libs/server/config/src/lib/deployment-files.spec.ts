import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { ENVIRONMENT_VARIABLE_NAMES, OAUTH_APP_VARIABLE } from './environment';
import { loadConfig } from './load-config';

const root = join(__dirname, '../../../../..');
const read = (path: string) => readFileSync(join(root, path), 'utf8');

interface ComposeService {
  image?: string;
  environment?: Record<string, string>;
  ports?: string[];
  healthcheck?: { test: string[] };
  depends_on?: Record<string, { condition: string }>;
  command?: string[];
}
// Compose's required-variable syntax `${NAME:?message}` is filled in as a person running compose would.
const composeInputs: Record<string, string> = { ENCRYPTION_KEYS: `compose:${Buffer.alloc(32, 7).toString('base64')}` };
const composeText = read('docker/compose.yml').replace(/\$\{([A-Z_]+):\?[^}]*\}/g, (_, name: string) => {
  if (!(name in composeInputs)) throw new Error(`docker/compose.yml requires ${name}; add a sample to composeInputs`);
  return composeInputs[name];
});
const compose = parse(composeText, { merge: true }) as { services: Record<string, ComposeService> };
const service = (name: string) => {
  const found = compose.services[name];
  if (!found) throw new Error(`docker/compose.yml has no ${name} service`);
  return found;
};
const healthUrl = (s: ComposeService) => s.healthcheck?.test.join(' ').match(/http:\/\/127\.0\.0\.1:(\d+)(\/[\w/]+)/);

describe('.env.example', () => {
  const example = read('.env.example');
  const documented = [...example.matchAll(/^#?\s*([A-Z][A-Z0-9_]+)=/gm)]
    .map((m) => m[1])
    .filter((name) => !OAUTH_APP_VARIABLE.test(name));

  it('should document every variable the hub reads, and no other', () => {
    expect([...new Set(documented)].sort()).toEqual([...ENVIRONMENT_VARIABLE_NAMES].sort());
  });

  it('should hold values the hub accepts as they are', () => {
    const values = Object.fromEntries([...example.matchAll(/^([A-Z][A-Z0-9_]+)=(.*)$/gm)].map((m) => [m[1], m[2]]));
    // ENCRYPTION_KEYS is deliberately left unset there (next test); a person generates their own.
    expect(() => loadConfig({ ...values, ENCRYPTION_KEYS: composeInputs['ENCRYPTION_KEYS'] })).not.toThrow();
  });

  it('should ship no encryption key, so nobody runs on a published one', () => {
    expect(example).not.toMatch(/^ENCRYPTION_KEYS=/m);
    expect(example).toMatch(/^# ENCRYPTION_KEYS=$/m);
  });
});

describe('docker/compose.yml', () => {
  it('should have postgres, redis, api and worker, each with a healthcheck', () => {
    for (const name of ['postgres', 'redis', 'api', 'worker'])
      expect(service(name).healthcheck?.test.length).toBeGreaterThan(0);
  });

  it("should give api and worker an environment the hub's configuration accepts, with only known variables", () => {
    for (const name of ['api', 'worker', 'migrate']) {
      const env = service(name).environment ?? {};
      expect(Object.keys(env).filter((key) => !ENVIRONMENT_VARIABLE_NAMES.includes(key))).toEqual([]);
      expect(() => loadConfig(env)).not.toThrow();
    }
  });

  it("should probe the api's readiness on the port it listens on and publishes", () => {
    const api = service('api');
    const config = loadConfig(api.environment);
    expect(api.ports).toContain(`127.0.0.1:${config.http.port}:${config.http.port}`);
    expect(healthUrl(api)?.slice(1)).toEqual([String(config.http.port), '/api/health/ready']);
  });

  it("should probe the worker's readiness on its health port, listening beyond loopback inside the container", () => {
    const worker = service('worker');
    const config = loadConfig(worker.environment);
    expect(config.worker.healthHost).toBe('0.0.0.0');
    expect(healthUrl(worker)?.slice(1)).toEqual([String(config.worker.healthPort), '/health/ready']);
  });

  it('should point DATABASE_URL and REDIS_URL at the compose services with their credentials', () => {
    const pg = service('postgres').environment ?? {};
    for (const name of ['api', 'worker', 'migrate']) {
      const config = loadConfig(service(name).environment);
      const db = new URL(config.database.url);
      expect([db.hostname, db.port, db.username, db.password, db.pathname]).toEqual([
        'postgres',
        '5432',
        pg['POSTGRES_USER'],
        pg['POSTGRES_PASSWORD'],
        `/${pg['POSTGRES_DB']}`,
      ]);
      expect(new URL(config.redis.url).hostname).toBe('redis');
    }
  });

  it('should run Redis with noeviction so queued jobs are never evicted', () => {
    expect(service('redis').command?.join(' ')).toMatch(/--maxmemory-policy noeviction/);
  });

  it('should start api and worker only after migrations succeeded', () => {
    expect(service('migrate').command).toEqual(['node', 'cli.js', 'migrate']);
    for (const name of ['api', 'worker']) {
      expect(service(name).depends_on?.['migrate']?.condition).toBe('service_completed_successfully');
    }
  });
});

describe.each([
  ['docker/api.Dockerfile', 3000, '/api/health/ready'],
  ['docker/worker.Dockerfile', 3001, '/health/ready'],
])('%s', (path, port, probe) => {
  const dockerfile = read(path);

  it('should build in one stage and run in another, as a non-root user', () => {
    expect(dockerfile.match(/^FROM /gm)).toHaveLength(2);
    expect(dockerfile).toMatch(/^USER node$/m);
  });

  it('should expose and probe the port the app listens on by default', () => {
    expect(dockerfile).toMatch(new RegExp(`^EXPOSE ${port}$`, 'm'));
    expect(dockerfile).toContain(`http://127.0.0.1:${port}${probe}`);
  });
});
