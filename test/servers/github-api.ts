/**
 * A local implementation of the GitHub REST endpoints dispatch mode uses, checking requests as
 * strictly as github.com does: auth header, JSON bodies, declared workflow inputs, the 25-input
 * limit, refs, `return_run_details` (or its absence on older servers), runs listing filters,
 * run status, cancel/force-cancel, rate limits with GitHub's headers and error shapes, and a run's
 * artifacts: listed by run (with the `name` filter), downloaded as zip archives made by the real
 * `zip` tool through a 302 to a separate signed storage origin that refuses the API token and
 * expired signatures, 410 for expired artifacts.
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/** An artifact a run uploads: its files, zipped when the run completes. */
export interface FakeArtifactSpec {
  name: string;
  files: Record<string, string>;
  expired?: boolean;
}

interface FakeArtifact {
  id: number;
  runId: number;
  name: string;
  zip: Buffer;
  expired: boolean;
  created_at: string;
}

/** Zips files with the real `zip` tool, as upload-artifact's archives are read by GitHub. */
function zipFiles(files: Record<string, string>): Buffer {
  const dir = mkdtempSync(join(tmpdir(), 'fake-artifact-'));
  try {
    for (const [name, text] of Object.entries(files)) {
      mkdirSync(dirname(join(dir, name)), { recursive: true });
      writeFileSync(join(dir, name), text);
    }
    execFileSync('zip', ['-q', '-r', 'artifact.zip', ...Object.keys(files)], { cwd: dir });
    return readFileSync(join(dir, 'artifact.zip'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export interface FakeWorkflow {
  id: number;
  /** File name under .github/workflows. */
  file: string;
  /** `run-name` template; `${{ inputs.NAME }}` is substituted. */
  runName: string;
  inputs: Record<string, { required?: boolean }>;
}

export type Conclusion =
  | 'success'
  | 'failure'
  | 'cancelled'
  | 'timed_out'
  | 'startup_failure'
  | 'action_required'
  | 'neutral'
  | 'skipped';

export interface FakeRun {
  id: number;
  workflowId: number;
  repository: string;
  ref: string;
  inputs: Record<string, string>;
  display_title: string;
  event: string;
  status: 'queued' | 'in_progress' | 'completed';
  conclusion: Conclusion | null;
  created_at: string;
  /** GET /runs/{id} answers left before the run moves on to the next status. */
  pollsLeft: number;
  cancelRequested: boolean;
  forceCancelled: boolean;
}

export interface RecordedRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingMessage['headers'];
  body: unknown;
}

export interface GitHubApiOptions {
  token: string;
  repository: string;
  defaultBranch?: string;
  branches?: string[];
  workflows: FakeWorkflow[];
  /** Older GitHub Enterprise servers reject `return_run_details` with 422. */
  supportsRunDetails?: boolean;
  /** How each new run ends. */
  conclusion?: Conclusion;
  /** Polls of GET /runs/{id} spent in each of queued and in_progress. */
  pollsPerStatus?: number;
  /** Listing calls that do not yet show a new run (GitHub creates runs asynchronously). */
  listingDelay?: number;
  /** A run that ignores a plain cancel (only force-cancel stops it). */
  ignoreCancel?: boolean;
  /** Status of a new run: `completed` makes it finish (with `conclusion`) before the first poll. */
  initialStatus?: 'queued' | 'in_progress' | 'completed';
  /** What each run uploads; visible once the run completes. */
  artifacts?: (run: FakeRun) => FakeArtifactSpec[];
  /** How long a signed download URL stays valid (GitHub: 1 minute). */
  downloadUrlTtlMs?: number;
}

type RateLimit = { status: 403 | 429; retryAfter?: number; resetAt?: number };

export class GitHubApiServer {
  readonly requests: RecordedRequest[] = [];
  readonly runs: FakeRun[] = [];
  private readonly rateLimits: RateLimit[] = [];
  private readonly serverErrors: number[] = [];
  readonly artifacts: FakeArtifact[] = [];
  /** Storage requests: whether each carried an Authorization header (it must not). */
  readonly storageRequests: { authorization: boolean; status: number }[] = [];
  private readonly signedUrls = new Map<string, { artifactId: number; expires: number }>();
  private storage?: Server;
  private storageUrl = '';
  private nextArtifactId = 7_000_001;
  private nextRunId = 9_000_001;
  private listingsSinceDispatch = 0;
  private server?: Server;
  url = '';

  constructor(readonly options: GitHubApiOptions) {}

  /** The next `count` requests are answered with a server error (GitHub's 502/503 pages). */
  failNext(status: 500 | 502 | 503, count = 1): void {
    for (let i = 0; i < count; i++) this.serverErrors.push(status);
  }

  /** The next `count` requests are answered with a rate-limit error. */
  rateLimitNext(limit: RateLimit, count = 1): void {
    for (let i = 0; i < count; i++) this.rateLimits.push(limit);
  }

  async start(): Promise<string> {
    this.server = createServer((req, res) => {
      this.handle(req, res).catch((error: unknown) => {
        send(res, 500, { message: String(error) });
      });
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    // Artifact storage lives on another origin, as GitHub's blob storage does.
    this.storage = createServer((req, res) => this.serveStorage(req, res));
    await new Promise<void>((resolve) => this.storage?.listen(0, '127.0.0.1', resolve));
    this.storageUrl = `http://127.0.0.1:${(this.storage.address() as AddressInfo).port}`;
    return this.url;
  }

  async stop(): Promise<void> {
    for (const server of [this.server, this.storage]) {
      await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    }
  }

  private serveStorage(req: IncomingMessage, res: ServerResponse): void {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const reply = (status: number, body: string | Buffer, type: string) => {
      this.storageRequests.push({ authorization: req.headers.authorization !== undefined, status });
      res.writeHead(status, { 'content-type': type }).end(body);
    };
    // Signed URLs carry their own credentials; storage refuses any other authentication.
    if (req.headers.authorization !== undefined) {
      return reply(
        400,
        '<?xml version="1.0"?><Error><Code>InvalidAuthenticationInfo</Code></Error>',
        'application/xml',
      );
    }
    const signed = this.signedUrls.get(url.searchParams.get('sig') ?? '');
    if (req.method !== 'GET' || !signed || Date.now() > signed.expires) {
      return reply(
        403,
        '<?xml version="1.0"?><Error><Code>AuthenticationFailed</Code></Error>',
        'application/xml',
      );
    }
    const artifact = this.artifacts.find((a) => a.id === signed.artifactId);
    if (!artifact) return reply(404, 'BlobNotFound', 'text/plain');
    return reply(200, artifact.zip, 'application/zip');
  }

  private artifactJson(artifact: FakeArtifact) {
    const base = `${this.url}/repos/${this.options.repository}/actions/artifacts/${artifact.id}`;
    const run = this.runs.find((r) => r.id === artifact.runId);
    return {
      id: artifact.id,
      node_id: `MDg6QXJ0aWZhY3Q${artifact.id}`,
      name: artifact.name,
      size_in_bytes: artifact.zip.length,
      url: base,
      archive_download_url: `${base}/zip`,
      expired: artifact.expired,
      created_at: artifact.created_at,
      updated_at: artifact.created_at,
      expires_at: artifact.created_at,
      workflow_run: { id: artifact.runId, head_branch: run?.ref ?? '' },
    };
  }

  private listArtifacts(res: ServerResponse, runId: number, query: URLSearchParams): void {
    const run = this.runs.find((candidate) => candidate.id === runId);
    if (!run) return notFound(res);
    const perPage = Number(query.get('per_page') ?? '30');
    const page = Number(query.get('page') ?? '1');
    if (!Number.isInteger(perPage) || perPage < 1 || !Number.isInteger(page) || page < 1) {
      return invalid(res, 'Invalid pagination parameters');
    }
    const name = query.get('name');
    const matching = this.artifacts
      .filter((a) => a.runId === runId)
      .filter((a) => name === null || a.name === name);
    const size = Math.min(perPage, 100);
    send(res, 200, {
      total_count: matching.length,
      artifacts: matching.slice((page - 1) * size, page * size).map((a) => this.artifactJson(a)),
    });
  }

  private downloadArtifact(res: ServerResponse, artifactId: number, format: string): void {
    const artifact = this.artifacts.find((a) => a.id === artifactId);
    if (!artifact || format !== 'zip') return notFound(res);
    if (artifact.expired) {
      return send(res, 410, {
        message: 'Artifact has expired',
        documentation_url: 'https://docs.github.com/rest/actions/artifacts#download-an-artifact',
        status: '410',
      });
    }
    const sig = randomBytes(16).toString('hex');
    this.signedUrls.set(sig, {
      artifactId,
      expires: Date.now() + (this.options.downloadUrlTtlMs ?? 60_000),
    });
    res.writeHead(302, { location: `${this.storageUrl}/artifacts/${artifactId}.zip?sig=${sig}` });
    res.end();
  }

  /** Attaches a completed run's artifacts (once). */
  private attachArtifacts(run: FakeRun): void {
    if (run.status !== 'completed' || this.artifacts.some((a) => a.runId === run.id)) return;
    for (const spec of this.options.artifacts?.(run) ?? []) {
      this.artifacts.push({
        id: this.nextArtifactId++,
        runId: run.id,
        name: spec.name,
        zip: zipFiles(spec.files),
        expired: spec.expired ?? false,
        created_at: new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'),
      });
    }
  }

  private htmlUrl(run: FakeRun): string {
    return `https://github.com/${run.repository}/actions/runs/${run.id}`;
  }

  private runJson(run: FakeRun) {
    return {
      id: run.id,
      name: this.options.workflows.find((wf) => wf.id === run.workflowId)?.file,
      display_title: run.display_title,
      event: run.event,
      status: run.status,
      conclusion: run.conclusion,
      workflow_id: run.workflowId,
      head_branch: run.ref,
      created_at: run.created_at,
      url: `${this.url}/repos/${run.repository}/actions/runs/${run.id}`,
      html_url: this.htmlUrl(run),
    };
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const raw = await readBody(req);
    const record: RecordedRequest = {
      method: req.method ?? '',
      path: url.pathname,
      query: url.searchParams,
      headers: req.headers,
      body: undefined,
    };
    this.requests.push(record);

    const auth = req.headers.authorization ?? '';
    const match = /^(Bearer|token) (.+)$/.exec(auth);
    if (!match || match[2] !== this.options.token) {
      return send(res, 401, {
        message: 'Bad credentials',
        documentation_url: 'https://docs.github.com/rest',
      });
    }
    const serverError = this.serverErrors.shift();
    if (serverError !== undefined) {
      res
        .writeHead(serverError, { 'content-type': 'text/html' })
        .end('<html><body>Unicorn!</body></html>');
      return;
    }
    const limit = this.rateLimits.shift();
    if (limit) return this.sendRateLimit(res, limit);

    if (raw !== '') {
      try {
        record.body = JSON.parse(raw);
      } catch {
        return send(res, 400, {
          message: 'Problems parsing JSON',
          documentation_url: 'https://docs.github.com/rest',
        });
      }
    }

    const repoPrefix = `/repos/${this.options.repository}`;
    if (!url.pathname.startsWith(`${repoPrefix}`)) return notFound(res);
    const rest = url.pathname.slice(repoPrefix.length);
    const method = req.method ?? '';

    if (method === 'GET' && rest === '') {
      return send(res, 200, {
        full_name: this.options.repository,
        default_branch: this.options.defaultBranch ?? 'main',
      });
    }
    let m = /^\/actions\/workflows\/([^/]+)\/dispatches$/.exec(rest);
    if (m && method === 'POST')
      return this.dispatch(res, decodeURIComponent(m[1] as string), record.body, req);
    m = /^\/actions\/workflows\/([^/]+)\/runs$/.exec(rest);
    if (m && method === 'GET')
      return this.listRuns(res, decodeURIComponent(m[1] as string), url.searchParams);
    m = /^\/actions\/runs\/(\d+)$/.exec(rest);
    if (m && method === 'GET') return this.getRun(res, Number(m[1]));
    m = /^\/actions\/runs\/(\d+)\/(cancel|force-cancel)$/.exec(rest);
    if (m && method === 'POST') return this.cancel(res, Number(m[1]), m[2] === 'force-cancel');
    m = /^\/actions\/runs\/(\d+)\/artifacts$/.exec(rest);
    if (m && method === 'GET') return this.listArtifacts(res, Number(m[1]), url.searchParams);
    m = /^\/actions\/artifacts\/(\d+)\/([^/]+)$/.exec(rest);
    if (m && method === 'GET') return this.downloadArtifact(res, Number(m[1]), m[2] as string);
    return notFound(res);
  }

  private sendRateLimit(res: ServerResponse, limit: RateLimit): void {
    const headers: Record<string, string> = {};
    if (limit.retryAfter !== undefined) headers['retry-after'] = String(limit.retryAfter);
    if (limit.resetAt !== undefined) {
      headers['x-ratelimit-remaining'] = '0';
      headers['x-ratelimit-limit'] = '1000';
      headers['x-ratelimit-reset'] = String(limit.resetAt);
    }
    const message =
      limit.status === 429 || limit.retryAfter !== undefined
        ? 'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.'
        : 'API rate limit exceeded for installation.';
    send(
      res,
      limit.status,
      { message, documentation_url: 'https://docs.github.com/rest/rate-limit' },
      headers,
    );
  }

  private workflow(idOrFile: string): FakeWorkflow | undefined {
    return this.options.workflows.find((wf) => wf.file === idOrFile || String(wf.id) === idOrFile);
  }

  private dispatch(
    res: ServerResponse,
    idOrFile: string,
    body: unknown,
    req: IncomingMessage,
  ): void {
    const workflow = this.workflow(idOrFile);
    if (!workflow) return notFound(res);
    if (!(req.headers['content-type'] ?? '').startsWith('application/json')) {
      return send(res, 415, { message: 'Unsupported Media Type' });
    }
    if (!body || typeof body !== 'object')
      return invalid(res, "Invalid request.\n\nFor 'links/0/schema', nil is not an object.");
    const {
      ref,
      inputs = {},
      ...extra
    } = body as { ref?: unknown; inputs?: unknown; [key: string]: unknown };
    const allowedExtra = this.options.supportsRunDetails === false ? [] : ['return_run_details'];
    const unknownKeys = Object.keys(extra).filter((key) => !allowedExtra.includes(key));
    if (unknownKeys.length > 0) {
      return invalid(
        res,
        `Invalid request.\n\n${unknownKeys.map((k) => `"${k}"`).join(', ')} is not a permitted key.`,
      );
    }
    if (typeof ref !== 'string') return invalid(res, 'Invalid request.\n\n"ref" wasn\'t supplied.');
    const branches = this.options.branches ?? [this.options.defaultBranch ?? 'main'];
    if (!branches.includes(ref.replace(/^refs\/(heads|tags)\//, '')))
      return invalid(res, `No ref found for: ${ref}`);
    if (typeof inputs !== 'object' || inputs === null || Array.isArray(inputs)) {
      return invalid(res, "Invalid request.\n\nFor 'properties/inputs', is not an object.");
    }
    const given = inputs as Record<string, unknown>;
    if (Object.keys(given).length > 25) {
      return invalid(res, 'you may only define up to 25 `inputs` for a `workflow_dispatch` event');
    }
    const unexpected = Object.keys(given).filter((key) => !(key in workflow.inputs));
    if (unexpected.length > 0)
      return invalid(res, `Unexpected inputs provided: ${JSON.stringify(unexpected)}`);
    for (const [name, spec] of Object.entries(workflow.inputs)) {
      if (spec.required && !(name in given))
        return invalid(res, `Required input '${name}' not provided`);
    }
    for (const [name, value] of Object.entries(given)) {
      if (typeof value !== 'string')
        return invalid(res, `Provided value for input '${name}' must be a string`);
    }
    const stringInputs = given as Record<string, string>;
    const run: FakeRun = {
      id: this.nextRunId++,
      workflowId: workflow.id,
      repository: this.options.repository,
      ref,
      inputs: stringInputs,
      display_title: workflow.runName.replace(
        /\$\{\{\s*inputs\.([\w-]+)\s*\}\}/g,
        (_, name: string) => stringInputs[name] ?? '',
      ),
      event: 'workflow_dispatch',
      status: this.options.initialStatus ?? 'queued',
      conclusion:
        this.options.initialStatus === 'completed' ? (this.options.conclusion ?? 'success') : null,
      created_at: new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'),
      pollsLeft: this.options.pollsPerStatus ?? 1,
      cancelRequested: false,
      forceCancelled: false,
    };
    this.runs.push(run);
    this.listingsSinceDispatch = 0;
    if ((body as { return_run_details?: unknown }).return_run_details === true) {
      return send(res, 200, {
        workflow_run_id: run.id,
        run_url: `${this.url}/repos/${run.repository}/actions/runs/${run.id}`,
        html_url: this.htmlUrl(run),
      });
    }
    res.writeHead(204).end();
  }

  private listRuns(res: ServerResponse, idOrFile: string, query: URLSearchParams): void {
    const workflow = this.workflow(idOrFile);
    if (!workflow) return notFound(res);
    const created = query.get('created');
    let since: number | undefined;
    if (created !== null) {
      const m = /^>=(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ)$/.exec(created);
      if (!m) return invalid(res, `Invalid created filter: ${created}`);
      since = Date.parse(m[1] as string);
    }
    const event = query.get('event');
    this.listingsSinceDispatch++;
    const visible = this.listingsSinceDispatch > (this.options.listingDelay ?? 0);
    const runs = this.runs
      .filter((run) => run.workflowId === workflow.id)
      .filter((run) => visible || run !== this.runs[this.runs.length - 1])
      .filter((run) => event === null || run.event === event)
      .filter((run) => since === undefined || Date.parse(run.created_at) >= since)
      .reverse();
    send(res, 200, {
      total_count: runs.length,
      workflow_runs: runs.map((run) => this.runJson(run)),
    });
  }

  private getRun(res: ServerResponse, id: number): void {
    const run = this.runs.find((candidate) => candidate.id === id);
    if (!run) return notFound(res);
    const answer = this.runJson(run);
    this.attachArtifacts(run);
    this.advance(run);
    send(res, 200, answer);
  }

  private advance(run: FakeRun): void {
    if (run.status === 'completed') return;
    if (run.forceCancelled || (run.cancelRequested && !this.options.ignoreCancel)) {
      run.status = 'completed';
      run.conclusion = 'cancelled';
      return;
    }
    if (--run.pollsLeft > 0) return;
    run.pollsLeft = this.options.pollsPerStatus ?? 1;
    if (run.status === 'queued') run.status = 'in_progress';
    else if (!run.cancelRequested) {
      run.status = 'completed';
      run.conclusion = this.options.conclusion ?? 'success';
    }
  }

  private cancel(res: ServerResponse, id: number, force: boolean): void {
    const run = this.runs.find((candidate) => candidate.id === id);
    if (!run) return notFound(res);
    if (run.status === 'completed') {
      return send(res, 409, { message: 'Cannot cancel a workflow run that is completed.' });
    }
    if (force) run.forceCancelled = true;
    else run.cancelRequested = true;
    send(res, 202, {});
  }
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let data = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (data += chunk));
    req.on('end', () => resolve(data));
    req.on('error', reject);
  });
}

function send(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
  res.end(JSON.stringify(body));
}

function notFound(res: ServerResponse): void {
  send(res, 404, {
    message: 'Not Found',
    documentation_url: 'https://docs.github.com/rest',
    status: '404',
  });
}

function invalid(res: ServerResponse, message: string): void {
  send(res, 422, { message, documentation_url: 'https://docs.github.com/rest', status: '422' });
}
