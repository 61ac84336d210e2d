// The e2e harness tested against the real toolchain: what the other e2e tests rely on.
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  parseFileCommand,
  parseWorkflowCommands,
  runAction,
  runPost,
  startAction,
} from './harness/action-runner.js';
import {
  NOPYTHON_BASE_IMAGE,
  PYTHON_BASE_IMAGE,
  REGISTRY_HOST,
  REPO_ROOT,
  assertInfraUp,
  loggedInDockerConfig,
  registryFetch,
  registryManifestDigest,
  registryTags,
  tempDockerConfig,
  uniqueRepo,
} from './harness/infra.js';
import { startPackageIndex, type PackageIndex } from './harness/package-index.js';
import { runCommand } from './harness/process.js';
import { git, makeMlRepo } from './harness/repo.js';
import { makeWheel } from './harness/wheels.js';

let scratch: string;

beforeAll(async () => {
  await assertInfraUp();
  scratch = await mkdtemp(join(tmpdir(), 'launch-infra-test-'));
});

afterAll(async () => {
  await rm(scratch, { recursive: true, force: true });
});

/** `docker run --network host IMAGE bash -c SCRIPT` with env vars; scripts are constants. */
/** The values travel in the docker client's environment (`-e NAME`), never in its argv. */
function runInContainer(image: string, script: string, env: Record<string, string> = {}) {
  const envArgs = Object.keys(env).flatMap((name) => ['-e', name]);
  return runCommand(
    'docker',
    ['run', '--rm', '--network', 'host', ...envArgs, image, 'bash', '-c', script],
    { timeoutMs: 300_000, env: { ...process.env, ...env } },
  );
}

// The venv gets no pip of its own (ensurepip costs ~10 s on 2 cores); the system pip installs
// into it with --python.
const PIP_INSTALL_SCRIPT = [
  'set -e',
  'python3 -m venv --without-pip /venv',
  'python3 -m pip --python /venv/bin/python install --quiet --disable-pip-version-check \\',
  '  --no-cache-dir "$PACKAGE"',
  '/venv/bin/python -c "import torch_like, numpy_like; print(torch_like.hello()); print(numpy_like.__version__)"',
].join('\n');

describe('package index + generated wheels', () => {
  let wheels: string;
  let index: PackageIndex;

  beforeAll(async () => {
    wheels = join(scratch, 'wheels');
    await makeWheel(wheels, {
      name: 'torch-like',
      version: '2.1.0',
      sizeBytes: 8 * 1024 * 1024,
      dependencies: ['numpy-like>=1.0'],
    });
    await makeWheel(wheels, { name: 'numpy.like', version: '1.2.0' });
    index = await startPackageIndex(wheels);
  });

  afterAll(async () => {
    await index?.close();
  });

  it('generates reproducible wheels with a filler of the requested size', async () => {
    const dir = join(scratch, 'repro');
    const first = await makeWheel(dir, { name: 'Big_Model', version: '0.1', sizeBytes: 3_000_000 });
    const second = await makeWheel(dir, {
      name: 'Big_Model',
      version: '0.1',
      sizeBytes: 3_000_000,
    });
    const other = await makeWheel(dir, { name: 'Big_Model', version: '0.2', sizeBytes: 3_000_000 });
    expect(first.filename).toBe('big_model-0.1-py3-none-any.whl');
    expect(second.sha256).toBe(first.sha256);
    expect(other.sha256).not.toBe(first.sha256);
    // Stored, not compressed: the file is at least as large as its filler.
    expect(first.size).toBeGreaterThan(3_000_000);
    expect(first.size).toBeLessThan(3_010_000);
  });

  it('serves a PEP 503 index with normalised names and sha256 fragments', async () => {
    const root = await (await fetch(index.url)).text();
    expect(root).toContain('<a href="/simple/torch-like/">torch-like</a>');
    expect(root).toContain('<a href="/simple/numpy-like/">numpy-like</a>');

    const redirected = await fetch(`${index.url}Numpy.Like/`, { redirect: 'manual' });
    expect(redirected.status).toBe(301);
    expect(redirected.headers.get('location')).toBe('/simple/numpy-like/');

    const page = await (await fetch(`${index.url}numpy-like/`)).text();
    const wheel = await readFile(join(wheels, 'numpy_like-1.2.0-py3-none-any.whl'));
    const sha = createHash('sha256').update(wheel).digest('hex');
    expect(page).toContain(`href="/files/numpy_like-1.2.0-py3-none-any.whl#sha256=${sha}"`);

    expect((await fetch(`${index.url}no-such-project/`)).status).toBe(404);
    const file = await fetch(
      `http://127.0.0.1:${index.port}/files/numpy_like-1.2.0-py3-none-any.whl`,
    );
    expect(Buffer.from(await file.arrayBuffer()).equals(wheel)).toBe(true);
    expect(index.downloads()).toEqual(['numpy_like-1.2.0-py3-none-any.whl']);
    index.clearLog();
  });

  it('installs wheels from the index with pip inside a --network host container', async () => {
    index.clearLog();
    const result = await runInContainer(PYTHON_BASE_IMAGE, PIP_INSTALL_SCRIPT, {
      PIP_INDEX_URL: index.url,
      PACKAGE: 'torch-like==2.1.0',
    });
    expect(result.stderr + result.stdout).not.toContain('ERROR');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('torch-like 2.1.0');
    expect(result.stdout).toContain('1.2.0');
    // The dependency was resolved through the index, and each file fetched exactly once.
    expect(index.downloads().sort()).toEqual([
      'numpy_like-1.2.0-py3-none-any.whl',
      'torch_like-2.1.0-py3-none-any.whl',
    ]);
  });

  it('keeps a private index closed without credentials', async () => {
    const secured = await startPackageIndex(wheels, {
      auth: { username: 'reader', password: 's3cret/pass' },
    });
    try {
      const refused = await runInContainer(PYTHON_BASE_IMAGE, PIP_INSTALL_SCRIPT, {
        PIP_INDEX_URL: secured.url,
        PACKAGE: 'torch-like',
      });
      expect(refused.code).not.toBe(0);
      expect(secured.downloads()).toEqual([]);
      expect(secured.requests().some((request) => request.status === 401)).toBe(true);

      const accepted = await runInContainer(PYTHON_BASE_IMAGE, PIP_INSTALL_SCRIPT, {
        PIP_INDEX_URL: secured.authenticatedUrl,
        PACKAGE: 'torch-like',
      });
      expect(accepted.code).toBe(0);
      expect(accepted.stdout).toContain('torch-like 2.1.0');
      expect(secured.downloads()).toHaveLength(2);
    } finally {
      await secured.close();
    }
  });

  it('has a base image without python for the accelerator path', async () => {
    const result = await runInContainer(
      NOPYTHON_BASE_IMAGE,
      'if command -v python3; then exit 1; fi; test -f /etc/ssl/certs/ca-certificates.crt && echo no-python',
    );
    expect(result.code).toBe(0);
    expect(result.stdout.trim()).toBe('no-python');
  });
});

describe('registry on ' + REGISTRY_HOST, () => {
  let context: string;

  beforeAll(async () => {
    // A two-file scratch image: pushes in well under a second.
    context = join(scratch, 'tiny-image');
    await makeMlRepo(context, {
      files: { Dockerfile: 'FROM scratch\nCOPY train.py /app/train.py\n' },
    });
  });

  async function buildAndPush(env: NodeJS.ProcessEnv, image: string, metadataFile: string) {
    return runCommand(
      'docker',
      [
        'buildx',
        'build',
        '--network',
        'host',
        '--push',
        '--metadata-file',
        metadataFile,
        '--tag',
        image,
        context,
      ],
      { env, timeoutMs: 300_000 },
    );
  }

  it('rejects an anonymous push', async () => {
    const repo = uniqueRepo('e2e/anonymous');
    const config = await tempDockerConfig();
    try {
      const result = await buildAndPush(
        config.env,
        `${REGISTRY_HOST}/${repo}:1`,
        join(config.dir, 'metadata.json'),
      );
      expect(result.code).not.toBe(0);
      expect(result.stderr).toMatch(/401|unauthorized|authorization|no basic auth credentials/i);
      expect(await registryTags(repo)).toEqual([]);
    } finally {
      await config.cleanup();
    }
  });

  it('accepts a logged-in push; the manifest digest matches the build', async () => {
    const repo = uniqueRepo('e2e/push');
    const config = await loggedInDockerConfig();
    try {
      expect(await readFile(join(config.dir, 'config.json'), 'utf8')).toContain(REGISTRY_HOST);
      const metadataFile = join(config.dir, 'metadata.json');
      const result = await buildAndPush(config.env, `${REGISTRY_HOST}/${repo}:v1`, metadataFile);
      expect(result.code, result.stderr).toBe(0);
      const metadata = JSON.parse(await readFile(metadataFile, 'utf8')) as Record<string, string>;
      const digest = metadata['containerimage.digest'];
      expect(digest).toMatch(/^sha256:[0-9a-f]{64}$/);

      expect(await registryManifestDigest(repo, 'v1')).toBe(digest);
      expect(await registryManifestDigest(repo, 'v2')).toBeUndefined();
      expect(await registryManifestDigest(uniqueRepo('e2e/never-pushed'), 'v1')).toBeUndefined();
      expect(await registryTags(repo)).toEqual(['v1']);
    } finally {
      await config.cleanup();
    }
  });

  it('answers anonymous API calls with 401 and wrong credentials with 401', async () => {
    expect((await fetch(`http://${REGISTRY_HOST}/v2/`)).status).toBe(401);
    const wrong = await registryFetch('/v2/', {}, { username: 'launch', password: 'wrong' });
    expect(wrong.status).toBe(401);
    await expect(
      registryManifestDigest('e2e/anything', 'v1', { username: 'launch', password: 'wrong' }),
    ).rejects.toThrow(/401/);
  });
});

describe('action runner protocol', () => {
  // A stand-in for dist/index.js using the real @actions/core, so the harness is checked against
  // what the toolkit actually writes (file formats, state, masks), independent of the bundle.
  const coreUrl = pathToFileURL(join(REPO_ROOT, 'node_modules/@actions/core/lib/core.js')).href;
  let entry: string;
  let workspace: string;

  beforeAll(async () => {
    entry = join(scratch, 'entry.mjs');
    await writeFile(
      entry,
      `import * as core from ${JSON.stringify(coreUrl)};
if (core.getState('isPost') === 'true') {
  core.info('post: ' + core.getState('container') + ' ' + core.getInput('mode'));
  core.setOutput('cleaned', core.getState('container'));
} else {
  core.saveState('isPost', 'true');
  core.saveState('container', 'c-' + process.env.GITHUB_SHA.slice(0, 7));
  const password = core.getInput('password');
  core.setSecret(password);
  core.setOutput('mode', core.getInput('mode'));
  core.setOutput('force', String(core.getBooleanInput('force-rebuild')));
  core.setOutput('multi', 'line one\\nline two');
  core.setOutput('cwd', process.cwd());
  core.exportVariable('LAUNCH_IMAGE', 'img:1');
  core.addPath('/opt/launch/bin');
  core.warning('careful, x', { file: 'train.py', startLine: 3 });
  await core.summary.addHeading('Launch').addRaw('built').write();
  if (process.env.WAIT_FOR_SIGNAL) {
    process.on('SIGINT', () => { console.log('got SIGINT'); process.exit(130); });
    console.log('waiting');
    setInterval(() => undefined, 1000);
  } else if (core.getInput('mode') === 'fail') {
    core.setFailed('it broke');
  }
}
`,
    );
    workspace = join(scratch, 'workspace');
    await makeMlRepo(workspace, { requirements: ['torch-like==2.1.0'] });
  });

  it('passes inputs and defaults as INPUT_* and reads outputs, state, env, path, summary', async () => {
    const run = await runAction({
      entry,
      workspace,
      inputs: { password: 'hunter2-secret' },
    });
    expect(run.code, run.stderr).toBe(0);
    const sha = await git(workspace, ['rev-parse', 'HEAD']);
    expect(run.outputs).toEqual({
      mode: 'build', // the action.yml default
      force: 'false',
      multi: 'line one\nline two',
      cwd: workspace,
    });
    expect(run.state).toEqual({ isPost: 'true', container: `c-${sha.slice(0, 7)}` });
    expect(run.exportedEnv).toEqual({ LAUNCH_IMAGE: 'img:1' });
    expect(run.addedPath).toEqual(['/opt/launch/bin']);
    expect(run.summary).toContain('<h1>Launch</h1>');
    expect(run.masks).toEqual(['hunter2-secret']);
    expect(run.commands).toContainEqual({
      command: 'warning',
      properties: { file: 'train.py', line: '3' },
      message: 'careful, x',
    });

    const post = await runPost(run);
    expect(post.code, post.stderr).toBe(0);
    expect(post.stdout).toContain(`post: c-${sha.slice(0, 7)} build`);
    expect(post.outputs).toEqual({ cleaned: `c-${sha.slice(0, 7)}` });
  });

  it('reports a failed step', async () => {
    const run = await runAction({ entry, workspace, inputs: { mode: 'fail' } });
    expect(run.code).toBe(1);
    expect(run.commands).toContainEqual({ command: 'error', properties: {}, message: 'it broke' });
  });

  it('cancels a running step with SIGINT like the runner', async () => {
    const started = await startAction({ entry, workspace, env: { WAIT_FOR_SIGNAL: '1' } });
    await new Promise<void>((resolve) => {
      started.child.stdout?.on('data', (chunk: Buffer) => {
        if (chunk.toString().includes('waiting')) resolve();
      });
    });
    started.cancel();
    const run = await started.done;
    expect(run.code).toBe(130);
    expect(run.stdout).toContain('got SIGINT');
  });

  it('parses the file-command and workflow-command formats', () => {
    expect(parseFileCommand('a=1\nb<<EOF_1\nx=y\n\nz\nEOF_1\nc=has<<inside\na=2\n')).toEqual({
      a: '2',
      b: 'x=y\n\nz',
      c: 'has<<inside',
    });
    expect(() => parseFileCommand('b<<EOF\nnever closed\n')).toThrow(/closing delimiter/);
    expect(parseWorkflowCommands('::error file=a%3Ab.py,line=2::bad%0Athing\nplain\n')).toEqual({
      commands: [
        { command: 'error', properties: { file: 'a:b.py', line: '2' }, message: 'bad\nthing' },
      ],
      masks: [],
    });
  });
});
