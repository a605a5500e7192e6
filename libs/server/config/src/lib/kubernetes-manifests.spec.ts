import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
import { ENVIRONMENT_VARIABLE_NAMES, OAUTH_APP_VARIABLE, SECRET_VARIABLES } from './environment';
import { loadConfig } from './load-config';

const root = join(__dirname, '../../../../..');
const K8S = 'docker/k8s';
const read = (path: string) => readFileSync(join(root, path), 'utf8');

type Labels = Record<string, string>;
interface Metadata {
  name: string;
  labels?: Labels;
}
interface Manifest {
  apiVersion: string;
  kind: string;
  metadata: Metadata;
}
interface HttpProbe {
  httpGet?: { path: string; port: number | string };
}
interface Container {
  name: string;
  image: string;
  command?: string[];
  ports?: { name?: string; containerPort: number }[];
  envFrom?: { configMapRef?: { name: string }; secretRef?: { name: string } }[];
  livenessProbe?: HttpProbe;
  readinessProbe?: HttpProbe;
  startupProbe?: HttpProbe;
  lifecycle?: { preStop?: { exec?: { command: string[] } } };
  resources?: { requests?: Record<string, string>; limits?: Record<string, string> };
  securityContext?: {
    allowPrivilegeEscalation?: boolean;
    readOnlyRootFilesystem?: boolean;
    privileged?: boolean;
    capabilities?: { drop?: string[]; add?: string[] };
  };
}
interface Deployment extends Manifest {
  spec: {
    replicas: number;
    selector: { matchLabels: Labels };
    template: {
      metadata: { labels: Labels };
      spec: {
        terminationGracePeriodSeconds?: number;
        securityContext?: { runAsNonRoot?: boolean; runAsUser?: number };
        topologySpreadConstraints?: { topologyKey: string; labelSelector: { matchLabels: Labels } }[];
        initContainers?: Container[];
        containers: Container[];
      };
    };
  };
}
interface Selecting extends Manifest {
  spec: { selector: Labels | { matchLabels: Labels } };
}
interface Service extends Manifest {
  spec: { selector: Labels; ports: { name?: string; port: number; targetPort: number | string }[] };
}
interface PodMonitor extends Manifest {
  spec: { selector: { matchLabels: Labels }; podMetricsEndpoints: { port: string; path?: string }[] };
}
interface AlertRule {
  alert?: string;
  expr: string;
  for?: string;
  labels?: Labels;
  annotations?: Labels;
}
interface PrometheusRule extends Manifest {
  spec: { groups: { name: string; rules: AlertRule[] }[] };
}

// Every document of the files kustomization.yaml lists, as `kubectl apply -k docker/k8s` would send them.
const kustomization = parse(read(`${K8S}/kustomization.yaml`)) as { namespace?: string; resources: string[] };
const documentsOf = (path: string) =>
  parseAllDocuments(read(path)).map((document) => {
    if (document.errors.length > 0) throw new Error(`${path}: ${document.errors[0].message}`);
    return document.toJS() as Manifest;
  });
const manifests = kustomization.resources.flatMap((file) => documentsOf(`${K8S}/${file}`));
const ofKind = <T extends Manifest>(kind: string) => manifests.filter((m) => m.kind === kind) as T[];
const named = <T extends Manifest>(kind: string, name: string) => {
  const found = ofKind<T>(kind).find((m) => m.metadata.name === name);
  if (!found) throw new Error(`${K8S} has no ${kind} ${name}`);
  return found;
};

const configMapText = read(`${K8S}/configmap.yaml`);
const secretText = read(`${K8S}/secret.example.yaml`);
const [configMap] = documentsOf(`${K8S}/configmap.yaml`) as (Manifest & { data: Labels })[];
const [secret] = documentsOf(`${K8S}/secret.example.yaml`) as (Manifest & { stringData: Labels; data?: Labels })[];
// Optional variables are shown commented out (`# NAME: value`); they must be real variables too.
const commentedKeys = (text: string) =>
  [...text.matchAll(/^\s+#\s*([A-Z][A-Z0-9_]*):\s*(.*)$/gm)].map((m) => ({ key: m[1], value: m[2] }));
const configMapKeys = [...Object.keys(configMap.data), ...commentedKeys(configMapText).map((c) => c.key)];
const secretKeys = [...Object.keys(secret.stringData), ...commentedKeys(secretText).map((c) => c.key)];

// The example Secret holds placeholders only; the test fills them in as an operator would.
const PLACEHOLDER = 'CHANGE_ME';
const secretSamples: Labels = {
  DATABASE_URL: 'postgres://hub:s3cret@postgres.example.internal:5432/hub',
  REDIS_URL: 'redis://:s3cret@redis.example.internal:6379/0',
  ENCRYPTION_KEYS: `k8s:${Buffer.alloc(32, 9).toString('base64')}`,
};
const filledSecret = Object.fromEntries(
  Object.entries(secret.stringData).map(([key, value]) => {
    if (!value.includes(PLACEHOLDER)) return [key, value];
    if (!(key in secretSamples)) throw new Error(`secret.example.yaml has ${key}; add a sample to secretSamples`);
    return [key, secretSamples[key]];
  }),
);
const environment = { ...configMap.data, ...filledSecret };

const REQUIRED_SECRETS = ['DATABASE_URL', 'REDIS_URL', 'ENCRYPTION_KEYS'];
// Connection URLs carry passwords, so they count as secrets here even though the config masks them itself.
const isSecretName = (name: string) =>
  SECRET_VARIABLES.has(name) || REQUIRED_SECRETS.includes(name) || /SECRET|PASSWORD|TOKEN|KEYS?$/.test(name);

const matches = (selector: Labels, labels: Labels) =>
  Object.keys(selector).length > 0 && Object.entries(selector).every(([key, value]) => labels[key] === value);
const podLabels = (deployment: Deployment) => deployment.spec.template.metadata.labels;
const allContainers = (deployment: Deployment) => [
  ...(deployment.spec.template.spec.initContainers ?? []),
  ...deployment.spec.template.spec.containers,
];
const containerPort = (container: Container, port: number | string | undefined) =>
  typeof port === 'number' ? port : container.ports?.find((p) => p.name === port)?.containerPort;
const seconds = (duration = '0s') => {
  const m = /^(\d+)([smh])$/.exec(duration);
  if (!m) throw new Error(`Unexpected duration ${duration}`);
  return Number(m[1]) * { s: 1, m: 60, h: 3600 }[m[2] as 's' | 'm' | 'h'];
};

// Loaded once for the ports; when it throws, the test "should be accepted by the hub ..." shows why.
const config = (() => {
  try {
    return loadConfig(environment);
  } catch {
    return undefined;
  }
})();
const apps = [
  {
    deployment: 'hub-api',
    container: 'api',
    image: 'integrations-hub-api',
    liveness: '/api/health',
    readiness: '/api/health/ready',
    port: config?.http.port,
    metricsPort: Number(configMap.data['METRICS_PORT']),
  },
  {
    deployment: 'hub-worker',
    container: 'worker',
    image: 'integrations-hub-worker',
    liveness: '/health',
    readiness: '/health/ready',
    port: config?.worker.healthPort,
    metricsPort: config?.worker.healthPort,
  },
];
const mainContainer = (app: (typeof apps)[number]) => {
  const found = named<Deployment>('Deployment', app.deployment).spec.template.spec.containers.find(
    (c) => c.name === app.container,
  );
  if (!found) throw new Error(`Deployment ${app.deployment} has no ${app.container} container`);
  return found;
};

// Mirrors the hub's Prometheus metrics module: every metric the api and worker export, its labels, and the
// values of the labels that take a fixed set (null: any value). Change both together.
const QUEUES = ['sync', 'token-refresh', 'revocations', 'maintenance'];
const HUB_METRICS: Record<
  string,
  { type: 'counter' | 'gauge' | 'histogram'; labels: Record<string, string[] | null> }
> = {
  hub_queue_jobs: {
    type: 'gauge',
    labels: {
      queue: QUEUES,
      state: ['waiting', 'active', 'delayed', 'failed', 'completed', 'prioritized', 'waiting-children'],
    },
  },
  hub_queue_oldest_waiting_seconds: { type: 'gauge', labels: { queue: QUEUES } },
  hub_job_duration_seconds: { type: 'histogram', labels: { queue: QUEUES, name: null, outcome: null } },
  hub_token_refreshes_total: {
    type: 'counter',
    labels: { provider: null, outcome: ['refreshed', 'needs_reauth', 'failed', 'skipped'] },
  },
  // status: the connection statuses of @hub/shared/contracts (CONNECTION_STATUSES).
  hub_connections: { type: 'gauge', labels: { provider: null, status: ['ACTIVE', 'ERROR', 'DISCONNECTED'] } },
  hub_sync_runs_total: { type: 'counter', labels: { provider: null, status: null } },
  hub_sync_records_total: { type: 'counter', labels: { provider: null, action: null } },
  hub_worker_stalled_jobs_total: { type: 'counter', labels: { queue: QUEUES } },
  hub_worker_idle_seconds: { type: 'gauge', labels: {} },
};
// Labels Prometheus adds to every scraped series.
const TARGET_LABELS = ['job', 'instance', 'namespace', 'pod', 'container', 'endpoint'];
const PROMQL_KEYWORDS = new Set([
  'and',
  'or',
  'unless',
  'by',
  'without',
  'on',
  'ignoring',
  'group_left',
  'group_right',
  'bool',
  'offset',
]);

/** The metric a series name belongs to (a histogram's _bucket, _sum and _count series belong to it). */
function metricOf(series: string) {
  if (HUB_METRICS[series]) return { name: series, ...HUB_METRICS[series], extraLabels: [] as string[] };
  const m = /^(.*)_(bucket|sum|count)$/.exec(series);
  const base = m && HUB_METRICS[m[1]];
  if (!m || !base || base.type !== 'histogram') return undefined;
  return { name: m[1], ...base, extraLabels: m[2] === 'bucket' ? ['le'] : [] };
}

/** The series names a PromQL expression reads: identifiers that are not functions, keywords or label names. */
function seriesIn(expr: string): string[] {
  const bare = expr
    .replace(/"(?:[^"\\]|\\.)*"/g, '""')
    .replace(/\{[^}]*\}/g, ' ')
    .replace(/\[[^\]]*\]/g, ' ')
    .replace(/\b(?:by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g, ' ')
    .replace(/\boffset\s+\d+[smhdwy]/g, ' ');
  return [...bare.matchAll(/\b([a-zA-Z_:][a-zA-Z0-9_:]*)\b(\s*\()?/g)]
    .filter((m) => !m[2] && !PROMQL_KEYWORDS.has(m[1]))
    .map((m) => m[1]);
}

/** Every `series{label op "value"}` selector of an expression. */
function selectorsIn(expr: string) {
  return [...expr.matchAll(/([a-zA-Z_:][a-zA-Z0-9_:]*)\s*\{([^}]*)\}/g)].map((m) => ({
    series: m[1],
    matchers: [...m[2].matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)\s*(=~|!~|!=|=)\s*"((?:[^"\\]|\\.)*)"/g)].map((x) => ({
      label: x[1],
      op: x[2],
      value: x[3],
    })),
  }));
}

const alerts = ofKind<PrometheusRule>('PrometheusRule').flatMap((rule) =>
  rule.spec.groups.flatMap((group) => group.rules.filter((r) => r.alert)),
);
const alertsOn = (metric: string) => alerts.filter((a) => seriesIn(a.expr).some((s) => metricOf(s)?.name === metric));

describe('docker/k8s/kustomization.yaml', () => {
  it('should list every manifest in docker/k8s except the example Secret', () => {
    const files = readdirSync(join(root, K8S)).filter((f) => /\.ya?ml$/.test(f));
    const expected = files.filter((f) => f !== 'kustomization.yaml' && f !== 'secret.example.yaml');
    expect([...kustomization.resources].sort()).toEqual(expected.sort());
    expect(kustomization.resources).not.toContain('secret.example.yaml');
  });

  it('should put everything in one namespace, the one the example Secret names', () => {
    expect(kustomization.namespace).toBe('integrations-hub');
    expect((secret.metadata as Metadata & { namespace?: string }).namespace).toBe(kustomization.namespace);
    expect(named('Namespace', 'integrations-hub')).toBeDefined();
  });

  it('should give every document a kind and a name', () => {
    for (const m of manifests) expect([m.apiVersion, m.kind, m.metadata?.name].every(Boolean)).toBe(true);
  });
});

describe('docker/k8s configuration (ConfigMap and example Secret)', () => {
  it('should hold only variables the hub reads (OAUTH_<APP>_* included), commented-out examples too', () => {
    const unknown = [...configMapKeys, ...secretKeys].filter(
      (key) => !ENVIRONMENT_VARIABLE_NAMES.includes(key) && !OAUTH_APP_VARIABLE.test(key),
    );
    expect(unknown).toEqual([]);
  });

  it('should hold no sandbox variable: the sandbox is for development and tests, and refused in production', () => {
    expect([...configMapKeys, ...secretKeys].filter((key) => key.startsWith('SANDBOX_'))).toEqual([]);
  });

  it('should keep every secret in the Secret and nothing else there', () => {
    for (const name of REQUIRED_SECRETS) expect(Object.keys(secret.stringData)).toContain(name);
    expect(configMapKeys.filter(isSecretName)).toEqual([]);
    expect(secretKeys.filter((key) => !isSecretName(key))).toEqual([]);
  });

  it('should ship placeholders only in the example Secret, never a usable key', () => {
    expect(secret.data).toBeUndefined();
    for (const value of [...Object.values(secret.stringData), ...commentedKeys(secretText).map((c) => c.value)])
      expect(value).toContain(PLACEHOLDER);
    expect(() => loadConfig({ ...configMap.data, ...secret.stringData })).toThrow(/ENCRYPTION_KEYS/);
  });

  it('should be accepted by the hub once the placeholders are filled in, as a production configuration', () => {
    expect(() => loadConfig(environment)).not.toThrow();
    expect(config?.isProduction).toBe(true);
    expect(config?.sandbox).toBeNull();
    expect(config?.http.host).toBe('0.0.0.0');
    expect(config?.worker.healthHost).toBe('0.0.0.0');
    expect(config?.encryptionKeys).toHaveLength(1);
  });

  it('should believe the client address the Ingress forwards, one hop and no more', () => {
    expect(config?.http.trustProxy).toBe(1);
  });

  it('should serve metrics beyond loopback inside the pod, so Prometheus can reach them', () => {
    expect(configMap.data['METRICS_HOST']).toBe('0.0.0.0');
    expect(Number(configMap.data['METRICS_PORT'])).toBeGreaterThan(0);
    expect(Number(configMap.data['METRICS_PORT'])).not.toBe(config?.http.port);
  });
});

describe.each(apps)('Deployment $deployment', (app) => {
  const deployment = named<Deployment>('Deployment', app.deployment);
  const pod = deployment.spec.template.spec;
  const container = mainContainer(app);

  it('should run 2 replicas of its own image, selecting its own pod labels', () => {
    expect(deployment.spec.replicas).toBe(2);
    expect(container.image).toMatch(new RegExp(`^${app.image}(:|@)`));
    expect(matches(deployment.spec.selector.matchLabels, podLabels(deployment))).toBe(true);
  });

  it('should probe liveness, readiness and startup on the health endpoints and the port the app listens on', () => {
    const probe = (p?: HttpProbe) => [p?.httpGet?.path, containerPort(container, p?.httpGet?.port)];
    expect(probe(container.livenessProbe)).toEqual([app.liveness, app.port]);
    expect(probe(container.readinessProbe)).toEqual([app.readiness, app.port]);
    expect(probe(container.startupProbe)).toEqual([app.liveness, app.port]);
  });

  it('should give the 25 s graceful shutdown, after any preStop sleep, time to finish before SIGKILL', () => {
    const preStop = container.lifecycle?.preStop?.exec?.command ?? [];
    const sleep = preStop[0] === 'sleep' ? Number(preStop[1]) : 0;
    const drain = Math.max(25, Number(configMap.data['WORKER_DRAIN_SECONDS'] ?? 0));
    expect(pod.terminationGracePeriodSeconds).toBeGreaterThan(drain + sleep);
  });

  it('should set resource requests and limits on every container', () => {
    for (const c of allContainers(deployment)) {
      for (const kind of ['requests', 'limits'] as const) {
        expect([c.name, kind, Object.keys(c.resources?.[kind] ?? {}).sort()]).toEqual([
          c.name,
          kind,
          ['cpu', 'memory'],
        ]);
      }
    }
  });

  it('should run every container as the non-root image user, read-only, with no capabilities', () => {
    expect(pod.securityContext?.runAsNonRoot).toBe(true);
    // The Dockerfiles' `USER node` is uid 1000; a user name alone cannot be checked against runAsNonRoot.
    expect(pod.securityContext?.runAsUser).toBe(1000);
    for (const c of allContainers(deployment)) {
      expect([c.name, c.securityContext]).toEqual([
        c.name,
        expect.objectContaining({
          allowPrivilegeEscalation: false,
          readOnlyRootFilesystem: true,
          capabilities: { drop: ['ALL'] },
        }),
      ]);
      expect(c.securityContext?.privileged).not.toBe(true);
    }
  });

  it('should take its environment from the ConfigMap and the Secret, in every container', () => {
    for (const c of allContainers(deployment)) {
      expect([c.name, c.envFrom]).toEqual([
        c.name,
        expect.arrayContaining([
          { configMapRef: { name: configMap.metadata.name } },
          { secretRef: { name: secret.metadata.name } },
        ]),
      ]);
    }
  });

  it('should apply migrations before the app starts, as compose does, from the api image', () => {
    const compose = parse(read('docker/compose.yml').replace(/\$\{[^}]*\}/g, 'x'), { merge: true }) as {
      services: { migrate: { command: string[] } };
    };
    const migrate = pod.initContainers?.find((c) => c.name === 'migrate');
    expect(migrate?.command).toEqual(compose.services.migrate.command);
    expect(migrate?.image).toMatch(/^integrations-hub-api(:|@)/);
  });

  it('should spread its pods over nodes and zones', () => {
    const spread = pod.topologySpreadConstraints ?? [];
    expect(spread.map((s) => s.topologyKey).sort()).toEqual(['kubernetes.io/hostname', 'topology.kubernetes.io/zone']);
    for (const s of spread) expect(matches(s.labelSelector.matchLabels, podLabels(deployment))).toBe(true);
  });

  it('should have a PodDisruptionBudget selecting its pods, and only its pods', () => {
    const others = ofKind<Deployment>('Deployment').filter((d) => d.metadata.name !== app.deployment);
    const budgets = ofKind<Selecting>('PodDisruptionBudget').filter((pdb) =>
      matches((pdb.spec.selector as { matchLabels: Labels }).matchLabels, podLabels(deployment)),
    );
    expect(budgets).toHaveLength(1);
    for (const other of others)
      expect(matches((budgets[0].spec.selector as { matchLabels: Labels }).matchLabels, podLabels(other))).toBe(false);
  });

  it('should be scraped by a PodMonitor on its metrics port at /metrics', () => {
    const monitors = ofKind<PodMonitor>('PodMonitor').filter((pm) =>
      matches(pm.spec.selector.matchLabels, podLabels(deployment)),
    );
    expect(monitors).toHaveLength(1);
    const endpoints = monitors[0].spec.podMetricsEndpoints.map((e) => [containerPort(container, e.port), e.path]);
    expect(endpoints).toEqual([[app.metricsPort, '/metrics']]);
  });
});

describe('the api Deployment and Service', () => {
  const api = named<Deployment>('Deployment', 'hub-api');
  const container = mainContainer(apps[0]);

  it('should sleep a few seconds before the drain, so endpoints are removed first', () => {
    const [command, duration] = container.lifecycle?.preStop?.exec?.command ?? [];
    expect(command).toBe('sleep');
    expect(Number(duration)).toBeGreaterThanOrEqual(3);
    expect(Number(duration)).toBeLessThanOrEqual(10);
  });

  it('should route the Service to the api port, and not to the metrics port', () => {
    const service = named<Service>('Service', 'hub-api');
    expect(matches(service.spec.selector, podLabels(api))).toBe(true);
    expect(service.spec.ports.map((p) => containerPort(container, p.targetPort))).toEqual([config?.http.port]);
  });
});

describe('docker/k8s/prometheus-rules.yaml', () => {
  it('should find the series an expression reads (a check of the checker)', () => {
    expect(
      seriesIn('sum by (queue) (rate(a_total{x="y"}[5m])) / on () max(b offset 1h) > 0 and absent(c_seconds)'),
    ).toEqual(['a_total', 'b', 'c_seconds']);
  });

  it('should alert with a name, a severity and a summary', () => {
    expect(alerts.length).toBeGreaterThan(0);
    for (const a of alerts) {
      expect([a.alert, ['warning', 'critical'].includes(a.labels?.['severity'] ?? '')]).toEqual([a.alert, true]);
      expect([a.alert, a.annotations?.['summary']]).toEqual([a.alert, expect.any(String)]);
    }
  });

  it('should use only metrics the hub exports, with their labels and label values', () => {
    for (const a of alerts) {
      const series = seriesIn(a.expr);
      expect([a.alert, series.filter((s) => !metricOf(s))]).toEqual([a.alert, []]);
      const known = series.flatMap((s) => [
        ...Object.keys(metricOf(s)?.labels ?? {}),
        ...(metricOf(s)?.extraLabels ?? []),
      ]);
      for (const { series: s, matchers } of selectorsIn(a.expr)) {
        const metric = metricOf(s);
        for (const { label, op, value } of matchers) {
          const allowed = metric?.labels[label];
          expect([a.alert, label, allowed !== undefined || TARGET_LABELS.includes(label)]).toEqual([
            a.alert,
            label,
            true,
          ]);
          if (!allowed) continue;
          const values = op.endsWith('~') ? value.split('|') : [value];
          expect([a.alert, label, values.filter((v) => !allowed.includes(v))]).toEqual([a.alert, label, []]);
        }
      }
      for (const clause of a.expr.matchAll(/\b(?:by|without|on|ignoring)\s*\(([^)]*)\)/g)) {
        const labels = clause[1]
          .split(',')
          .map((l) => l.trim())
          .filter(Boolean);
        expect([a.alert, labels.filter((l) => !known.includes(l) && !TARGET_LABELS.includes(l))]).toEqual([
          a.alert,
          [],
        ]);
      }
    }
  });

  it('should alert when jobs have waited more than 5 minutes, for 5 minutes (docs/security.md D12)', () => {
    const waiting = alertsOn('hub_queue_oldest_waiting_seconds');
    expect(waiting.some((a) => /> 300\b/.test(a.expr) && seconds(a.for) === 300)).toBe(true);
  });

  it('should alert on token refresh failures, connections in ERROR, stalled jobs and idle workers', () => {
    const uses = (metric: string, matcher: string) =>
      alertsOn(metric).some((a) =>
        selectorsIn(a.expr).some((s) => s.matchers.some((m) => `${m.label}=${m.value}` === matcher)),
      );
    expect(uses('hub_token_refreshes_total', 'outcome=failed')).toBe(true);
    expect(uses('hub_connections', 'status=ERROR')).toBe(true);
    expect(alertsOn('hub_worker_stalled_jobs_total')).not.toHaveLength(0);
    expect(alertsOn('hub_worker_idle_seconds').some((a) => seriesIn(a.expr).includes('hub_queue_jobs'))).toBe(true);
  });

  it('should explain every alert in docs/deployment.md', () => {
    const guide = read('docs/deployment.md');
    expect(alerts.map((a) => a.alert).filter((name) => !guide.includes(`\`${name}\``))).toEqual([]);
  });
});
