/**
 * The whole pipeline on a fake runtime, in seconds and with no docker on PATH: a scripted `docker`
 * answers the commands the pipeline runs (its `buildx inspect` answer and failing build logs are
 * real captured outputs), and `fetch` reaches local servers that hold to the registry and GitHub
 * API contracts. What the engine itself decides is covered by the e2e suite.
 */
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { load } from 'js-yaml';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { cleanup } from '../../../src/launch/cleanup.js';
import { readInputs } from '../../../src/launch/inputs.js';
import { launch } from '../../../src/launch/pipeline.js';
import { outputsOf } from '../../../src/launch/result.js';
import { mapInputSource } from '../../../src/inputs/reader.js';
import { findProgram, type Exec, type ExecResult } from '../../../src/platform/exec.js';
import type { Runtime } from '../../../src/platform/runtime.js';
import { STATE, type StateKey } from '../../../src/platform/state.js';
import {
  FakeHttpService,
  type FakeResponse,
  type RecordedRequest,
} from '../../servers/fake-http.js';
import { GitHubApiServer } from '../../servers/github-api.js';

const FIXTURES = path.join(import.meta.dirname, '..', '..', 'fixtures', 'tool-output');
const fixture = (name: string) => readFileSync(path.join(FIXTURES, name), 'utf8');

const USER = 'pusher';
const PASSWORD = 'registry-secret-1';
const BASIC = `Basic ${Buffer.from(`${USER}:${PASSWORD}`).toString('base64')}`;
const TOKEN = 'ghs_pipelinetoken';
const digestOf = (seed: string) =>
  `sha256:${Buffer.from(seed).toString('hex').padEnd(64, '0').slice(0, 64)}`;

/**
 * A registry holding manifests by repository and tag, behind Basic auth, speaking the parts of
 * the distribution API the pipeline uses: HEAD and GET of a manifest, PUT of a tag.
 */
class FakeRegistry {
  /** `path:tag` → digest; `path@digest` → manifest body. */
  readonly tags = new Map<string, string>();
  readonly manifests = new Map<string, string>();
  readonly service = new FakeHttpService('registry', (request) => this.answer(request));

  get host(): string {
    return this.service.url.replace('http://', '');
  }

  push(repositoryPath: string, tag: string, digest: string): void {
    this.tags.set(`${repositoryPath}:${tag}`, digest);
    this.manifests.set(`${repositoryPath}@${digest}`, '{"schemaVersion":2}');
  }

  private answer(request: RecordedRequest): FakeResponse {
    if (request.headers.authorization !== BASIC) {
      return { status: 401, headers: { 'www-authenticate': 'Basic realm="registry"' }, body: '' };
    }
    const match = /^\/v2\/(.+)\/manifests\/([^/]+)$/.exec(request.url);
    if (!match) return { status: 404, body: '' };
    const [, repositoryPath, reference] = match as unknown as [string, string, string];
    const tagOrDigest = decodeURIComponent(reference);
    if (request.method === 'PUT') {
      const digest = [...this.manifests.entries()].find(
        ([key, body]) => key.startsWith(`${repositoryPath}@`) && body === request.body,
      )?.[0];
      if (!digest) return { status: 400, body: 'MANIFEST_INVALID' };
      this.tags.set(`${repositoryPath}:${tagOrDigest}`, digest.split('@')[1] ?? '');
      return { status: 201, body: '' };
    }
    const digest = tagOrDigest.startsWith('sha256:')
      ? tagOrDigest
      : this.tags.get(`${repositoryPath}:${tagOrDigest}`);
    const body = digest && this.manifests.get(`${repositoryPath}@${digest}`);
    if (!digest || !body) return { status: 404, body: '' };
    const headers = {
      'docker-content-digest': digest,
      'content-type': 'application/vnd.oci.image.manifest.v1+json',
    };
    return { status: 200, headers, body: request.method === 'HEAD' ? '' : body };
  }
}

/**
 * The docker CLI, scripted: answers what the pipeline asks, records every call, and keeps just
 * enough state (images in the engine, containers, pushes to the fake registry) to be consistent.
 */
class ScriptedDocker {
  readonly calls: string[][] = [];
  readonly logins: { registry: string; password: string | undefined }[] = [];
  readonly localImages = new Map<string, string>();
  readonly containers = new Set<string>();
  /** A real captured build log to fail with, instead of building. */
  failBuildWith?: string;
  runExitCode = 0;
  /** The container outlives the step (the runner was cancelled): cleanup must find it. */
  leaveContainer = false;

  constructor(private readonly registry: FakeRegistry) {}

  /** The daemon does not answer (a container job without the socket, a stopped engine). */
  engineDown = false;

  readonly exec: Exec = async (command, args, options = {}) => {
    if (command !== 'docker') return { exitCode: 127, stdout: '', stderr: '', notFound: true };
    this.calls.push([...args]);
    if (this.engineDown) {
      const stderr =
        'Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?\n';
      return { exitCode: 1, stdout: '', stderr };
    }
    const ok = (stdout = ''): ExecResult => ({ exitCode: 0, stdout, stderr: '' });
    const fail = (stderr: string, exitCode = 1): ExecResult => ({ exitCode, stdout: '', stderr });
    const [first, second] = args;
    if (first === 'buildx' && second === 'inspect')
      return ok(fixture('buildx-inspect-docker-driver.txt'));
    if (first === 'buildx' && second === 'build') return this.build(args, options.onStderr);
    if (first === 'login') {
      this.logins.push({ registry: args[1] ?? '', password: options.input });
      return ok('Login Succeeded\n');
    }
    if (first === 'image' && second === 'inspect' && args.includes('{{.Config.WorkingDir}}')) {
      return ok('/app\n');
    }
    if (first === 'image' && second === 'inspect') {
      const id = this.localImages.get(args.at(-1) ?? '');
      return id ? ok(`${id}\n`) : fail(`Error: No such image: ${args.at(-1)}`);
    }
    if (first === 'pull') return ok('Status: Downloaded newer image\n');
    if (first === 'run') {
      const name = args[args.indexOf('--name') + 1] ?? '';
      if (this.leaveContainer) this.containers.add(name);
      return { exitCode: this.runExitCode, stdout: 'epoch 1 loss 0.42\n', stderr: '' };
    }
    if (first === 'ps') return ok([...this.containers].join('\n'));
    if (first === 'rm') {
      this.containers.delete(args.at(-1) ?? '');
      return ok();
    }
    return fail(`unexpected docker call: ${args.join(' ')}`);
  };

  private build(args: readonly string[], onOutput?: (chunk: string) => void): ExecResult {
    if (this.failBuildWith) {
      onOutput?.(this.failBuildWith);
      return { exitCode: 1, stdout: '', stderr: this.failBuildWith };
    }
    const tags = args.flatMap((arg, i) =>
      args[i - 1] === '--tag' || args[i - 1] === '-t' ? [arg] : [],
    );
    const metadataFile = args[args.indexOf('--metadata-file') + 1] ?? '';
    const digest = digestOf(tags[0] ?? 'image');
    writeFileSync(metadataFile, JSON.stringify({ 'containerimage.digest': digest }));
    onOutput?.('#8 [4/4] RUN pip install -r requirements.txt\n#8 DONE 1.2s\n');
    for (const ref of tags) {
      if (args.includes('--push')) {
        const at = ref.lastIndexOf(':');
        const repositoryPath = ref.slice(this.registry.host.length + 1, at);
        this.registry.push(repositoryPath, ref.slice(at + 1), digest);
      } else {
        this.localImages.set(ref, digest);
      }
    }
    return { exitCode: 0, stdout: '', stderr: '' };
  }
}

/** A runtime whose only ways out are the scripted docker and fetch to the local servers. */
function fakeRuntime(docker: ScriptedDocker, env: NodeJS.ProcessEnv) {
  const workspace = mkdtempSync(path.join(tmpdir(), 'pipeline-ws-'));
  writeFileSync(path.join(workspace, 'requirements.txt'), 'numpy==1.26.4\n');
  writeFileSync(path.join(workspace, 'train.py'), 'print("training")\n');
  const home = mkdtempSync(path.join(tmpdir(), 'pipeline-home-'));
  const logs: string[] = [];
  const states = new Map<StateKey, string>();
  let output = '';
  const rt: Runtime = {
    env: {
      // No docker here: every command must go through the scripted runner.
      PATH: mkdtempSync(path.join(tmpdir(), 'pipeline-empty-path-')),
      HOME: home,
      XDG_CACHE_HOME: path.join(home, '.cache'),
      GITHUB_REPOSITORY: 'acme/train',
      GITHUB_RUN_ID: '4711',
      GITHUB_JOB: 'train',
      GITHUB_EVENT_NAME: 'push',
      ...env,
    },
    workspace,
    tempDir: mkdtempSync(path.join(tmpdir(), 'pipeline-temp-')),
    log: {
      info: (m) => logs.push(m),
      warning: (m) => logs.push(`warning: ${m}`),
      error: (m) => logs.push(`error: ${m}`),
      debug: () => undefined,
    },
    group: (_title, fn) => fn(),
    setSecret: () => undefined,
    saveState: (key, value) => void states.set(key, value),
    run: docker.exec,
    fetch: (input, init) => fetch(input, init),
    sleep: async () => undefined,
    write: (chunk) => void (output += chunk),
  };
  return { rt, logs, states, output: () => output };
}

const registry = new FakeRegistry();
let github: GitHubApiServer | undefined;
beforeAll(async () => {
  await registry.service.start();
});
afterAll(() => registry.service.close());
afterEach(async () => {
  await github?.stop();
  github = undefined;
});

let repoCounter = 0;
function setup(values: Record<string, string>, env: NodeJS.ProcessEnv = {}) {
  const docker = new ScriptedDocker(registry);
  const runtime = fakeRuntime(docker, env);
  const { inputs } = readInputs(mapInputSource(values), runtime.rt.env, () => undefined);
  return { docker, ...runtime, inputs };
}
// The fake registry holds manifests only (no blobs): these tests build whole images.
const pushTo = (name: string) => ({
  destination: `${registry.host}/team/${name}`,
  username: USER,
  password: PASSWORD,
  assemble: 'off',
});
const uniqueName = () => `train-${process.pid}-${++repoCounter}`;

describe('the pipeline on a fake runtime', () => {
  it('has no docker to fall back on', () => {
    const { rt } = setup({});
    expect(findProgram('docker', rt.env)).toBeUndefined();
  });

  it('builds and pushes an image the registry does not have', async () => {
    const name = uniqueName();
    const { rt, docker, inputs, states, output } = setup(pushTo(name));
    const result = await launch(rt, inputs);

    expect(result.image).toMatchObject({ built: true, pushed: true });
    expect(result.image.imageRef).toBe(`${registry.host}/team/${name}@${result.image.digest}`);
    expect(registry.tags.get(`team/${name}:${result.plan?.tag}`)).toBe(result.image.digest);
    const build = docker.calls.find((call) => call[0] === 'buildx' && call[1] === 'build');
    expect(build).toContain('--push');
    // No docker argv carries the password (`ps` shows argv to every user), the login's included.
    expect(docker.calls.some((call) => call[0] === 'login')).toBe(true);
    for (const call of docker.calls) expect(call.join(' ')).not.toContain(PASSWORD);
    // The password travels on stdin to `docker login`, which comes before the build.
    expect(docker.logins).toEqual([{ registry: registry.host, password: PASSWORD }]);
    expect(docker.calls.findIndex((call) => call[0] === 'login')).toBeLessThan(
      docker.calls.indexOf(build ?? []),
    );
    expect(output()).toContain('RUN pip install');
    expect(outputsOf(result)).toMatchObject({ built: 'true', environment: 'requirements' });
    // The private docker config is gone when the step ends; the post step would find nothing.
    const dockerConfig = states.get(STATE.dockerConfig) ?? '';
    expect(dockerConfig).not.toBe('');
    expect(existsSync(dockerConfig)).toBe(false);
  });

  it('assembles by default, and builds whole with a warning naming what the registry refused', async () => {
    const name = uniqueName();
    const { rt, docker, inputs, logs } = setup({ ...pushTo(name), assemble: 'auto' });
    const result = await launch(rt, inputs);

    expect(result.image).toMatchObject({ built: true, pushed: true });
    const builds = docker.calls.filter((call) => call[0] === 'buildx' && call[1] === 'build');
    // The dependency image, then (its manifest unusable for an append) the whole image.
    expect(builds.map((call) => call[call.indexOf('--tag') + 1])).toEqual([
      expect.stringMatching(new RegExp(`/team/${name}:deps-[0-9a-f]{16}$`)),
      `${registry.host}/team/${name}:${result.plan?.tag}`,
    ]);
    expect(logs).toContainEqual(
      expect.stringMatching(
        /^warning: reading the manifest sha256:\S+ \(no config or layers\) was refused.*: building the whole image with buildx instead\.$/,
      ),
    );
    expect(registry.tags.get(`team/${name}:${result.plan?.tag}`)).toBe(result.image.digest);
  });

  it('fails, and pushes nothing, when there is a destination and no working builder', async () => {
    const name = uniqueName();
    const { rt, docker, inputs } = setup(pushTo(name));
    docker.engineDown = true;
    await expect(launch(rt, inputs)).rejects.toThrow(
      /No image can be built for .*the Docker daemon at unix:\/\/\/var\/run\/docker\.sock does not answer.*builder: noop/s,
    );
    expect([...registry.tags.keys()].some((key) => key.startsWith(`team/${name}:`))).toBe(false);
  });

  it('plans only when builder noop is asked for, destination or not', async () => {
    const { rt, inputs } = setup({ ...pushTo(uniqueName()), builder: 'noop' });
    const result = await launch(rt, inputs);
    expect(result.image).toMatchObject({ built: false, pushed: false, skipped: 'builder noop' });
  });

  it('skips the build when the destination has the source-hash tag: one lookup, no docker', async () => {
    const name = uniqueName();
    const first = setup(pushTo(name));
    const built = await launch(first.rt, first.inputs);

    const again = setup({ ...pushTo(name), tags: 'latest' });
    const found = await launch(again.rt, again.inputs);
    expect(found.image).toMatchObject({
      built: false,
      digest: built.image.digest,
      skipped: 'the destination already has this source-hash tag',
    });
    // A relaunch asks the registry before docker: no builder check, no login, no build.
    expect(again.docker.calls).toEqual([]);
    expect(registry.tags.get(`team/${name}:latest`)).toBe(built.image.digest);
    expect(again.logs.join('\n')).toContain('already exists');
  });

  it('uses a given image by its digest: nothing planned or built', async () => {
    const name = uniqueName();
    const digest = digestOf(`given-${name}`);
    registry.push(`team/${name}`, '1.0', digest);
    const { rt, docker, inputs } = setup({
      'docker-image': `${registry.host}/team/${name}:1.0`,
      username: USER,
      password: PASSWORD,
    });
    const result = await launch(rt, inputs);
    expect(result.plan).toBeUndefined();
    expect(result.image).toMatchObject({ built: false, digest });
    expect(result.image.imageRef).toBe(`${registry.host}/team/${name}@${digest}`);
    expect(docker.calls).toEqual([]);
  });

  it('refuses a given image the registry does not have', async () => {
    const { rt, inputs } = setup({
      'docker-image': `${registry.host}/team/${uniqueName()}:missing`,
      username: USER,
      password: PASSWORD,
    });
    await expect(launch(rt, inputs)).rejects.toThrow(/does not exist in its registry/);
  });

  it('runs the built image by digest after logging in, and reports its exit code', async () => {
    const name = uniqueName();
    const { rt, docker, inputs, states } = setup({
      ...pushTo(name),
      mode: 'run',
      gpus: 'none',
      'min-free-disk': '0',
      command: 'python train.py --epochs 1',
    });
    docker.runExitCode = 3;
    const result = await launch(rt, inputs);
    expect(result.run).toMatchObject({ exitCode: 3, gpu: 'none' });
    expect(outputsOf(result)['exit-code']).toBe('3');
    const run = docker.calls.find((call) => call[0] === 'run') ?? [];
    expect(run).toContain(result.image.imageRef);
    expect(run[run.indexOf('--entrypoint') + 1]).toBe('python');
    expect(run.slice(run.indexOf(result.image.imageRef))).toEqual([
      result.image.imageRef,
      'train.py',
      '--epochs',
      '1',
    ]);
    expect(states.get(STATE.runContainer)).toBe(run[run.indexOf('--name') + 1]);
    expect(states.get(STATE.mode)).toBeUndefined(); // the action's run() saves the mode, not launch
  });

  it('refuses to run for an untrusted trigger before anything is built', async () => {
    const { rt, docker, inputs } = setup(
      { ...pushTo(uniqueName()), mode: 'run', gpus: 'none' },
      { GITHUB_EVENT_NAME: 'pull_request_target' },
    );
    await expect(launch(rt, inputs)).rejects.toThrow(/pull_request_target/);
    expect(docker.calls).toEqual([]);
  });

  it('dispatches the queue workflow with the image by digest and follows the run', async () => {
    const template = load(
      readFileSync(new URL('../../../workflows/gpu-queue.yml', import.meta.url), 'utf8'),
    ) as { 'run-name': string; on: { workflow_dispatch: { inputs: Record<string, object> } } };
    github = new GitHubApiServer({
      token: TOKEN,
      repository: 'acme/train',
      workflows: [
        {
          id: 77,
          file: 'gpu-queue.yml',
          runName: template['run-name'],
          inputs: template.on.workflow_dispatch.inputs,
        },
      ],
      conclusion: 'success',
    });
    await github.start();
    const { rt, inputs, states } = setup(
      { ...pushTo(uniqueName()), mode: 'dispatch', 'github-token': TOKEN, gpus: '2' },
      { GITHUB_API_URL: github.url },
    );
    const result = await launch(rt, inputs);
    expect(result.dispatch).toMatchObject({ conclusion: 'success' });
    const run = github.runs.at(-1);
    expect(run?.inputs.image).toBe(result.image.imageRef);
    expect(JSON.parse(run?.inputs.params ?? '{}')).toMatchObject({ gpus: '2' });
    // Followed to the end: nothing left for the post step to cancel.
    expect(states.get(STATE.dispatchRun)).toBe('');
  });

  it('fails with the dependency pip could not install, from a real build log; nothing is pushed', async () => {
    const name = uniqueName();
    const { rt, docker, inputs, states } = setup(pushTo(name));
    docker.failBuildWith = fixture('buildx-build-pip-no-matching-distribution.log');
    await expect(launch(rt, inputs)).rejects.toThrow(
      "The dependency 'nonexistent-pkg-xyz==1.0' could not be installed",
    );
    expect([...registry.tags.keys()].some((key) => key.startsWith(`team/${name}:`))).toBe(false);
    expect(existsSync(states.get(STATE.dockerConfig) ?? '')).toBe(false);
  });

  it('reports the tag, source hash and Dockerfile before a failed build fails the step', async () => {
    const name = uniqueName();
    const { rt, docker, inputs } = setup(pushTo(name));
    docker.failBuildWith = fixture('buildx-build-pip-no-matching-distribution.log');
    const reported: Record<string, string>[] = [];
    await expect(
      launch(rt, inputs, { onOutputs: (outputs) => reported.push(outputs) }),
    ).rejects.toThrow('could not be installed');
    expect(reported).toHaveLength(1);
    const outputs = reported[0] ?? {};
    expect(outputs['source-hash']).toMatch(/^[0-9a-f]{12,}$/);
    expect(outputs.tag).toContain(outputs['source-hash']?.slice(0, 12));
    expect(outputs.image).toBe(`${registry.host}/team/${name}:${outputs.tag}`);
    expect(outputs.dockerfile).toContain('requirements.txt');
    expect(outputs.environment).toBe('requirements');
  });
});

describe("the post step's cleanup", () => {
  function postDeps(rt: Runtime, docker: ScriptedDocker, states: Map<StateKey, string>) {
    const logs: string[] = [];
    return {
      logs,
      deps: {
        getState: (key: StateKey) => states.get(key) ?? '',
        env: rt.env,
        exec: docker.exec,
        fetch: rt.fetch,
        sleep: async () => undefined,
        log: {
          info: (m: string) => logs.push(m),
          warning: (m: string) => logs.push(`warning: ${m}`),
          error: (m: string) => logs.push(`error: ${m}`),
        },
        githubToken: TOKEN,
      },
    };
  }

  it('removes the container a cancelled run left behind, and the credentials', async () => {
    const { rt, docker, inputs, states } = setup({
      ...pushTo(uniqueName()),
      mode: 'run',
      gpus: 'none',
      'min-free-disk': '0',
    });
    docker.leaveContainer = true;
    await launch(rt, inputs);
    states.set(STATE.mode, 'run');
    const left = [...docker.containers];
    expect(left).toHaveLength(1);
    // The main step never got to remove its docker config (killed): the post step does.
    const dockerConfig = mkdtempSync(path.join(rt.tempDir, 'launch-action-docker-'));
    states.set(STATE.dockerConfig, dockerConfig);

    const post = postDeps(rt, docker, states);
    await cleanup(post.deps);
    expect(docker.containers.size).toBe(0);
    const ps = docker.calls.find((call) => call[0] === 'ps') ?? [];
    expect(ps).toContain('label=launch-action.job=4711-train');
    expect(docker.calls.at(-1)).toEqual(['rm', '--force', left[0]]);
    expect(existsSync(dockerConfig)).toBe(false);
    expect(post.logs).toContain('Registry credentials removed from this runner.');
    expect(docker.calls.some((call) => call[0] === 'logout')).toBe(false);
  });

  it('cancels a dispatched run the main step was still following', async () => {
    github = new GitHubApiServer({
      token: TOKEN,
      repository: 'acme/train',
      workflows: [{ id: 77, file: 'gpu-queue.yml', runName: 'x', inputs: {} }],
      initialStatus: 'in_progress',
      pollsPerStatus: 100,
    });
    await github.start();
    const docker = new ScriptedDocker(registry);
    const { rt } = fakeRuntime(docker, { GITHUB_API_URL: github.url });
    const started = await fetch(
      `${github.url}/repos/acme/train/actions/workflows/gpu-queue.yml/dispatches`,
      {
        method: 'POST',
        headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
        body: JSON.stringify({ ref: 'main', inputs: {}, return_run_details: true }),
      },
    );
    const runId = String(((await started.json()) as { workflow_run_id: number }).workflow_run_id);
    const states = new Map<StateKey, string>([
      [STATE.mode, 'dispatch'],
      [STATE.dispatchRun, JSON.stringify({ repository: 'acme/train', runId })],
    ]);
    await cleanup(postDeps(rt, docker, states).deps);
    expect(github.runs.find((run) => String(run.id) === runId)?.conclusion).toBe('cancelled');
    expect(docker.calls).toEqual([]);
  });
});
