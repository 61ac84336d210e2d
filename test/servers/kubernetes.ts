/**
 * A Kubernetes API server on 127.0.0.1 that enforces the contract our client relies on: TLS with
 * its own CA, bearer-token authentication, RBAC from a Role (403 with the API server's message),
 * 409 on existing names, 422 for specs that fail the official OpenAPI schema (kubernetes-models),
 * list and watch with label/field selectors, JSON and merge patches, delete with propagation
 * (owner references honoured by a garbage collector), a Job controller (suspend, backoffLimit,
 * activeDeadlineSeconds), Kueue admission by un-suspending queued Jobs after a delay, and a
 * kubelet that really runs each pod's container on the local docker engine (pulling by digest with
 * the pod's image pull Secret), so logs, exit codes and stops are real.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Job } from 'kubernetes-models/batch/v1/Job';
import { Secret } from 'kubernetes-models/v1/Secret';

const run = promisify(execFile);

export interface PolicyRule {
  apiGroups: string[];
  resources: string[];
  verbs: string[];
}

export interface ApiRequest {
  method: string;
  verb: string;
  group: string;
  resource: string;
  namespace?: string;
  name?: string;
  status: number;
  /** The object as received on create (for inspecting what the client sent). */
  body?: unknown;
  /** `container` of a log request. */
  container?: string;
  /** The authenticated user. */
  user?: string;
}

type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

interface Kind {
  group: string;
  version: string;
  resource: string;
  kind: string;
  namespaced: boolean;
}

const KINDS: Kind[] = [
  { group: 'batch', version: 'v1', resource: 'jobs', kind: 'Job', namespaced: true },
  { group: '', version: 'v1', resource: 'secrets', kind: 'Secret', namespaced: true },
  { group: '', version: 'v1', resource: 'pods', kind: 'Pod', namespaced: true },
  { group: '', version: 'v1', resource: 'nodes', kind: 'Node', namespaced: false },
];

export interface FakeKubernetesOptions {
  /** The bearer token the identity presents. */
  token: string;
  /** Namespaced rules (a Role in `namespace`). */
  rules: PolicyRule[];
  /** Cluster-scoped rules (a ClusterRole). */
  clusterRules?: PolicyRule[];
  namespace: string;
  /** The user named in denials. */
  user?: string;
  /** LocalQueues Kueue admits from, and after how long. */
  kueue?: { queues: string[]; admitAfterMs: number };
  nodes?: Obj[];
  /** End every follow log stream after this long (a dropped connection) to force reconnects. */
  logDropAfterMs?: number;
  /** Prefix of the docker container names of pods (and their label), to find them in tests. */
  containerPrefix: string;
  /**
   * Webhook token authentication (as EKS, GKE and AKS configure their API servers): the user a
   * bearer token other than `token` stands for, or undefined (401). The Role binds every user.
   */
  authenticate?: (token: string) => Promise<string | undefined>;
}

interface LogLine {
  ts: string;
  text: string;
}

/** One container of a pod as the kubelet runs it: its docker container and its log. */
interface ContainerRuntime {
  lines: LogLine[];
  listeners: Set<() => void>;
  child?: ChildProcess;
  /** The docker container's name. */
  docker: string;
  done: boolean;
}

interface PodRuntime {
  containers: Map<string, ContainerRuntime>;
  deleting?: boolean;
}

function status(code: number, reason: string, message: string, details?: Obj): Obj {
  return {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message,
    reason,
    ...(details && { details }),
    code,
  };
}

/** RFC 3339 with nanoseconds, as the kubelet stamps log lines: wall clock, strictly increasing. */
const clockBase = { ns: BigInt(Date.now()) * 1_000_000n, hr: process.hrtime.bigint() };
let lastStamp = 0n;
function nanoTimestamp(): string {
  let ns = clockBase.ns + (process.hrtime.bigint() - clockBase.hr);
  if (ns <= lastStamp) ns = lastStamp + 1n;
  lastStamp = ns;
  const iso = new Date(Number(ns / 1_000_000n)).toISOString().slice(0, 19);
  return `${iso}.${String(ns % 1_000_000_000n).padStart(9, '0')}Z`;
}

function matchesLabels(obj: Obj, selector: string | null): boolean {
  if (!selector) return true;
  const labels = (obj.metadata?.labels ?? {}) as Record<string, string>;
  return selector.split(',').every((term) => {
    const [key, value] = term.split('=');
    return key !== undefined && labels[key] === value;
  });
}

function matchesFields(obj: Obj, selector: string | null): boolean {
  if (!selector) return true;
  return selector.split(',').every((term) => {
    const [key, value] = term.split('=');
    if (key === 'metadata.name') return obj.metadata?.name === value;
    if (key === 'metadata.namespace') return obj.metadata?.namespace === value;
    return false;
  });
}

async function makeCertificates(dir: string): Promise<{ ca: string; cert: string; key: string }> {
  const p = (name: string) => join(dir, name);
  await run('openssl', [
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-days',
    '2',
    '-subj',
    '/CN=fake-kubernetes-ca',
    '-keyout',
    p('ca.key'),
    '-out',
    p('ca.crt'),
  ]);
  await run('openssl', [
    'req',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-subj',
    '/CN=kube-apiserver',
    '-keyout',
    p('server.key'),
    '-out',
    p('server.csr'),
  ]);
  await writeFile(p('ext.cnf'), 'subjectAltName=IP:127.0.0.1,DNS:localhost\n');
  await run('openssl', [
    'x509',
    '-req',
    '-in',
    p('server.csr'),
    '-CA',
    p('ca.crt'),
    '-CAkey',
    p('ca.key'),
    '-CAcreateserial',
    '-days',
    '2',
    '-extfile',
    p('ext.cnf'),
    '-out',
    p('server.crt'),
  ]);
  return {
    ca: await readFile(p('ca.crt'), 'utf8'),
    cert: await readFile(p('server.crt'), 'utf8'),
    key: await readFile(p('server.key'), 'utf8'),
  };
}

export class FakeKubernetes {
  readonly requests: ApiRequest[] = [];
  /** Every object ever created, as received (Jobs and Secrets), for inspection. */
  readonly created: Obj[] = [];
  private readonly objects = new Map<string, Obj>();
  private readonly watchers = new Set<{
    kind: Kind;
    namespace?: string;
    labels: string | null;
    fields: string | null;
    send: (type: string, obj: Obj) => void;
  }>();
  private readonly pods = new Map<string, PodRuntime>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private server?: Server;
  private dir = '';
  private version = 1;
  caPem = '';
  url = '';
  rules: PolicyRule[];
  private closed = false;

  constructor(private readonly options: FakeKubernetesOptions) {
    this.rules = options.rules;
    for (const node of options.nodes ?? []) {
      this.store(KINDS[3]!, { apiVersion: 'v1', kind: 'Node', ...node });
    }
  }

  async start(): Promise<this> {
    this.dir = await mkdtemp(join(tmpdir(), 'fake-kubernetes-'));
    const tls = await makeCertificates(this.dir);
    this.caPem = tls.ca;
    this.server = createServer({ cert: tls.cert, key: tls.key }, (req, res) => {
      void this.serve(req, res).catch((error: unknown) => {
        if (!res.headersSent) this.json(res, 500, status(500, 'InternalError', String(error)));
        else res.end();
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `https://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  /** A kubeconfig for this server: its CA, a bearer token, a default namespace. */
  kubeconfig(token = this.options.token): string {
    return [
      'apiVersion: v1',
      'kind: Config',
      'clusters:',
      '- name: fake',
      '  cluster:',
      `    server: ${this.url}`,
      `    certificate-authority-data: ${Buffer.from(this.caPem).toString('base64')}`,
      'users:',
      '- name: runner',
      '  user:',
      `    token: ${token}`,
      'contexts:',
      '- name: fake',
      '  context:',
      '    cluster: fake',
      '    user: runner',
      `    namespace: ${this.options.namespace}`,
      'current-context: fake',
      '',
    ].join('\n');
  }

  /** Objects of a resource now present (pods, jobs, secrets). */
  list(resource: string, namespace = this.options.namespace): Obj[] {
    return [...this.objects.values()].filter(
      (obj) => obj.__resource === resource && (obj.metadata.namespace ?? undefined) === namespace,
    );
  }

  /** Docker containers the kubelet runs now. */
  async runningContainers(): Promise<string[]> {
    const { stdout } = await run('docker', [
      'ps',
      '--all',
      '--quiet',
      '--filter',
      `label=fake-kubelet=${this.options.containerPrefix}`,
    ]);
    return stdout.split(/\s+/).filter((id) => id !== '');
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const timer of this.timers) clearTimeout(timer);
    for (const pod of this.pods.values()) {
      for (const container of pod.containers.values()) container.child?.kill('SIGKILL');
    }
    const left = await this.runningContainers().catch(() => []);
    if (left.length > 0) await run('docker', ['rm', '--force', ...left]).catch(() => undefined);
    await new Promise<void>((resolve) => {
      this.server?.closeAllConnections();
      this.server?.close(() => resolve());
    });
    await rm(this.dir, { recursive: true, force: true });
  }

  // ---- HTTP ------------------------------------------------------------------------------------

  private json(res: ServerResponse, code: number, body: unknown): void {
    res.writeHead(code, { 'content-type': 'application/json' });
    res.end(
      JSON.stringify(body, (key, value: unknown) => (key === '__resource' ? undefined : value)),
    );
  }

  private allowed(verb: string, kind: Kind, resource: string, namespace?: string): boolean {
    const rules = namespace === undefined ? (this.options.clusterRules ?? []) : this.rules;
    if (namespace !== undefined && namespace !== this.options.namespace) return false;
    return rules.some(
      (rule) =>
        rule.apiGroups.includes(kind.group) &&
        rule.resources.includes(resource) &&
        rule.verbs.includes(verb),
    );
  }

  private async serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'https://127.0.0.1');
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const bodyText = Buffer.concat(chunks).toString('utf8');
    const record: ApiRequest = {
      method: req.method ?? 'GET',
      verb: '',
      group: '',
      resource: '',
      status: 0,
    };
    this.requests.push(record);
    const reply = (code: number, body: unknown) => {
      record.status = code;
      this.json(res, code, body);
    };

    const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
    const user =
      bearer === undefined
        ? undefined
        : bearer === this.options.token
          ? (this.options.user ?? 'system:serviceaccount:ci:runner')
          : await this.options.authenticate?.(bearer);
    if (!user) return reply(401, status(401, 'Unauthorized', 'Unauthorized'));
    record.user = user;
    const match =
      /^\/api\/v1\/(?:namespaces\/([^/]+)\/)?([a-z]+)(?:\/([^/]+))?(?:\/([a-z]+))?$/.exec(
        url.pathname,
      ) ??
      /^\/apis\/(batch)\/v1\/(?:namespaces\/([^/]+)\/)?([a-z]+)(?:\/([^/]+))?(?:\/([a-z]+))?$/.exec(
        url.pathname,
      );
    if (!match)
      return reply(
        404,
        status(404, 'NotFound', 'the server could not find the requested resource'),
      );
    const isGroup = match[1] === 'batch';
    const [namespace, plural, name, sub] = isGroup ? match.slice(2) : match.slice(1);
    const kind = KINDS.find((k) => k.resource === plural && k.group === (isGroup ? 'batch' : ''));
    if (!kind || (kind.namespaced && !namespace) || (sub && sub !== 'log')) {
      return reply(
        404,
        status(404, 'NotFound', 'the server could not find the requested resource'),
      );
    }
    const watch = url.searchParams.get('watch') === 'true';
    const verb =
      req.method === 'POST'
        ? 'create'
        : req.method === 'PATCH'
          ? 'patch'
          : req.method === 'DELETE'
            ? 'delete'
            : req.method === 'PUT'
              ? 'update'
              : watch
                ? 'watch'
                : name
                  ? 'get'
                  : 'list';
    const resource = sub ? `${plural}/${sub}` : plural!;
    Object.assign(record, { verb, group: kind.group, resource, namespace, name });
    if (!this.allowed(verb, kind, resource, namespace)) {
      const target = kind.group ? `${plural}.${kind.group}` : plural;
      const scope = namespace ? ` in the namespace "${namespace}"` : ' at the cluster scope';
      return reply(
        403,
        status(
          403,
          'Forbidden',
          `${target}${name ? ` "${name}"` : ''} is forbidden: User "${user}" cannot ${verb} resource "${resource}" in API group "${kind.group}"${scope}`,
          { ...(name && { name }), group: kind.group, kind: plural },
        ),
      );
    }

    if (sub === 'log') return this.serveLog(res, record, namespace!, name!, url.searchParams);
    if (verb === 'watch')
      return this.serveWatch(req, res, record, kind, namespace, url.searchParams);
    if (verb === 'list') {
      const items = [...this.objects.values()].filter(
        (obj) =>
          obj.__resource === kind.resource &&
          (!kind.namespaced || obj.metadata.namespace === namespace) &&
          matchesLabels(obj, url.searchParams.get('labelSelector')) &&
          matchesFields(obj, url.searchParams.get('fieldSelector')),
      );
      return reply(200, {
        kind: `${kind.kind}List`,
        apiVersion: kind.group ? `${kind.group}/${kind.version}` : kind.version,
        metadata: { resourceVersion: String(this.version) },
        items,
      });
    }
    const key = `${kind.resource}/${namespace ?? ''}/${name ?? ''}`;
    if (verb === 'get') {
      const obj = this.objects.get(key);
      return obj
        ? reply(200, obj)
        : reply(404, status(404, 'NotFound', `${plural} "${name}" not found`));
    }
    if (verb === 'create') {
      let body: Obj;
      try {
        body = JSON.parse(bodyText) as Obj;
      } catch {
        return reply(400, status(400, 'BadRequest', 'the request body is not JSON'));
      }
      record.body = body;
      this.created.push(structuredClone(body));
      const invalid = this.validate(kind, body, namespace!);
      if (invalid) {
        return reply(
          422,
          status(
            422,
            'Invalid',
            `${kind.kind}${kind.group ? `.${kind.group}` : ''} "${body.metadata?.name ?? ''}" is invalid: ${invalid}`,
          ),
        );
      }
      const createdKey = `${kind.resource}/${namespace}/${body.metadata.name}`;
      if (this.objects.has(createdKey)) {
        return reply(
          409,
          status(
            409,
            'AlreadyExists',
            `${plural}${kind.group ? `.${kind.group}` : ''} "${body.metadata.name}" already exists`,
          ),
        );
      }
      const stored = this.store(kind, { ...body, metadata: { ...body.metadata, namespace } });
      if (kind.resource === 'jobs') this.reconcileJob(stored);
      return reply(201, stored);
    }
    const obj = this.objects.get(key);
    if (!obj) return reply(404, status(404, 'NotFound', `${plural} "${name}" not found`));
    if (verb === 'patch') {
      const contentType = String(req.headers['content-type'] ?? '');
      let patched: Obj;
      try {
        patched = applyPatch(obj, contentType, JSON.parse(bodyText));
      } catch (error) {
        return reply(422, status(422, 'Invalid', `invalid patch: ${String(error)}`));
      }
      const updated = this.update(kind, patched);
      if (kind.resource === 'jobs') this.reconcileJob(updated);
      return reply(200, updated);
    }
    if (verb === 'delete') {
      const policy = url.searchParams.get('propagationPolicy') ?? deletePolicyFrom(bodyText);
      this.delete(kind, obj, policy ?? (kind.resource === 'jobs' ? 'Orphan' : 'Background'));
      return reply(200, status(200, 'Success', '', { name, kind: plural }));
    }
    return reply(405, status(405, 'MethodNotAllowed', 'method not allowed'));
  }

  /** The schema check the API server does, from the official OpenAPI schema, plus name rules. */
  private validate(kind: Kind, body: Obj, namespace: string): string | undefined {
    const name = body.metadata?.name;
    if (
      typeof name !== 'string' ||
      !/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(name) ||
      name.length > 63
    ) {
      return `metadata.name: Invalid value: ${JSON.stringify(name)}: a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-'`;
    }
    if (body.metadata.namespace !== undefined && body.metadata.namespace !== namespace) {
      return 'metadata.namespace: Invalid value: the namespace of the object does not match the namespace on the request';
    }
    try {
      if (kind.resource === 'jobs') {
        new Job(body as ConstructorParameters<typeof Job>[0]).validate();
        const restart = body.spec?.template?.spec?.restartPolicy;
        if (restart !== 'Never' && restart !== 'OnFailure') {
          return `spec.template.spec.restartPolicy: Required value: valid values: "OnFailure", "Never"`;
        }
        const podSpec = body.spec.template.spec as Obj;
        const volumes = new Set(((podSpec.volumes ?? []) as Obj[]).map((v) => String(v.name)));
        const names = new Set<string>();
        for (const [field, list] of [
          ['initContainers', (podSpec.initContainers ?? []) as Obj[]],
          ['containers', podSpec.containers as Obj[]],
        ] as const) {
          for (const [i, container] of list.entries()) {
            const at = `spec.template.spec.${field}[${i}]`;
            if (names.has(container.name))
              return `${at}.name: Duplicate value: "${container.name}"`;
            names.add(container.name);
            if (container.restartPolicy !== undefined && field === 'containers') {
              return `${at}.restartPolicy: Forbidden: may not be set for non-init containers`;
            }
            if (container.restartPolicy !== undefined && container.restartPolicy !== 'Always') {
              return `${at}.restartPolicy: Unsupported value: "${container.restartPolicy}": supported values: "Always"`;
            }
            const paths = new Set<string>();
            for (const [j, mount] of ((container.volumeMounts ?? []) as Obj[]).entries()) {
              if (!volumes.has(mount.name)) {
                return `${at}.volumeMounts[${j}].name: Not found: "${mount.name}"`;
              }
              if (paths.has(mount.mountPath)) {
                return `${at}.volumeMounts[${j}].mountPath: Invalid value: "${mount.mountPath}": must be unique`;
              }
              paths.add(mount.mountPath);
            }
          }
        }
        for (const container of body.spec.template.spec.containers as Obj[]) {
          const limits = (container.resources?.limits ?? {}) as Record<string, string>;
          const requests = (container.resources?.requests ?? {}) as Record<string, string>;
          for (const [resource, value] of Object.entries(requests)) {
            if (resource.includes('/') && limits[resource] !== value) {
              return `spec.template.spec.containers[0].resources.requests[${resource}]: Invalid value: must be equal to ${resource} limit`;
            }
          }
        }
      } else if (kind.resource === 'secrets') {
        new Secret(body as ConstructorParameters<typeof Secret>[0]).validate();
        if (body.type === 'kubernetes.io/dockerconfigjson') {
          const data = body.data?.['.dockerconfigjson'];
          if (typeof data !== 'string') return 'data[.dockerconfigjson]: Required value';
          JSON.parse(Buffer.from(data, 'base64').toString('utf8'));
        }
        for (const key of Object.keys(body.data ?? {})) {
          if (!/^[-._a-zA-Z0-9]+$/.test(key))
            return `data[${key}]: Invalid value: a valid config key`;
        }
      } else {
        return `${kind.kind} objects cannot be created through this API`;
      }
    } catch (error) {
      return error instanceof Error ? error.message : String(error);
    }
    return undefined;
  }

  // ---- storage and events ----------------------------------------------------------------------

  private store(kind: Kind, obj: Obj): Obj {
    const stored: Obj = {
      ...structuredClone(obj),
      apiVersion: kind.group ? `${kind.group}/${kind.version}` : kind.version,
      kind: kind.kind,
      __resource: kind.resource,
    };
    stored.metadata = {
      ...stored.metadata,
      uid: randomUUID(),
      resourceVersion: String(++this.version),
      creationTimestamp: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
    };
    if (kind.resource === 'jobs') {
      stored.spec.suspend ??= false;
      stored.status = {};
    }
    this.objects.set(this.keyOf(kind, stored), stored);
    this.emit(kind, 'ADDED', stored);
    return stored;
  }

  private keyOf(kind: Kind, obj: Obj): string {
    return `${kind.resource}/${obj.metadata.namespace ?? ''}/${obj.metadata.name}`;
  }

  private update(kind: Kind, obj: Obj): Obj {
    obj.metadata.resourceVersion = String(++this.version);
    this.objects.set(this.keyOf(kind, obj), obj);
    this.emit(kind, 'MODIFIED', obj);
    return obj;
  }

  private emit(kind: Kind, type: string, obj: Obj): void {
    for (const watcher of this.watchers) {
      if (
        watcher.kind === kind &&
        (watcher.namespace === undefined || watcher.namespace === obj.metadata.namespace) &&
        matchesLabels(obj, watcher.labels) &&
        matchesFields(obj, watcher.fields)
      ) {
        watcher.send(type, obj);
      }
    }
  }

  private serveWatch(
    req: IncomingMessage,
    res: ServerResponse,
    record: ApiRequest,
    kind: Kind,
    namespace: string | undefined,
    params: URLSearchParams,
  ): void {
    record.status = 200;
    res.writeHead(200, { 'content-type': 'application/json', 'transfer-encoding': 'chunked' });
    const send = (type: string, obj: Obj) =>
      res.write(
        `${JSON.stringify({ type, object: obj }, (key, value: unknown) => (key === '__resource' ? undefined : value))}\n`,
      );
    const watcher = {
      kind,
      ...(namespace !== undefined && { namespace }),
      labels: params.get('labelSelector'),
      fields: params.get('fieldSelector'),
      send,
    };
    // Without a resourceVersion a watch starts with the current objects as ADDED events.
    for (const obj of this.objects.values()) {
      if (
        obj.__resource === kind.resource &&
        (namespace === undefined || obj.metadata.namespace === namespace) &&
        matchesLabels(obj, watcher.labels) &&
        matchesFields(obj, watcher.fields)
      ) {
        send('ADDED', obj);
      }
    }
    this.watchers.add(watcher);
    const end = () => this.watchers.delete(watcher);
    req.on('close', end);
    res.on('close', end);
  }

  private serveLog(
    res: ServerResponse,
    record: ApiRequest,
    namespace: string,
    name: string,
    params: URLSearchParams,
  ): void {
    const pod = this.objects.get(`pods/${namespace}/${name}`);
    const reply = (code: number, body: unknown) => {
      record.status = code;
      this.json(res, code, body);
    };
    if (!pod) return reply(404, status(404, 'NotFound', `pods "${name}" not found`));
    const main = (pod.spec.containers as Obj[]).map((c) => String(c.name));
    const init = ((pod.spec.initContainers ?? []) as Obj[]).map((c) => String(c.name));
    let container = params.get('container');
    if (container) record.container = container;
    if (!container) {
      // The API server picks the only container; with several it asks for one.
      if (main.length + init.length !== 1) {
        return reply(
          400,
          status(
            400,
            'BadRequest',
            `a container name must be specified for pod ${name}, choose one of: [${main.join(' ')}]${init.length > 0 ? ` or one of the init containers: [${init.join(' ')}]` : ''}`,
          ),
        );
      }
      container = main[0]!;
    }
    if (!main.includes(container) && !init.includes(container)) {
      return reply(
        400,
        status(400, 'BadRequest', `container ${container} is not valid for pod ${name}`),
      );
    }
    const statuses = [
      ...((pod.status?.containerStatuses ?? []) as Obj[]),
      ...((pod.status?.initContainerStatuses ?? []) as Obj[]),
    ];
    const state = statuses.find((s) => s.name === container)?.state as Obj | undefined;
    const runtime = this.pods.get(name)?.containers.get(container);
    if (!runtime || (!state?.running && !state?.terminated)) {
      return reply(
        400,
        status(
          400,
          'BadRequest',
          `container "${container}" in pod "${name}" is waiting to start: ${state?.waiting?.reason ?? 'ContainerCreating'}`,
        ),
      );
    }
    record.status = 200;
    res.writeHead(200, { 'content-type': 'text/plain', 'transfer-encoding': 'chunked' });
    const timestamps = params.get('timestamps') === 'true';
    const since = params.get('sinceTime');
    const sinceMs = since ? Date.parse(since) : undefined;
    const limitText = params.get('limitBytes');
    // limitBytes: the server stops after that many bytes of log (possibly mid-line).
    let budget = limitText !== null ? Number(limitText) : Infinity;
    let sent = 0;
    const flush = () => {
      for (; sent < runtime.lines.length && budget > 0; sent++) {
        const line = runtime.lines[sent]!;
        // sinceTime has the API's second precision on a real kubelet: lines of that second repeat.
        if (sinceMs !== undefined && Date.parse(line.ts) < Math.floor(sinceMs / 1000) * 1000)
          continue;
        let text = timestamps ? `${line.ts} ${line.text}\n` : `${line.text}\n`;
        const bytes = Buffer.byteLength(text);
        if (bytes > budget) text = Buffer.from(text).subarray(0, budget).toString('utf8');
        budget -= bytes;
        res.write(text);
      }
    };
    flush();
    if (params.get('follow') !== 'true' || runtime.done || budget <= 0) {
      res.end();
      return;
    }
    const listener = () => {
      flush();
      if (runtime.done || budget <= 0) finish();
    };
    const finish = () => {
      runtime.listeners.delete(listener);
      if (drop) clearTimeout(drop);
      res.end();
    };
    runtime.listeners.add(listener);
    const drop =
      this.options.logDropAfterMs !== undefined
        ? setTimeout(finish, this.options.logDropAfterMs)
        : undefined;
    res.on('close', () => {
      runtime.listeners.delete(listener);
      if (drop) clearTimeout(drop);
    });
  }

  // ---- controllers -----------------------------------------------------------------------------

  private later(ms: number, fn: () => void): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      if (!this.closed) fn();
    }, ms);
    this.timers.add(timer);
  }

  private jobKind = KINDS[0]!;
  private podKind = KINDS[2]!;

  /** Kueue and the Job controller, run after every change to a Job or its pods. */
  private reconcileJob(job: Obj): void {
    if (this.closed || job.metadata.deletionTimestamp) return;
    const key = this.keyOf(this.jobKind, job);
    if (this.objects.get(key) !== job) return;
    const queue = job.metadata.labels?.['kueue.x-k8s.io/queue-name'] as string | undefined;
    if (
      job.spec.suspend &&
      queue &&
      this.options.kueue?.queues.includes(queue) &&
      !job.__admitting
    ) {
      job.__admitting = true;
      this.later(this.options.kueue.admitAfterMs, () => {
        const current = this.objects.get(key);
        if (!current || current.metadata.deletionTimestamp) return;
        current.spec.suspend = false;
        this.update(this.jobKind, current);
        this.reconcileJob(current);
      });
      return;
    }
    if (job.spec.suspend) return;
    const conditions = (job.status.conditions ?? []) as Obj[];
    if (conditions.some((c) => c.type === 'Complete' || c.type === 'Failed')) return;
    const pods = this.list('pods', job.metadata.namespace).filter((pod) =>
      (pod.metadata.ownerReferences ?? []).some((o: Obj) => o.uid === job.metadata.uid),
    );
    const active = pods.filter((pod) => !['Succeeded', 'Failed'].includes(pod.status.phase));
    const succeeded = pods.filter((pod) => pod.status.phase === 'Succeeded').length;
    const failed = pods.filter((pod) => pod.status.phase === 'Failed').length;
    const now = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
    if (!job.status.startTime) {
      job.status.startTime = now;
      if (job.spec.activeDeadlineSeconds) {
        this.later(job.spec.activeDeadlineSeconds * 1000, () => {
          const current = this.objects.get(key);
          if (!current || (current.status.conditions ?? []).length > 0) return;
          for (const pod of this.list('pods', job.metadata.namespace)) {
            if ((pod.metadata.ownerReferences ?? []).some((o: Obj) => o.uid === job.metadata.uid)) {
              this.delete(this.podKind, pod, 'Background');
            }
          }
          this.finishJob(
            current,
            'Failed',
            'DeadlineExceeded',
            'Job was active longer than specified deadline',
          );
        });
      }
    }
    const changed =
      job.status.active !== active.length ||
      (job.status.succeeded ?? 0) !== succeeded ||
      (job.status.failed ?? 0) !== failed;
    job.status.active = active.length;
    job.status.succeeded = succeeded;
    job.status.failed = failed;
    if (succeeded > 0) {
      this.finishJob(job, 'Complete', undefined, undefined);
      return;
    }
    if (failed > job.spec.backoffLimit) {
      this.finishJob(
        job,
        'Failed',
        'BackoffLimitExceeded',
        'Job has reached the specified backoff limit',
      );
      return;
    }
    if (active.length === 0) {
      this.createPod(job);
      return;
    }
    if (changed) this.update(this.jobKind, job);
  }

  private finishJob(job: Obj, type: string, reason?: string, message?: string): void {
    const now = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
    job.status.conditions = [
      ...(type === 'Failed'
        ? [{ type: 'FailureTarget', status: 'True', reason, message, lastTransitionTime: now }]
        : [{ type: 'SuccessCriteriaMet', status: 'True', lastTransitionTime: now }]),
      {
        type,
        status: 'True',
        ...(reason && { reason }),
        ...(message && { message }),
        lastTransitionTime: now,
      },
    ];
    job.status.active = 0;
    if (type === 'Complete') job.status.completionTime = now;
    this.update(this.jobKind, job);
  }

  private createPod(job: Obj): void {
    const template = job.spec.template as Obj;
    const name = `${job.metadata.name}-${randomBytes(3).toString('hex').slice(0, 5)}`;
    const node = [...this.objects.values()].find((obj) => obj.__resource === 'nodes');
    const pod = this.store(this.podKind, {
      metadata: {
        name,
        namespace: job.metadata.namespace,
        labels: {
          ...(template.metadata?.labels ?? {}),
          'batch.kubernetes.io/job-name': job.metadata.name,
          'job-name': job.metadata.name,
          'batch.kubernetes.io/controller-uid': job.metadata.uid,
          'controller-uid': job.metadata.uid,
        },
        ownerReferences: [
          {
            apiVersion: 'batch/v1',
            kind: 'Job',
            name: job.metadata.name,
            uid: job.metadata.uid,
            controller: true,
            blockOwnerDeletion: true,
          },
        ],
      },
      spec: { ...structuredClone(template.spec), nodeName: node?.metadata.name ?? 'node-1' },
      status: {
        phase: 'Pending',
        ...(template.spec.initContainers && {
          initContainerStatuses: (template.spec.initContainers as Obj[]).map((c) => ({
            name: c.name,
            ready: false,
            restartCount: 0,
            image: c.image,
            state: { waiting: { reason: 'PodInitializing' } },
          })),
        }),
        containerStatuses: [
          {
            name: template.spec.containers[0].name,
            ready: false,
            restartCount: 0,
            image: template.spec.containers[0].image,
            state: { waiting: { reason: 'ContainerCreating' } },
          },
        ],
      },
    });
    job.status.active = 1;
    this.update(this.jobKind, job);
    void this.kubelet(pod);
  }

  private setContainerState(pod: Obj, phase: string, state: Obj): void {
    const current = this.objects.get(this.keyOf(this.podKind, pod));
    if (!current) return;
    current.status.phase = phase;
    current.status.containerStatuses[0].state = state;
    this.update(this.podKind, current);
  }

  private setInitContainerState(pod: Obj, container: string, state: Obj, restarts = 0): void {
    const current = this.objects.get(this.keyOf(this.podKind, pod));
    if (!current) return;
    const entry = (current.status.initContainerStatuses as Obj[]).find((s) => s.name === container);
    entry!.state = state;
    entry!.restartCount = restarts;
    entry!.started = Boolean(state.running);
    this.update(this.podKind, current);
  }

  /** `docker run` of one container of the pod, its output collected as the kubelet's log. */
  private startContainer(
    runtime: PodRuntime,
    podName: string,
    container: Obj,
    image: string,
    env: Record<string, string>,
    mounts: string[],
  ): { child: ChildProcess; exited: Promise<number> } {
    const docker = `${this.options.containerPrefix}-${podName}-${container.name}`;
    const logs: ContainerRuntime = runtime.containers.get(container.name) ?? {
      lines: [],
      listeners: new Set(),
      docker,
      done: false,
    };
    logs.done = false;
    runtime.containers.set(container.name, logs);
    const argv = [
      'run',
      '--rm',
      '--name',
      docker,
      '--label',
      `fake-kubelet=${this.options.containerPrefix}`,
      '--network',
      'host',
      ...mounts,
    ];
    for (const key of Object.keys(env)) argv.push('--env', key);
    const [entrypoint, ...commandRest] = (container.command ?? []) as string[];
    if (entrypoint !== undefined) argv.push('--entrypoint', entrypoint);
    argv.push(image, ...commandRest, ...((container.args ?? []) as string[]));
    const child = spawn('docker', argv, {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    logs.child = child;
    const collect = (stream: NodeJS.ReadableStream) => {
      let partial = '';
      stream.on('data', (chunk: Buffer) => {
        const lines = (partial + chunk.toString('utf8')).split('\n');
        partial = lines.pop() ?? '';
        for (const text of lines) logs.lines.push({ ts: nanoTimestamp(), text });
        for (const listener of [...logs.listeners]) listener();
      });
      stream.on('end', () => {
        if (partial !== '') logs.lines.push({ ts: nanoTimestamp(), text: partial });
      });
    };
    collect(child.stdout!);
    collect(child.stderr!);
    const exited = new Promise<number>((resolve) =>
      child.on('close', (code, signal) => {
        logs.done = true;
        for (const listener of [...logs.listeners]) listener();
        resolve(code ?? (signal ? 137 : 1));
      }),
    );
    return { child, exited };
  }

  /** Running as far as the engine can tell (the kubelet's "started" for a container without probes). */
  private async dockerRunning(name: string, exited: Promise<number>): Promise<boolean> {
    for (let i = 0; i < 100; i++) {
      const state = await run('docker', ['inspect', '--format', '{{.State.Running}}', name]).then(
        ({ stdout }) => stdout.trim(),
        () => '',
      );
      if (state === 'true') return true;
      const done = await Promise.race([
        exited.then(() => true),
        new Promise((r) => setTimeout(() => r(false), 100)),
      ]);
      if (done) return false;
    }
    return false;
  }

  /**
   * Pulls with the pod's pull Secret, resolves its env Secrets, makes its emptyDir volumes, starts
   * its sidecars (init containers with restartPolicy Always) and then its container on the docker
   * engine; when that ends, stops the sidecars (SIGTERM, grace period) as the kubelet does.
   */
  private async kubelet(pod: Obj): Promise<void> {
    const name = pod.metadata.name as string;
    const namespace = pod.metadata.namespace as string;
    const spec = pod.spec as Obj;
    const container = spec.containers[0] as Obj;
    const runtime: PodRuntime = { containers: new Map() };
    this.pods.set(name, runtime);
    const alive = () =>
      !this.closed && !runtime.deleting && this.objects.has(`pods/${namespace}/${name}`);

    // Image pull with the pod's imagePullSecrets (the registry requires authentication).
    const config = await mkdtemp(join(this.dir, 'pull-'));
    const auths: Obj = {};
    for (const ref of (spec.imagePullSecrets ?? []) as Obj[]) {
      const secret = this.objects.get(`secrets/${namespace}/${ref.name}`);
      const data = secret?.data?.['.dockerconfigjson'];
      if (data)
        Object.assign(auths, JSON.parse(Buffer.from(data, 'base64').toString('utf8')).auths);
    }
    await writeFile(join(config, 'config.json'), JSON.stringify({ auths }));
    const images = [
      ...new Set(
        [...((spec.initContainers ?? []) as Obj[]), container].map((c) => String(c.image)),
      ),
    ];
    for (let attempt = 0; ; attempt++) {
      if (!alive()) return;
      const failures: string[] = [];
      for (const image of images) {
        const pulled = await run('docker', ['--config', config, 'pull', '--quiet', image]).then(
          () => undefined,
          (error: { stderr?: string }) => String(error.stderr ?? error),
        );
        if (pulled !== undefined) failures.push(pulled);
      }
      if (failures.length === 0) break;
      this.setContainerState(pod, 'Pending', {
        waiting: {
          reason: attempt === 0 ? 'ErrImagePull' : 'ImagePullBackOff',
          message: failures[0]!.trim().split('\n').pop(),
        },
      });
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }

    // Environment from Secrets (envFrom, secretKeyRef) and plain values.
    let env: Record<string, string> = {};
    for (;;) {
      if (!alive()) return;
      const missing: string[] = [];
      env = {};
      for (const source of (container.envFrom ?? []) as Obj[]) {
        const secret =
          source.secretRef && this.objects.get(`secrets/${namespace}/${source.secretRef.name}`);
        if (!secret) {
          missing.push(source.secretRef?.name ?? '?');
          continue;
        }
        for (const [key, value] of Object.entries((secret.data ?? {}) as Record<string, string>)) {
          env[key] = Buffer.from(value, 'base64').toString('utf8');
        }
      }
      for (const item of (container.env ?? []) as Obj[]) {
        if (item.value !== undefined) env[item.name] = item.value;
        const ref = item.valueFrom?.secretKeyRef;
        if (ref) {
          const secret = this.objects.get(`secrets/${namespace}/${ref.name}`);
          const value = secret?.data?.[ref.key];
          if (value === undefined) missing.push(`${ref.name}/${ref.key}`);
          else env[item.name] = Buffer.from(value, 'base64').toString('utf8');
        }
      }
      if (missing.length === 0) break;
      this.setContainerState(pod, 'Pending', {
        waiting: {
          reason: 'CreateContainerConfigError',
          message: `secret "${missing[0]}" not found`,
        },
      });
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    if (!alive()) return;

    // emptyDir volumes: a fresh directory per pod, world-writable like the kubelet's.
    const volumes = new Map<string, string>();
    for (const volume of (spec.volumes ?? []) as Obj[]) {
      if (!volume.emptyDir) continue;
      const dir = await mkdtemp(join(this.dir, `empty-${volume.name}-`));
      await chmod(dir, 0o777);
      volumes.set(volume.name, dir);
    }
    const mountsOf = (c: Obj) =>
      ((c.volumeMounts ?? []) as Obj[]).flatMap((m) => [
        '--volume',
        `${volumes.get(m.name)}:${m.mountPath}${m.readOnly ? ':ro' : ''}`,
      ]);

    // Sidecars start in order, each "started" before the next container starts.
    const sidecars: { spec: Obj; exited: Promise<number>; stopping: boolean }[] = [];
    for (const init of (spec.initContainers ?? []) as Obj[]) {
      if (init.restartPolicy !== 'Always') continue;
      for (let restarts = 0; ; restarts++) {
        if (!alive()) return;
        const started = this.startContainer(runtime, name, init, init.image, {}, mountsOf(init));
        const entry = { spec: init, exited: started.exited, stopping: false };
        if (await this.dockerRunning(runtime.containers.get(init.name)!.docker, started.exited)) {
          this.setInitContainerState(
            pod,
            init.name,
            { running: { startedAt: isoNow() } },
            restarts,
          );
          sidecars.push(entry);
          void started.exited.then((code) => {
            if (!entry.stopping && alive()) {
              // A sidecar that dies on its own is restarted; the fake only reports it.
              this.setInitContainerState(pod, init.name, {
                terminated: { exitCode: code, reason: 'Error' },
              });
            }
          });
          break;
        }
        const code = await started.exited;
        this.setInitContainerState(
          pod,
          init.name,
          {
            waiting: {
              reason: 'CrashLoopBackOff',
              message: `back-off restarting failed container ${init.name} (exit code ${code})`,
            },
          },
          restarts + 1,
        );
        await new Promise((resolve) => setTimeout(resolve, 1000));
      }
    }
    if (!alive()) return;

    const startedAt = isoNow();
    const main = this.startContainer(
      runtime,
      name,
      container,
      container.image,
      env,
      mountsOf(container),
    );
    this.setContainerState(pod, 'Running', { running: { startedAt } });
    const exitCode = await main.exited;
    if (runtime.deleting) return;

    // The main container ended: the kubelet stops the sidecars, last first, within the grace period.
    const grace = String(spec.terminationGracePeriodSeconds ?? 30);
    for (const sidecar of [...sidecars].reverse()) {
      sidecar.stopping = true;
      const docker = runtime.containers.get(sidecar.spec.name)!.docker;
      await run('docker', ['stop', '--time', grace, docker]).catch(() => undefined);
      const code = await sidecar.exited;
      this.setInitContainerState(pod, sidecar.spec.name, {
        terminated: { exitCode: code, reason: code === 0 ? 'Completed' : 'Error' },
      });
    }
    if (runtime.deleting) return;
    this.setContainerState(pod, exitCode === 0 ? 'Succeeded' : 'Failed', {
      terminated: {
        exitCode,
        reason: exitCode === 0 ? 'Completed' : 'Error',
        startedAt,
        finishedAt: isoNow(),
      },
    });
    const owner = (pod.metadata.ownerReferences as Obj[])[0]!;
    const job = this.objects.get(`jobs/${namespace}/${owner.name}`);
    if (job) this.reconcileJob(job);
  }

  /** Deletes an object the way the API server and garbage collector do. */
  private delete(kind: Kind, obj: Obj, policy: string): void {
    const key = this.keyOf(kind, obj);
    const dependents = () =>
      [...this.objects.values()].filter((other) =>
        (other.metadata.ownerReferences ?? []).some((o: Obj) => o.uid === obj.metadata.uid),
      );
    const remove = async () => {
      if (kind.resource === 'pods') await this.stopPod(obj);
      if (this.objects.get(key) !== obj) return;
      this.objects.delete(key);
      this.emit(kind, 'DELETED', obj);
    };
    if (policy === 'Orphan') {
      for (const dependent of dependents()) {
        dependent.metadata.ownerReferences = (dependent.metadata.ownerReferences as Obj[]).filter(
          (o) => o.uid !== obj.metadata.uid,
        );
      }
      void remove();
      return;
    }
    const kindOf = (other: Obj) => KINDS.find((k) => k.resource === other.__resource)!;
    if (policy === 'Foreground') {
      if (obj.metadata.deletionTimestamp) return;
      obj.metadata.deletionTimestamp = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
      obj.metadata.finalizers = ['foregroundDeletion'];
      this.update(kind, obj);
      const waits = dependents().map(async (dependent) => {
        const dependentKind = kindOf(dependent);
        this.delete(dependentKind, dependent, 'Background');
        const dependentKey = this.keyOf(dependentKind, dependent);
        while (this.objects.has(dependentKey) && !this.closed) {
          await new Promise((resolve) => setTimeout(resolve, 100));
        }
      });
      void Promise.all(waits).then(remove);
      return;
    }
    // Background: the object goes now, its dependents right after.
    void remove().then(() => {
      for (const dependent of dependents()) this.delete(kindOf(dependent), dependent, 'Background');
    });
  }

  /** The kubelet's side of a pod deletion: stop its containers within the grace period. */
  private async stopPod(pod: Obj): Promise<void> {
    const runtime = this.pods.get(pod.metadata.name);
    if (!runtime) return;
    runtime.deleting = true;
    if (!pod.metadata.deletionTimestamp) {
      pod.metadata.deletionTimestamp = isoNow();
      this.update(this.podKind, pod);
    }
    const grace = String(pod.spec.terminationGracePeriodSeconds ?? 30);
    await Promise.all(
      [...runtime.containers.values()].map(async (container) => {
        if (!container.child || container.done) return;
        await run('docker', ['stop', '--time', grace, container.docker]).catch(() => undefined);
        await new Promise<void>((resolve) => {
          if (container.done) resolve();
          else container.child!.on('close', () => resolve());
        });
      }),
    );
  }
}

function isoNow(): string {
  return new Date().toISOString().replace(/\.\d+Z$/, 'Z');
}

function deletePolicyFrom(body: string): string | undefined {
  if (!body) return undefined;
  try {
    return (JSON.parse(body) as { propagationPolicy?: string }).propagationPolicy;
  } catch {
    return undefined;
  }
}

/** JSON patch (RFC 6902: add/replace/remove) or JSON merge patch (RFC 7386). */
function applyPatch(obj: Obj, contentType: string, patch: unknown): Obj {
  const copy = structuredClone(obj);
  if (contentType.startsWith('application/json-patch+json')) {
    if (!Array.isArray(patch)) throw new Error('a JSON patch is a list of operations');
    for (const op of patch as Obj[]) {
      const parts = String(op.path)
        .split('/')
        .slice(1)
        .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
      const last = parts.pop();
      if (last === undefined) throw new Error(`bad path ${op.path}`);
      let target: Obj = copy;
      for (const part of parts) {
        target = target[part] as Obj;
        if (typeof target !== 'object' || target === null)
          throw new Error(`path ${op.path} not found`);
      }
      if (op.op === 'replace' || op.op === 'add') {
        if (op.op === 'replace' && !(last in target)) throw new Error(`path ${op.path} not found`);
        target[last] = op.value;
      } else if (op.op === 'remove') {
        delete target[last];
      } else {
        throw new Error(`unsupported op ${op.op}`);
      }
    }
    return copy;
  }
  if (contentType.startsWith('application/merge-patch+json')) {
    const merge = (target: Obj, source: Obj): Obj => {
      for (const [key, value] of Object.entries(source)) {
        if (value === null) delete target[key];
        else if (
          typeof value === 'object' &&
          !Array.isArray(value) &&
          typeof target[key] === 'object'
        )
          merge(target[key] as Obj, value as Obj);
        else target[key] = value;
      }
      return target;
    };
    return merge(copy, patch as Obj);
  }
  throw new Error(`unsupported patch content type ${contentType}`);
}
