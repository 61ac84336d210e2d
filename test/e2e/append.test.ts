/**
 * The code layer appended through the registry API, against the real registry (with auth) and
 * run by the real engine: the appended image must look and behave like the one buildx makes with
 * `COPY --chown=1000:0 . /home/launch/app` on the same dependency image — and no docker is on
 * PATH while it is assembled.
 */
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmod, cp, mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listBuildContext } from '../../src/context/files.js';
import { writeDependencyContext } from '../../src/assemble/dependency-context.js';
import {
  dependencyHash,
  dependencyTag,
  splitGeneratedDockerfile,
  type DependencySplit,
} from '../../src/assemble/split.js';
import { digestContextFiles } from '../../src/context/digests.js';
import { PIP_CONF_SECRET, renderDockerfile } from '../../src/dockerfile/render.js';
import { parseDockerignore, renderDockerignore } from '../../src/context/dockerignore.js';
import { startPackageIndex } from './harness/package-index.js';
import { makeWheel } from './harness/wheels.js';
import { writeCodeLayer, type LayerBlob } from '../../src/layer/code-layer.js';
import { appendLayer, MEDIA } from '../../src/registry/append.js';
import {
  RegistryClient,
  RegistryRefusal,
  bufferBlob,
  uploadBlob,
} from '../../src/registry/client.js';
import {
  PYTHON_BASE_IMAGE,
  REGISTRY_HOST,
  REGISTRY_PASSWORD,
  REGISTRY_USER,
  loggedInDockerConfig,
  registryFetch,
  registryImage,
  uniqueRepo,
  type DockerConfig,
} from './harness/infra.js';
import { runChecked } from './harness/process.js';

const APP_DIR = '/home/launch/app';
/** What the dependency image gives the directories above the code (useradd --create-home). */
const ANCESTORS = [
  { path: 'home', uid: 0, gid: 0, mode: 0o755 },
  { path: 'home/launch', uid: 1000, gid: 0, mode: 0o755 },
];
const LAYER_OPTIONS = { directory: APP_DIR, uid: 1000, gid: 0, mtime: 0, ancestors: ANCESTORS };
const DEPENDENCY_DOCKERFILE = `FROM ${PYTHON_BASE_IMAGE}
USER root
RUN python3 -m venv /opt/venv
ENV VIRTUAL_ENV=/opt/venv PATH=/opt/venv/bin:$PATH PYTHONUNBUFFERED=1
RUN useradd --create-home --home-dir /home/launch --uid 1000 --gid 0 --shell /bin/sh launch \\
    && mkdir -p ${APP_DIR} && chown 1000:0 ${APP_DIR}
WORKDIR ${APP_DIR}
USER 1000:0
ENTRYPOINT ["python", "train.py"]
CMD []
`;

const temps: string[] = [];
let docker: DockerConfig;
const dependencyRepo = uniqueRepo('e2e/append-deps');
const appRepo = uniqueRepo('e2e/append-app');
/** A repository holding nothing yet: the base layers must come from the dependency repository. */
const emptyRepo = uniqueRepo('e2e/append-out');
let codeDir: string;

async function tempDir(prefix: string) {
  const dir = await mkdtemp(path.join(tmpdir(), prefix));
  temps.push(dir);
  return dir;
}

/** A small training repository: packages, an executable script, a symlink, data, ignored files. */
async function writeRepository(root: string) {
  const files: Record<string, string | Buffer> = {
    'train.py':
      'import os, pkg.model\nprint("trained", pkg.model.VALUE, os.getuid(), os.getcwd())\n',
    'pkg/__init__.py': '',
    'pkg/model.py': 'VALUE = 42\n',
    'configs/base.yaml': 'lr: 0.1\n',
    'data/shard.npy': randomBytes(2 << 20),
    '.dockerignore': 'outputs\n*.log\n',
    'outputs/checkpoint.pt': 'ignored\n',
    'debug.log': 'ignored\n',
  };
  for (const [name, content] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(root, name)), { recursive: true });
    await writeFile(path.join(root, name), content);
  }
  await writeFile(path.join(root, 'run.sh'), '#!/bin/sh\necho run\n');
  await chmod(path.join(root, 'run.sh'), 0o755);
  await symlink('pkg/model.py', path.join(root, 'model-link.py'));
}

function client(repositories: string[]) {
  return new RegistryClient({
    host: REGISTRY_HOST,
    credentials: { username: REGISTRY_USER, password: REGISTRY_PASSWORD },
    scopes: repositories.map((repository, i) => ({
      path: repository,
      actions: i === 0 ? 'pull,push' : 'pull',
    })),
  });
}

async function buildLayer(root: string): Promise<LayerBlob> {
  const out = path.join(await tempDir('code-layer-'), 'layer.tar.gz');
  return writeCodeLayer(await listBuildContext(root), out, LAYER_OPTIONS);
}

/** Runs `fn` with no docker reachable on PATH (and checks that it is not). */
async function withoutDocker<T>(fn: () => Promise<T>): Promise<T> {
  const saved = process.env.PATH;
  process.env.PATH = await tempDir('empty-path-');
  try {
    const probe = spawnSync('docker', ['version']);
    expect((probe.error as NodeJS.ErrnoException | undefined)?.code).toBe('ENOENT');
    return await fn();
  } finally {
    process.env.PATH = saved;
  }
}

/** What a user sees of an image: the files, owners and modes of the whole tree, config, pip. */
async function observe(image: string) {
  await runChecked('docker', ['pull', '--quiet', image], { env: docker.env, timeoutMs: 300_000 });
  const tree = await runChecked(
    'docker',
    [
      'run',
      '--rm',
      '--network',
      'none',
      '--entrypoint',
      'sh',
      image,
      '-c',
      "find / -xdev \\( -path /proc -o -path /sys -o -path /dev \\) -prune -o -printf '%p %U:%G %M %s %l\\n' | grep -v -E '^/etc/(hosts|hostname|resolv.conf) ' | sort",
    ],
    { env: docker.env, timeoutMs: 120_000 },
  );
  const inspect = await runChecked(
    'docker',
    [
      'image',
      'inspect',
      '--format',
      '{{json .Config.User}} {{json .Config.WorkingDir}} {{json .Config.Entrypoint}} {{json .Config.Cmd}} {{json .Config.Env}}',
      image,
    ],
    { env: docker.env },
  );
  const pipList = await runChecked(
    'docker',
    [
      'run',
      '--rm',
      '--network',
      'none',
      '--entrypoint',
      'pip',
      image,
      'list',
      '--format',
      'freeze',
    ],
    { env: docker.env, timeoutMs: 120_000 },
  );
  const run = await runChecked('docker', ['run', '--rm', '--network', 'none', image], {
    env: docker.env,
    timeoutMs: 120_000,
  });
  return {
    tree: tree.stdout.split('\n'),
    config: inspect.stdout.trim(),
    pip: pipList.stdout,
    run: run.stdout.trim(),
  };
}

/** What the pipeline writes as `<Dockerfile>.dockerignore` for a context. */
async function builderIgnore(context: string): Promise<string> {
  const text = await readFile(path.join(context, '.dockerignore'), 'utf8');
  return renderDockerignore(parseDockerignore(text));
}

beforeAll(async () => {
  docker = await loggedInDockerConfig();
  codeDir = await tempDir('append-repo-');
  await writeRepository(codeDir);
  const dockerfiles = await tempDir('append-dockerfiles-');
  await writeFile(path.join(dockerfiles, 'deps.Dockerfile'), DEPENDENCY_DOCKERFILE);
  await writeFile(
    path.join(dockerfiles, 'app.Dockerfile'),
    `FROM ${registryImage(dependencyRepo, 'v1')}\nCOPY --chown=1000:0 . ${APP_DIR}\n`,
  );
  // The ignore file the pipeline hands BuildKit beside its Dockerfile (the context's own rules,
  // then `.git` and the ignore file itself), so the reference holds exactly the hashed files.
  await writeFile(
    path.join(dockerfiles, 'app.Dockerfile.dockerignore'),
    await builderIgnore(codeDir),
  );
  const build = (dockerfile: string, context: string, tag: string) =>
    runChecked(
      'docker',
      [
        'buildx',
        'build',
        '--push',
        '--network',
        'host',
        '--progress=plain',
        '-f',
        dockerfile,
        '-t',
        tag,
        context,
      ],
      { env: docker.env, timeoutMs: 600_000 },
    );
  await build(
    path.join(dockerfiles, 'deps.Dockerfile'),
    dockerfiles,
    registryImage(dependencyRepo, 'v1'),
  );
  // The reference: what buildx makes of the same code on the same dependency image.
  await build(path.join(dockerfiles, 'app.Dockerfile'), codeDir, registryImage(appRepo, 'buildx'));
});

afterAll(async () => {
  await docker?.cleanup();
  await Promise.all(temps.map((dir) => rm(dir, { recursive: true, force: true })));
});

describe('registry-API append of the code layer', () => {
  it('makes, without docker, an image that behaves like the buildx one', async () => {
    const layer = await buildLayer(codeDir);
    const started = performance.now();
    const result = await withoutDocker(() =>
      appendLayer(client([emptyRepo, dependencyRepo]), {
        base: { repository: dependencyRepo, reference: 'v1' },
        target: { repository: emptyRepo, tag: 'appended' },
        layer,
        createdBy: `COPY . ${APP_DIR}`,
      }),
    );
    console.log(
      `append of a ${(layer.size / 1e6).toFixed(1)} MB layer: ${(performance.now() - started).toFixed(0)} ms`,
    );
    expect(result.mediaType).toBe(MEDIA.dockerManifest);
    expect(result.layerUpload).toBe('uploaded');
    // The dependency image lives in another repository: its layers were mounted, not copied.
    expect(result.mounted).toBeGreaterThan(0);
    expect(result.copied).toBe(0);

    const appended = await observe(registryImage(emptyRepo, 'appended'));
    const reference = await observe(registryImage(appRepo, 'buildx'));
    expect(appended.run).toBe(`trained 42 1000 ${APP_DIR}`);
    expect(appended.run).toBe(reference.run);
    expect(appended.config).toBe(reference.config);
    expect(appended.pip).toBe(reference.pip);
    expect(appended.tree).toEqual(reference.tree);
    expect(appended.tree).toContain(`${APP_DIR}/run.sh 1000:0 -rwxr-xr-x 19 `);
    expect(appended.tree).toContain(`${APP_DIR}/model-link.py 1000:0 lrwxrwxrwx 12 pkg/model.py`);
    expect(appended.tree.join('\n')).not.toMatch(/outputs|debug\.log/);
  });

  it('gives the same digests for the same code in another directory, later', async () => {
    const first = await buildLayer(codeDir);
    const copy = path.join(await tempDir('append-copy-'), 'elsewhere', 'repo');
    await cp(codeDir, copy, { recursive: true, verbatimSymlinks: true });
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    const second = await buildLayer(copy);
    expect(second.digest).toBe(first.digest);
    expect(second.diffId).toBe(first.diffId);
    const append = (layer: LayerBlob, tag: string) =>
      appendLayer(client([appRepo, dependencyRepo]), {
        base: { repository: dependencyRepo, reference: 'v1' },
        target: { repository: appRepo, tag },
        layer,
        createdBy: `COPY . ${APP_DIR}`,
      });
    const a = await append(first, 'repro-a');
    const b = await append(second, 'repro-b');
    expect(b.digest).toBe(a.digest);
    expect(b.layerUpload).toBe('present');
  });

  it('appends to every platform of an OCI index, in chunks, and docker runs the result', async () => {
    const repo = uniqueRepo('e2e/append-oci');
    const registry = client([repo, dependencyRepo]);
    const indexDigest = await publishOciIndex(repo);
    const layer = await buildLayer(codeDir);
    const result = await appendLayer(registry, {
      base: { repository: repo, reference: indexDigest },
      target: { repository: repo, tag: 'appended' },
      layer,
      createdBy: `COPY . ${APP_DIR}`,
      upload: { kind: 'chunked', chunkSize: 256 * 1024 },
    });
    expect(result.mediaType).toBe(MEDIA.ociIndex);
    expect(result.images).toHaveLength(1);
    expect(result.images[0]).toMatch(/^linux\/amd64 sha256:/);
    const index = (await (
      await registryFetch(`/v2/${repo}/manifests/appended`, { headers: { accept: MEDIA.ociIndex } })
    ).json()) as { manifests: { digest: string }[] };
    // The attestation of the base is not carried over to an image it does not describe.
    expect(index.manifests).toHaveLength(1);
    const child = (await (
      await registryFetch(`/v2/${repo}/manifests/${index.manifests[0]!.digest}`, {
        headers: { accept: MEDIA.ociManifest },
      })
    ).json()) as { layers: { mediaType: string; digest: string }[] };
    expect(child.layers.at(-1)).toMatchObject({ mediaType: MEDIA.ociLayer, digest: layer.digest });
    const run = await runChecked(
      'docker',
      ['run', '--rm', '--network', 'none', registryImage(repo, 'appended')],
      {
        env: docker.env,
        timeoutMs: 300_000,
      },
    );
    expect(run.stdout.trim()).toBe(`trained 42 1000 ${APP_DIR}`);
  });

  it('uploads a blob in one monolithic PUT', async () => {
    const repo = uniqueRepo('e2e/append-blob');
    const bytes = randomBytes(100_000);
    const digest = `sha256:${(await import('node:crypto')).createHash('sha256').update(bytes).digest('hex')}`;
    const registry = client([repo]);
    expect(
      await uploadBlob(registry, repo, bufferBlob(bytes, digest), { kind: 'monolithic' }),
    ).toBe('uploaded');
    expect(await uploadBlob(registry, repo, bufferBlob(bytes, digest))).toBe('present');
    const back = await registryFetch(`/v2/${repo}/blobs/${digest}`);
    expect(Buffer.from(await back.arrayBuffer()).equals(bytes)).toBe(true);
  });

  it('names what the registry refused', async () => {
    const layer = await buildLayer(codeDir);
    const missing = appendLayer(client([appRepo, 'e2e/no-such-repository']), {
      base: { repository: 'e2e/no-such-repository', reference: 'v1' },
      target: { repository: appRepo, tag: 'never' },
      layer,
      createdBy: 'COPY',
    });
    await expect(missing).rejects.toBeInstanceOf(RegistryRefusal);
    await expect(missing).rejects.toThrow(
      /GET manifest e2e\/no-such-repository:v1 was refused: 404 MANIFEST_UNKNOWN/,
    );
    const wrongPassword = new RegistryClient({
      host: REGISTRY_HOST,
      credentials: { username: REGISTRY_USER, password: 'wrong' },
      scopes: [{ path: appRepo, actions: 'pull,push' }],
    });
    await expect(
      appendLayer(wrongPassword, {
        base: { repository: dependencyRepo, reference: 'v1' },
        target: { repository: appRepo, tag: 'never' },
        layer,
        createdBy: 'COPY',
      }),
    ).rejects.toThrow(/was refused: 401/);
  });
});

/**
 * The dependency image re-published in OCI form behind an OCI index with one platform and an
 * attestation entry, as buildx with the docker-container driver pushes images.
 */
async function publishOciIndex(repo: string): Promise<string> {
  const registry = client([repo, dependencyRepo]);
  const source = (await (
    await registryFetch(`/v2/${dependencyRepo}/manifests/v1`, {
      headers: { accept: MEDIA.dockerManifest },
    })
  ).json()) as {
    config: { digest: string; size: number };
    layers: { digest: string; size: number }[];
  };
  const copyBlob = async (digest: string) => {
    const bytes = Buffer.from(
      await (await registryFetch(`/v2/${dependencyRepo}/blobs/${digest}`)).arrayBuffer(),
    );
    await uploadBlob(registry, repo, bufferBlob(bytes, digest));
  };
  await copyBlob(source.config.digest);
  for (const layer of source.layers) await copyBlob(layer.digest);
  const manifest = Buffer.from(
    JSON.stringify({
      schemaVersion: 2,
      mediaType: MEDIA.ociManifest,
      config: { mediaType: MEDIA.ociConfig, ...source.config },
      layers: source.layers.map((l) => ({ mediaType: MEDIA.ociLayer, ...l })),
    }),
  );
  const { createHash } = await import('node:crypto');
  const manifestDigest = `sha256:${createHash('sha256').update(manifest).digest('hex')}`;
  const put = async (reference: string, mediaType: string, body: Buffer) => {
    const response = await registryFetch(`/v2/${repo}/manifests/${reference}`, {
      method: 'PUT',
      headers: { 'content-type': mediaType },
      body,
    });
    expect(response.status).toBe(201);
  };
  await put(manifestDigest, MEDIA.ociManifest, manifest);
  const index = Buffer.from(
    JSON.stringify({
      schemaVersion: 2,
      mediaType: MEDIA.ociIndex,
      manifests: [
        {
          mediaType: MEDIA.ociManifest,
          digest: manifestDigest,
          size: manifest.length,
          platform: { os: 'linux', architecture: 'amd64' },
        },
        {
          mediaType: MEDIA.ociManifest,
          digest: manifestDigest,
          size: manifest.length,
          platform: { os: 'unknown', architecture: 'unknown' },
          annotations: {
            'vnd.docker.reference.type': 'attestation-manifest',
            'vnd.docker.reference.digest': manifestDigest,
          },
        },
      ],
    }),
  );
  await put('base', MEDIA.ociIndex, index);
  return `sha256:${createHash('sha256').update(index).digest('hex')}`;
}

describe('two images: dependency image built by buildx, code appended through the registry', () => {
  it('behaves exactly like the buildx build of the whole generated Dockerfile', async () => {
    const wheels = await tempDir('append-wheels-');
    await makeWheel(wheels, { name: 'alpha-pkg', version: '1.2.3' });
    const index = await startPackageIndex(wheels);
    try {
      const repo = await tempDir('two-images-repo-');
      await cp(codeDir, repo, { recursive: true, verbatimSymlinks: true });
      await writeFile(path.join(repo, 'requirements.txt'), 'alpha-pkg==1.2.3\n');
      await writeFile(
        path.join(repo, 'train.py'),
        'import os, alpha_pkg, pkg.model\nprint("trained", pkg.model.VALUE, os.getuid(), os.getcwd())\n',
      );
      const dockerfile = renderDockerfile({
        baseImage: PYTHON_BASE_IMAGE,
        installPythonWithApt: false,
        pythonVersion: '3.11',
        installer: 'pip',
        install: { kind: 'requirements-file', file: 'requirements.txt', alsoCopy: [] },
        extraIndexUrls: [],
        privateIndex: true,
        aptPackages: [],
        env: [],
        buildArgNames: [],
        entrypoint: ['python', 'train.py'],
        buildkit: true,
        description: 'Environment: requirements (requirements.txt)',
      });
      const files = await tempDir('two-images-files-');
      const pipConf = path.join(files, 'pip.conf');
      await writeFile(
        pipConf,
        `[global]\nindex-url = ${index.url}\ntrusted-host = ${new URL(index.url).host}\n`,
      );
      const repository = uniqueRepo('e2e/two-images');
      const buildx = (file: string, context: string, tag: string) =>
        runChecked(
          'docker',
          [
            'buildx',
            'build',
            '--push',
            '--network',
            'host',
            '--secret',
            `id=${PIP_CONF_SECRET},src=${pipConf}`,
            '-f',
            file,
            '-t',
            registryImage(repository, tag),
            context,
          ],
          { env: docker.env, timeoutMs: 600_000 },
        );
      // The reference: the whole generated Dockerfile, as the pipeline builds it today.
      await writeFile(path.join(files, 'full.Dockerfile'), dockerfile);
      await writeFile(path.join(files, 'full.Dockerfile.dockerignore'), await builderIgnore(repo));
      await buildx(path.join(files, 'full.Dockerfile'), repo, 'buildx');

      // The dependency image: the same Dockerfile without the code copy, from a context that
      // holds only the environment files; its tag is the hash of exactly those inputs.
      const split = splitGeneratedDockerfile(dockerfile) as DependencySplit;
      const source = await listBuildContext(repo);
      const dependencyContext = await writeDependencyContext(
        source,
        split,
        await tempDir('two-images-deps-'),
      );
      const depsTag = dependencyTag(
        dependencyHash({
          split,
          files: await digestContextFiles(dependencyContext),
          buildArgs: [],
          baseImage: PYTHON_BASE_IMAGE,
          platforms: [],
          settings: {},
        }),
      );
      await writeFile(path.join(files, 'deps.Dockerfile'), split.dockerfile);
      await buildx(path.join(files, 'deps.Dockerfile'), dependencyContext.root, depsTag);

      const layer = await writeCodeLayer(source, path.join(files, 'code.tar.gz'), LAYER_OPTIONS);
      await withoutDocker(() =>
        appendLayer(client([repository]), {
          base: { repository, reference: depsTag },
          target: { repository, tag: 'assembled' },
          layer,
          createdBy: `COPY . ${APP_DIR}`,
        }),
      );
      const assembled = await observe(registryImage(repository, 'assembled'));
      const reference = await observe(registryImage(repository, 'buildx'));
      expect(assembled.run).toBe(`trained 42 1000 ${APP_DIR}`);
      expect(assembled.pip).toContain('alpha-pkg==1.2.3');
      expect(assembled.run).toBe(reference.run);
      expect(assembled.config).toBe(reference.config);
      expect(assembled.pip).toBe(reference.pip);
      expect(assembled.tree).toEqual(reference.tree);
    } finally {
      await index.close();
    }
  });
});
